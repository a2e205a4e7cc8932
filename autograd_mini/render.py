"""`autograd-mini render [SCENE ...] [--quality low|medium|high]`: the lesson's videos.

The scenes live in the repository's `scenes/` folder (manim Community Edition); this module
knows their names, checks what was asked for, and runs manim on each one, writing the videos
under `media/` and printing their paths. manim is an optional dependency: the `scenes` extra.

    SCENES                      name -> (file in scenes/, scene class)
    main(argv) -> int           the command line (exit status)
    render(names, quality)      render with manim's own command, return the video paths
    render_in_process(name)     render headlessly into memory (tests, stills, goldens)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Sequence

__all__ = ["SCENES", "QUALITIES", "SCENES_DIR", "TEST_SETTINGS", "GOLDEN_DIR", "RenderError", "main", "render", "render_in_process",
           "load_scene_class", "check_dependencies", "parse_scenes", "parse_quality"]

# name -> (file in scenes/, class); the order is the order of the lesson
SCENES: dict[str, tuple[str, str]] = {
    "opening": ("opening.py", "Opening"),
    "neuron": ("neuron.py", "NeuronForwardBackward"),
    "descent": ("descent.py", "DescentBowl"),
    "xor": ("xor.py", "XorDepth"),
    "moons": ("moons.py", "MoonsBoundary"),
}

# quality name -> (manim's -q flag, the folder manim writes the video into)
QUALITIES: dict[str, tuple[str, str]] = {
    "low": ("l", "480p15"),
    "medium": ("m", "720p30"),
    "high": ("h", "1080p60"),
}

SCENES_DIR = Path(__file__).resolve().parent.parent / "scenes"

# The small, fast headless render that the tests and their golden images share
# (regenerate the goldens with `python tools/make_goldens.py`).
TEST_SETTINGS = {"pixel_width": 320, "pixel_height": 180, "frame_rate": 5}
GOLDEN_DIR = SCENES_DIR.parent / "tests" / "golden"
INSTALL_HINT = "pip install 'autograd_mini[scenes]'"


class RenderError(Exception):
    """Something a learner asked for cannot be rendered; the message says what to do."""


# ------------------------------------------------------------------------ validation
def parse_scenes(names: Sequence[str] | None) -> list[str]:
    """The scenes to render (all of them when none are named), or RenderError."""
    if not names:
        return list(SCENES)
    wanted: list[str] = []
    for raw in names:
        name = raw.strip().lower()
        if name == "all":
            return list(SCENES)
        if name not in SCENES:
            raise RenderError(
                f"unknown scene {raw!r}. Valid scenes: {', '.join(SCENES)} (or 'all'; no name renders all)."
            )
        if name not in wanted:
            wanted.append(name)
    return wanted


def parse_quality(quality: str) -> str:
    q = str(quality).strip().lower()
    if q not in QUALITIES:
        raise RenderError(f"unknown quality {quality!r}. Valid qualities: {', '.join(QUALITIES)}.")
    return q


def check_dependencies() -> None:
    """RenderError naming the extra to install when manim (or contourpy) is missing."""
    missing, broken = [], []
    for module in ("manim", "contourpy"):
        try:
            importlib.import_module(module)  # an import, not a lookup: a broken install shows here too
        except ImportError as error:
            (missing if error.name == module else broken).append(f"{module} ({error})")
    missing = [m.split(" ")[0] for m in missing]
    if broken:
        raise RenderError(f"manim is installed but does not import: {'; '.join(broken)}. Reinstall the scenes "
                          f"extra ({INSTALL_HINT}); manim needs Debian's libcairo2-dev libpango1.0-dev pkg-config.")
    if missing:
        raise RenderError(
            f"rendering the videos needs {' and '.join(missing)}, which "
            f"{'is' if len(missing) == 1 else 'are'} not installed. "
            f"Install the scenes extra: {INSTALL_HINT}"
        )
    if not SCENES_DIR.is_dir():
        raise RenderError(
            f"the scene files are not here: {SCENES_DIR} does not exist. The scenes ship with the "
            f"repository, not the wheel: run this from a clone (pip install -e '.[scenes]')."
        )


def video_path(name: str, quality: str, media_dir: Path) -> Path:
    """Where manim writes the video of scene `name`."""
    file, cls = SCENES[name]
    return Path(media_dir) / "videos" / Path(file).stem / QUALITIES[quality][1] / f"{cls}.mp4"


# -------------------------------------------------------------- rendering with manim
def manim_command(name: str, quality: str, media_dir: Path) -> list[str]:
    file, cls = SCENES[name]
    return [
        sys.executable, "-m", "manim", "render",
        "-q", QUALITIES[quality][0],
        "--disable_caching",  # the scenes are fast; hashing every frame's mobjects is not
        "--media_dir", str(media_dir),
        "--progress_bar", "none",
        "-v", "WARNING",
        str(SCENES_DIR / file), cls,
    ]


def _render_one(name: str, quality: str, media_dir: Path) -> tuple[str, Path, float]:
    env = dict(os.environ)
    root = str(SCENES_DIR.parent)  # so the scenes import this checkout of autograd_mini
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    start = time.perf_counter()
    proc = subprocess.run(manim_command(name, quality, media_dir), cwd=root, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    out = video_path(name, quality, media_dir)
    if proc.returncode != 0 or not out.is_file():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise RenderError(f"manim failed on scene {name!r} (exit status {proc.returncode}):\n{tail}")
    return name, out, seconds


def render(names: Sequence[str] | None = None, quality: str = "low", media_dir: str | Path = "media",
           jobs: int = 1, log: Callable[[str], None] | None = print) -> list[Path]:
    """Render the named scenes (all by default) with manim; return the video paths in order."""
    names = parse_scenes(names)
    quality = parse_quality(quality)
    check_dependencies()
    media_dir = Path(media_dir).resolve()
    jobs = max(1, min(int(jobs), len(names)))
    results: dict[str, Path] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_render_one, n, quality, media_dir) for n in names]
        for fut in futures:
            name, path, seconds = fut.result()
            results[name] = path
            if log:
                log(f"{name:8s} {seconds:5.1f} s  {_relative(path)}")
    return [results[n] for n in names]


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ------------------------------------------------------------------------- in process
def load_scene_class(name: str):
    """The scene class of `name`, imported from scenes/ (which goes on sys.path)."""
    check_dependencies()
    file, cls = SCENES[parse_scenes([name])[0]]
    if str(SCENES_DIR) not in sys.path:
        sys.path.insert(0, str(SCENES_DIR))
    module_name = Path(file).stem
    module = sys.modules.get(module_name)
    if module is None or Path(getattr(module, "__file__", "")).resolve() != (SCENES_DIR / file).resolve():
        spec = importlib.util.spec_from_file_location(module_name, SCENES_DIR / file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return getattr(module, cls)


def render_in_process(name: str, *, pixel_width: int = 320, pixel_height: int = 180, frame_rate: int = 5,
                      on_frame: Callable | None = None, media_dir: str | Path | None = None,
                      scene_kwargs: dict | None = None):
    """Render scene `name` headlessly, with no video file; return the finished scene.

    `on_frame(scene, index, rgba)` sees every frame as it is drawn (a numpy array of
    shape (pixel_height, pixel_width, 4)); `scene.last_frame` is the final frame, drawn
    from the scene's final state. Used by the tests, the stills and the golden images.
    """
    import tempfile

    from manim import ThreeDCamera, ThreeDScene, tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene_file_writer import SceneFileWriter

    scene_cls = load_scene_class(name)
    holder: dict = {}

    class _FrameWriter(SceneFileWriter):  # frames go to `on_frame`, never to a file
        count = 0

        def add_partial_movie_file(self, hash_animation):
            pass

        def begin_animation(self, allow_write=True, *, animation_index, file_path=None):
            pass

        def end_animation(self, allow_write=False):
            pass

        def combine_to_movie(self):
            pass

        def combine_to_section_videos(self):
            pass

        def write_frame(self, pixels, *, repeat=1):
            if on_frame is not None:
                on_frame(holder["scene"], _FrameWriter.count, pixels)
            _FrameWriter.count += 1

    tmp = None
    if media_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="autograd_mini_render_")
        media_dir = tmp.name
    try:
        with tempconfig({
            "pixel_width": pixel_width, "pixel_height": pixel_height, "frame_rate": frame_rate,
            "media_dir": str(media_dir), "disable_caching": True, "verbosity": "WARNING",
            "progress_bar": "none",
        }):
            camera = ThreeDCamera if issubclass(scene_cls, ThreeDScene) else None
            renderer = CairoRenderer(file_writer_class=_FrameWriter, camera_class=camera)
            scene = scene_cls(renderer=renderer, **(scene_kwargs or {}))
            holder["scene"] = scene
            scene.render()
            renderer.static_image = None  # draw the final state in full, as -s does
            renderer.update_frame(scene, ignore_skipping=True)
            scene.last_frame = renderer.get_frame()
            scene.frame_count = _FrameWriter.count
    finally:
        if tmp is not None:
            tmp.cleanup()
    return scene


# ------------------------------------------------------------------------ command line
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="autograd-mini render",
        description="Render the lesson's explainer videos with manim into media/ and print their paths.",
    )
    p.add_argument("scenes", nargs="*", metavar="SCENE",
                   help=f"scenes to render (default: all): {', '.join(SCENES)}")
    p.add_argument("-q", "--quality", default="low", metavar="QUALITY",
                   help=f"{' | '.join(QUALITIES)} (default: low = 480p at 15 frames per second)")
    p.add_argument("--media-dir", default="media", help="where manim writes the videos (default: media)")
    p.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1),
                   help="scenes rendered at the same time (default: 2 or the number of cores)")
    p.add_argument("--list", action="store_true", help="list the scenes and exit")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """`autograd-mini render ...`; returns the exit status (0 ok, 1 render failed, 2 bad input)."""
    args = build_parser().parse_args(argv)
    if args.list:
        for name, (file, cls) in SCENES.items():
            print(f"{name:8s} scenes/{file} {cls}")
        return 0
    try:
        names = parse_scenes(args.scenes)
        quality = parse_quality(args.quality)
        if args.jobs < 1:
            raise RenderError(f"--jobs must be 1 or more, not {args.jobs}.")
    except RenderError as err:
        print(f"autograd-mini render: {err}", file=sys.stderr)
        return 2
    try:
        check_dependencies()
        start = time.perf_counter()
        print(f"rendering {len(names)} scene(s) at {quality} quality into {args.media_dir}/ ...")
        render(names, quality, args.media_dir, jobs=args.jobs)
        print(f"done in {time.perf_counter() - start:.1f} s")
    except RenderError as err:
        print(f"autograd-mini render: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
