"""`debugger;` in a cell opens a `debug>` prompt through the stdin channel
(issue 18), driven here as a front end does: jupyter_client's KernelClient
answers each input_request with a line, as a person at the prompt would.
With allow_stdin=False (nbclient's default) the pause is skipped with a note."""
import time
from queue import Empty

from kernel_client import check, collect, result_text, run, shell_reply, start, stop


def debug_session(kc, code, lines, timeout=30):
    """Runs `code` with allow_stdin; answers the `debug> ` prompts with `lines`, in order.
    Returns (the prompts seen, the iopub outputs of the cell, its reply)."""
    msg_id = kc.execute(code, allow_stdin=True)
    prompts, outputs = [], []
    pending = list(lines)
    deadline = time.monotonic() + timeout
    idle = False
    while not idle:
        if time.monotonic() > deadline:
            check(False, f"the cell ends within {timeout} s (prompts so far: {prompts}, outputs: {outputs})")
        try:
            request = kc.get_stdin_msg(timeout=0.05)
        except Empty:
            pass
        else:
            if (request["msg_type"] != "input_request" or request["parent_header"].get("msg_id") != msg_id
                    or request["content"]["password"] is not False):
                check(False, f"an input_request for the cell, not a password ({request})")
            prompts.append(request["content"]["prompt"])
            if not pending:
                check(False, f"a line left to answer prompt {len(prompts)} with (outputs: {outputs})")
            kc.input(pending.pop(0))
        while True:
            try:
                msg = kc.get_iopub_msg(timeout=0.01)
            except Empty:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
                break
            if kind not in ("status", "execute_input"):
                outputs.append((kind, msg["content"]))
    if pending:
        check(False, f"every line was asked for (left: {pending}, outputs: {outputs})")
    return prompts, outputs, shell_reply(kc, msg_id)["content"]


def stdout_of(outputs):
    return "".join(content["text"] for kind, content in outputs if kind == "stream" and content["name"] == "stdout")


def stderr_of(outputs):
    return "".join(content["text"] for kind, content in outputs if kind == "stream" and content["name"] == "stderr")


km, kc = start()
try:
    # The example: p with await at the prompt, then c; the cell's result as usual.
    code = "const base = 41\nconsole.log('before the pause')\ndebugger;\nconsole.log('after the pause')\nbase + 1"
    prompts, outputs, reply = debug_session(kc, code, ["p await Promise.resolve(41)+1", "c"])
    check(prompts == ["debug> ", "debug> "], f"two debug> prompts, input_requests whose parent is the cell's request ({prompts})")
    text = stdout_of(outputs)
    check("before the pause" in text and text.index("before the pause") < text.index("break in"),
          f"the cell's output before the pause comes first ({text!r})")
    check("break in" in text and "debugger;" in text, f"the pause is shown with its source line ({text!r})")
    check("\n42\n" in text, f"p await Promise.resolve(41)+1 printed 42 ({text!r})")
    check(text.index("42") < text.index("after the pause"), "c let the cell run on")
    check(reply["status"] == "ok" and result_text(outputs) == "42", f"the cell's result after c ({result_text(outputs)})")

    # Frames, locals, stepping: a function defined in an earlier cell, stopped in it.
    run(kc, "function area(w: number, h: number): number {\n  const a = w * h\n  debugger;\n  return a\n}")
    prompts, outputs, reply = debug_session(kc, "area(6, 7)", ["locals", "bt", "up", "p typeof w", "down", "p w * h + 1", "n", "c"])
    text = stdout_of(outputs)
    check("w = 6\nh = 7\na = 42\n" in text, f"locals lists the function's variables ({text!r})")
    check("> #0 area REPL2:3:3\n  #1 (anonymous) REPL3:1:1\n" in text, f"bt shows the stack from the function ({text!r})")
    check("> #1 (anonymous) REPL3:1:1\n> 1 area(6, 7)\n'undefined'\n" in text, f"up selects the caller, where w is not defined ({text!r})")
    check("\n43\n" in text, f"down: back in area, p w * h + 1 is 43 ({text!r})")
    check(len(prompts) == 8, f"a prompt for each of the 8 lines, n included ({len(prompts)})")
    check("break in REPL2:4\n> 4   return a\n" in text, f"n stepped to the next line ({text!r})")
    check(result_text(outputs) == "42", f"the call's result after c ({result_text(outputs)})")

    # A line that is not a command is evaluated, as pdb does; an error is shown and the prompt stays.
    prompts, outputs, reply = debug_session(kc, "let x = 5; debugger; x * 2", ["x + 1", "nosuch.prop", "c"])
    text = stdout_of(outputs)
    check("\n6\n" in text, f"a bare expression prints its value ({text!r})")
    check("nosuch is not defined" in text, f"an error is printed at the prompt ({text!r})")
    check(result_text(outputs) == "10", "the cell ends with its result")

    # q: the cell runs on to its end, its later pauses skipped; pauses come back in the next cell.
    prompts, outputs, reply = debug_session(kc, "for (let i = 0; i < 3; i++) { debugger; }\n'done'", ["q"])
    check(prompts == ["debug> "], f"after q no more prompts in that cell ({prompts})")
    check(result_text(outputs) == "'done'", "the cell ran to its end")
    prompts, outputs, reply = debug_session(kc, "debugger; 'again'", ["c"])
    check(prompts == ["debug> "], "the next cell's debugger; stops again")

    # Without stdin (nbclient, nbconvert): no prompt; a note on stderr, and the cell runs on.
    msg_id = kc.execute("debugger;\n'no stdin'", allow_stdin=False)
    outputs = collect(kc, msg_id)
    reply = shell_reply(kc, msg_id)["content"]
    try:
        stray = kc.get_stdin_msg(timeout=0.2)
    except Empty:
        stray = None
    check(stray is None, "no input_request without allow_stdin")
    note = stderr_of(outputs)
    check("skipped" in note and "allow_stdin" in note, f"the note says the pause was skipped and why ({note!r})")
    check(reply["status"] == "ok" and result_text(outputs) == "'no stdin'", "the cell's result without stdin")

    # Stop (interrupt_request) while at the prompt: the cell is interrupted, the kernel lives on.
    msg_id = kc.execute("debugger; 'never'", allow_stdin=True)
    request = kc.get_stdin_msg(timeout=15)
    check(request["content"]["prompt"] == "debug> ", "stopped at the prompt")
    kc.session.send(kc.control_channel.socket, kc.session.msg("interrupt_request", {}))
    reply = shell_reply(kc, msg_id, timeout=20)["content"]
    check(reply["status"] == "error" and reply["ename"] == "InterruptedError", f"Stop at the prompt interrupts the cell ({reply})")
    reply, outputs = run(kc, "base")
    check(result_text(outputs) == "41", "the kernel answers after the interrupt, state kept")
    print("ok: kernel alive to the end")

    # Shutdown while at the prompt: the kernel lets the cell go and exits with 0 (no abort).
    kc.execute("debugger; 'never'", allow_stdin=True)
    check(kc.get_stdin_msg(timeout=15)["content"]["prompt"] == "debug> ", "stopped at the prompt again")
    process = km.provisioner.process
    kc.shutdown()
    try:
        status = process.wait(timeout=20)
    except Exception:
        status = "hung"
    check(status == 0, f"shutdown at the debug prompt: the kernel exits with 0 ({status})")
finally:
    if km.is_alive():
        stop(km, kc)
    else:
        kc.stop_channels()
        km.cleanup_resources()
