"""A kernel whose Jupyter process dies (SIGKILL, no shutdown_request) exits
by itself instead of living on as an orphan."""
import os
import signal
import subprocess
import sys
import time

from kernel_client import check

if len(sys.argv) > 1 and sys.argv[1] == "child":
    from kernel_client import run, start
    km, kc = start()
    run(kc, "globalThis.pending = new Promise(() => {}); 1")
    kc.execute("await pending")  # a cell still waiting when the parent dies
    print(km.provisioner.process.pid, flush=True)
    time.sleep(600)
    sys.exit(0)

child = subprocess.Popen([sys.executable, __file__, "child"], stdout=subprocess.PIPE, text=True)
kernel_pid = int(child.stdout.readline())
check(kernel_pid > 0, f"kernel started (pid {kernel_pid})")
child.send_signal(signal.SIGKILL)
child.wait()


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by init) counts as gone.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ")[1][0] != "Z"


deadline = time.monotonic() + 10
while alive(kernel_pid) and time.monotonic() < deadline:
    time.sleep(0.1)
gone = not alive(kernel_pid)
if not gone:
    os.kill(kernel_pid, signal.SIGKILL)
check(gone, "the orphaned kernel exited by itself")
