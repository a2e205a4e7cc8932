"""The lesson as notebooks: run them all, export them to HTML, and the small helpers their cells use.

The notebooks are jupytext "percent" files (`01_the_neuron.py`, ...): plain Python whose `# %%`
lines mark the cells, so a diff of a notebook reads like a diff of code. They live in the
repository's `tutorials/` folder, and an installed wheel carries a copy (`course_files.tutorials_dir()`).
JupyterLab opens them as notebooks on double-click once jupytext's default-viewer setting is in the
environment (`bash quickstart.sh setup` in a clone, `autograd-mini tutorials --copy DIR` elsewhere)::

    autograd-mini tutorials            execute every notebook top to bottom (report time, or the failing cell)
    autograd-mini tutorials --html     ... and export each, executed, to HTML (a clone's docs/tutorials/,
                                       elsewhere ./tutorials-html/; --html-dir DIR to choose)
    autograd-mini tutorials --ipynb DIR  ... and write each, executed, as DIR/NN_name.ipynb
    autograd-mini tutorials --copy DIR   copy the notebooks into DIR to edit them (never over your edits
                                       without --force); then --dir DIR runs your copies
    autograd-mini tutorials --list     the notebooks in reading order
    autograd-mini tutorials 03 05      only the notebooks whose names contain 03 or 05

Executing uses jupytext (read the .py), nbformat, nbclient and a kernel of *this* Python
interpreter (so the notebooks import this autograd_mini), and nbconvert for HTML. They come with
the `tutorials` extra and are imported only when needed. Nothing is written into the installed
package: a notebook of the wheel runs in the current folder, and every output goes there or to DIR.

The HTML export drops the *inputs* of cells tagged `checkers` (their code would give the
answers away); the cells still run, so the exercises' check cells work in the page.

For the notebooks' own cells: `show_scene(name)` shows a scene's still and video (or says how
to render them), and `right` / `wrong` / `not_answered` / `is_placeholder` give every exercise
checker the same voice. A checker's verdict prints its reason and shows nothing else (no
stray `Out: True`); it is truthy when the answer is right.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import html
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from . import course_files

__all__ = [
    "ROOT", "TUTORIALS_DIR", "HTML_DIR", "INSTALL_HINT", "TutorialError", "NotebookFailed", "RunResult",
    "find_notebooks", "read_notebook", "notebook_title", "execute_notebook", "export_html", "write_index",
    "write_ipynb", "run", "build_parser", "main", "show_scene", "scene_files", "is_placeholder", "right", "wrong", "not_answered",
    "Verdict", "CHECKERS_TAG", "reading_minutes", "show_row", "row_html", "set_default_viewer", "DEFAULT_VIEWER", "as_number", "as_choice", "as_choices", "accepted_words", "decision",
    "copy_tutorials", "COPY_MANIFEST", "VIDEO_BASE_VARIABLE", "scene_video_html", "command_folder",
]

ROOT = course_files.PACKAGE_DIR.parent  # the repository in a clone (in a wheel: site-packages, never written)
TUTORIALS_DIR = course_files.tutorials_dir()  # the clone's tutorials/, or the copy the wheel carries
IMAGES_DIR = course_files.images_dir()
# Outputs: a clone's own folders; outside a clone, relative paths, i.e. the current folder when written.
HTML_DIR = ROOT / "docs" / "tutorials" if course_files.in_clone() else Path("tutorials-html")
MEDIA_DIR = ROOT / "media" if course_files.in_clone() else Path("media")
COPY_MANIFEST = ".autograd-mini-copy.json"  # in a --copy folder: what was copied, to tell the learner's edits apart
COPY_EXTRAS = ("README.md", "jupytext.toml")  # copied with the notebooks: the reading order, jupytext's settings
VIDEO_BASE_VARIABLE = "AUTOGRAD_MINI_VIDEO_BASE"  # a URL prefix: show_scene links the videos there (the site)
INSTALL_HINT = "pip install 'autograd_mini[tutorials]'"
NOTEBOOK_PATTERN = re.compile(r"^\d\d_[A-Za-z0-9_]+\.py$")
DEFAULT_TIMEOUT = 60.0  # seconds per notebook (the tests hold every notebook to this)
EMBED_VIDEO_LIMIT = 4_000_000  # bytes: smaller videos are embedded in the notebook (and its HTML)
# Pages fit any width: pictures (the graphs' SVGs too) scale down to the cell, and printed text
# wraps at spaces instead of cutting words ("bo / undary"), as the lab template's break-all would.
PAGE_CSS = (
    ".jp-OutputArea-output img, .jp-OutputArea-output svg { max-width: 100%; height: auto; }\n"
    ".jp-OutputArea-output pre { white-space: pre-wrap; word-break: normal; overflow-wrap: break-word; }\n"
    ".jp-Cell { max-width: 100%; }\n"
)
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
CHECKERS_TAG = "checkers"  # the tag of the cell that defines a notebook's checkers; its input is never exported


class TutorialError(Exception):
    """Something the learner can fix (a missing extra, no notebooks here); printed without a traceback."""


class NotebookFailed(TutorialError):
    """A cell of a notebook raised an error (or ran too long); says which notebook, which cell, what error."""

    def __init__(self, path: Path, cell_number: int | None, source: str, error: str) -> None:
        self.path, self.cell_number, self.source, self.error = Path(path), cell_number, source, error
        where = f"cell {cell_number}" if cell_number is not None else "before any cell ran"
        lines = [f"{_shown(self.path)} failed at {where}: {error}"]
        if source:
            head = source.strip().splitlines()
            lines.append("  the cell begins:")
            lines += [f"    {line}" for line in head[:4]]
            if len(head) > 4:
                lines.append("    ...")
        super().__init__("\n".join(lines))


@dataclass
class RunResult:
    """One executed notebook: its path, the executed nbformat notebook, and how long it took."""

    path: Path
    notebook: Any
    seconds: float


# ------------------------------------------------------------------------------- finding
def _shown(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def find_notebooks(folder: "str | Path | None" = None, select: Sequence[str] = ()) -> list[Path]:
    """The notebooks (NN_name.py) of `folder` in reading order; `select` keeps those whose name contains one of them."""
    folder = Path(folder) if folder is not None else TUTORIALS_DIR
    if not folder.is_dir():
        shipped = "" if folder != TUTORIALS_DIR else (
            " They ship with autograd_mini (a clone's tutorials/, a wheel's autograd_mini/course/tutorials): "
            f"reinstall it ({INSTALL_HINT})."
        )
        raise TutorialError(f"the notebooks are not here: {folder} does not exist.{shipped} Or pass --dir DIR.")
    paths = sorted(p for p in folder.iterdir() if NOTEBOOK_PATTERN.match(p.name))
    if not paths:
        raise TutorialError(f"no notebooks (files named like 01_the_neuron.py) in {folder}.")
    if select:
        chosen = [p for p in paths if any(s in p.stem for s in select)]
        if not chosen:
            raise TutorialError(
                f"no notebook matches {', '.join(map(repr, select))}; the notebooks are: "
                f"{', '.join(p.stem for p in paths)}."
            )
        paths = chosen
    return paths


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        name = (error.name or module).split(".")[0]
        raise TutorialError(
            f"running the notebooks needs {name}, which is not installed. Install the tutorials extra: {INSTALL_HINT}"
        ) from None


def read_notebook(path: "str | Path") -> Any:
    """The notebook of a jupytext percent .py file (or an .ipynb) as an nbformat NotebookNode."""
    jupytext = _require("jupytext")
    path = Path(path)
    notebook = jupytext.read(path)
    # The kernelspec that ipykernel installs in every environment: JupyterLab saves it back unchanged.
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    return notebook


DEFAULT_VIEWER = {"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"python": "Jupytext Notebook"}}}


def set_default_viewer(prefix: "str | Path | None" = None) -> "Path | None":
    """Make JupyterLab open .py notebooks as notebooks on double-click, for this environment only.

    Writes jupytext's default-viewer setting into <prefix>/share/jupyter/lab/settings/overrides.json
    (the environment's JupyterLab settings, default sys.prefix), keeping any other overrides there;
    the user's home folder is not touched. Returns the file when it changed, None when it was set.
    """
    import json

    path = Path(sys.prefix if prefix is None else prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    settings = json.loads(text) if text.strip() else {}
    (plugin, wanted), = DEFAULT_VIEWER.items()
    viewers = settings.setdefault(plugin, {}).setdefault("defaultViewers", {})
    if viewers.get("python") == wanted["defaultViewers"]["python"]:
        return None
    viewers.update(wanted["defaultViewers"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return path


def reading_minutes(notebook: Any) -> int:
    """The estimated time to read and run a notebook, in minutes rounded to 5.

    200 words of text a minute and 20 lines of code a minute (code is read slowly and run).
    Each notebook states this number under its title; a test keeps the two equal.
    """
    words = sum(len(c.source.split()) for c in notebook.cells if c.cell_type == "markdown")
    lines = sum(len(c.source.splitlines()) for c in notebook.cells if c.cell_type == "code")
    return max(5, 5 * round((words / 200 + lines / 20) / 5))


def notebook_title(notebook_or_path: Any) -> str:
    """The first '# ' heading of the notebook's first markdown cell (its title)."""
    notebook = read_notebook(notebook_or_path) if isinstance(notebook_or_path, (str, Path)) else notebook_or_path
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


# ------------------------------------------------------------------------------ executing
def _kernel_manager_class() -> type:
    """A kernel manager whose kernel is this interpreter, whatever kernelspecs are installed."""
    _require("ipykernel")
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    class ThisInterpreterKernelManager(AsyncKernelManager):
        @property
        def kernel_spec(self) -> KernelSpec:
            if self._kernel_spec is None:
                self._kernel_spec = KernelSpec(
                    argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}", "--log-level=ERROR"],
                    display_name=f"Python {sys.version_info.major}.{sys.version_info.minor} ({sys.executable})",
                    language="python",
                )
            return self._kernel_spec

    return ThisInterpreterKernelManager


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    if course_files.in_clone():  # this checkout first, so a notebook imports the autograd_mini that runs it
        env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # figures become cell outputs, even under MPLBACKEND=Agg
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets the debugger's frozen-modules warning
    return env


