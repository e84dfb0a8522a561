"""Completion and inspection through jupyter_client, without side effects:
after an expression that can be evaluated side-effect free (`[1, 2].ma`) its
members; after one that cannot (`fetch("x").th`) nothing, never every
global; nothing inside strings or comments; inspect shows TypeScript
signatures as written and never runs a getter."""
from kernel_client import check, result_text, run, shell_reply, start, stop


def complete(kc, code, cursor=None):
    msg_id = kc.complete(code, len(code) if cursor is None else cursor)
    return shell_reply(kc, msg_id)["content"]


def inspect(kc, code, detail=0):
    msg_id = kc.inspect(code, len(code), detail)
    content = shell_reply(kc, msg_id)["content"]
    return content["found"], content["data"].get("text/plain", "")


km, kc = start()
try:
    run(kc, "globalThis.reads = 0\n"
            "const counter = { get value() { return ++globalThis.reads }, list: [{ deep: 1 }], word: 'abc' }")

    reply = complete(kc, "[1, 2].ma")
    check("map" in reply["matches"] and all(m.startswith("ma") for m in reply["matches"]), f"[1, 2].ma: {reply['matches']}")
    check((reply["cursor_start"], reply["cursor_end"]) == (7, 9), "the cursor range is the partial name")

    reply = complete(kc, 'fetch("x").th')
    check(reply["matches"] == [] and reply["cursor_start"] == 11, f'fetch("x").th: nothing ({reply["matches"][:5]})')

    for code in ['"Math.ma', "'a' + 'Math.ma", "`Math.ma", "// Math.ma", "/* Math.ma", "x = /Math.ma"]:
        reply = complete(kc, code)
        check(reply["matches"] == [], f"no completion inside {code!r}")
    reply = complete(kc, "`${Math.ma")
    check(reply["matches"] == ["max"], "but inside a template's ${...}")

    reply = complete(kc, "Math.ma")
    check(reply["matches"] == ["max"] and reply["cursor_start"] == 5, "Math.ma gives max")
    reply = complete(kc, "Math.max(1, 2).toF")
    check(reply["matches"] == ["toFixed"], f"members of a side-effect-free call's result ({reply['matches']})")
    reply = complete(kc, "counter.word.len")
    check(reply["matches"] == ["length"], "members of a primitive")
    reply = complete(kc, "counter.list[0].de")
    check(reply["matches"] == ["deep"], "through an index access")
    reply = complete(kc, "counter.value.toF")
    check(reply["matches"] == [], "nothing after a getter that has side effects")
    reply = complete(kc, "coun")
    check(reply["matches"] == ["counter"] and reply["cursor_start"] == 0, "session names")
    reply = complete(kc, "'😀'; Math.ma")
    check(reply["matches"] == ["max"] and (reply["cursor_start"], reply["cursor_end"]) == (10, 12),
          f"cursor positions count code points ({reply['cursor_start']}, {reply['cursor_end']})")
    reply = complete(kc, "Math.ma + 1", 7)
    check(reply["matches"] == ["max"], "with code after the cursor")

    run(kc, "function greet(name: string, times?: number): { text: string } { return { text: name.repeat(times ?? 1) } }\n"
            "const twice = <T,>(x: T): [T, T] => [x, x]")
    found, text = inspect(kc, "greet")
    check(found and "function greet(name: string, times?: number): { text: string }" in text, f"TypeScript signature as written: {text}")
    found, text = inspect(kc, "twice")
    check("<T,>(x: T): [T, T] =>" in text, f"arrow function signature as written: {text}")
    found, text = inspect(kc, "greet", 1)
    check("return { text: name.repeat(times ?? 1) }" in text, "detail 1 shows the source as written")

    found, text = inspect(kc, "counter.value")
    check(found and "not evaluated" in text, f"a getter with side effects is not run: {text}")
    found, text = inspect(kc, "counter")
    check(found and "value: [Getter]" in text, f"getters are shown, not run: {text}")
    reply, outputs = run(kc, "globalThis.reads")
    check(result_text(outputs) == "0", f"no getter ran during completion and inspection ({result_text(outputs)})")
finally:
    stop(km, kc)
    kc = km = None
