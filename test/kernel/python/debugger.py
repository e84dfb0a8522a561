"""JupyterLab's visual debugger, played by a DAP client over a real
jupyter_client: debug_request/debug_reply on the control channel, debug_event
on iopub, in the order JupyterLab sends them (debugInfo, initialize, attach,
dumpCell, setBreakpoints, configurationDone, then a cell runs and stops).

The cell file's name is checked against ipykernel's own murmur2 (the hash
JupyterLab computes from debugInfo to find a cell), so the kernel and the
frontend agree on where each cell lives."""
import os
import shutil
import subprocess
import tempfile
import time

import zmq
from ipykernel.compiler import murmur2_x86

from kernel_client import check, shell_reply, start


def must(condition, what):
    """A protocol check on every request: silent when it holds, fails like check()."""
    if not condition:
        check(False, what)

log = tempfile.NamedTemporaryFile(prefix="balrog-kernel-debugger-", suffix=".log", delete=False)
km, kc = start(stderr=log)
process = km.provisioner.process
module_dir = tempfile.mkdtemp(prefix="balrog-debug-module-")
iopub = []  # every iopub message received so far, in order
seq = 0


def pump(timeout=0.1):
    try:
        while True:
            iopub.append(kc.get_iopub_msg(timeout=timeout))
            timeout = 0.01
    except Exception:  # queue.Empty
        pass


def send_debug(command, arguments=None):
    """Sends one DAP request; returns (msg_id, seq)."""
    global seq
    seq += 1
    msg = kc.session.msg("debug_request", {"type": "request", "seq": seq, "command": command, "arguments": arguments or {}})
    kc.control_channel.send(msg)
    return msg["header"]["msg_id"], seq


def debug(command, arguments=None, timeout=20):
    """Sends one DAP request; returns the DAP response once its reply and its idle status arrived."""
    msg_id, sent = send_debug(command, arguments)
    return debug_reply(command, msg_id, sent, timeout)


def debug_reply(command, msg_id, sent, timeout=20):
    deadline = time.monotonic() + timeout
    reply = None
    while reply is None:
        candidate = kc.get_control_msg(timeout=max(0.1, deadline - time.monotonic()))
        if candidate["parent_header"].get("msg_id") == msg_id:
            reply = candidate
    must(reply["msg_type"] == "debug_reply", f"{command}: debug_reply")
    # JupyterLab's future is done only with the idle status of the request (on iopub).
    while not any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                  and m["parent_header"].get("msg_id") == msg_id for m in iopub):
        must(time.monotonic() < deadline, f"{command}: idle status on iopub")
        pump()
    content = reply["content"]
    must(content.get("command") == command and content.get("request_seq") == sent, f"{command}: response to request {sent}")
    return content


def wait_event(name, after, timeout=20):
    """The first debug_event called `name` among the iopub messages from index `after` on."""
    deadline = time.monotonic() + timeout
    while True:
        for m in iopub[after:]:
            if m["msg_type"] == "debug_event" and m["content"].get("event") == name:
                return m["content"]
        must(time.monotonic() < deadline, f"debug_event {name} arrives")
        pump()


def execute(code):
    msg_id = kc.execute(code)
    return msg_id


def result_of(msg_id, timeout=20):
    reply = shell_reply(kc, msg_id, timeout)["content"]
    deadline = time.monotonic() + timeout
    while True:
        for m in iopub:
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_result":
                return reply, m["content"]["data"]["text/plain"]
        if any(m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
               and m["content"]["execution_state"] == "idle" for m in iopub):
            return reply, None
        must(time.monotonic() < deadline, "the cell's iopub messages arrive")
        pump()


def heartbeat_answers():
    """One ping on the heartbeat channel, echoed within 2 seconds."""
    socket = zmq.Context.instance().socket(zmq.REQ)
    socket.linger = 0
    try:
        socket.connect(f"{kc.transport}://{kc.ip}:{kc.hb_port}")
        socket.send(b"ping")
        return socket.poll(2000) != 0 and socket.recv() == b"ping"
    finally:
        socket.close()


CELL = """const base: number = 40
function add(a: number, b: number): number {
  const sum = a + b
  console.log('sum is', sum)
  return sum
}
const answer = add(base, 2)
answer
"""

