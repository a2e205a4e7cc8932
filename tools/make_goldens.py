"""Regenerate the scene tests' golden images: tests/golden/<scene>.png, one command.

    python tools/make_goldens.py            (all scenes)
    python tools/make_goldens.py descent    (some of them)

Each golden is the last frame of the scene rendered headlessly with the tests' settings
(`autograd_mini.render.TEST_SETTINGS`: 256x144, 2 frames per second). Run it after changing
a scene on purpose, look at the new PNGs, and commit them with the change.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograd_mini.render import GOLDEN_DIR, TEST_SETTINGS, parse_scenes, render_in_process  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from PIL import Image

    names = parse_scenes(argv if argv is not None else sys.argv[1:])
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    for name in names:
        start = time.perf_counter()
        scene = render_in_process(name, **TEST_SETTINGS)
        path = GOLDEN_DIR / f"{name}.png"
        Image.fromarray(scene.last_frame[..., :3]).save(path, optimize=True)
        print(f"{name:8s} {time.perf_counter() - start:5.1f} s  {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
