"""A message signed with the wrong key is rejected and logged, never executed;
malformed frames do not crash the kernel."""
import os
import tempfile
import time
from queue import Empty

from jupyter_client.session import Session

from kernel_client import check, result_text, run, shell_reply, start, stop

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

    # Correctly signed requests with nonsense fields get replies, not a crash.
    odd = [
        ("execute_request", {"code": 5, "user_expressions": "x", "silent": "no"}),
        ("history_request", {"hist_access_type": "tail", "n": "x"}),
        ("complete_request", {"code": "Math.", "cursor_pos": -4}),
        ("inspect_request", {"code": "Math", "cursor_pos": 10**9}),
        ("is_complete_request", {}),
        ("no_such_request", {}),
    ]
    for kind, content in odd:
        msg = kc.session.msg(kind, content)
        kc.shell_channel.send(msg)
        if kind != "no_such_request":
            reply = shell_reply(kc, msg["header"]["msg_id"], timeout=10)
            check(reply["msg_type"] == kind.replace("_request", "_reply"), f"{kind} with odd fields is answered")

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