def _error_text(output: Any) -> str:
    return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip().rstrip(":")


def execute_notebook(path: "str | Path", timeout: float = DEFAULT_TIMEOUT, cwd: "str | Path | None" = None,
                     notebook: Any = None) -> RunResult:
    """Run every cell of a notebook top to bottom in a fresh kernel; NotebookFailed on the first error.

    timeout: seconds for the whole notebook (and so for any one cell). cwd: where the kernel runs
    (default: the notebook's folder; for a notebook of the installed package, the current folder,
    so nothing is written into site-packages). notebook: an already-read NotebookNode to run
    instead of the file's (the tests add cells this way).
    """
    nbclient = _require("nbclient")
    _require("nbformat")
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    notebook = read_notebook(path) if notebook is None else notebook
    if cwd is None:
        cwd = Path.cwd() if course_files.is_installed_course_file(path) else path.parent
    state = {"index": None}

    def on_cell_start(cell: Any, cell_index: int) -> None:
        state["index"] = cell_index

    client = nbclient.NotebookClient(
        notebook,
        timeout=int(max(1, timeout)),
        kernel_manager_class=_kernel_manager_class(),
        resources={"metadata": {"path": str(Path(cwd))}},
        on_cell_start=on_cell_start,
        record_timing=False,
    )
    start = time.perf_counter()
    try:
        client.execute(env=_kernel_env())
    except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError, TimeoutError) as error:
        raise _failure(path, notebook, state["index"], error, timeout) from None
    seconds = time.perf_counter() - start
    if seconds > timeout:
        raise NotebookFailed(path, None, "", f"it took {seconds:.1f} s, more than the {timeout:g} s allowed")
    return RunResult(path, notebook, seconds)


