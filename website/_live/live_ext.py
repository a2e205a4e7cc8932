"""Sphinx extension: the Part 2 playground and the knowledge check, live in the page, on Pyodide.

What it does during an HTML build:

1. ``builder-inited``: makes sure the pinned Pyodide core runtime (``package.json`` and
   ``package-lock.json`` beside this file) is in ``build/pyodide-cache/``, fetching it once with
   ``npm ci``; once cached the build runs offline.
2. ``html-page-context``: on the Part 2 page and the knowledge-check page, puts the live widget
   above the static pictures (right after the section heading of the widget, or after the
   page title), with the lesson's 40 points embedded as JSON, and adds ``live.js``/``live.css``.
   It also boots that runtime once under Node.js (``make_snapshot.mjs``) and caches its memory
   as a snapshot beside it: a page that restores the snapshot skips Python's start-up, which is
   most of a cold start (about 5.8 s without it, 2.1 s with it, on the 2-core test machine).
3. ``build-finished``: copies the runtime files (and the snapshot) into ``_static/pyodide/`` and the real engine
   (``autograd_mini/engine/value.py`` as it is), ``quiz.py`` and the two ``live_*.py`` modules
   into ``_static/live/``; the page's JavaScript loads them into Pyodide and only draws.

The pages keep working without it: if the runtime cannot load, the widget says so and the
static pictures below it stay.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
# The site build (autograd_mini/site.py) runs Sphinx on a staged copy of website/ and says
# where the repository is; run from website/ itself, it is the folder above.
REPOSITORY = Path(os.environ.get("AUTOGRAD_MINI_SITE_ROOT", HERE.parents[1]))
PACKAGE = REPOSITORY / "autograd_mini"
DEFAULT_CACHE = REPOSITORY / "build" / "pyodide-cache"

# Only the core runtime: the loader, the WebAssembly module and its glue, the standard library.
RUNTIME_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.mjs", "pyodide.asm.wasm",
                 "python_stdlib.zip", "pyodide-lock.json")
REQUIRED_RUNTIME_FILES = ("pyodide.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
SNAPSHOT_MAKER = "make_snapshot.mjs"
SNAPSHOT_NAME = "snapshot.bin"  # the booted runtime's memory, restored by live.js

# Files of the package that run in the page, copied unchanged (path inside autograd_mini/).
PYTHON_FILES = ("engine/value.py", "quiz.py", "live_playground.py", "live_quiz.py")
# The browser gets a package skeleton instead of the real __init__ files, which import numpy.
SKELETON_INIT = '"""autograd_mini in the browser: only the pure-Python modules the live pages use."""\n'

PLAYGROUND_SECTION = "the-playground"  # the id of the section whose widget becomes live
QUIZ_SECTION = "the-quiz-as-a-widget"

__all__ = ["setup", "pinned_version", "ensure_runtime", "ensure_snapshot", "copy_assets", "playground_html", "quiz_html",
           "inject"]


def pinned_version() -> str:
    """The exact Pyodide version in package.json (a range would not be a pin, so it is refused)."""
    version = json.loads((HERE / "package.json").read_text())["dependencies"]["pyodide"]
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ExtensionError(f"website/_live/package.json must pin pyodide to one exact version, not {version!r}.")
    return version


def _runtime_dir(cache: Path) -> Path:
    return cache / "node_modules" / "pyodide"


def _cached_version(cache: Path) -> str | None:
    try:
        return json.loads((_runtime_dir(cache) / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def ensure_runtime(cache: Path = DEFAULT_CACHE) -> Path:
    """The folder of the pinned Pyodide runtime, fetched with `npm ci` into `cache` unless already there."""
    version = pinned_version()
    runtime = _runtime_dir(cache)
    if _cached_version(cache) == version and all((runtime / name).is_file() for name in REQUIRED_RUNTIME_FILES):
        return runtime  # cached: no network needed
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(HERE / name, cache / name)
    command = ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"]
    try:
        done = subprocess.run(command, cwd=cache, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ExtensionError(
            f"The live pages need the Pyodide runtime {version}, fetched once with `{' '.join(command)}` "
            f"in {cache}, and that could not run ({error}). Install Node.js and npm, or copy a cached "
            f"build/pyodide-cache/ from another clone."
        ) from None
    if done.returncode != 0 or _cached_version(cache) != version:
        last = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise ExtensionError(
            f"Fetching the Pyodide runtime {version} with `{' '.join(command)}` in {cache} failed "
            f"(exit {done.returncode}): {' / '.join(last) or 'no message'}. It needs the npm registry "
            f"once; after that the site builds offline."
        )
    return runtime


def ensure_snapshot(runtime: Path, cache: Path = DEFAULT_CACHE) -> tuple[Path | None, str]:
    """The cached start-up snapshot of `runtime` (made with Node.js once), or None and the reason there is none."""
    snapshot = cache / f"snapshot-{pinned_version()}.bin"
    if snapshot.is_file() and snapshot.stat().st_size > 0:
        return snapshot, ""
    command = ["node", str(HERE / SNAPSHOT_MAKER), str(runtime), str(snapshot)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"`node` could not run ({error})"
    if done.returncode != 0 or not snapshot.is_file():
        last = (done.stderr or done.stdout).strip().splitlines()[-2:]
        return None, f"`{' '.join(command)}` failed (exit {done.returncode}): {' / '.join(last) or 'no message'}"
    return snapshot, ""


def copy_assets(static_dir: Path, runtime: Path, snapshot: Path | None = None) -> list[Path]:
    """Copy the runtime (and its snapshot) into static_dir/pyodide/ and the page's code into static_dir/live/; returns the files."""
    written: list[Path] = []
    target = static_dir / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        if (runtime / name).is_file():
            shutil.copyfile(runtime / name, target / name)
            written.append(target / name)
    (target / SNAPSHOT_NAME).unlink(missing_ok=True)
    if snapshot is not None:
        shutil.copyfile(snapshot, target / SNAPSHOT_NAME)
        written.append(target / SNAPSHOT_NAME)
    live = static_dir / "live"
    for name in ("live.js", "live.css"):
        live.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / name, live / name)
        written.append(live / name)
    package = live / "autograd_mini"
    files = {"__init__.py": SKELETON_INIT, "engine/__init__.py": SKELETON_INIT}
    for relative, text in files.items():
        (package / relative).parent.mkdir(parents=True, exist_ok=True)
        (package / relative).write_text(text)
        written.append(package / relative)
    for relative in PYTHON_FILES:
        (package / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE / relative, package / relative)
        written.append(package / relative)
    manifest = {"python_files": sorted([*files, *PYTHON_FILES]), "pyodide_version": pinned_version(),
                "snapshot": SNAPSHOT_NAME if snapshot is not None else None}
    (live / "manifest.json").write_text(json.dumps(manifest, indent=1))
    written.append(live / "manifest.json")
    return written


