"""Execute a notebook top to bottom with nbclient and (optionally) write the outputs back.

    .venv/bin/python tools/run_notebook.py notebooks/walkthrough.ipynb [--inplace] [--output OUT.ipynb]

The kernel is "python3" of the interpreter running this script: run it with the project's
.venv/bin/python and the notebook sees the project's packages. (jupyter_client replaces a kernel
spec's "python" with sys.executable, and inside a venv the venv's kernel specs come first; if
the venv has no "python3" spec it is installed with `python -m ipykernel install --sys-prefix`.)
Each cell may take up to 600 s; the working directory is the notebook's folder. The kernel
inherits this process's environment, so e.g. YJS_WAREHOUSE reaches the notebook.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL_NAME = "python3"
CELL_TIMEOUT = 600  # seconds per cell


def ensure_kernel(name: str = KERNEL_NAME) -> str:
    """The resource folder of kernel spec ``name``, installing it into sys.prefix if it is missing."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")  # the venv's specs before a user's
    try:
        return KernelSpecManager().get_kernel_spec(name).resource_dir
    except NoSuchKernel:
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", name],
                       check=True, stdout=subprocess.DEVNULL)
        return KernelSpecManager().get_kernel_spec(name).resource_dir


def run_notebook(path: str | Path, *, inplace: bool = False, output: str | Path | None = None,
                 timeout: int = CELL_TIMEOUT, kernel_name: str = KERNEL_NAME) -> nbformat.NotebookNode:
    """Execute the notebook at ``path`` in its own folder and return it with outputs.

    Raises nbclient's CellExecutionError when a cell fails. With ``inplace`` the executed notebook
    replaces ``path``; with ``output`` it is written there instead (the source stays as it was)."""
    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:  # no timing metadata: a re-run changes only what the outputs change
        cell.metadata.pop("execution", None)
    ensure_kernel(kernel_name)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nb.metadata.setdefault("kernelspec", {}).update(
        {"name": kernel_name, "display_name": "Python 3 (ipykernel)", "language": "python"})
    target = path if inplace else (Path(output) if output else None)
    if target is not None:
        nbformat.write(nb, target)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--inplace", action="store_true", help="write the outputs back into the notebook")
    parser.add_argument("--output", type=Path, help="write the executed notebook to this file instead")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell (default 600)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    nb = run_notebook(args.notebook, inplace=args.inplace, output=args.output, timeout=args.timeout)
    cells = sum(1 for c in nb.cells if c.cell_type == "code")
    written = args.notebook if args.inplace else args.output
    print(f"executed {cells} code cells of {args.notebook} in {time.perf_counter() - started:.1f}s"
          + (f"; wrote {written}" if written else " (not written: use --inplace or --output)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