def _failure(path: Path, notebook: Any, index: int | None, error: Exception, timeout: float) -> NotebookFailed:
    cell = notebook.cells[index] if index is not None and index < len(notebook.cells) else None
    source = cell.source if cell is not None else ""
    number = None if index is None else index + 1
    name = type(error).__name__
    if name == "CellTimeoutError":
        return NotebookFailed(path, number, source, f"it ran longer than {timeout:g} s")
    if name == "DeadKernelError":
        return NotebookFailed(path, number, source, "the kernel died (out of memory, or a crash in a library)")
    errors = [o for o in (cell.get("outputs", []) if cell is not None else []) if o.get("output_type") == "error"]
    if errors:
        return NotebookFailed(path, number, source, _error_text(errors[-1]))
    lines = str(error).strip().splitlines()
    evalue = getattr(error, "evalue", "") or (lines[0] if lines else "")
    text = f"{getattr(error, 'ename', name)}: {evalue}"
    return NotebookFailed(path, number, source, text.strip().rstrip(":"))


# ------------------------------------------------------------------------------ exporting
def export_html(result: RunResult, out_dir: "str | Path" = HTML_DIR) -> Path:
    """Write an executed notebook to out_dir/<name>.html with its figures embedded; returns the file."""
    _require("nbconvert")
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab", embed_images=True)
    # The checkers' code holds the answers: the page keeps the cell's place, never its input.
    exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={CHECKERS_TAG}), enabled=True)
    title = notebook_title(result.notebook) or result.path.stem
    body, _ = exporter.from_notebook_node(
        result.notebook, resources={"metadata": {"name": title, "path": str(result.path.parent)}}
    )
    body = body.replace("</head>", f"<style>{PAGE_CSS}</style>\n</head>", 1)
    # Links between notebooks (prev / next) point at the pages, not at the .py files.
    body = re.sub(r'href="(\d\d_[A-Za-z0-9_]+)\.py"', r'href="\1.html"', body)
    body = body.replace('href="README.md"', 'href="index.html"')
    target = out_dir / f"{result.path.stem}.html"
    _write_whole(target, lambda path: path.write_text(body, encoding="utf-8"))
    return target


