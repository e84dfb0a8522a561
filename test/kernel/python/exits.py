"""Every way a kernel process ends, each repeated COUNT times in a row, with
the exit status checked every time (a crash in teardown shows up as SIGABRT,
-6, or as a message such as "terminate called" on the kernel's stderr).

    exits.py PATH COUNT          PATH: shutdown, restart, exit-cell,
                                 exit-timer, parent-death, sigterm,
                                 shutdown-stopped, exit-debugging, all

shutdown-stopped and exit-debugging run with JupyterLab's debugger on (an
inspector session in the control worker): a shutdown_request while a cell is
stopped at a breakpoint, and process.exit(3) in a cell.

The kernel is started the way Jupyter starts it (jupyter_client's
KernelManager and the kernelspec named in BALROG_KERNEL_NAME). Expected
statuses follow ipykernel: 0 after a shutdown_request (with or without
restart), the code given to process.exit(), 1 when the parent Jupyter
process died (ipykernel's parent poller does os._exit(1)), and death by
SIGTERM for SIGTERM (as plain node and ipykernel).
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

from kernel_client import check, collect, result_text, run, shell_reply, start

ABORT_SIGNS = ("terminate called", "corrupted", "Aborted", "double free", "Segmentation", "FATAL ERROR")


def kernel_log():
    return tempfile.NamedTemporaryFile(prefix="balrog-kernel-exit-", suffix=".log", delete=False)


def wait_exit(process, timeout=15):
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return "hung"


def started():
    log = kernel_log()
    km, kc = start(stderr=log)
    reply, outputs = run(kc, "globalThis.ready = 1; 'ready'")
    if result_text(outputs) != "'ready'":
        raise RuntimeError(f"kernel not ready: {outputs}")
    return km, kc, log


def finish(km, kc, log, status):
    kc.stop_channels()
    km.cleanup_resources()
    log.close()
    with open(log.name, errors="replace") as f:
        text = f.read()
    os.unlink(log.name)
    return status, text


def via_shutdown(restart):
    km, kc, log = started()
    process = km.provisioner.process
    msg_id = kc.shutdown(restart=restart)
    reply = kc.get_control_msg(timeout=10)
    if reply["parent_header"].get("msg_id") != msg_id or reply["content"].get("status") != "ok":
        raise RuntimeError(f"bad shutdown_reply {reply}")
    return finish(km, kc, log, wait_exit(process))


def via_exit(code):
    km, kc, log = started()
    process = km.provisioner.process
    kc.execute(code)
    return finish(km, kc, log, wait_exit(process))


def debug_request(kc, command, arguments=None):
    msg = kc.session.msg("debug_request", {"type": "request", "seq": 1, "command": command, "arguments": arguments or {}})
    kc.control_channel.send(msg)
    while True:
        reply = kc.get_control_msg(timeout=10)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            if not reply["content"].get("success"):
                raise RuntimeError(f"debug {command} failed: {reply['content']}")
            return reply["content"]


def debugging():
    """A kernel with JupyterLab's debugger on (its inspector session lives in the control worker)."""
    km, kc, log = started()
    debug_request(kc, "initialize", {"clientID": "exits"})
    debug_request(kc, "attach")
    return km, kc, log


def via_shutdown_stopped():
    km, kc, log = debugging()
    process = km.provisioner.process
    kc.execute("debugger\n1")
    deadline = time.monotonic() + 10
    while True:  # the cell stops at its debugger statement
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["msg_type"] == "debug_event" and msg["content"].get("event") == "stopped":
            break
    msg_id = kc.shutdown()
    while True:
        reply = kc.get_control_msg(timeout=10)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    return finish(km, kc, log, wait_exit(process))


def via_exit_debugging():
    km, kc, log = debugging()
    process = km.provisioner.process
    kc.execute("process.exit(3)")
    return finish(km, kc, log, wait_exit(process))


def via_sigterm():
    km, kc, log = started()
    process = km.provisioner.process
    # A cell still waiting when the signal comes, as when Jupyter gives up on a busy kernel.
    kc.execute("await new Promise(() => {})")
    time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    return finish(km, kc, log, wait_exit(process))


def via_parent_death():
    # As a child subreaper, this process inherits the orphaned kernel, so it can read its status.
    parent = subprocess.Popen([sys.executable, __file__, "parent"], stdout=subprocess.PIPE, text=True)
    line = parent.stdout.readline().split()
    if len(line) != 2:
        parent.kill()
        raise RuntimeError("the parent did not start a kernel")
    kernel_pid, log_name = int(line[0]), line[1]
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 15
    status = "hung"
    while time.monotonic() < deadline:
        pid, wait_status = os.waitpid(kernel_pid, os.WNOHANG)
        if pid == kernel_pid:
            status = os.waitstatus_to_exitcode(wait_status)
            break
        time.sleep(0.05)
    if status == "hung":
        os.kill(kernel_pid, signal.SIGKILL)
        os.waitpid(kernel_pid, 0)
    with open(log_name, errors="replace") as f:
        text = f.read()
    os.unlink(log_name)
    return status, text


def become_subreaper():
    import ctypes
    PR_SET_CHILD_SUBREAPER = 36
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def parent_main():
    """The Jupyter process that dies: starts a kernel with a waiting cell, prints its pid, sleeps."""
    log = kernel_log()
    km, kc = start(stderr=log)
    run(kc, "globalThis.pending = new Promise(() => {}); 1")
    kc.execute("await pending")
    print(km.provisioner.process.pid, log.name, flush=True)
    time.sleep(600)


PATHS = {
    "shutdown": (lambda: via_shutdown(False), 0),
    "restart": (lambda: via_shutdown(True), 0),
    "exit-cell": (lambda: via_exit("console.log('bye'); process.exit(3)"), 3),
    "exit-timer": (lambda: via_exit("setTimeout(() => process.exit(3), 20); 'scheduled'"), 3),
    "sigterm": (via_sigterm, -signal.SIGTERM),
    "parent-death": (via_parent_death, 1),
    "shutdown-stopped": (via_shutdown_stopped, 0),
    "exit-debugging": (via_exit_debugging, 3),
}


def main():
    if sys.argv[1] == "parent":
        parent_main()
        return
    become_subreaper()
    names = list(PATHS) if sys.argv[1] == "all" else sys.argv[1].split(",")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    for name in names:
        action, expected = PATHS[name]
        started_at = time.monotonic()
        for i in range(count):
            status, text = action()
            bad = [sign for sign in ABORT_SIGNS if sign in text]
            if status != expected or bad:
                print(text, file=sys.stderr)
            check(status == expected and not bad,
                  f"{name} run {i + 1}/{count}: status {status} (expected {expected}){' ' + str(bad) if bad else ''}")
        print(f"ok: {name}: {count} of {count} ended with {expected} "
              f"({(time.monotonic() - started_at) / count:.2f} s each)", flush=True)


if __name__ == "__main__":
    main()