try:
    kc.kernel_info()
    info = kc.get_shell_msg(timeout=10)["content"]
    check(info.get("debugger") is True, "kernel_info advertises debugger: true")

    # Defined before the debugger starts: its script is REPL<n>, not a cell file.
    early = result_of(execute("function early(x) {\n  debugger\n  return x * 2\n}\n'defined'"))[1]
    check(early == "'defined'", "a function defined before the debugger starts")

    before = debug("debugInfo")
    body = before["body"]
    check(before["success"] and body["isStarted"] is False, "debugInfo before initialize: not started")
    check(body["hashMethod"] == "Murmur2" and body["tmpFileSuffix"] == ".ts", "debugInfo: Murmur2, .ts cell files")

    init = debug("initialize", {"clientID": "jupyterlab", "clientName": "JupyterLab", "adapterID": "balrog",
                                "pathFormat": "path", "linesStartAt1": True, "columnsStartAt1": True,
                                "supportsVariableType": True, "supportsVariablePaging": True,
                                "supportsRunInTerminalRequest": True, "locale": "en"})
    check(init["success"] and init["body"]["supportsConfigurationDoneRequest"], "initialize: capabilities")
    mark = len(iopub)
    check(debug("attach")["success"], "attach")
    wait_event("initialized", mark)
    check(debug("debugInfo")["body"]["isStarted"] is True, "debugInfo after initialize: started")

    dumped = debug("dumpCell", {"code": CELL})
    path = dumped["body"]["sourcePath"]
    expected = body["tmpFilePrefix"] + str(murmur2_x86(CELL, body["hashSeed"])) + body["tmpFileSuffix"]
    check(path == expected, f"dumpCell: the path JupyterLab computes with ipykernel's murmur2 ({path})")
    check(open(path, encoding="utf-8").read() == CELL, "dumpCell: the file holds the cell")
    source = debug("source", {"source": {"path": path}})
    check(source["success"] and source["body"]["content"] == CELL, "source: the cell's code")

    bps = debug("setBreakpoints", {"source": {"path": path}, "breakpoints": [{"line": 3}], "sourceModified": False})
    check(bps["success"] and [b["line"] for b in bps["body"]["breakpoints"]] == [3]
          and bps["body"]["breakpoints"][0]["verified"], "setBreakpoints: line 3 verified")
    check(debug("configurationDone")["success"], "configurationDone")
    listed = debug("debugInfo")["body"]["breakpoints"]
    check(listed == [{"source": path, "breakpoints": [{"line": 3}]}], "debugInfo lists the breakpoints")

    mark = len(iopub)
    cell = execute(CELL)
    stopped = wait_event("stopped", mark)
    check(stopped["body"]["reason"] == "breakpoint" and stopped["body"]["threadId"] == 1, "stopped at the breakpoint")
    check(stopped["body"].get("hitBreakpointIds") == [bps["body"]["breakpoints"][0]["id"]], "stopped names the breakpoint hit")
    check(heartbeat_answers(), "the heartbeat answers while the cell is stopped")
    check(debug("debugInfo")["body"]["stoppedThreads"] == [1], "debugInfo: thread 1 stopped")
    threads = debug("threads")["body"]["threads"]
    check([t["id"] for t in threads] == [1], "threads: one")

    frames = debug("stackTrace", {"threadId": 1})["body"]["stackFrames"]
    top = frames[0]
    check(top["name"] == "add" and top["line"] == 3 and top["source"]["path"] == path,
          f"stackTrace: add at line 3 of the cell file ({top})")
    check(frames[1]["line"] == 7 and frames[1]["source"]["path"] == path, "stackTrace: the cell's top level calls it at line 7")
    check(len(frames) == 2, f"stackTrace: no kernel or Node frames ({[f['name'] for f in frames]})")

    scopes = debug("scopes", {"frameId": top["id"]})["body"]["scopes"]
    names = [s["name"] for s in scopes]
    check(names[0] == "Locals" and names[-1] == "Globals", f"scopes: Locals first, Globals last ({names})")
    local = {v["name"]: v for v in debug("variables", {"variablesReference": scopes[0]["variablesReference"]})["body"]["variables"]}
    check(local["a"]["value"] == "40" and local["b"]["value"] == "2" and local["a"]["type"] == "number",
          "variables: a = 40, b = 2 (numbers)")
    globals_ = {v["name"]: v for v in debug("variables", {"variablesReference": scopes[-1]["variablesReference"]})["body"]["variables"]}
    check(globals_["base"]["value"] == "40" and "add" in globals_ and "process" not in globals_,
          f"variables: Globals holds the notebook's names only ({sorted(globals_)})")

    copied = debug("copyToGlobals", {"srcVariableName": "a", "dstVariableName": "copied_a", "srcFrameId": top["id"]})
    check(copied["success"], "copyToGlobals: a local becomes a global")
    evaluated = debug("evaluate", {"expression": "await Promise.resolve(41)+1", "frameId": top["id"], "context": "repl"})
    check(evaluated["success"] and evaluated["body"]["result"] == "42", f"evaluate: await while stopped gives 42 ({evaluated})")
    evaluated = debug("evaluate", {"expression": "a + b", "frameId": top["id"], "context": "repl"})
    check(evaluated["body"]["result"] == "42", "evaluate: locals of the selected frame")
    evaluated = debug("evaluate", {"expression": "[a, b].map(x => await Promise.resolve(x * 10))", "frameId": top["id"]})
    check(evaluated["body"]["result"] == "[ 400, 20 ]", f"evaluate: await inside a callback ({evaluated['body']['result']})")
    failed = debug("evaluate", {"expression": "nosuch + 1", "frameId": top["id"]})
    check(not failed["success"] and "nosuch is not defined" in failed["message"], "evaluate: an error is a failed response")
    frames = debug("stackTrace", {"threadId": 1})["body"]["stackFrames"]
    check(frames[0]["line"] == 3, "still stopped on the same line after the evaluations")

    mark = len(iopub)
    check(debug("next", {"threadId": 1})["success"], "next")
    check(wait_event("continued", mark)["body"]["allThreadsContinued"], "continued event on a step")
    check(wait_event("stopped", mark)["body"]["reason"] == "step", "stopped after the step")
    top = debug("stackTrace", {"threadId": 1})["body"]["stackFrames"][0]
    check(top["line"] == 4, f"next: line 4 ({top['line']})")
    scopes = debug("scopes", {"frameId": top["id"]})["body"]["scopes"]
    local = {v["name"]: v["value"] for v in debug("variables", {"variablesReference": scopes[0]["variablesReference"]})["body"]["variables"]}
    check(local["sum"] == "42", "variables after the step: sum = 42")

    mark = len(iopub)
    debug("next", {"threadId": 1})
    output = wait_event("output", mark)
    check(output["body"]["output"] == "sum is 42\n", f"output event for console.log ({output['body']})")
    wait_event("stopped", mark)

    mark = len(iopub)
    debug("stepOut", {"threadId": 1})
    wait_event("stopped", mark)
    top = debug("stackTrace", {"threadId": 1})["body"]["stackFrames"][0]
    check(top["name"] == "<cell>" and top["line"] == 7, f"stepOut: back in the cell at line 7 ({top['name']}:{top['line']})")
    mark = len(iopub)
    debug("stepIn", {"threadId": 1})
    wait_event("stopped", mark)
    top = debug("stackTrace", {"threadId": 1})["body"]["stackFrames"][0]
    check(top["line"] == 8, f"stepIn at the end of a statement goes to the next line ({top['line']})")

    mark = len(iopub)
    check(debug("continue", {"threadId": 1})["body"]["allThreadsContinued"], "continue")
    wait_event("continued", mark)
    reply, result = result_of(cell)
    check(reply["status"] == "ok" and result == "42", f"the cell's result arrives after continue ({result})")
    check(debug("debugInfo")["body"]["stoppedThreads"] == [], "debugInfo: nothing stopped")

    names = {v["name"]: v["value"] for v in debug("inspectVariables")["body"]["variables"]}
    check(names.get("answer") == "42" and names.get("base") == "40" and names.get("copied_a") == "40" and "require" not in names,
          f"inspectVariables: the notebook's variables ({sorted(names)})")
    rich = debug("richInspectVariables", {"variableName": "answer"})
    check(rich["success"] and rich["body"]["data"].get("text/plain") == "42", "richInspectVariables: the mime bundle")

    # A `debugger` statement stops too, and a cell's await goes on after continue.
    mark = len(iopub)
    cell = execute("const late = await Promise.resolve('later')\ndebugger\nlate + '!'")
    check(wait_event("stopped", mark)["body"]["threadId"] == 1, "a debugger statement stops")
    top = debug("stackTrace", {"threadId": 1})["body"]["stackFrames"][0]
    check(top["line"] == 2, "stopped on the debugger statement")
    debug("continue", {"threadId": 1})
    reply, result = result_of(cell)
    check(result == "'later!'", f"the awaiting cell finishes ({result})")

    # A breakpoint in a file the notebook loads, and the Kernel Sources panel's modules.
    module = os.path.join(module_dir, "shapes.js")
    with open(module, "w", encoding="utf-8") as f:
        f.write("exports.area = function area(w, h) {\n  const product = w * h\n  return product\n}\n")
    bps = debug("setBreakpoints", {"source": {"path": module}, "breakpoints": [{"line": 3}]})
    check(bps["success"], "setBreakpoints in a module file before it is loaded")
    mark = len(iopub)
    cell = execute(f"const shapes = require({module!r})\nshapes.area(6, 7)")
    wait_event("stopped", mark)
    top = debug("stackTrace", {"threadId": 1})["body"]["stackFrames"][0]
    check(top["name"] == "area" and top["line"] == 3 and top["source"]["path"] == module,
          f"stopped in the module's file ({top['name']} {top['source']['path']}:{top['line']})")
    scopes = debug("scopes", {"frameId": top["id"]})["body"]["scopes"]
    local = {v["name"]: v["value"] for v in debug("variables", {"variablesReference": scopes[0]["variablesReference"]})["body"]["variables"]}
    check(local.get("product") == "42", "its locals")
    check(debug("source", {"source": {"path": module}})["body"]["content"].startswith("exports.area"), "source: the module's text")
    modules = debug("modules", {})["body"]["modules"]
    check([m["path"] for m in modules] == [module], f"modules: the notebook's own files only ({[m['path'] for m in modules]})")
    debug("continue", {"threadId": 1})
    reply, result = result_of(cell)
    check(result == "42", "the module call returns after continue")
    debug("setBreakpoints", {"source": {"path": module}, "breakpoints": []})

    # Pause on exceptions: every thrown exception (in a fiber V8 cannot tell uncaught ones).
    check(debug("setExceptionBreakpoints", {"filters": ["all"]})["success"], "setExceptionBreakpoints all")
    mark = len(iopub)
    cell = execute("let caught\ntry { throw new Error('boom') } catch (e) { caught = e.message }\ncaught")
    stopped = wait_event("stopped", mark)
    check(stopped["body"]["reason"] == "exception", "stopped on the thrown exception")
    top = debug("stackTrace", {"threadId": 1})["body"]["stackFrames"][0]
    check(top["line"] == 2 and top["source"]["path"].startswith(body["tmpFilePrefix"]), "at the throw, in the cell")
    debug("continue", {"threadId": 1})
    check(result_of(cell)[1] == "'boom'", "the cell catches it after continue")
    debug("setExceptionBreakpoints", {"filters": []})
    check(result_of(execute("try { throw new Error('quiet') } catch {} 'no pause'"))[1] == "'no pause'", "exceptions off: no stop")

    # Stop (interrupt) while stopped: the cell resumes and is interrupted.
    mark = len(iopub)
    cell = execute("debugger\nwhile (true) {}")
    wait_event("stopped", mark)
    top = debug("stackTrace", {"threadId": 1})["body"]["stackFrames"][0]
    # An evaluation that never settles holds the inspector; Stop abandons it too.
    waiting, sent = send_debug("evaluate", {"expression": "await new Promise(() => {})", "frameId": top["id"]})
    time.sleep(0.5)
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    abandoned = debug_reply("evaluate", waiting, sent)
    check(not abandoned["success"] and "InterruptedError" in abandoned["message"],
          f"interrupt while an evaluation waits: it is abandoned ({abandoned.get('message')})")
    reply, result = result_of(cell)
    check(reply["status"] == "error" and reply["ename"] == "InterruptedError", f"interrupt while stopped ({reply.get('ename')})")
    wait_event("continued", mark)

    mark = len(iopub)
    cell = execute("early(21)")
    wait_event("stopped", mark)
    top = debug("stackTrace", {"threadId": 1})["body"]["stackFrames"][0]
    early_source = debug("source", {"source": {"path": top["source"]["path"]}})
    check(top["name"] == "early" and top["line"] == 2 and "function early(x)" in early_source["body"]["content"],
          f"stopped in a function from before the debugger started; source gives its code ({top['source']['path']})")
    debug("continue", {"threadId": 1})
    check(result_of(cell)[1] == "42", "it returns after continue")

    # Stopped in a timer callback: the main thread's event loop, not the cell's fiber.
    mark = len(iopub)
    reply, result = result_of(execute("setTimeout(function tick() {\n  const here = 'timer'\n  debugger\n}, 10); 'scheduled'"))
    check(result == "'scheduled'", "a cell schedules a timer and ends")
    wait_event("stopped", mark)
    top = debug("stackTrace", {"threadId": 1})["body"]["stackFrames"][0]
    check(top["name"] == "tick" and top["line"] == 3, "stopped in the timer callback")
    sync = debug("evaluate", {"expression": "here + '!'", "frameId": top["id"]})
    check(sync["success"] and sync["body"]["result"] == "'timer!'", "outside a fiber, synchronous evaluation works")
    waiting = debug("evaluate", {"expression": "await Promise.resolve(1)", "frameId": top["id"]})
    check(not waiting["success"] and "NotInFiberError" in waiting["message"], "outside a fiber, await says why it cannot wait")
    mark = len(iopub)
    debug("continue", {"threadId": 1})
    wait_event("continued", mark)

    check(debug("setBreakpoints", {"source": {"path": path}, "breakpoints": []})["success"], "breakpoints cleared")
    reply, result = result_of(execute(CELL))
    check(result == "42", "the cell runs through without its breakpoint")

    check(debug("disconnect", {"restart": False, "terminateDebuggee": False})["success"], "disconnect")
    check(debug("debugInfo")["body"]["isStarted"] is False, "debugInfo after disconnect: not started")
    unknown = debug("stackTrace", {"threadId": 1})
    check(not unknown["success"] and "initialize" in unknown["message"], "requests after disconnect say to initialize")
    # Without JupyterLab's debugger a `debugger;` opens the debug prompt over stdin (stdin_debugger.py);
    # a front end that allows no input gets the cell run through.
    reply, result = result_of(kc.execute("debugger\n'no stop'", allow_stdin=False))
    check(result == "'no stop'", "after disconnect, a debugger statement does not stop the debug protocol's way")

    # Shutting down while a cell is stopped: the kernel resumes it and exits cleanly.
    debug("initialize", {"clientID": "test"})
    debug("attach")
    mark = len(iopub)
    execute("debugger\n1")
    wait_event("stopped", mark)
    shutdown = kc.shutdown()
    while True:
        reply = kc.get_control_msg(timeout=10)
        if reply["parent_header"].get("msg_id") == shutdown:
            break
    check(reply["content"]["status"] == "ok", "shutdown_reply while stopped")
    try:
        code = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        code = "hung"
    check(code == 0, f"shutdown while stopped: the kernel resumes the cell and exits with 0 ({code})")
    check(not os.path.exists(body["tmpFilePrefix"]), "the cell files are removed at shutdown")
    log.close()
    with open(log.name, errors="replace") as f:
        text = f.read()
    signs = [s for s in ("terminate called", "corrupted", "Aborted", "Segmentation", "FATAL ERROR") if s in text]
    check(not signs, f"no abort at exit with a debug session ({signs})")
finally:
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=True)
    km.cleanup_resources()
    os.unlink(log.name)
    shutil.rmtree(module_dir, ignore_errors=True)