def write_index(results: Sequence[RunResult], out_dir: "str | Path" = HTML_DIR) -> Path:
    """docs/tutorials/index.html: the exported notebooks in reading order."""
    out_dir = Path(out_dir)
    items = "\n".join(
        f'    <li><a href="{html.escape(r.path.stem)}.html">{html.escape(notebook_title(r.notebook) or r.path.stem)}</a></li>'
        for r in results
    )
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>autograd_mini: the lesson"
        "</title>\n<style>body{font-family:sans-serif;max-width:44em;margin:3em auto;line-height:1.6;color:#1f2937}"
        "a{color:#ea580c}</style></head>\n<body>\n<h1>Neural network basics, with autograd_mini</h1>\n"
        "<p>The lesson's notebooks, executed, in reading order. Every number and figure was computed by "
        "autograd_mini when these pages were made (<code>autograd-mini tutorials --html</code>).</p>\n"
        f"<ol>\n{items}\n</ol>\n</body>\n</html>\n"
    )
    target = out_dir / "index.html"
    _write_whole(target, lambda path: path.write_text(page, encoding="utf-8"))
    return target


def write_ipynb(result: RunResult, out_dir: "str | Path") -> Path:
    """Write an executed notebook as a clean .ipynb (for Colab, VS Code, or Jupyter without jupytext).

    Clean: valid nbformat, the standard kernelspec, and no jupytext metadata (the copy stands
    alone, it is not paired with the .py); the checkers cell keeps its tag and stays collapsed.
    """
    import copy

    nbformat = _require("nbformat")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    notebook = copy.deepcopy(result.notebook)
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    nbformat.validate(notebook)
    target = out_dir / f"{result.path.stem}.ipynb"
    _write_whole(target, lambda path: nbformat.write(notebook, str(path)))
    return target


def _write_whole(target: Path, write: Callable[[Path], Any]) -> None:
    """write(path) into a temporary file beside target, then rename it: a page is never half-written."""
    from .cli import atomic_path

    with atomic_path(target) as temporary:
        write(temporary)


