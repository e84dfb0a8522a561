"""A signed message sent twice (a replay of a captured message) runs once:
the second copy is refused and logged ("Duplicate Signature"), on the shell
and on the control channel, as jupyter_client's Session refuses it."""
import os
import tempfile
from queue import Empty

from kernel_client import check, collect, result_text, run, shell_reply, start, stop


def check_no_reply(get_msg, what):
    """Nothing answers `what` within 2 s on the channel `get_msg` reads."""
    try:
        stray = get_msg(timeout=2)
        check(False, f"no reply to {what} (got {stray['msg_type']})")
    except Empty:
        check(True, f"no reply to {what}")


log = tempfile.NamedTemporaryFile(prefix="balrog-kernel-", suffix=".log", delete=False)
km, kc = start(stderr=log)
try:
    run(kc, "globalThis.runs = 0; 'ready'")
    msg = kc.session.msg("execute_request", {"code": "++globalThis.runs", "silent": False, "store_history": True,
                                             "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    # jupyter_client signs the same message the same way both times: a byte-for-byte replay.
    kc.session.send(kc.shell_channel.socket, msg)
    first = shell_reply(kc, msg["header"]["msg_id"])
    check(first["content"]["status"] == "ok", "the first copy runs")
    kc.session.send(kc.shell_channel.socket, msg)
    check_no_reply(kc.get_shell_msg, "the replayed copy")

    # The same on the control channel: a replayed request is not answered twice.
    info = kc.session.msg("kernel_info_request", {})
    kc.session.send(kc.control_channel.socket, info)
    check(kc.get_control_msg(timeout=10)["msg_type"] == "kernel_info_reply", "a control request is answered")
    kc.session.send(kc.control_channel.socket, info)
    check_no_reply(kc.get_control_msg, "the replayed control request")

    reply, outputs = run(kc, "globalThis.runs")
    check(result_text(outputs) == "1", f"the replayed cell ran once ({result_text(outputs)})")
finally:
    stop(km, kc)
    kc = km = None
    log.close()
    text = open(log.name).read()
    os.unlink(log.name)
check(text.count("Duplicate Signature") == 2, "both replays are logged as Duplicate Signature")
