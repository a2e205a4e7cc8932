"""`autograd-mini site [--out DIR] [--open]`: the lesson as a website, built offline by one command.

Sphinx with myst-nb and the PyData theme (the `site` extra) builds it from `website/` (the home
page, the configuration and a small extension) and the notebooks in `tutorials/`, which it
executes (a jupyter-cache keeps their outputs, so a rebuild takes seconds). Before Sphinx runs,
the build stages everything into a private folder::

    website/                 the configuration, the home page, the other pages
    tutorials/NN_name.py     the notebooks, read as they are (never copied into website/)
    _static/videos/          each scene's rendered video and its subtitles (manim's .srt as .vtt),
                             and the whole lesson joined from the parts; missing videos are rendered
    _extra/notebooks/        an .ipynb per notebook whose first cell installs the package if missing

then builds into a temporary folder beside the target, checks every internal link and that no
page loads anything from outside the site, and only then renames it onto the target: a failed
build leaves the previous site as it was. Any Sphinx warning fails the build::

    build(out_dir, video_quality="low") -> Path   the function the command (and the tests) call
    check_site(folder) -> list[str]               broken internal links and external assets
"""

from __future__ import annotations

import argparse
import hashlib
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Callable, Sequence

from . import tutorials
from .course_files import in_clone

__all__ = ["SiteError", "WEBSITE_DIR", "DEFAULT_OUT", "VIDEO_DIR", "LESSON_VIDEO", "INSTALL_HINT", "build",
           "check_site", "srt_to_vtt", "download_notebook", "build_parser", "main"]

INSTALL_HINT = "pip install 'autograd_mini[site]'"
WEBSITE_DIR = tutorials.ROOT / "website"  # the site's sources (a clone's; a wheel does not carry them)
_WORK_ROOT = tutorials.ROOT if in_clone() else Path.cwd()  # never under site-packages
DEFAULT_OUT = _WORK_ROOT / "build" / "site"
DEFAULT_CACHE = _WORK_ROOT / "build" / "site-cache"
VIDEO_DIR = "_static/videos"  # where the videos lie in the site: NAME.mp4 and NAME.vtt per scene
LESSON_VIDEO = "lesson"  # the whole lesson, joined from the parts: _static/videos/lesson.mp4 and .vtt
NOTEBOOK_DIR = "notebooks"  # the .ipynb downloads, at the site's top level
STILLS = ("playground_before.png", "playground_after.png")  # the playground's stand-in pictures
SPHINX_MODULES = {"sphinx": "sphinx", "myst_nb": "myst-nb", "pydata_sphinx_theme": "pydata-sphinx-theme"}
INSTALL_CELL = (
    "# Run this cell first: it installs autograd_mini when this Python does not have it yet\n"
    "# (Colab, a fresh Jupyter). Where it is installed, it does nothing.\n"
    "try:\n"
    "    import autograd_mini\n"
    "except ImportError:\n"
    "    %pip install 'autograd_mini[tutorials]'"
)
_LINK_ATTRIBUTES = ("href", "src", "poster", "data")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


class SiteError(Exception):
    """The site cannot be built, or was built broken; the message says what to do. Nothing was replaced."""


# ------------------------------------------------------------------------------ checks
def _check_dependencies() -> None:
    import importlib.util

    missing = [package for module, package in SPHINX_MODULES.items() if importlib.util.find_spec(module) is None]
    if missing:
        raise SiteError(f"building the site needs {', '.join(missing)}, which is not installed: {INSTALL_HINT}")


def _check_out_dir(out: Path) -> Path:
    """The target folder, refused when replacing it would lose something that is not a built site."""
    from .cli import UsageError, check_output_dir

    try:
        check_output_dir(out, "--out")
    except UsageError as error:
        raise SiteError(str(error)) from None
    out = out.absolute()
    root = tutorials.ROOT.resolve()
    resolved = out.resolve()
    if resolved == root or resolved in root.parents:
        raise SiteError(f"--out {out}: the build replaces that folder as a whole; give a folder of its own, "
                        f"such as build/site")
    sources = (WEBSITE_DIR.resolve(), tutorials.TUTORIALS_DIR.resolve())
    if any(folder in (resolved, *resolved.parents) for folder in sources):
        raise SiteError(f"--out {out}: that is inside the site's sources; give a folder outside website/ and tutorials/")
    if out.is_dir() and any(out.iterdir()) and not (out / ".buildinfo").is_file():
        raise SiteError(f"--out {out}: that folder holds files that are not a site built by this command, and the "
                        f"build replaces the folder as a whole; give an empty or new folder")
    return out


