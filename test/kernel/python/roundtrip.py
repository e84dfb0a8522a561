"""Execute round trip of one kernel through jupyter_client: the time from
sending an execute_request for `1+1` to the idle status that ends it.
Usage: roundtrip.py <kernel name> <warmup> <count>; prints one JSON line."""
import json
import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel

name, warmup, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
km, kc = start_new_kernel(kernel_name=name, startup_timeout=60)


def once():
    t0 = time.perf_counter()
    msg_id = kc.execute("1+1")
    while True:
        msg = kc.get_iopub_msg(timeout=10)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    elapsed = time.perf_counter() - t0
    kc.get_shell_msg(timeout=10)
    return elapsed * 1000


try:
    for _ in range(warmup):
        once()
    samples = sorted(once() for _ in range(count))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    kc = km = None

print(json.dumps({
    "kernel": name,
    "count": count,
    "median_ms": statistics.median(samples),
    "p90_ms": samples[int(len(samples) * 0.9) - 1],
    "mean_ms": statistics.fmean(samples),
}))