def _points_json() -> str:
    """The lesson's 40 points (data.make_separable()) as JSON, for the page to hand to Python."""
    from autograd_mini import data

    X, y = data.make_separable()
    return json.dumps({"X": X.tolist(), "y": y.tolist()})


def _colours() -> dict[str, str]:
    from autograd_mini.viz import theme

    return {"class_a": theme.CLASS_A, "class_b": theme.CLASS_B, "boundary": theme.BOUNDARY,
            "misclassified": theme.MISCLASSIFIED, "ink": theme.INK, "muted": theme.MUTED,
            "middle": theme.SHADE_MIDDLE}


FALLBACK = ("If it cannot start here, the pictures below show what it does; the live one also "
            "runs in Jupyter (<code>autograd-mini tutorials</code>) or as a window "
            "(<code>autograd-mini playground</code>).")


def playground_html() -> str:
    """The playground's markup: status line, canvas, read-outs, toggle, buttons, three sliders."""
    sliders = "".join(
        f'<label class="live-slider"><span class="live-slider-name">{text}</span>'
        f'<input type="range" name="{name}" min="-6" max="6" step="0.01" value="0" '
        f'aria-label="{text}" disabled>'
        f'<output class="live-slider-value" data-for="{name}">0.00</output></label>'
        for name, text in (("w1", "weight 1 (w1)"), ("w2", "weight 2 (w2)"), ("b", "bias (b)"))
    )
    points = html.escape(_points_json(), quote=False)
    palette = _colours()
    colours = html.escape(json.dumps(palette), quote=True)
    style = ";".join(f"--live-{name.replace('_', '-')}:{value}" for name, value in palette.items())
    return (
        f'<div class="live-widget live-playground" data-live="playground" data-state="loading" '
        f'data-colours="{colours}" style="{style}">'
        '<p class="live-title"><strong>Live in your browser:</strong> the playground below runs the '
        "lesson's own scalar engine, <code>autograd_mini/engine/value.py</code>, in Python compiled to "
        "WebAssembly (Pyodide). Move the sliders, or press <em>Train this for me</em>.</p>"
        f'<p class="live-status" role="status">Starting Python in your browser… {FALLBACK}</p>'
        '<div class="live-body">'
        '<canvas class="live-plane" width="640" height="440" '
        'aria-label="The 40 points, the neuron\'s decision line and its mistakes"></canvas>'
        '<div class="live-side">'
        '<div class="live-readout" aria-live="polite">'
        '<div class="live-formula">y = σ(0.00·x1 + 0.00·x2 + 0.00)</div>'
        '<div>accuracy <b class="live-accuracy">–</b> (<span class="live-errors">–</span> wrong)</div>'
        '<div>loss <b class="live-loss">–</b></div>'
        '<div>step <span class="live-step">0</span></div></div>'
        '<label class="live-toggle"><input type="checkbox" class="live-shade" disabled> shade by probability</label>'
        '<button type="button" class="live-reset" disabled>Reset</button>'
        '<button type="button" class="live-train" disabled>Train this for me</button>'
        '<div class="live-legend"><span class="live-key-a">class A</span> '
        '<span class="live-key-b">class B</span> <span class="live-key-line">decision line</span> '
        '<span class="live-key-ring">misclassified</span></div>'
        "</div>"
        f'<div class="live-sliders">{sliders}</div>'
        "</div>"
        f'<script type="application/json" class="live-points">{points}</script>'
        "</div>"
    )


