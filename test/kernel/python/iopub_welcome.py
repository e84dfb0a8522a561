"""iopub_welcome (Jupyter protocol 5.5, JEP 65, as ipykernel 7 sends it): a
client that subscribes to iopub gets one, so it knows its subscription is
live; kernel_info lists the feature. A second client connecting to the same
kernel gets its own (XPUB's duplicate subscriptions are passed on)."""
import time
from queue import Empty

from jupyter_client import BlockingKernelClient

from kernel_client import check, start, stop

km, kc = start()
try:
    kc.kernel_info()
    info = kc.get_shell_msg(timeout=10)["content"]
    check("iopub_welcome" in info.get("supported_features", []), f"kernel_info lists iopub_welcome ({info.get('supported_features')})")
    sessions = []
    for n in (1, 2):
        other = BlockingKernelClient()
        other.load_connection_file(km.connection_file)
        other.start_channels(shell=False, iopub=True, stdin=False, hb=False, control=False)
        try:
            deadline = time.monotonic() + 10
            welcome = None
            while welcome is None and time.monotonic() < deadline:
                try:
                    msg = other.get_iopub_msg(timeout=0.5)
                except Empty:
                    continue
                if msg["msg_type"] == "iopub_welcome":
                    welcome = msg
            check(welcome is not None, f"client {n} gets an iopub_welcome once subscribed")
            check(welcome["content"] == {"subscription": ""}, f"it names the subscription, all topics ({welcome['content']})")
            check(welcome["parent_header"] == {}, "it answers no request (no parent)")
            sessions.append(welcome["header"]["session"])
        finally:
            other.stop_channels()
    # Signed (jupyter_client checked the signature) and from the kernel's own session.
    check(len(set(sessions)) == 1, "both welcomes come from the kernel's session")
finally:
    stop(km, kc)
print("ok: done")
