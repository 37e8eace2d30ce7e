#!/usr/bin/python3
"""Executes notebooks against the installed hessnote kernel with nbclient.

Each notebook must run top to bottom with no error output, and every code cell that
stores an image must produce an image of the same kind again. The kernel is installed into
an isolated Jupyter directory, so the user's own Jupyter setup is neither used nor changed.

Usage: HESSNOTE_BIN=./hessnote run_notebooks.py notebooks/*.ipynb
"""
import os
import subprocess
import sys
import tempfile
import time

try:
    import nbclient
    import nbformat
except ImportError as e:  # pragma: no cover
    print(f"SKIP: nbclient/nbformat not importable ({e}); install python3-nbclient python3-nbformat")
    sys.exit(0)

IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg")


def isolate(tmp):
    """Points every Jupyter directory at tmp and installs the kernelspec there."""
    for var, sub in (("JUPYTER_DATA_DIR", "data"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTER_CONFIG_DIR", "config"), ("IPYTHONDIR", "ipython")):
        os.environ[var] = os.path.join(tmp, sub)
    os.environ["JUPYTER_PATH"] = os.path.join(tmp, "share", "jupyter")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    binary = os.path.abspath(os.environ.get("HESSNOTE_BIN", "./hessnote"))
    subprocess.run([binary, "install", "--prefix", tmp], check=True)


def images(cell):
    return sorted({t for o in cell.get("outputs", []) for t in o.get("data", {}) if t in IMAGE_TYPES})


def check(path):
    stored = nbformat.read(path, as_version=4)
    fresh = nbformat.read(path, as_version=4)
    start = time.monotonic()
    client = nbclient.NotebookClient(fresh, kernel_name="hessnote", timeout=300,
                                     resources={"metadata": {"path": os.path.dirname(path) or "."}})
    client.execute()
    elapsed = time.monotonic() - start
    problems = []
    for i, (old, new) in enumerate(zip(stored.cells, fresh.cells)):
        if new.cell_type != "code":
            continue
        for out in new.outputs:
            if out.output_type == "error":
                problems.append(f"cell {i}: error output {out.ename}: {out.evalue}")
        missing = set(images(old)) - set(images(new))
        if missing:
            problems.append(f"cell {i}: stored output has {sorted(missing)}, fresh run has none")
    return elapsed, problems


def main(paths):
    if not paths:
        print("no notebooks given", file=sys.stderr)
        return 2
    failed = passed = 0
    with tempfile.TemporaryDirectory(prefix="hessnote-nb-") as tmp:
        isolate(tmp)
        for path in paths:
            try:
                elapsed, problems = check(path)
            except Exception as e:  # a cell error raises CellExecutionError
                elapsed, problems = 0.0, [f"{type(e).__name__}: {e}"]
            if problems:
                failed += 1
                print(f"FAIL {path}")
                for p in problems:
                    print("   ", p)
            else:
                passed += 1
                print(f"ok   {path} ({elapsed:.1f}s)")
    print(f"notebooks: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