# ------------------------------------------------------------------------------ command line
def run(paths: Sequence[Path], timeout: float = DEFAULT_TIMEOUT, html_dir: "Path | None" = None,
        ipynb_dir: "Path | None" = None, log: Any = print) -> tuple[list[RunResult], list[NotebookFailed]]:
    """Execute the notebooks in order, exporting each one that ran when asked; returns (results, failures).

    A failing notebook does not stop the others: its NotebookFailed is collected and reported.
    """
    results: list[RunResult] = []
    failures: list[NotebookFailed] = []
    for path in paths:
        try:
            result = execute_notebook(path, timeout)
        except NotebookFailed as failure:
            failures.append(failure)
            if log:
                where = f"cell {failure.cell_number}" if failure.cell_number is not None else "the time limit"
                log(f"{path.stem:36s} FAILED at {where}")
            continue
        results.append(result)
        written = []
        if html_dir is not None:
            written.append(export_html(result, html_dir))
        if ipynb_dir is not None:
            written.append(write_ipynb(result, ipynb_dir))
        if log:
            extra = "".join(f"  -> {_shown(w)}" for w in written)
            log(f"{path.stem:36s} {result.seconds:5.1f} s  ok{extra}")
    return results, failures


def _open_hint(folder: str) -> str:
    """How to open the notebooks of `folder` in JupyterLab, in this context (a clone or an installed wheel)."""
    if course_files.in_clone():
        return (f"after `bash quickstart.sh setup`, `jupyter lab {folder}` opens a .py notebook as a notebook on "
                f"double-click (jupytext's default-viewer setting in the venv)")
    return (f"`jupyter lab {folder}` after `autograd-mini tutorials --copy {folder}` (which also sets jupytext's "
            f"default viewer in this environment, so a .py notebook opens as a notebook on double-click)")


def build_parser() -> argparse.ArgumentParser:
    """The `autograd-mini tutorials` argument parser: notebook names, --html, --ipynb, --copy, --list, --timeout."""
    from .cli import OneLineParser  # a bad flag is one line, as in every autograd-mini command

    p = OneLineParser(
        prog="autograd-mini tutorials",
        description="Execute the lesson's notebooks (NN_name.py, jupytext percent format) top to "
        "bottom with this Python, export them, executed, to HTML, or copy them into a folder to edit them.",
        epilog=f"Open them in JupyterLab: {_open_hint('tutorials/' if course_files.in_clone() else 'lesson')}; "
        "elsewhere, right-click > Open With > Jupytext Notebook, or use --ipynb DIR for .ipynb copies. "
        "Exit codes: 0 all ran, 1 a notebook failed, 2 bad arguments, a missing extra, or a copy refused.",
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="run only notebooks whose name contains NAME (e.g. 03)")
    p.add_argument("--html", action="store_true", help=f"export each executed notebook to HTML in {_shown(HTML_DIR)}/")
    p.add_argument("--html-dir", default=None, metavar="DIR", help=f"where --html writes (default: {_shown(HTML_DIR)})")
    p.add_argument("--ipynb", default=None, metavar="DIR", help="also write each executed notebook as DIR/NN_name.ipynb")
    p.add_argument("--copy", default=None, metavar="DIR",
                   help="copy the notebooks (and README.md, jupytext.toml) into DIR to edit them, and exit; a file you "
                   "edited there is never replaced without --force")
    p.add_argument("--force", action="store_true", help="with --copy: replace files in DIR even if you edited them")
    p.add_argument("--list", action="store_true", help="list the notebooks in reading order and exit")
    p.add_argument("--dir", default=None,
                   help="the folder of notebooks, e.g. one made by --copy (default: "
                   f"{_shown(TUTORIALS_DIR) if course_files.in_clone() else 'the lesson installed with autograd_mini'})")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds allowed per notebook (default: 60)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """`autograd-mini tutorials [NAME ...] [--html] [--list]`; returns the exit status."""
    args = build_parser().parse_args(argv)
    prog = "autograd-mini tutorials"
    try:
        if args.force and args.copy is None:
            raise TutorialError("--force goes with --copy DIR (it allows replacing files you edited there)")
        paths = find_notebooks(args.dir, args.names)
        if args.copy is not None:
            copy_tutorials(args.copy, paths, force=args.force)
            _copied(args.copy)
            return 0
        if args.list:
            for path in paths:
                print(f"{path.stem:36s} {notebook_title(path) if _has('jupytext') else ''}".rstrip())
            return 0
        html_dir = Path(args.html_dir) if args.html_dir else (HTML_DIR if args.html else None)
        print(f"executing {len(paths)} notebook(s) with {sys.executable} ...")
        start = time.perf_counter()
        results, failures = run(paths, args.timeout, html_dir, Path(args.ipynb) if args.ipynb else None)
        if html_dir is not None and len(results) > 1:
            print(f"index: {_shown(write_index(results, html_dir))}")
        seconds = time.perf_counter() - start
        if failures:
            for failure in failures:
                print(f"{prog}: {failure}", file=sys.stderr)
            print(f"{len(failures)} of {len(paths)} notebook(s) failed ({seconds:.1f} s)", file=sys.stderr)
            return 1
        print(f"all {len(results)} notebook(s) ran without errors in {seconds:.1f} s")
        return 0
    except TutorialError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


