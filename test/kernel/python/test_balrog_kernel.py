"""jupyter_kernel_test's protocol checks, run against the balrog kernel
(found through JUPYTER_PATH under BALROG_KERNEL_NAME). Every message is
validated against the messaging spec by the library."""
import os
import unittest

import jupyter_kernel_test as jkt

# A 1x1 transparent PNG, base64.
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


class BalrogKernelTests(jkt.KernelTests):
    kernel_name = os.environ.get("BALROG_KERNEL_NAME", "balrog")
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "conso", "matches": {"console"}},
        {"text": "JSON.stringi", "matches": {"stringify"}},
    ]

    complete_code_samples = ["1", "let a = 1", "const x: number = await Promise.resolve(1)", "function f() {}"]
    incomplete_code_samples = ["function f() {", "if (x) {\n  y(", "[1, 2,", "`template"]
    invalid_code_samples = ["1 +* 2", "let = ;", "}"]

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": "'a' + 'b'", "result": "'ab'"},
        {"code": "await new Promise(r => setTimeout(() => r([1, 2]), 10))", "result": "[ 1, 2 ]"},
        {"code": "const t: { n: number } = { n: 1 }; t", "result": "{ n: 1 }"},
        {"code": "$$.html('<b>bold</b>')", "mime": "text/html", "result": "<b>bold</b>"},
    ]

    code_display_data = [
        {"code": "$$.display().html('<i>shown</i>')", "mime": "text/html"},
        {"code": f"$$.display('pic').png('{PNG}')", "mime": "image/png"},
        {"code": "$$.display().svg('<svg xmlns=\"http://www.w3.org/2000/svg\"/>')", "mime": "image/svg+xml"},
    ]

    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = "$$.clear()"

    def test_balrog_stream_from_async_work_goes_to_its_cell(self):
        """Output from a timer that fires after the cell finished carries that cell's msg_id."""
        self.flush_channels()
        reply, _ = self.execute_helper("setTimeout(() => console.log('later'), 100); 'started'")
        cell_id = reply["parent_header"]["msg_id"]
        msg = self.kc.get_iopub_msg(timeout=5)
        self.assertEqual(msg["msg_type"], "stream")
        self.assertEqual(msg["content"]["text"], "later\n")
        self.assertEqual(msg["parent_header"]["msg_id"], cell_id)

    def test_balrog_async_cell_waits_for_send_result(self):
        """ijavascript's $$.async(): the reply waits for $$.sendResult()."""
        self.flush_channels()
        reply, outputs = self.execute_helper("$$.async(); setTimeout(() => $$.sendResult(7 * 6), 50)")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")

    def test_balrog_display_update(self):
        """$$.display(id) shows once, then updates in place."""
        self.flush_channels()
        _, outputs = self.execute_helper("const d = $$.display('counter'); d.text('1'); d.text('2')")
        kinds = [m["msg_type"] for m in outputs]
        self.assertEqual(kinds, ["display_data", "update_display_data"])
        self.assertEqual(outputs[1]["content"]["transient"], {"display_id": "counter"})

    def test_balrog_stop_on_error_aborts_queued_cells(self):
        self.flush_channels()
        failing = self.kc.execute("await new Promise(r => setTimeout(r, 200)); throw new Error('first')")
        queued = self.kc.execute("globalThis.ranAfterError = true")
        replies = {}
        while len(replies) < 2:
            msg = self.kc.get_shell_msg(timeout=10)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
        self.assertEqual(replies, {failing: "error", queued: "aborted"})
        self.flush_channels()
        _, outputs = self.execute_helper("typeof globalThis.ranAfterError")
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "'undefined'")


if __name__ == "__main__":
    unittest.main(verbosity=2)
