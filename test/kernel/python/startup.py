"""Start to ready of one kernel through jupyter_client, as a notebook server
sees it: start_new_kernel (launch, connect, kernel_info reply, iopub flush)
until it returns. The first start of a Python process also pays
jupyter_client's own one-time imports and lookups (hundreds of ms for every
kernel), so it is reported apart from the median of the starts after it.

Usage: startup.py <kernel name> <count>; prints one JSON line."""
import json
import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel

name, count = sys.argv[1], int(sys.argv[2])


def once():
    started = time.perf_counter()
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=60)
    elapsed = (time.perf_counter() - started) * 1000
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    return elapsed


first = once()
samples = sorted(once() for _ in range(count))
print(json.dumps({
    "kernel": name,
    "count": count,
    "first_ms": first,
    "median_ms": statistics.median(samples),
    "max_ms": samples[-1],
}))
