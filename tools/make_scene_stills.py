"""A still of each explainer video for the README: docs/images/scene_<name>.png, one command.

    python tools/make_scene_stills.py              (all scenes, 640x360)
    python tools/make_scene_stills.py moons --width 854 --height 480

Each still is the scene's last frame, rendered headlessly (no video file is written), so it
shows what the video ends on: numbers and pictures computed by autograd_mini.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograd_mini.render import SCENES, parse_scenes, render_in_process  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from PIL import Image

    parser = argparse.ArgumentParser(description="Write the last frame of each scene to docs/images/.")
    parser.add_argument("scenes", nargs="*", help=f"default: all of {', '.join(SCENES)}")
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=360)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in parse_scenes(args.scenes):
        start = time.perf_counter()
        scene = render_in_process(name, pixel_width=args.width, pixel_height=args.height, frame_rate=5)
        path = args.out / f"scene_{name}.png"
        Image.fromarray(scene.last_frame[..., :3]).save(path, optimize=True)
        print(f"{name:8s} {time.perf_counter() - start:5.1f} s  {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
