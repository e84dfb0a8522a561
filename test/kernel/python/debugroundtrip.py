"""Debugger round trips of one kernel through jupyter_client, as JupyterLab
drives them: the time from executing a cell with a breakpoint to its
`stopped` debug_event, and the debug_request round trip (request to reply and
idle status) of `evaluate` and of `stackTrace` at that stop.
Usage: debugroundtrip.py <kernel name> <language: ts|py> <count>; prints one JSON line."""
import json
import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel

from kernel_client import stop

name, language, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
km, kc = start_new_kernel(kernel_name=name, startup_timeout=60)
seq = 0
events = []


def debug(command, arguments=None):
    global seq
    seq += 1
    msg = kc.session.msg("debug_request", {"type": "request", "seq": seq, "command": command, "arguments": arguments or {}})
    kc.control_channel.send(msg)
    msg_id = msg["header"]["msg_id"]
    reply = None
    idle = False
    while reply is None:
        candidate = kc.get_control_msg(timeout=30)
        if candidate["parent_header"].get("msg_id") == msg_id:
            reply = candidate["content"]
    while not idle:
        m = kc.get_iopub_msg(timeout=30)
        if m["msg_type"] == "debug_event":
            events.append(m["content"])
        idle = (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle")
    return reply


def wait_event(event):
    while True:
        for i, e in enumerate(events):
            if e.get("event") == event:
                del events[: i + 1]
                return e
        m = kc.get_iopub_msg(timeout=30)
        if m["msg_type"] == "debug_event":
            events.append(m["content"])


CELL = {"ts": "let total = 0\nfor (let i = 0; i < 3; i++) {\n  total += i\n}\ntotal",
        "py": "total = 0\nfor i in range(3):\n    total += i\n\ntotal"}[language]
EXPRESSION = {"ts": "total + 1", "py": "total + 1"}[language]

try:
    debug("debugInfo")
    debug("initialize", {"clientID": "bench", "adapterID": name, "pathFormat": "path", "linesStartAt1": True, "columnsStartAt1": True})
    debug("attach")
    path = debug("dumpCell", {"code": CELL})["body"]["sourcePath"]
    debug("setBreakpoints", {"source": {"path": path}, "breakpoints": [{"line": 3}]})
    debug("configurationDone")
    stops, evaluations, stacks = [], [], []
    for _ in range(count):
        t0 = time.perf_counter()
        msg_id = kc.execute(CELL)
        stopped = wait_event("stopped")
        stops.append((time.perf_counter() - t0) * 1000)
        thread = stopped["body"]["threadId"]
        t0 = time.perf_counter()
        frames = debug("stackTrace", {"threadId": thread})["body"]["stackFrames"]
        stacks.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        result = debug("evaluate", {"expression": EXPRESSION, "frameId": frames[0]["id"], "context": "repl"})
        evaluations.append((time.perf_counter() - t0) * 1000)
        if not result.get("success"):
            raise RuntimeError(f"evaluate failed: {result}")
        debug("setBreakpoints", {"source": {"path": path}, "breakpoints": []})
        debug("continue", {"threadId": thread})
        while kc.get_shell_msg(timeout=30)["parent_header"].get("msg_id") != msg_id:
            pass
        debug("setBreakpoints", {"source": {"path": path}, "breakpoints": [{"line": 3}]})
    debug("disconnect", {"restart": False, "terminateDebuggee": False})
finally:
    stop(km, kc)
    kc = km = None

print(json.dumps({
    "kernel": name,
    "count": count,
    "stop_ms": statistics.median(stops),
    "stack_ms": statistics.median(stacks),
    "evaluate_ms": statistics.median(evaluations),
}))
