"""The README's stills, taken from the rendered videos: docs/images/scene_<name>.png, one command.

    autograd-mini render --quality l                     (first render the videos)
    python tools/make_scene_stills.py                    (then: a still of each part)
    python tools/make_scene_stills.py --every-second out/  (also one frame a second, to watch)
    python tools/make_scene_stills.py --sheets out/        (also contact sheets: 6 seconds a page,
                                                            each frame under its time and subtitle)

Each still is the video's last frame before its end card (the end card starts with the last
subtitle of the .srt that manim wrote beside the video), so it shows the part's payoff:
numbers and pictures computed by autograd_mini. Frames are decoded with PyAV (manim's own).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograd_mini.render import SCENES, parse_quality, parse_scenes, video_path  # noqa: E402


def frame_at(video: Path, seconds: float):
    """The video's frame shown at `seconds` (a PIL image)."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        best = None
        for frame in container.decode(stream):
            if frame.time is not None and frame.time > seconds:
                break
            best = frame
        return best.to_image()


def each_second(video: Path):
    """The frames of `video` shown at 0 s, 1 s, 2 s, ... (PIL images), in order."""
    import av

    next_t = 0.0
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and frame.time + 1e-9 >= next_t:
                yield frame.to_image()
                next_t += 1.0


def every_second(video: Path, out: Path) -> int:
    """Write one frame per second of `video` into `out` (0000.png, 0001.png, ...); return how many."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for count, image in enumerate(each_second(video), start=1):
        image.save(out / f"{count - 1:04d}.png")
    return count


def contact_sheets(video: Path, out: Path, per_row: int = 2, rows: int = 3) -> int:
    """One frame per second of `video`, per_row x rows to a page (sheet_0000.png holds seconds 0-5),
    each under a line with its time and the subtitle showing then; returns how many pages."""
    import textwrap

    import srt
    from PIL import Image, ImageDraw, ImageFont

    subs = list(srt.parse(video.with_suffix(".srt").read_text()))
    frames = list(each_second(video))
    out.mkdir(parents=True, exist_ok=True)
    width, height = frames[0].size
    label, per_page = 64, per_row * rows
    font = ImageFont.load_default(size=17)
    for first in range(0, len(frames), per_page):
        page = Image.new("RGB", (per_row * width, rows * (height + label)), "white")
        draw = ImageDraw.Draw(page)
        for k, image in enumerate(frames[first:first + per_page]):
            t = first + k
            x, y = (k % per_row) * width, (k // per_row) * (height + label)
            said = next((sub.content.replace("\n", " ") for sub in subs
                         if sub.start.total_seconds() <= t < sub.end.total_seconds()), "(no subtitle)")
            draw.text((x + 4, y + 2), "\n".join(textwrap.wrap(f"{t} s  {said}", 90)[:3]), fill="black", font=font)
            page.paste(image, (x, y + label))
        page.save(out / f"sheet_{first:04d}.png")
    return -(-len(frames) // per_page)


def end_card_start(video: Path) -> float:
    """When the end card begins: the start of the last subtitle in the .srt beside the video."""
    import srt

    subs = list(srt.parse(video.with_suffix(".srt").read_text()))
    return subs[-1].start.total_seconds()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a still of each rendered part to docs/images/.")
    parser.add_argument("scenes", nargs="*", help=f"default: all of {', '.join(SCENES)}")
    parser.add_argument("--media-dir", type=Path, default=ROOT / "media")
    parser.add_argument("--quality", default="low")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--every-second", type=Path, default=None, metavar="DIR",
                        help="also write one frame per second of each video into DIR/<scene>/")
    parser.add_argument("--sheets", type=Path, default=None, metavar="DIR",
                        help="also write contact sheets of each video (a frame a second, with its subtitle) into DIR/<scene>/")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    quality = parse_quality(args.quality)
    for name in parse_scenes(args.scenes):
        video = video_path(name, quality, args.media_dir)
        if not video.is_file():
            print(f"{name:8s} no video at {video}: render it first (autograd-mini render {name} -q {quality})")
            continue
        at = max(end_card_start(video) - 1.0, 0.0)
        path = args.out / f"scene_{name}.png"
        frame_at(video, at).save(path, optimize=True)
        print(f"{name:8s} still at {at:5.1f} s  {path} ({path.stat().st_size // 1024} KB)")
        if args.every_second:
            n = every_second(video, args.every_second / name)
            print(f"{'':8s} {n} frames, one a second, in {args.every_second / name}")
        if args.sheets:
            n = contact_sheets(video, args.sheets / name)
            print(f"{'':8s} {n} contact sheets in {args.sheets / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
