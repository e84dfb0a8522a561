"""ijavascript compatibility and kernel life cycle through jupyter_client:
$$.input over the stdin channel, the legacy $$html$$ globals and custom
mimers, user_expressions, errors thrown by leftover async work, and restart."""
import time

from kernel_client import check, collect, result_text, run, shell_reply, start, stop

km, kc = start()
try:
    # $$.input with a callback (ijavascript style) and awaited (balrog style).
    msg_id = kc.execute(
        "$$.input({prompt: 'Name? '}, (error, name) => $$.sendResult('Hello ' + name))", allow_stdin=True)
    request = kc.get_stdin_msg(timeout=10)
    check(request["msg_type"] == "input_request" and request["content"]["prompt"] == "Name? ", "input_request sent")
    kc.input("Ada")
    outputs = collect(kc, msg_id)
    check(result_text(outputs) == "'Hello Ada'", f"callback input answered ({result_text(outputs)})")
    shell_reply(kc, msg_id)

    msg_id = kc.execute("const pw = await $$.input({prompt: 'pw', password: true}); pw.length", allow_stdin=True)
    request = kc.get_stdin_msg(timeout=10)
    check(request["content"]["password"] is True, "password input requested")
    kc.input("secret")
    check(result_text(collect(kc, msg_id)) == "6", "awaited input answered")
    shell_reply(kc, msg_id)

    reply, outputs = run(kc, "$$html$$ = '<p>legacy</p>'")
    check(outputs and outputs[0][1]["data"].get("text/html") == "<p>legacy</p>", "$$html$$ = ... sets the result")

    reply, outputs = run(kc, "({ _toHtml() { return '<u>rich</u>' } })")
    check(outputs[0][1]["data"].get("text/html") == "<u>rich</u>", "_toHtml() gives text/html")

    reply, outputs = run(kc, "globalThis.$$mimer$$ = (v) => ({'text/plain': 'custom:' + typeof v}); 5")
    check(result_text(outputs) == "custom:number", "$$mimer$$ replaces the mimer")
    run(kc, "delete globalThis.$$mimer$$")
    reply, outputs = run(kc, "'after delete'")
    check(result_text(outputs) == "'after delete'", "without a $$mimer$$ the default one is used")

    # ijavascript's doc/mimer.ipynb: $$mimer$$ starts as $$defaultMimer$$, which cannot be replaced.
    reply, outputs = run(kc, "$$mimer$$ = $$defaultMimer$$; [$$mimer$$ === $$defaultMimer$$, $$mimer$$('Hello, world!')]")
    check(result_text(outputs) == "[ true, { 'text/plain': \"'Hello, world!'\" } ]", f"$$defaultMimer$$ ({result_text(outputs)})")
    reply, outputs = run(kc, "try { $$defaultMimer$$ = null } catch {} typeof $$defaultMimer$$")
    check(result_text(outputs) == "'function'", "$$defaultMimer$$ is immutable")
    reply, outputs = run(kc, "function Person(name) { this.name = name }\n"
                             "function personMimer(o) { const mime = personMimer.previous(o);\n"
                             "  if (o instanceof Person) mime['text/html'] = '<b>' + o.name + '</b>'; return mime }\n"
                             "personMimer.previous = $$mimer$$; $$mimer$$ = personMimer; new Person('Edwin')")
    check(outputs[0][1]["data"] == {"text/plain": "Person { name: 'Edwin' }", "text/html": "<b>Edwin</b>"},
          f"a custom $$mimer$$ chained to the previous one ({outputs[0][1]['data']})")

    # A broken $$mimer$$ does not wedge later cells: the default mimer shows the value, stderr says why.
    reply, outputs = run(kc, "$$mimer$$ = () => { throw new Error('boom') }; 41 + 1")
    check(result_text(outputs) == "42", f"a throwing $$mimer$$ falls back to the default ({outputs})")
    check(any(k == "stream" and "$$mimer$$ threw Error: boom" in c["text"] for k, c in outputs), "and says so on stderr")
    reply, outputs = run(kc, "$$.async(); setTimeout(() => $$.sendResult(7), 10)")
    check(reply["status"] == "ok" and result_text(outputs) == "7", "an async cell still ends with a broken $$mimer$$")
    reply, outputs = run(kc, "$$mimer$$ = () => 'not a bundle'; 'x'")
    check(result_text(outputs) == "'x'" and any(k == "stream" and "not a MIME bundle" in c["text"] for k, c in outputs),
          "a $$mimer$$ that returns no bundle falls back too")
    run(kc, "$$mimer$$ = $$defaultMimer$$")

    msg_id = kc.execute("let ue = 3", user_expressions={"double": "ue * 2", "bad": "nope.x"})
    content = shell_reply(kc, msg_id)["content"]
    check(content["user_expressions"]["double"]["data"]["text/plain"] == "6", "user_expressions evaluated")
    check(content["user_expressions"]["bad"]["status"] == "error", "a failing user expression reports an error")
    collect(kc, msg_id)

    reply, outputs = run(kc, "setTimeout(() => { throw new Error('late failure') }, 50); 'scheduled'")
    cell = None
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=5)
        if msg["msg_type"] == "stream" and "late failure" in msg["content"]["text"]:
            cell = msg
            break
    check(cell is not None and cell["content"]["name"] == "stderr", "an error thrown by leftover async work shows in stderr")
    reply, outputs = run(kc, "ue")
    check(result_text(outputs) == "3", "the kernel survived it")

    # No comm targets: a comm_open is closed at once, so frontends do not wait on it.
    open_msg = kc.session.msg("comm_open", {"comm_id": "c-1", "target_name": "jupyter.widget", "data": {}})
    kc.shell_channel.send(open_msg)
    closed = collect(kc, open_msg["header"]["msg_id"])
    check(("comm_close", {"comm_id": "c-1", "data": {}}) in closed, "comm_open is answered with comm_close")
    msg_id = kc.comm_info()
    check(shell_reply(kc, msg_id)["content"] == {"status": "ok", "comms": {}}, "comm_info lists no comms")

    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=30)
    reply, outputs = run(kc, "typeof ue")
    check(result_text(outputs) == "'undefined'" and reply["execution_count"] == 1,
          "restart gives a fresh kernel, counting from 1")
finally:
    stop(km, kc)
    kc = km = None