# ------------------------------------------------------------------------------ videos
def srt_to_vtt(srt: str, offset: float = 0.0) -> str:
    """manim's SubRip subtitles as WebVTT cues (what a <track> reads), each shifted by `offset` seconds."""

    def shifted(match: "re.Match[str]") -> str:
        h, m, s, ms = (int(g) for g in match.groups())
        total = round((h * 3600 + m * 60 + s) * 1000 + ms + offset * 1000)
        h, rest = divmod(total, 3_600_000)
        m, rest = divmod(rest, 60_000)
        s, ms = divmod(rest, 1000)
        return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"

    cues = []
    for block in re.split(r"\n\s*\n", srt.replace("\r\n", "\n").strip()):
        lines = block.splitlines()
        if lines and lines[0].strip().isdigit():  # SubRip's cue number: WebVTT does not need it
            lines = lines[1:]
        if not lines or "-->" not in lines[0]:
            continue
        timing = re.sub(r"(\d+):(\d\d):(\d\d)[,.](\d\d\d)", shifted, lines[0])
        cues.append("\n".join([timing, *lines[1:]]))
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _video_duration(video: Path) -> float:
    import av

    with av.open(str(video)) as container:
        return float(container.duration or 0) / 1_000_000  # the container's duration is in microseconds


def _stage_videos(static: Path, quality: str, media_dir: Path, log: Callable[[str], None]) -> list[str]:
    """Copy every scene's video and subtitles (rendering the missing ones), and join the lesson's parts."""
    from . import render

    names = list(render.ALL_SCENES)
    missing = [n for n in names if not render.video_path(n, quality, media_dir).is_file()
               or not render.video_path(n, quality, media_dir).with_suffix(".srt").is_file()]
    if missing:
        log(f"rendering {len(missing)} video(s) not rendered yet at {quality} quality: {', '.join(missing)} ...")
        try:
            render.render(missing, quality, media_dir, jobs=1, log=log)
        except render.RenderError as error:
            raise SiteError(f"a video the site shows could not be rendered: {error}") from None
    videos = static / VIDEO_DIR.split("/", 1)[1]
    videos.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = render.video_path(name, quality, media_dir)
        shutil.copyfile(source, videos / f"{name}.mp4")
        (videos / f"{name}.vtt").write_text(srt_to_vtt(source.with_suffix(".srt").read_text(encoding="utf-8")),
                                             encoding="utf-8")
    # The whole lesson: the parts' packets joined (no re-encoding), their subtitles one after another.
    parts = [render.video_path(n, quality, media_dir) for n in render.SCENES]
    render.join_lesson(parts, videos / f"{LESSON_VIDEO}.mp4", render.lesson_titles(list(render.SCENES)))
    cues, offset = [], 0.0
    for part in parts:
        vtt = srt_to_vtt(part.with_suffix(".srt").read_text(encoding="utf-8"), offset)
        cues.append(vtt.split("\n\n", 1)[1].strip())
        offset += _video_duration(part)
    (videos / f"{LESSON_VIDEO}.vtt").write_text("WEBVTT\n\n" + "\n\n".join(c for c in cues if c) + "\n",
                                                 encoding="utf-8")
    return [*names, LESSON_VIDEO]


# --------------------------------------------------------------------------- notebooks
def download_notebook(path: "str | Path") -> "object":
    """The notebook of a tutorial as a learner downloads it: unexecuted, its first cell installing the package."""
    import nbformat

    notebook = tutorials.read_notebook(path)
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = dict(tutorials.KERNELSPEC)
    cell = nbformat.v4.new_code_cell(INSTALL_CELL)
    cell.metadata["tags"] = ["install"]
    notebook.cells.insert(0, cell)
    notebook.nbformat, notebook.nbformat_minor = 4, max(5, notebook.get("nbformat_minor", 5))  # cells have ids
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
        if tutorials.CHECKERS_TAG in cell.metadata.get("tags", []):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True  # collapsed, as in the clone
    nbformat.validate(notebook)
    return notebook