# ------------------------------------------------------------------------------ copying
def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(folder: Path) -> dict[str, str]:
    """name -> sha256 of the file as an earlier --copy wrote it (empty when there was none, or it is unreadable)."""
    try:
        recorded = json.loads((folder / COPY_MANIFEST).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {str(k): str(v) for k, v in recorded.items()} if isinstance(recorded, dict) else {}


def copy_tutorials(destination: "str | Path", notebooks: "Sequence[Path] | None" = None, *, force: bool = False,
                   log: Any = print) -> list[Path]:
    """Copy notebooks (default: all of the lesson) with README.md and jupytext.toml into `destination`.

    A file already there is replaced only when it is what an earlier copy wrote (the manifest
    COPY_MANIFEST keeps each copied file's hash), or with force=True: a learner's edits are
    never lost. Either every file is copied or none (TutorialError, nothing written). Returns the
    files written (unchanged files are skipped).
    """
    destination = Path(destination)
    if destination.exists() and not destination.is_dir():
        raise TutorialError(f"--copy {destination}: that is a file, not a folder; give a folder to copy into")
    notebooks = list(notebooks) if notebooks is not None else find_notebooks()
    sources = notebooks + [p for p in (notebooks[0].parent / n for n in COPY_EXTRAS) if p.is_file()] if notebooks else []
    recorded = _read_manifest(destination)
    wanted: dict[str, bytes] = {source.name: source.read_bytes() for source in sources}
    to_write, edited = {}, []
    for name, data in wanted.items():
        target = destination / name
        if not target.exists():
            to_write[name] = data
            continue
        if not target.is_file():
            raise TutorialError(f"--copy {destination}: {target} is a folder; move it away, or copy into another folder")
        current = target.read_bytes()
        if current == data:
            continue
        if force or recorded.get(name) == _digest(current):
            to_write[name] = data  # not edited since the last copy (a newer version replaces it), or --force
        else:
            edited.append(name)
    if edited:
        raise TutorialError(
            f"--copy {destination}: {', '.join(edited)} {'has' if len(edited) == 1 else 'have'} your edits (neither "
            f"the lesson's file nor the copy made earlier), so nothing was copied and your work is kept. Copy into a "
            f"new folder (autograd-mini tutorials --copy OTHER_DIR), or replace {'it' if len(edited) == 1 else 'them'} "
            f"with --force."
        )
    from .cli import atomic_path

    manifest = {"files": {**recorded, **{name: _digest(data) for name, data in wanted.items()}}}
    files = {**to_write, COPY_MANIFEST: (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8")}
    # All or nothing: every file goes to a temporary name first; the renames happen only when all are written.
    with contextlib.ExitStack() as stack:
        for name, data in files.items():
            stack.enter_context(atomic_path(destination / name)).write_bytes(data)
    if log:
        kept = len(wanted) - len(to_write)
        log(f"copied {len(to_write)} file(s) into {_shown(destination)}/" + (f" ({kept} already up to date)" if kept else ""))
    return [destination / name for name in to_write]


def _copied(destination: str) -> None:
    """After --copy: make .py notebooks open as notebooks in this environment's JupyterLab; say how to use the copy."""
    try:
        setting = set_default_viewer()
    except OSError as error:  # an environment we may not write to: the right-click still works
        print(f"(JupyterLab's default viewer is not set: {error}; right-click a notebook > Open With > Jupytext Notebook)")
    else:
        if setting is not None:
            print(f"JupyterLab: a .py notebook now opens as a notebook on double-click (set in {setting})")
    print(f"open them:  jupyter lab {destination}\nrun one:    autograd-mini tutorials --dir {destination} 01")


# ------------------------------------------------------------------ helpers for notebook cells
def command_folder() -> Path:
    """Where a command a notebook prints should be run: the repository in a clone, else the current folder.

    `autograd-mini render` writes ./media there, which is where show_scene looks for the videos.
    """
    return ROOT if course_files.in_clone() else Path.cwd()


def scene_files(name: str) -> tuple[Path, Path | None]:
    """(the still docs/images/scene_<name>.png, the best rendered video of the scene or None).

    The videos are looked for in MEDIA_DIR: a clone's media/, elsewhere ./media (where
    `autograd-mini render`, run in the current folder, writes them).
    """
    from .render import QUALITIES, SCENES, video_path

    if name not in SCENES:
        raise ValueError(f"unknown scene {name!r}; the scenes are: {', '.join(SCENES)}.")
    still = IMAGES_DIR / f"scene_{name}.png"
    videos = [video_path(name, q, MEDIA_DIR) for q in reversed(list(QUALITIES))]  # high quality first
    return still, next((v for v in videos if v.is_file()), None)


def scene_video_html(name: str, base: str) -> str:
    """A <video> of scene `name` served at `base` (a URL prefix) with its English subtitles, for the site."""
    prefix = html.escape(base.rstrip("/") + "/" + name, quote=True)
    return (f'<video controls preload="metadata" src="{prefix}.mp4"><track kind="subtitles" srclang="en" '
            f'label="English" src="{prefix}.vtt" default></video>')


def show_scene(name: str, *, video: bool = True, width: int = 640) -> None:
    """Show a manim scene of the lesson in a notebook: its still, and its video when it was rendered.

    video=False shows only the still (the video stands in when there is no still yet). Videos up
    to EMBED_VIDEO_LIMIT bytes are embedded, so they also play in the exported HTML. Nothing
    rendered yet is not an error: a note says how to render it, with a command that works here.
    When AUTOGRAD_MINI_VIDEO_BASE is set (a URL prefix, as the site's build sets it), the video is a
    link to <base>/<name>.mp4 with its subtitles <base>/<name>.vtt instead, rendered or not here.
    """
    from IPython.display import HTML, Image, display

    still, movie = scene_files(name)
    has_still = still.is_file()
    if has_still:
        display(Image(filename=str(still), width=width))
    base = os.environ.get(VIDEO_BASE_VARIABLE)
    if base and (video or not has_still):
        display(HTML(scene_video_html(name, base)))
        return
    if movie is not None and (video or not has_still):
        if movie.stat().st_size <= EMBED_VIDEO_LIMIT:
            data = base64.b64encode(movie.read_bytes()).decode("ascii")
            display(HTML(f'<video controls width="{width}" src="data:video/mp4;base64,{data}"></video>'))
        else:
            display(HTML(f"<p>Video: <code>{html.escape(_shown(movie))}</code> (open it in a video player)</p>"))
    where = f"in a terminal in {command_folder()}"
    if not has_still and movie is None:
        still_command = (f", `python tools/make_scene_stills.py {name}` its still in docs/images/"
                         if course_files.in_clone() else "")
        print(f"(The scene '{name}' is not rendered yet: `autograd-mini render {name}` ({where}) makes its video in "
              f"media/videos/{still_command}. Run this cell again afterwards.)")
    elif video and movie is None:
        print(f"(The video of '{name}' is not rendered yet: run `autograd-mini render {name}` {where}, "
              f"then run this cell again.)")


def row_html(figures: Sequence[Any], width: int = 370) -> str:
    """HTML that shows matplotlib figures side by side and wraps them onto new rows on a narrow page."""
    from .viz.layout import row_html as layout_row_html

    return layout_row_html(figures, width)


def show_row(figures: Sequence[Any], width: int = 370) -> None:
    """Show figures (one panel each) in a row that wraps on a narrow page, then close them (see viz.layout)."""
    from .viz.layout import show_row as layout_show_row

    layout_show_row(figures, width)


def is_placeholder(answer: Any) -> bool:
    """True for the exercise cells' placeholder `...` (and None): the learner has not answered yet."""
    return answer is Ellipsis or answer is None


class Verdict:
    """A checker's verdict: printed once when made, truthy when right, equal to True or False.

    In a notebook a check cell's last expression is this object; it displays nothing, so the
    cell shows the printed reason and no `Out: True` under it.
    """

    def __init__(self, passed: bool, message: str) -> None:
        self.passed, self.message = bool(passed), message

    def __bool__(self) -> bool:
        return self.passed

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Verdict):
            return self.passed == other.passed
        return isinstance(other, bool) and self.passed == other

    def __hash__(self) -> int:
        return hash(self.passed)

    def __repr__(self) -> str:
        return f"Verdict({self.passed}, {self.message!r})"

    def _ipython_display_(self) -> None:
        """Show nothing: the reason was printed when the verdict was made."""


def right(why: str) -> Verdict:
    """Print a checker's 'right' verdict with its reason; returns a true Verdict."""
    message = f"Right! {why}"
    print(message)
    return Verdict(True, message)


def wrong(why: str) -> Verdict:
    """Print a checker's 'not yet' verdict, why, and what is right; returns a false Verdict."""
    message = f"Not quite. {why}"
    print(message)
    return Verdict(False, message)


def decision(model: Any, X: Any, y: Any) -> str:
    """'100% right', or 'no decision (p ≈ 0.50 everywhere)' when the model hedges at 0.5 on every input.

    An accuracy of a model that says 0.5 everywhere only counts how ties are broken, so the
    notebooks and checkers report such a model as making no decision at all.
    """
    import numpy as np

    from .train import accuracy, predict_proba

    if np.all(np.abs(np.asarray(predict_proba(model, X)) - 0.5) < 0.01):
        return "no decision (p ≈ 0.50 everywhere)"
    return f"{accuracy(model, X, y):.0%} right"


def as_number(answer: Any) -> "float | None":
    """The learner's answer as a finite float ('125', ' 0.65 ', 125 and 125.0 alike), or None if it is not one."""
    if isinstance(answer, bool):
        return None
    try:
        value = float(answer.strip() if isinstance(answer, str) else answer)
    except (TypeError, ValueError):
        return None
    return value if value == value and abs(value) != float("inf") else None


def _word(text: str) -> str:
    return " ".join(str(text).strip().strip("'\".!?").lower().split())


def as_choice(answer: Any, accepted: "dict[str, Sequence[str]]") -> "str | None":
    """The canonical word the learner meant ('Smaller' -> 'lower'), or None when it is none of `accepted`.

    accepted: canonical word -> other words that mean it, e.g. {'lower': ('smaller', 'less')}.
    """
    if not isinstance(answer, str):
        return None
    word = _word(answer)
    for canonical, synonyms in accepted.items():
        if word == canonical or word in (_word(s) for s in synonyms):
            return canonical
    return None


def accepted_words(accepted: "dict[str, Sequence[str]]") -> str:
    """'lower' (or 'smaller', 'less'), 'higher' (or ...): what a checker accepts, for its replies."""
    parts = []
    for canonical, synonyms in accepted.items():
        parts.append(f"'{canonical}'" + (f" (or {', '.join(repr(s) for s in synonyms)})" if synonyms else ""))
    return ", ".join(parts)


def as_choices(answer: Any, accepted: "dict[str, Sequence[str]]") -> "tuple[set[str], list[str]] | None":
    """A set of choices from a set/list/tuple of words or one string ('and, or'); (chosen, not understood).

    None when the answer is not words at all (a number, a dict).
    """
    if isinstance(answer, str):
        items = [part for part in answer.replace(";", ",").replace(" ", ",").split(",") if part.strip()]
    elif isinstance(answer, (set, frozenset, list, tuple)):
        items = list(answer)
    else:
        return None
    chosen, unknown = set(), []
    for item in items:
        word = as_choice(item, accepted)
        if word is None:
            unknown.append(repr(item))
        else:
            chosen.add(word)
    return chosen, unknown


def not_answered(how: str) -> None:
    """Print that the exercise has no answer yet (the placeholder `...` is still there); returns None."""
    print(f"Not answered yet: {how}")
    return None