def quiz_html() -> str:
    """The knowledge check's markup: a status line and a place the questions are drawn into."""
    return (
        '<div class="live-widget live-quiz" data-live="quiz" data-state="loading">'
        '<p class="live-title"><strong>Live in your browser:</strong> answer the five questions and '
        "press <em>Check my answers</em>; the grading and every explanation come from the lesson's "
        "<code>quiz.py</code>, the same as <code>autograd-mini quiz</code>. The aim is 4 of 5.</p>"
        '<p class="live-status" role="status">Starting Python in your browser… If it cannot start '
        "here, the questions are printed below, and <code>autograd-mini quiz</code> asks them in a "
        "terminal.</p>"
        '<form class="live-questions" onsubmit="return false"></form>'
        '<div class="live-summary" aria-live="polite"></div>'
        "</div>"
    )


_SECTION_HEADING = r'<section id="{id}">\s*<h[1-6][^>]*>.*?</h[1-6]>'
_STAND_IN = r'<div[^>]*\bid="{id}"'  # the site's static stand-in of the widget output (lesson_site)


def inject(body: str, widget: str, stand_in_id: str, section_id: str) -> str:
    """The widget above the static stand-in `stand_in_id`, else after section `section_id`'s heading, else the title."""
    match = re.search(_STAND_IN.format(id=re.escape(stand_in_id)), body)
    if match:
        return body[: match.start()] + widget + body[match.start():]
    for pattern in (_SECTION_HEADING.format(id=re.escape(section_id)), r"<h1[^>]*>.*?</h1>"):
        match = re.search(pattern, body, flags=re.S)
        if match:
            return body[: match.end()] + widget + body[match.end():]
    return widget + body


def _page_kind(app: Sphinx, docname: str) -> str | None:
    if docname in app.config.live_playground_pages:
        return "playground"
    if docname in app.config.live_quiz_pages:
        return "quiz"
    return None


def _on_page_context(app: Sphinx, docname: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    kind = _page_kind(app, docname)
    if kind is None or "body" not in context:
        return
    if kind == "playground":
        context["body"] = inject(context["body"], playground_html(), "playground-stand-in", PLAYGROUND_SECTION)
    else:
        context["body"] = inject(context["body"], quiz_html(), "quiz-stand-in", QUIZ_SECTION)
    app.add_css_file("live/live.css")
    app.add_js_file("live/live.js", loading_method="defer")


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.env.live_runtime = str(ensure_runtime(Path(app.config.live_pyodide_cache)))  # type: ignore[attr-defined]


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        cache = Path(app.config.live_pyodide_cache)
        runtime = Path(getattr(app.env, "live_runtime", "") or ensure_runtime(cache))
        snapshot, why_not = ensure_snapshot(runtime, cache)
        if snapshot is None:
            logger.warning("live pages: no start-up snapshot (%s); they still work, but Python starts "
                           "from scratch in the page, about three times slower.", why_not)
        copy_assets(Path(app.outdir) / "_static", runtime, snapshot)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the live pages' events and settings with Sphinx."""
    app.add_config_value("live_playground_pages", ["tutorials/02_tune_a_neuron_by_hand"], "html")
    app.add_config_value("live_quiz_pages", ["tutorials/06_knowledge_check"], "html")
    app.add_config_value("live_pyodide_cache", str(DEFAULT_CACHE), "html")
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished)
    return {"version": pinned_version(), "parallel_read_safe": True, "parallel_write_safe": True}