def _stage_sources(work: Path, log: Callable[[str], None]) -> tuple[Path, list[Path]]:
    """website/ and the notebooks, side by side in a private source folder for Sphinx."""
    import nbformat

    if not (WEBSITE_DIR / "conf.py").is_file():
        raise SiteError(f"the site's sources are not here: {WEBSITE_DIR}/conf.py does not exist. The site is built "
                        f"from a clone of the repository")
    src = work / "src"
    shutil.copytree(WEBSITE_DIR, src, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "_build"))
    notebooks = tutorials.find_notebooks()
    (src / "tutorials").mkdir(exist_ok=True)
    downloads = src / "_extra" / NOTEBOOK_DIR
    downloads.mkdir(parents=True, exist_ok=True)
    for path in notebooks:
        shutil.copy2(path, src / "tutorials" / path.name)
        nbformat.write(download_notebook(path), str(downloads / f"{path.stem}.ipynb"))
    images = src / "_static" / "images"
    images.mkdir(parents=True, exist_ok=True)
    for still in sorted(tutorials.IMAGES_DIR.glob("scene_*.png")) + [tutorials.IMAGES_DIR / s for s in STILLS]:
        if not still.is_file():
            raise SiteError(f"{still} is missing: the site shows it (python tools/make_scene_stills.py makes the "
                            f"scene stills; the playground pictures come with the repository)")
        shutil.copyfile(still, images / still.name)
    log(f"staged website/ and {len(notebooks)} notebooks")
    return src, notebooks


def _cache_key(quality: str) -> str:
    """What the notebooks' outputs depend on besides their code: the package, the stills, the video setting."""
    digest = hashlib.sha256(quality.encode())
    for folder, pattern in ((tutorials.ROOT / "autograd_mini", "**/*.py"), (tutorials.IMAGES_DIR, "*.png")):
        for path in sorted(folder.glob(pattern)):
            if "__pycache__" not in path.parts:
                digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


# ------------------------------------------------------------------------------- build
def build(out_dir: "str | Path | None" = None, video_quality: str = "low", *, media_dir: "str | Path | None" = None,
          cache_dir: "str | Path | None" = None, log: "Callable[[str], None] | None" = print) -> Path:
    """Build the website into out_dir (default build/site) and return the folder; SiteError if it cannot.

    video_quality: the manim quality of the videos (low is the fastest); the videos not rendered at it
    yet are rendered into media_dir (default media/). cache_dir keeps the notebooks' executed outputs
    between builds (default build/site-cache). The folder is replaced only by a complete, checked site.
    """
    from .render import RenderError, parse_quality

    log = log or (lambda message: None)
    start = time.perf_counter()
    _check_dependencies()
    try:
        quality = parse_quality(video_quality)
    except RenderError as error:
        raise SiteError(f"--video-quality: {error}") from None
    out = _check_out_dir(Path(out_dir) if out_dir is not None else DEFAULT_OUT)
    media = Path(media_dir) if media_dir is not None else tutorials.MEDIA_DIR
    cache = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE
    cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="work-", dir=cache))
    partial = out.with_name(f".{out.name}-partial{os.getpid()}")
    try:
        src, _ = _stage_sources(work, log)
        videos = _stage_videos(src / "_static", quality, media, log)
        log(f"staged {len(videos)} videos with their subtitles ({quality} quality)")
        key = _cache_key(quality)
        jupyter_cache = cache / "jupyter" / key
        log("executing the notebooks and writing the pages (minutes the first time, seconds from the cache) ...")
        _run_sphinx(src, partial, work / "doctrees", jupyter_cache)
        problems = check_site(partial)
        if problems:
            shown = "\n  ".join(problems[:30]) + (f"\n  ... and {len(problems) - 30} more" if len(problems) > 30 else "")
            raise SiteError(f"the built site has {len(problems)} broken link(s) or outside asset(s):\n  {shown}")
        _replace_folder(partial, out)
        _forget_old_outputs(cache / "jupyter", keep=key)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(partial, ignore_errors=True)
    log(f"site: {tutorials._shown(out / 'index.html')} ({sum(1 for _ in out.rglob('*.html'))} pages, "
        f"{time.perf_counter() - start:.0f} s)")
    return out


