"""`autograd-mini render [SCENE ...] [--quality l|m|h|p|k] [--lesson]`: the lesson's videos.

The scenes live in the repository's `scenes/` folder (manim Community Edition); this module
knows their names, checks what was asked for, and runs manim on each one, writing the videos
under `media/` and printing their paths. manim is an optional dependency: the `scenes` extra.

    SCENES                      name -> (file in scenes/, scene class): the lesson's parts, in order
    PREVIEWS                    the same for scenes rendered by name only (filters: the next lesson)
    main(argv) -> int           the command line (exit status)
    render(names, quality)      render with manim's own command, return the video paths
    join_lesson(paths, out)     the parts joined into one video with a chapter per part
    render_in_process(name)     render headlessly into memory (tests, stills, goldens)
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Sequence

from .course_files import PACKAGE_DIR, scenes_dir

__all__ = ["SCENES", "PREVIEWS", "ALL_SCENES", "QUALITIES", "QUALITY_LETTERS", "join_lesson", "lesson_titles", "SCENES_DIR", "PACKAGE_PARENT", "TEST_SETTINGS", "GOLDEN_DIR", "RenderError", "main", "render", "render_in_process",
           "load_scene_class", "check_dependencies", "parse_scenes", "parse_quality"]

# name -> (file in scenes/, class); the order is the order of the lesson
SCENES: dict[str, tuple[str, str]] = {
    "opening": ("opening.py", "Opening"),
    "neuron": ("neuron.py", "NeuronForwardBackward"),
    "by_hand": ("by_hand.py", "BuildByHand"),
    "descent": ("descent.py", "DescentBowl"),
    "xor": ("xor.py", "XorDepth"),
    "moons": ("moons.py", "MoonsBoundary"),
    "closing": ("closing.py", "Closing"),
}
# renderable by name, but not parts of the lesson (neither the default nor `--lesson` renders them)
PREVIEWS: dict[str, tuple[str, str]] = {
    "filters": ("filters.py", "Filters"),  # the next lesson, previewed
}
ALL_SCENES: dict[str, tuple[str, str]] = {**SCENES, **PREVIEWS}

# quality name -> (manim's -q flag, the folder manim writes the video into)
QUALITIES: dict[str, tuple[str, str]] = {
    "low": ("l", "480p15"),
    "medium": ("m", "720p30"),
    "high": ("h", "1080p60"),
    "production": ("p", "1440p60"),
    "4k": ("k", "2160p60"),
}
# manim's own one-letter names for the same qualities
QUALITY_LETTERS = {flag: name for name, (flag, _) in QUALITIES.items()}

SCENES_DIR = scenes_dir()  # the clone's scenes/, or the copy an installed wheel carries
# the folder that holds this autograd_mini package: on manim's PYTHONPATH, the scenes import this one
PACKAGE_PARENT = PACKAGE_DIR.parent

# The small, fast headless render that the tests and their golden images share
# (regenerate the goldens with `python tools/make_goldens.py`).
TEST_SETTINGS = {"pixel_width": 256, "pixel_height": 144, "frame_rate": 2}
# the scenes' progress lines (LessonScene reports each beat when this is set)
PROGRESS_ENV, PROGRESS_PREFIX = "AUTOGRAD_MINI_PROGRESS", "autograd-mini-progress:"
GOLDEN_DIR = PACKAGE_PARENT / "tests" / "golden"  # the clone's (a wheel has no tests)
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
        if name not in ALL_SCENES:
            raise RenderError(
                f"unknown scene {raw!r}. Valid scenes: {', '.join(ALL_SCENES)} (or 'all' for the lesson's parts; "
                f"no name renders all of them)."
            )
        if name not in wanted:
            wanted.append(name)
    return wanted


def parse_quality(quality: str) -> str:
    """The quality's full name: manim's letters (l, m, h, p, k) or the names (low ... 4k)."""
    q = str(quality).strip().lower()
    q = QUALITY_LETTERS.get(q, q)
    if q not in QUALITIES:
        raise RenderError(f"unknown quality {quality!r}. Valid qualities: {', '.join(QUALITIES)} "
                          f"(or manim's letters {', '.join(QUALITY_LETTERS)}).")
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
            f"the scene files are not here: {SCENES_DIR} does not exist. Reinstall autograd_mini "
            f"({INSTALL_HINT}), or run this from a clone of the repository (pip install -e '.[scenes]')."
        )


def video_path(name: str, quality: str, media_dir: Path) -> Path:
    """Where manim writes the video of scene `name`."""
    file, cls = ALL_SCENES[name]
    return Path(media_dir) / "videos" / Path(file).stem / QUALITIES[parse_quality(quality)][1] / f"{cls}.mp4"


# -------------------------------------------------------------- rendering with manim
def manim_command(name: str, quality: str, media_dir: Path) -> list[str]:
    file, cls = ALL_SCENES[name]
    return [
        sys.executable, "-m", "manim", "render",
        "-q", QUALITIES[parse_quality(quality)][0],
        "--disable_caching",  # the scenes are fast; hashing every frame's mobjects is not
        "--media_dir", str(media_dir),
        "--config_file", str(_scene_config_path(name, media_dir)),
        "--progress_bar", "none",
        "-v", "WARNING",
        str(SCENES_DIR / file), cls,
    ]


# x264 on one thread at its veryfast preset, same quality target (crf 23): about a third less CPU
# than manim's default (medium, threaded) for these flat-coloured frames, and smaller files
ENCODER_SETTINGS = "[video_encoder.options]\ncrf = 23\npreset = veryfast\nthreads = 1\n"


def _scene_config_path(name: str, media_dir: Path) -> Path:
    return Path(media_dir) / "texts" / name / "manim.cfg"


def _write_scene_config(name: str, media_dir: Path) -> None:
    """A manim.cfg giving scene `name` its own text cache: manim's is not safe for two processes
    rendering at once (one deletes a temporary SVG the other is reading)."""
    path = _scene_config_path(name, media_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[CLI]\ntext_dir = {path.parent}\n\n{ENCODER_SETTINGS}")


def _render_one(name: str, quality: str, media_dir: Path, scene_env: dict | None = None,
                log: Callable[[str], None] | None = None) -> tuple[str, Path, float]:
    env = dict(os.environ)
    env.update(scene_env or {})
    env[PROGRESS_ENV] = "1"  # the scene reports each beat it reaches (scenes/common/narration.py)
    _write_scene_config(name, media_dir)
    root = str(PACKAGE_PARENT)  # so the scenes import this autograd_mini (a clone's, or the installed one)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    start, started_at = time.perf_counter(), time.time()
    out = video_path(name, quality, media_dir)

    def on_progress(index: str, beat: str, seconds: str) -> None:
        if log:
            log(f"      {name:8s} beat {index:>5s}  {beat:26s} {float(seconds):5.1f} s of video so far")

    try:
        returncode, output = _run_manim(manim_command(name, quality, media_dir), str(SCENES_DIR.parent), env,
                                        on_progress)
    except BaseException:  # Ctrl-C (manim got it too): no half-written video stays behind
        _discard_unfinished(out, started_at)
        raise
    seconds = time.perf_counter() - start
    if returncode != 0 or not out.is_file():
        _discard_unfinished(out, started_at)
        tail = "\n".join(output.strip().splitlines()[-25:])
        raise RenderError(f"manim failed on scene {name!r} (exit status {returncode}):\n{tail}")
    return name, out, seconds


def _run_manim(cmd: list[str], cwd: str, env: dict, on_progress: Callable[[str, str, str], None]) -> tuple[int, str]:
    """Run manim; pass each progress line of the scene to `on_progress(index, beat, seconds)` as it
    comes; return the exit status and the rest of what manim printed (for an error message)."""
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    kept: list[str] = []
    try:
        for line in proc.stdout:
            if line.startswith(PROGRESS_PREFIX):
                parts = line[len(PROGRESS_PREFIX):].split()
                if len(parts) == 3:
                    on_progress(*parts)
                    continue
            kept.append(line)
        if hasattr(os, "wait4"):  # the child's own CPU time (user + system), for the progress line
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            _run_manim.cpu_seconds[cmd[-1]] = usage.ru_utime + usage.ru_stime
        return proc.wait(), "".join(kept)
    except BaseException:
        proc.kill()
        proc.wait()
        raise


_run_manim.cpu_seconds = {}  # scene class -> CPU seconds its manim process used (where the OS says)


def _discard_unfinished(video: Path, started_at: float) -> None:
    """Remove the video and its subtitles if this failed run wrote them (an older, finished video stays)."""
    for path in (video, video.with_suffix(".srt")):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime >= started_at - 1:
                path.unlink()


def render(names: Sequence[str] | None = None, quality: str = "low", media_dir: str | Path = "media",
           jobs: int = 1, log: Callable[[str], None] | None = print, dataset: str | None = None,
           hidden: int | None = None) -> list[Path]:
    """Render the named scenes (all by default) with manim; return the video paths in order.

    Progress: a line as each scene starts, as it reaches each beat of its storyboard (with how
    many seconds of video it has made), and as it finishes; each line names its scene, so two
    renders at once (`jobs=2`) stay readable. `dataset` and `hidden` go to the
    moons scene (any name `data.load` knows; the hidden layer's width)."""
    names = parse_scenes(names)
    quality = parse_quality(quality)
    check_dependencies()
    media_dir = Path(media_dir).resolve()
    jobs = max(1, min(int(jobs), len(names)))
    scene_env = {}
    if dataset:
        scene_env["AUTOGRAD_MINI_DATASET"] = str(dataset)
    if hidden:
        scene_env["AUTOGRAD_MINI_HIDDEN"] = str(int(hidden))
    results: dict[str, Path] = {}
    done = {"n": 0}

    def one(name: str) -> tuple[str, Path, float]:
        if log:
            log(f"  [{names.index(name) + 1}/{len(names)}] {name} ...")
        out = _render_one(name, quality, media_dir, scene_env, log)
        done["n"] += 1
        if log:
            cpu = _run_manim.cpu_seconds.get(ALL_SCENES[name][1])
            used = f" ({cpu:.1f} CPU-s)" if cpu is not None else ""
            log(f"  [{done['n']}/{len(names)} done] {name:8s} {out[2]:5.1f} s{used}  {_relative(out[1])}")
        return out

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for name, path, _ in pool.map(one, names):
            results[name] = path
    return [results[n] for n in names]


def join_lesson(videos: Sequence[Path], out: Path, titles: Sequence[str]) -> Path:
    """Join the parts' videos (same size and codec) into one, with one chapter per part.

    The packets are copied, not re-encoded (PyAV, which manim installs); each part's
    timestamps are shifted to follow the one before, and its chapter starts there."""
    import av

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    first = av.open(str(videos[0]))  # open while the output copies its stream (PyAV needs it)
    template = first.streams.video[0]
    time_base = template.time_base
    # first the chapters (a container takes them before its first packet), then the packets
    chapters, offset, shifts = [], 0, []
    for k, (video, title) in enumerate(zip(videos, titles)):
        with av.open(str(video)) as src:
            s = src.streams.video[0]
            if s.codec_context.width != template.codec_context.width or s.time_base != time_base:
                raise RenderError(f"cannot join {video}: its size or time base differs from {videos[0]}.")
            end = max((p.pts + (p.duration or 0) for p in src.demux(s) if p.pts is not None), default=0)
        shifts.append(offset)
        chapters.append({"id": k + 1, "start": offset, "end": offset + end, "time_base": time_base,
                         "metadata": {"title": title}})
        offset += end
    with av.open(str(out), "w") as dst:
        stream = dst.add_stream_from_template(template)
        dst.set_chapters(chapters)
        for video, shift in zip(videos, shifts):
            with av.open(str(video)) as src:
                for packet in src.demux(src.streams.video[0]):
                    if packet.dts is None:
                        continue
                    packet.pts += shift
                    packet.dts += shift
                    packet.stream = stream
                    dst.mux(packet)
    first.close()
    return out


def lesson_titles(names: Sequence[str]) -> list[str]:
    """Each part's chapter title: 'Part 2: Build a neuron by hand', read from its scene class."""
    titles = []
    for name in names:
        try:
            cls = load_scene_class(name)
            titles.append(f"Part {cls.PART}: {cls.TITLE}" if cls.PART else cls.TITLE)
        except Exception:  # a scene that does not import still gets a chapter
            titles.append(name)
    return titles


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ------------------------------------------------------------------------- in process
def load_scene_class(name: str):
    """The scene class of `name`, imported from scenes/ (which goes on sys.path)."""
    check_dependencies()
    file, cls = ALL_SCENES[parse_scenes([name])[0]]
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


def render_in_process(name: "str | type", *, pixel_width: int = 320, pixel_height: int = 180, frame_rate: int = 5,
                      on_frame: Callable | None = None, media_dir: str | Path | None = None,
                      scene_kwargs: dict | None = None):
    """Render scene `name` (or a scene class, e.g. a subclass of one) headlessly, with no video file;
    return the finished scene.

    `on_frame(scene, index, rgba)` sees every frame as it is drawn (a numpy array of
    shape (pixel_height, pixel_width, 4)); `scene.last_frame` is the final frame, drawn
    from the scene's final state. Used by the tests, the stills and the golden images.
    """
    import tempfile

    from manim import ThreeDCamera, ThreeDScene, tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene_file_writer import SceneFileWriter

    scene_cls = name if isinstance(name, type) else load_scene_class(name)
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

        def write_frame(self, pixels, *, repeat=1):  # a held frame comes once, with its repeat count
            if on_frame is not None:
                on_frame(holder["scene"], _FrameWriter.count, pixels)
            _FrameWriter.count += repeat

    tmp = None
    if media_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="autograd_mini_render_")
        media_dir = tmp.name
    try:
        # A text cache of this render's own: manim's cache key leaves out the canvas size its SVGs were laid
        # out on, so a shared cache hands back whatever an earlier render made, and two processes race on it.
        text_dir = Path(media_dir) / "texts"
        text_dir.mkdir(parents=True, exist_ok=True)
        with _text_laid_out_as_rendered(), tempconfig({
            "pixel_width": pixel_width, "pixel_height": pixel_height, "frame_rate": frame_rate,
            "media_dir": str(media_dir), "text_dir": str(text_dir), "disable_caching": True, "verbosity": "ERROR",
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


def _text_laid_out_as_rendered():
    """While rendering small test frames, lay out text on a canvas the size of a real (480p) render.

    manim's Text draws its SVG on a canvas of the current pixel size, and Pango wraps lines at the
    canvas edge: at the tests' 256x144 a caption would wrap (and its lines overlap) where the video
    does not. The frames stay small; only the text layout is the video's."""
    from unittest import mock

    import manimpango

    real = manimpango.text2svg

    def text2svg(settings, size, line_spacing, disable_liga, file_name, start_x, start_y, width, height, orig_text,
                 *args, **kwargs):
        return real(settings, size, line_spacing, disable_liga, file_name, start_x, start_y,
                    max(width, 854), max(height, 480), orig_text, *args, **kwargs)

    return mock.patch.object(manimpango, "text2svg", text2svg)


# ------------------------------------------------------------------------ command line
def build_parser() -> argparse.ArgumentParser:
    from .cli import OneLineParser  # a bad flag is one line, as in every autograd-mini command

    p = OneLineParser(
        prog="autograd-mini render",
        description="Render the lesson's explainer videos with manim into media/ and print their paths.",
    )
    p.add_argument("scenes", nargs="*", metavar="SCENE",
                   help=f"scenes to render (default: all the lesson's parts): {', '.join(SCENES)}; "
                        f"previews, by name only: {', '.join(PREVIEWS)}")
    p.add_argument("-q", "--quality", default="low", metavar="QUALITY",
                   help=f"manim's l, m, h, p, k or {', '.join(QUALITIES)} (default: low = 480p at 15 frames per second)")
    p.add_argument("--lesson", action="store_true",
                   help="render every part and join them into one video with a chapter per part (media/lesson.mp4)")
    p.add_argument("--dataset", default=None,
                   help="the moons scene on other data: moons, circles, xor, spirals, separable (default: moons)")
    p.add_argument("--hidden", type=int, default=None, help="the moons scene's hidden layer width (default: 16)")
    p.add_argument("--media-dir", default="media", help="where manim writes the videos (default: media)")
    p.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1),
                   help="scenes rendered at the same time (default: 2 or the number of cores)")
    p.add_argument("--list", action="store_true", help="list the scenes and exit")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """`autograd-mini render ...`; returns the exit status (0 ok, 1 render failed, 2 bad input)."""
    args = build_parser().parse_args(argv)
    if args.list:
        for name, (file, cls) in ALL_SCENES.items():
            print(f"{name:8s} scenes/{file} {cls}" + ("  (preview, not a part of the lesson)" if name in PREVIEWS else ""))
        return 0
    try:
        names = parse_scenes([] if args.lesson else args.scenes)
        quality = parse_quality(args.quality)
        if args.jobs < 1:
            raise RenderError(f"--jobs must be 1 or more, not {args.jobs}.")
        if args.hidden is not None and args.hidden < 1:
            raise RenderError(f"--hidden must be 1 or more, not {args.hidden}.")
        if args.dataset is not None:
            from .data import DATASETS

            if args.dataset.lower() not in DATASETS or args.dataset.lower() == "blobs":
                raise RenderError(f"unknown --dataset {args.dataset!r}; the moons scene takes two classes: "
                                  f"{', '.join(d for d in DATASETS if d != 'blobs')}.")
    except RenderError as err:
        print(f"autograd-mini render: {err}", file=sys.stderr)
        return 2
    try:
        check_dependencies()
        start = time.perf_counter()
        print(f"rendering {len(names)} scene(s) at {quality} quality into {args.media_dir}/ ...")
        paths = render(names, quality, args.media_dir, jobs=args.jobs, dataset=args.dataset, hidden=args.hidden)
        if args.lesson:
            lesson = join_lesson(paths, Path(args.media_dir) / f"lesson_{QUALITIES[quality][1]}.mp4", lesson_titles(names))
            print(f"the whole lesson, one chapter per part: {_relative(lesson.resolve())}")
        print(f"done in {time.perf_counter() - start:.1f} s")
    except RenderError as err:
        print(f"autograd-mini render: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
