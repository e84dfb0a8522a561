"""Interrupts through a real jupyter_client: a pending await and a busy loop
are abandoned, by SIGINT (the kernelspec's interrupt_mode "signal") and by
interrupt_request on the control channel, and the kernel keeps its state."""
import time

from kernel_client import check, collect, result_text, run, shell_reply, start, stop

km, kc = start()
try:
    reply, outputs = run(kc, "let kept = 41; kept + 1")
    check(result_text(outputs) == "42", "state set up")

    def interrupt_cell(code, how):
        msg_id = kc.execute(code)
        time.sleep(0.7)
        started = time.monotonic()
        if how == "signal":
            km.interrupt_kernel()  # SIGINT, as Jupyter's Stop button does for this kernelspec
        else:
            kc.control_channel.send(kc.session.msg("interrupt_request", {}))
        outputs = collect(kc, msg_id, timeout=10)
        reply = shell_reply(kc, msg_id, timeout=10)["content"]
        took = time.monotonic() - started
        check(reply["status"] == "error" and reply["ename"] == "InterruptedError",
              f"{how}: {code!r} ends with InterruptedError ({reply.get('ename')}, {took:.2f}s)")
        check(any(kind == "error" for kind, _ in outputs), f"{how}: the error is shown in the cell")

    # The heartbeat lives in a worker thread: it answers while a cell is busy.
    busy = kc.execute("while (true) {}")
    time.sleep(2.5)
    check(kc.hb_channel.is_beating(), "heartbeat answers during a busy loop")
    km.interrupt_kernel()
    collect(kc, busy)
    shell_reply(kc, busy)

    for how in ("signal", "control"):
        interrupt_cell("await new Promise(() => {})", how)
        interrupt_cell("while (true) {}", how)
        interrupt_cell("for (;;) { kept = kept }", how)
        reply, outputs = run(kc, "kept + 1")
        check(result_text(outputs) == "42", f"{how}: state kept after the interrupts")

    # One interrupt stops one cell: the next queued cell (stop_on_error off) runs to its end.
    first = kc.execute("await new Promise(() => {})", stop_on_error=False)
    second = kc.execute("await new Promise(r => setTimeout(() => r('second done'), 300))", stop_on_error=False)
    time.sleep(0.5)
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    check(shell_reply(kc, first)["content"].get("ename") == "InterruptedError", "the running cell is interrupted")
    collect(kc, first)
    check(result_text(collect(kc, second)) == "'second done'", "the queued cell is not interrupted")
    shell_reply(kc, second)

    # While the interrupted cell is still the one running a second later, interrupt_request sends the
    # interrupt again (a SIGINT can miss a fiber in its hand-off). Here the cell catches the first one
    # itself and then loops: without the second, the kernel would stay busy for ever.
    survivor = kc.execute("try { await new Promise(() => {}) } catch {}\nwhile (true) {}")
    time.sleep(0.7)
    started = time.monotonic()
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    collect(kc, survivor, timeout=15)
    reply = shell_reply(kc, survivor, timeout=15)["content"]
    took = time.monotonic() - started
    check(reply.get("ename") == "InterruptedError" and took < 10,
          f"control: a cell still running after the interrupt is interrupted again ({reply.get('ename')}, {took:.2f}s)")
    reply, outputs = run(kc, "kept + 1")
    check(result_text(outputs) == "42", "control: state kept after the second interrupt")

    # An interrupt with nothing running is harmless.
    km.interrupt_kernel()
    time.sleep(0.3)
    reply, outputs = run(kc, "await new Promise(r => setTimeout(() => r(kept), 50))")
    check(result_text(outputs) == "41", "an idle interrupt does not kill the kernel")
    check(km.is_alive(), "kernel alive")
finally:
    stop(km, kc)
    kc = km = None