def _forget_old_outputs(folder: Path, keep: str, kept: int = 3) -> None:
    """Remove the outputs cached for older versions of the package, but the newest few (another build may use one)."""
    others = sorted((p for p in folder.iterdir() if p.name != keep), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[kept - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def _run_sphinx(src: Path, out: Path, doctrees: Path, jupyter_cache: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tutorials.ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env["AUTOGRAD_MINI_VIDEO_BASE"] = f"../{VIDEO_DIR}"  # the tutorial pages lie one folder down
    env["AUTOGRAD_MINI_SITE_CACHE"] = str(jupyter_cache)
    env["AUTOGRAD_MINI_SITE_ROOT"] = str(tutorials.ROOT)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q", "-E",
               "-d", str(doctrees), str(src), str(out)]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, cwd=str(src))
    if proc.returncode != 0:
        lines = [line for line in (proc.stderr + proc.stdout).splitlines() if line.strip()]
        warnings = [line.replace(str(src) + os.sep, "") for line in lines
                    if "WARNING" in line or "ERROR" in line or "Error" in line] or lines[-25:]
        raise SiteError("Sphinx did not build the site (any warning fails it):\n  " + "\n  ".join(warnings[:40]))


def _replace_folder(new: Path, target: Path) -> None:
    """Put the finished folder `new` in place of `target`: two renames, never a half-written target."""
    old = target.with_name(f".{target.name}-old{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


# ------------------------------------------------------------------------ link checks
class _Links(html.parser.HTMLParser):
    """The ids of a page, and every (tag, attribute, value, rel) that points somewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, "str | None"]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(values[name])
        for name in _LINK_ATTRIBUTES:
            if name in values and values[name]:
                self.links.append((tag, name, values[name].strip(), values.get("rel", "")))
        if values.get("srcset"):
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.links.append((tag, "srcset", candidate.split()[0], ""))


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    return parser


def check_site(folder: "str | Path") -> list[str]:
    """Problems of a built site: internal links to missing files or anchors, and assets loaded from outside."""
    folder = Path(folder)
    # The pages; HTML files among the static assets (a theme's template macros) are not pages.
    pages = {page: _parse(page) for page in sorted(folder.rglob("*.html")) if "_static" not in page.relative_to(folder).parts}
    problems = []
    for page, parsed in pages.items():
        where = page.relative_to(folder).as_posix()
        for tag, attribute, value, rel in parsed.links:
            if value.startswith(("mailto:", "javascript:", "data:", "tel:")):
                continue
            is_asset = attribute != "href" or tag == "link" and "alternate" not in rel.split()
            if _EXTERNAL.match(value):
                if is_asset:
                    problems.append(f"{where}: <{tag} {attribute}> loads {value} from outside the site")
                continue
            url = urllib.parse.urlsplit(value)
            if url.scheme:
                continue
            target = page if not url.path else (page.parent / urllib.parse.unquote(url.path)).resolve()
            if url.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if folder.resolve() not in (target.resolve(), *target.resolve().parents):
                problems.append(f"{where}: {value} points outside the site")
            elif not target.is_file():
                problems.append(f"{where}: {value} points to a missing file")
            elif url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if urllib.parse.unquote(url.fragment) not in ids:
                    problems.append(f"{where}: {value} points to a missing anchor #{url.fragment}")
    for sheet in sorted(folder.rglob("*.css")):
        for match in re.finditer(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""",
                                 sheet.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{sheet.relative_to(folder).as_posix()}: loads {match.group(1)} from outside the site")
    return problems


# ------------------------------------------------------------------------ command line
def build_parser() -> argparse.ArgumentParser:
    """The `autograd-mini site` argument parser: --out, --open, --video-quality."""
    from .cli import OneLineParser
    from .render import QUALITIES

    p = OneLineParser(
        prog="autograd-mini site",
        description="Build the lesson's website (Sphinx, myst-nb, PyData theme) offline: the home page, one "
        "executed page per notebook with its video, the videos, the API reference and the benchmarks.",
        epilog=f"Needs the site extra ({INSTALL_HINT}). Any Sphinx warning, broken link or asset loaded from "
        "outside the site fails the build and leaves the previous site as it was. Exit codes: 0 built, "
        "1 the build failed, 2 bad arguments or a missing extra.",
    )
    p.add_argument("--out", default=None, metavar="DIR", help=f"where the site goes (default: {tutorials._shown(DEFAULT_OUT)})")
    p.add_argument("--open", action="store_true", help="open the home page in a web browser when built")
    p.add_argument("--video-quality", default="low", metavar="QUALITY",
                   help=f"the videos' manim quality: {', '.join(QUALITIES)} or l, m, h, p, k (default: low, "
                        "the fastest; videos not rendered at it yet are rendered first)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """`autograd-mini site [--out DIR] [--open] [--video-quality Q]`; returns the exit status."""
    args = build_parser().parse_args(argv)
    prog = "autograd-mini site"
    from .render import RenderError, parse_quality

    try:  # the arguments first, before anything is built
        parse_quality(args.video_quality)
        _check_out_dir(Path(args.out) if args.out else DEFAULT_OUT)
        _check_dependencies()
    except RenderError as error:
        print(f"{prog}: argument --video-quality: {error}", file=sys.stderr)
        return 2
    except SiteError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    try:
        out = build(args.out, args.video_quality)
    except (SiteError, tutorials.TutorialError) as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted (the previous site, if any, is unchanged)", file=sys.stderr)
        return 130
    if args.open:
        import webbrowser

        webbrowser.open((out / "index.html").resolve().as_uri())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
