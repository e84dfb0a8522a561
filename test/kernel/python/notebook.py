"""Runs a notebook written for ijavascript (its kernelspec, its `$$` API and
idioms) on the balrog kernel through jupyter_client, and compares every
cell's outputs with the ones saved in the notebook (nbformat 4).
The outputs of a display updated in place are compared as a frontend shows
them: the final content. Tracebacks are not compared (stacks differ)."""
import json
import sys
import time

from kernel_client import check, start, stop

notebook = json.load(open(sys.argv[1]))


def outputs_of(kc, msg_id, settle=0.3):
    """nbformat outputs of one execution, including output that arrives
    shortly after the idle status (async work the cell started)."""
    outputs, displays, idle_at = [], {}, None
    while True:
        timeout = 15 if idle_at is None else max(0.01, idle_at + settle - time.monotonic())
        try:
            msg = kc.get_iopub_msg(timeout=timeout)
        except Exception:
            if idle_at is not None:
                return outputs
            raise
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            idle_at = time.monotonic()
        elif kind == "stream":
            last = outputs[-1] if outputs else None
            if last and last["output_type"] == "stream" and last["name"] == content["name"]:
                last["text"] += content["text"]
            else:
                outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
        elif kind in ("execute_result", "display_data"):
            out = {"output_type": kind, "data": content["data"], "metadata": content.get("metadata", {})}
            display_id = content.get("transient", {}).get("display_id")
            if display_id:
                displays[display_id] = out
            outputs.append(out)
        elif kind == "update_display_data":
            target = displays.get(content.get("transient", {}).get("display_id"))
            if target:
                target["data"] = content["data"]
        elif kind == "error":
            outputs.append({"output_type": "error", "ename": content["ename"], "evalue": content["evalue"]})


def comparable(outputs):
    result = []
    for out in outputs:
        out = {k: v for k, v in out.items() if k not in ("execution_count", "traceback", "metadata")}
        if "text" in out and isinstance(out["text"], list):
            out["text"] = "".join(out["text"])
        if "data" in out:
            out["data"] = {k: "".join(v) if isinstance(v, list) else v for k, v in out["data"].items()}
        result.append(out)
    return result


km, kc = start()
try:
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        msg_id = kc.execute(source)
        got = comparable(outputs_of(kc, msg_id))
        want = comparable(cell["outputs"])
        detail = "" if got == want else f"\n   got  {got}\n   want {want}"
        check(got == want, f"cell {cell.get('id')}: {source.splitlines()[0]!r}{detail}")
finally:
    stop(km, kc)
    kc = km = None
