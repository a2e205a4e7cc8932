"""tools/make_scene_stills.py --sheets: the contact sheets a reviewer watches, a frame a second with its subtitle."""

import importlib.util
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location("make_scene_stills", ROOT / "tools" / "make_scene_stills.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _video(path: Path, seconds: int, fps: int = 5) -> None:
    """A small mp4 whose frame k is grey level 20 k (so a sheet's frames can be told apart), and its .srt."""
    import av

    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        for k in range(seconds * fps):
            image = np.full((36, 64, 3), min(20 * (k // fps), 255), np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    path.with_suffix(".srt").write_text("1\n00:00:00,000 --> 00:00:02,000\nfirst words\n\n"
                                        "2\n00:00:02,000 --> 00:00:08,000\nsecond words\n")


def test_sheets_hold_one_frame_a_second_in_order(tmp_path):
    from PIL import Image

    video = tmp_path / "Part.mp4"
    _video(video, seconds=8)
    pages = _tool().contact_sheets(video, tmp_path / "sheets")
    assert pages == 2, "8 seconds at 6 a page"
    assert sorted(p.name for p in (tmp_path / "sheets").iterdir()) == ["sheet_0000.png", "sheet_0006.png"]
    first = np.asarray(Image.open(tmp_path / "sheets" / "sheet_0000.png").convert("L"), float)
    # the frames sit under a 64 px label, 2 a row: second k is grey 20 k
    cells = [first[64 + r * (36 + 64) + 18, c * 64 + 32] for r in range(3) for c in range(2)]
    assert np.all(np.diff(cells) > 10), f"seconds 0-5 in reading order, got grey levels {cells}"
