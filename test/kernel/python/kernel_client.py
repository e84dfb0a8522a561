"""Shared helpers for the balrog kernel scripts: start the kernel named in
BALROG_KERNEL_NAME (found through JUPYTER_PATH) and run cells through
jupyter_client, collecting what iopub says about each."""
import os
import sys
import time

from jupyter_client.manager import start_new_kernel

KERNEL_NAME = os.environ.get("BALROG_KERNEL_NAME", "balrog")


def start(**kwargs):
    return start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=30, **kwargs)


def collect(kc, msg_id, timeout=15):
    """The iopub messages of one request until its idle status, as (type, content)."""
    outputs = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            return outputs
        if kind not in ("status", "execute_input"):
            outputs.append((kind, msg["content"]))


def shell_reply(kc, msg_id, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def run(kc, code, timeout=15):
    """Executes code; returns (reply content, outputs)."""
    msg_id = kc.execute(code)
    outputs = collect(kc, msg_id, timeout)
    return shell_reply(kc, msg_id, timeout)["content"], outputs


def result_text(outputs):
    for kind, content in outputs:
        if kind == "execute_result":
            return content["data"].get("text/plain")
    return None


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def check(condition, what):
    if not condition:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)
    print(f"ok: {what}")
