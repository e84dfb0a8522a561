"""A message signed with the wrong key is rejected and logged, never executed;
malformed frames do not crash the kernel."""
import os
import tempfile
import time
from queue import Empty

from jupyter_client.session import Session

from kernel_client import check, result_text, run, start, stop

log = tempfile.NamedTemporaryFile(prefix="balrog-kernel-", suffix=".log", delete=False)
km, kc = start(stderr=log)
try:
    reply, outputs = run(kc, "globalThis.hits = 0; 'ready'")
    check(result_text(outputs) == "'ready'", "kernel ready")

    forger = Session(key=b"not-the-connection-key", username=kc.session.username)
    forged = forger.msg("execute_request", {"code": "globalThis.hits++; globalThis.pwned = true", "silent": False,
                                            "store_history": True, "user_expressions": {}, "allow_stdin": False,
                                            "stop_on_error": True})
    forger.send(kc.shell_channel.socket, forged)
    # Also unsigned (empty signature) and garbage frames.
    unsigned = Session(key=b"", username=kc.session.username)
    unsigned.send(kc.shell_channel.socket, unsigned.msg("execute_request", {"code": "globalThis.hits++"}))
    kc.shell_channel.socket.send_multipart([b"garbage"])
    parts = [b"{not json", b"{}", b"{}", b"{}"]
    kc.shell_channel.socket.send_multipart([b"<IDS|MSG>", kc.session.sign(parts), *parts])

    try:
        stray = kc.get_shell_msg(timeout=2)
        check(False, f"no reply to rejected messages (got {stray['msg_type']})")
    except Empty:
        check(True, "no reply to the forged, unsigned or malformed messages")

    reply, outputs = run(kc, "[globalThis.hits, typeof globalThis.pwned]")
    check(result_text(outputs) == "[ 0, 'undefined' ]", f"the forged code did not run ({result_text(outputs)})")
    check(km.is_alive(), "kernel still alive")
finally:
    stop(km, kc)
    kc = km = None
    time.sleep(0.2)
    log.close()
    text = open(log.name).read()
    os.unlink(log.name)
check("signature does not match" in text, "the rejected message is logged")
check("delimiter" in text and "not valid JSON" in text, "malformed messages are logged")
