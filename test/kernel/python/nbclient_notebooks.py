"""Notebooks written the way ijavascript users write them (test/kernel/notebooks:
MIME helpers and mimers, async cells and await, displays updated in place,
TypeScript, input in a headless run) executed headless with nbclient, as
nbconvert --execute does, and every code cell's outputs compared with the
ones saved in the notebook. Compared as a frontend keeps them: consecutive
stream outputs of one name joined (nbclient keeps each message apart),
errors by name and value (stacks differ from run to run).

    nbclient_notebooks.py NOTEBOOK...          check
    nbclient_notebooks.py --write NOTEBOOK...  record the outputs (review them before committing!)
"""
import copy
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

from kernel_client import KERNEL_NAME, check


def comparable(outputs):
    result = []
    for out in outputs:
        out = {k: v for k, v in out.items() if k not in ("execution_count", "metadata", "traceback", "transient")}
        if "text" in out and isinstance(out["text"], list):
            out["text"] = "".join(out["text"])
        if "data" in out:
            out["data"] = {k: "".join(v) if isinstance(v, list) else v for k, v in out["data"].items()}
        last = result[-1] if result else None
        if last and out["output_type"] == "stream" and last["output_type"] == "stream" and last["name"] == out["name"]:
            last["text"] += out["text"]
        else:
            result.append(out)
    return result


def execute(notebook):
    run = copy.deepcopy(notebook)
    for cell in run.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    with tempfile.TemporaryDirectory(prefix="balrog-nbclient-") as cwd:
        NotebookClient(run, kernel_name=KERNEL_NAME, timeout=30, startup_timeout=30, allow_errors=True, record_timing=False,
                       resources={"metadata": {"path": cwd}}).execute()
    return run


def main(args):
    write = args[:1] == ["--write"]
    for path in args[1:] if write else args:
        notebook = nbformat.read(path, as_version=4)
        run = execute(notebook)
        if write:
            nbformat.write(run, path)
            print(f"recorded {path}")
            continue
        name = path.rsplit("/", 1)[-1]
        cells = [(want, got) for want, got in zip(notebook.cells, run.cells) if want.cell_type == "code"]
        for want, got in cells:
            expected, actual = comparable(want.outputs), comparable(got.outputs)
            detail = "" if expected == actual else f"\n   got  {actual}\n   want {expected}"
            check(expected == actual, f"{name} {want.get('id')}: {want.source.splitlines()[0]!r}{detail}")
        print(f"ok: {name}: {len(cells)} cells match their saved outputs", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
