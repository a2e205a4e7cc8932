"""LessonScene: a scene that narrates itself and paces its text to be read.

Every scene of the lesson is a storyboard of named beats on a LessonScene:

    title_card()          part number and title, held to be read
    say(s, numbers=...)   a caption at the bottom of the frame *and* a subtitle (.srt, via
                          `add_subcaption`); the previous caption crossfades out (no glyph morph)
    end_card()            the one-sentence takeaway and what comes next

The pacing rule is enforced, not hoped for: every Text/MarkupText on screen must stay fully
formed and still for at least `hold_time(words)` = 2.5 s + 0.25 s per word (3 s for a payoff
text). Before an animation moves or removes a text that has not been held that long, the
scene waits for the rest. What was shown, where and for how long is logged in `text_log`
(one record per text) and `caption_log` (one per caption, with the engine numbers it quotes),
which the tests read.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field

import numpy as np
from manim import DOWN, UP, FadeIn, FadeOut, MarkupText, Rectangle, Scene, Text, VGroup, VMobject
from manim.animation.animation import prepare_animation

from autograd_mini.render import PROGRESS_ENV, PROGRESS_PREFIX  # `autograd-mini render` reads these lines

from .theme import BG, FORWARD, FRAME_X, INK, MUTED, fit_in_frame, markup, text

TEXT_MARGIN = 0.3  # every text keeps this far inside the frame
CAPTION_SIZE = 24
CAPTION_TOP = -2.75  # captions live below this line; the content of a beat stays above it
CAPTION_CHARS = 92  # a caption line wraps after about this many characters
HEAD_BOTTOM = 2.95  # a beat's heading lives above this line


def plain(s: str) -> str:
    """The words of a caption without its Pango markup."""
    return re.sub(r"<[^>]+>", "", s).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def wrap(s: str, width: int = CAPTION_CHARS) -> str:
    """Break a Pango-markup caption into lines of about `width` characters, never inside a tag."""
    import textwrap

    protected = re.sub(r"<[^>]+>", lambda m: m.group(0).replace(" ", "\x00"), s)
    lines = []
    for para in protected.split("\n"):
        lines.extend(_wrap_visible(para, width, textwrap))
    return "\n".join(lines).replace("\x00", " ")


def _wrap_visible(para: str, width: int, textwrap) -> list[str]:
    words, lines, current, length = para.split(" "), [], [], 0
    for w in words:
        visible = len(plain(w.replace("\x00", " ")))
        if current and length + 1 + visible > width:
            lines.append(" ".join(current))
            current, length = [], 0
        current.append(w)
        length += visible + (1 if length else 0)
    if current:
        lines.append(" ".join(current))
    return lines


def word_count(s: str) -> int:
    return len(plain(s).split())


def hold_time(s: str, payoff: bool = False) -> float:
    """How long a text must stay fully formed and still: 2.5 s + 0.25 s per word; a payoff 3 s at least."""
    need = 2.5 + 0.25 * word_count(s)
    return max(need, 3.0) if payoff else need


@dataclass
class TextRecord:
    """One text that was on screen: its words, the time it needed and the longest it was still."""

    text: str
    need: float
    payoff: bool
    first_shown: float
    held: float = 0.0  # the longest stretch it was fully formed and still
    boxes: list = field(default_factory=list)  # (x0, x1, y0, y1) each time it settled
    open_since: float | None = None


@dataclass
class CaptionRecord:
    """One caption (= one subtitle): what it said, the engine numbers it quotes, when it showed."""

    text: str
    numbers: dict
    start: float
    end: float | None = None


@dataclass
class LayoutRecord:
    """What was on screen after one animation: each text's box, and what overlapped what."""

    time: float
    boxes: dict  # text -> (x0, x1, y0, y1)
    overlaps: list  # "text A" overlaps "text B" / a diagram it is not a label of


def box_of(mob) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1): the mobject's bounding box on screen."""
    (x0, y0), (x1, y1) = mob.get_corner(DOWN + np.array([-1, 0, 0]))[:2], mob.get_corner(UP + np.array([1, 0, 0]))[:2]
    return float(x0), float(x1), float(y0), float(y1)


def outline_samples(mob, per_curve: int = 7) -> np.ndarray:
    """Points along the drawn outline of a vector mobject (each cubic Bézier sampled `per_curve` times)."""
    pts = mob.points
    n = len(pts) // 4 * 4
    if n == 0:
        return np.zeros((0, 3))
    p = pts[:n].reshape(-1, 4, 3)
    t = np.linspace(0, 1, per_curve)[:, None, None]
    s = 1 - t
    curve = s ** 3 * p[:, 0] + 3 * s * s * t * p[:, 1] + 3 * s * t * t * p[:, 2] + t ** 3 * p[:, 3]
    return curve.reshape(-1, 3)


def _drawn(m) -> bool:
    return isinstance(m, VMobject) and m.has_points() and (m.get_fill_opacity() > 0.05 or m.get_stroke_opacity() * m.get_stroke_width() > 0.05)


def layout_overlaps(mobjects, pad: float = 0.02) -> tuple[dict, list[str]]:
    """Which texts overlap: another text's box, or a drawn part of a diagram they are not a label of.

    A text is a label of the top-level mobject (a member of `scene.mobjects`) it belongs to; every
    other drawn outline (a line, an edge, a face of a surface, a dot) must not enter its box.
    Returns ({text: box}, [a sentence per overlap])."""
    texts, owner = [], {}
    for top in mobjects:
        for m in top.get_family():
            if isinstance(m, (Text, MarkupText)) and _visible(m):
                texts.append(m)
                owner[id(m)] = getattr(m, "diagram_id", id(top))  # a diagram may mark its parts (ValueGraph)
    boxes = {m: box_of(m) for m in texts}
    found = []
    for i, a in enumerate(texts):
        ax0, ax1, ay0, ay1 = boxes[a]
        for b in texts[i + 1:]:
            bx0, bx1, by0, by1 = boxes[b]
            if min(ax1, bx1) - max(ax0, bx0) > pad and min(ay1, by1) - max(ay0, by0) > pad:
                found.append(f"text {_name(a)!r} overlaps text {_name(b)!r}")
    if not texts:
        return boxes, found
    in_text = {id(g) for m in texts for g in m.get_family()}
    for top in mobjects:
        parts = [m for m in top.get_family() if id(m) not in in_text and not isinstance(m, (Text, MarkupText))
                 and _drawn(m)]
        if not parts:
            continue
        pts = np.concatenate([outline_samples(m) for m in parts])
        diagram = getattr(top, "diagram_id", id(top))
        for a in texts:
            if owner[id(a)] == diagram:
                continue  # its own diagram: a label sits on or beside what it labels
            x0, x1, y0, y1 = boxes[a]
            inside = ((pts[:, 0] > x0 + pad) & (pts[:, 0] < x1 - pad) & (pts[:, 1] > y0 + pad) & (pts[:, 1] < y1 - pad))
            if inside.any():
                found.append(f"text {_name(a)!r} overlaps a {type(top).__name__} it is not a label of")
    return boxes, found


def _meets_any(box: np.ndarray, boxes: np.ndarray, pad: float = 0.1) -> bool:
    """Whether a box (x0, x1, y0, y1) touches any of `boxes`, with `pad` to spare (strokes have width)."""
    return bool(np.any((box[0] - pad <= boxes[:, 1]) & (boxes[:, 0] - pad <= box[1])
                       & (box[2] - pad <= boxes[:, 3]) & (boxes[:, 2] - pad <= box[3])))


def _name(mob) -> str:
    return plain(getattr(mob, "original_text", None) or getattr(mob, "text", ""))[:50]


def _texts(mobjects) -> list:
    found = []
    for mob in mobjects:
        for m in mob.get_family():
            if isinstance(m, (Text, MarkupText)) and _visible(m):
                found.append(m)
    return found


def _visible(mob) -> bool:
    """A text counts when some of its glyphs are drawn (a Text is a group of glyph paths)."""
    return any(g.has_points() and g.get_fill_opacity() > 0.05 for g in mob.family_members_with_points())


class LessonScene(Scene):
    """A 2D scene in the lesson's theme that narrates itself (see the module's docstring)."""

    PART: int = 0
    TITLE: str = ""
    TAKEAWAY: str = ""
    NEXT: str = ""

    def setup(self) -> None:
        self.camera.background_color = BG
        self.text_log: list[TextRecord] = []
        self.caption_log: list[CaptionRecord] = []
        self._records: dict[int, tuple[object, TextRecord]] = {}
        self._caption = None
        self._in_play = False
        self.layout_log: list[LayoutRecord] = []  # after every animation: text boxes and overlaps
        self._beat = None
        self._report = bool(os.environ.get(PROGRESS_ENV))
        self._beats = self.beats() if self._report else []

    # ------------------------------------------------------------------ progress
    def beats(self) -> list[str]:
        """The beats of the storyboard: the `self.beat()` calls of `construct`, in order."""
        import ast
        import inspect
        import textwrap

        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(type(self).construct)))
        except (OSError, TypeError, SyntaxError):
            return []
        calls = sorted((node.lineno, node.col_offset, node.func.attr) for node in ast.walk(tree.body[0])
                       if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                       and isinstance(node.func.value, ast.Name) and node.func.value.id == "self")
        return list(dict.fromkeys(name for _, _, name in calls))  # in the order written, each once

    def _report_beat(self) -> None:
        """One line on stderr when the render reaches a new beat: 'prefix 3/8 roll 41.2'."""
        import inspect

        frame = inspect.currentframe()
        while frame is not None and (frame.f_back is None or frame.f_back.f_code.co_name != "construct"):
            frame = frame.f_back
        beat = frame.f_code.co_name if frame is not None else ""
        if beat and beat != self._beat:
            self._beat = beat
            index = self._beats.index(beat) + 1 if beat in self._beats else 0
            print(f"{PROGRESS_PREFIX} {index}/{len(self._beats)} {beat} {self.renderer.time:.1f}",
                  file=sys.stderr, flush=True)

    # ------------------------------------------------------------------ pacing
    def _record(self, mob) -> TextRecord:
        key = id(mob)
        if key not in self._records:
            s = getattr(mob, "original_text", None) or getattr(mob, "text", "")
            payoff = bool(getattr(mob, "payoff", False))
            rec = TextRecord(plain(s), hold_time(s, payoff), payoff, self.renderer.time)
            self._records[key] = (mob, rec)  # keeps mob alive, so its id is never reused
            self.text_log.append(rec)
        return self._records[key][1]

    def _open_settled(self, moving: set[int]) -> None:
        now = self.renderer.time
        for m in _texts(self.mobjects):
            rec = self._record(m)
            if rec.open_since is None and id(m) not in moving:
                rec.open_since = now
                rec.boxes.append(box_of(m))

    def _close(self, keys: set[int], at: float) -> None:
        for key in keys:
            if key in self._records:
                rec = self._records[key][1]
                if rec.open_since is not None:
                    rec.held = max(rec.held, at - rec.open_since)
                    rec.open_since = None

    def _due(self, keys) -> float:
        """How much longer the texts `keys` must stay still to meet the rule."""
        now, due = self.renderer.time, 0.0
        for key in keys:
            if key in self._records:
                rec = self._records[key][1]
                if rec.open_since is not None:
                    due = max(due, rec.need - max(rec.held, now - rec.open_since))
        return due

    def play(self, *animations, **kwargs) -> None:
        """Scene.play, but a text about to move or leave first waits out its reading time."""
        if self._in_play:  # a wait() issued from inside play()
            return super().play(*animations, **kwargs)
        if self._report:
            self._report_beat()
        anims = [prepare_animation(a) for a in animations]
        moving = {id(m) for a in anims for m in a.mobject.get_family()}
        on_screen = {id(m) for m in _texts(self.mobjects)}
        self._open_settled(moving)
        due = self._due(moving & on_screen)
        self._in_play = True
        try:
            if due > 1e-6:
                super().play(_wait(_whole_frames(due)))
            self._close(moving & on_screen, self.renderer.time)
            super().play(*anims, **kwargs)
        finally:
            self._in_play = False
        gone = set(k for k in self._records) - {id(m) for m in _texts(self.mobjects)}
        self._close(gone, self.renderer.time)
        self._open_settled(set())
        self.check_layout()

    def check_layout(self) -> None:
        """Log where every text is now and whether it overlaps anything (`layout_log`)."""
        boxes, overlaps = layout_overlaps(self.mobjects)
        if boxes:
            self.layout_log.append(LayoutRecord(self.renderer.time, {_name(m): b for m, b in boxes.items()}, overlaps))

    def get_moving_mobjects(self, *animations):
        """What manim redraws every frame of an animation (the rest is painted once, behind it).

        manim redraws the top-level group of the first animated mobject and everything after it:
        writing one number into one box of a graph redraws the whole graph, its labels and the
        caption, every frame. Here: only the parts drawn with points from the first animated one
        on, and, when every animation's path is known (no updaters, no arcs), only those that lie
        over what moves. The picture is the same; the frames are cheaper."""
        from manim.utils.family import extract_mobject_family_members

        conservative = super().get_moving_mobjects(*animations)
        if not conservative:
            return conservative
        # every member, with points or not yet: a read-out's empty digit slot gets its points mid-animation
        parts = extract_mobject_family_members(list(self.mobjects) + list(self.foreground_mobjects),
                                               use_z_index=self.renderer.camera.use_z_index)
        animated, regions, known = set(), [], True

        def collect(anims) -> None:
            nonlocal known
            for anim in anims:
                animated.update(id(m) for m in anim.mobject.get_family())
                collect(getattr(anim, "animations", ()))
                if getattr(anim, "path_arc", 0):
                    known = False  # an arc may leave the box of its start and end
                for m in (anim.mobject, getattr(anim, "target_mobject", None), getattr(anim, "starting_mobject", None)):
                    if m is not None and any(f.has_points() for f in m.get_family()):
                        regions.append(box_of(m))

        collect(animations)
        for top in list(self.mobjects) + list(self.foreground_mobjects):
            for m in top.get_family():
                if m.updaters or m in self.foreground_mobjects:  # moved by code: where to, nobody knows
                    animated.update(id(f) for f in m.get_family())
                    known = False
        first = next((k for k, m in enumerate(parts) if id(m) in animated), None)
        if first is None:
            return conservative
        if not known:
            return parts[first:]
        moving, boxes = [], np.array(regions, dtype=float).reshape(-1, 4)
        for m in parts[first:]:  # a part drawn after a moving one must be redrawn too if it lies over it
            if id(m) in animated:
                moving.append(m)
                if m.has_points():
                    boxes = np.vstack([boxes, np.array(box_of(m))])
                continue
            if not m.has_points():
                continue
            box = np.array(box_of(m))
            if _meets_any(box, boxes):
                moving.append(m)
                boxes = np.vstack([boxes, box])
        return moving

    def remove(self, *mobjects):
        keys = {id(m) for m in _texts(mobjects)}
        if not self._in_play and keys:
            due = self._due(keys)
            if due > 1e-6:
                self.wait(_whole_frames(due))
        self._close(keys, self.renderer.time)
        return super().remove(*mobjects)

    def settle(self) -> None:
        """Wait until every text on screen has been held long enough."""
        self._open_settled(set())
        due = self._due({id(m) for m in _texts(self.mobjects)})
        if due > 1e-6:
            self.wait(_whole_frames(due))

    def finish_logs(self) -> None:
        """Close the last caption and every text still on screen (the end of the video)."""
        self._end_caption()
        self._close(set(self._records), self.renderer.time)

    def tear_down(self) -> None:
        self.finish_logs()
        super().tear_down()

    # ------------------------------------------------------------------ captions
    def _end_caption(self) -> None:
        if self.caption_log and self.caption_log[-1].end is None:
            rec = self.caption_log[-1]
            rec.end = self.renderer.time
            try:  # the subtitle, from its start to now (manim writes the .srt beside the video)
                self.add_subcaption(rec.text, duration=rec.end - rec.start, offset=rec.start - rec.end)
            except Exception:  # an in-memory render has no file writer for subtitles
                pass

    def caption_mobject(self, s: str, color: str = INK) -> MarkupText:
        """The caption as it is drawn: centred in the bottom band, inside the margin."""
        mob = markup(wrap(s), CAPTION_SIZE, color, line_spacing=0.8)
        max_w = 2 * (FRAME_X - TEXT_MARGIN - 0.1)
        if mob.width > max_w:
            mob.scale_to_fit_width(max_w)
        max_h = CAPTION_TOP - (-4.0 + TEXT_MARGIN + 0.05)
        if mob.height > max_h:
            mob.scale_to_fit_height(max_h)
        return mob.move_to([0, (CAPTION_TOP + (-4.0 + TEXT_MARGIN)) / 2, 0])

    def say(self, s: str, numbers: dict | None = None, color: str = INK, payoff: bool = False,
            run_time: float = 0.6) -> MarkupText:
        """Narrate: `s` (Pango markup) replaces the caption by a crossfade, and becomes a subtitle.

        `numbers` are the engine's numbers the caption quotes (name -> value), for the tests.
        """
        new = self.caption_mobject(s, color)
        new.payoff = payoff
        old = self._caption
        if old is not None:
            self.play(FadeOut(old), run_time=run_time / 2)
        self._end_caption()
        self.caption_log.append(CaptionRecord(plain(s), dict(numbers or {}), self.renderer.time))
        self.play(FadeIn(new), run_time=run_time / 2)
        self._caption = new
        return new

    def unsay(self) -> None:
        """Take the caption away (after its reading time)."""
        if self._caption is not None:
            self.play(FadeOut(self._caption), run_time=0.3)
            self._end_caption()
            self._caption = None

    def read(self, extra: float = 0.0) -> None:
        """Hold the frame until the caption (and every text) has been read, plus `extra` s."""
        self.settle()
        if extra > 0:
            self.wait(extra)

    # ------------------------------------------------------------------ cards
    def beat_title(self, title: str, subtitle: str = "") -> VGroup:
        """The heading of a beat, at the top of the frame."""
        head = VGroup(text(title, 32, weight="BOLD"))
        if subtitle:
            head.add(text(subtitle, 22, MUTED))
        head.arrange(DOWN, buff=0.12).to_edge(UP, buff=TEXT_MARGIN + 0.05)
        return fit_in_frame(head, TEXT_MARGIN + 0.1)

    def title_card(self) -> None:
        """Part number and title, alone on the screen, then cleared."""
        part_name = f"Part {self.PART}" if self.PART else "The lesson"
        part = text(part_name, 28, MUTED)
        title = text(self.TITLE, 44, INK, weight="BOLD")
        card = fit_in_frame(VGroup(part, title).arrange(DOWN, buff=0.35), TEXT_MARGIN + 0.2)
        self.caption_log.append(CaptionRecord(f"{part_name}: {self.TITLE}", {}, self.renderer.time))
        self.play(FadeIn(card, shift=0.2 * UP), run_time=0.6)
        self.settle()
        self.play(FadeOut(card), run_time=0.5)
        self._end_caption()

    def end_card(self) -> None:
        """Clear the screen, then the takeaway and what comes next, held as a payoff."""
        self.unsay()
        if self.mobjects:  # a background-coloured curtain falls over everything: cheap, whatever is there
            from manim import config

            cover = Rectangle(width=config.frame_width, height=config.frame_height, stroke_width=0,
                              fill_color=BG, fill_opacity=1)
            cover.set_z_index(50)
            self.play(FadeIn(cover), run_time=0.6)
            self.remove(*self.mobjects)
        takeaway = text(self.TAKEAWAY, 32, INK, weight="BOLD", line_spacing=0.9)
        takeaway.payoff = True
        fit_in_frame(takeaway, TEXT_MARGIN + 0.5)
        group = VGroup(takeaway)
        if self.NEXT:
            nxt = text(f"Next: {self.NEXT}", 24, FORWARD)
            fit_in_frame(nxt, TEXT_MARGIN + 0.5)
            group.add(nxt)
        group.arrange(DOWN, buff=0.6)
        self._end_caption()
        self.caption_log.append(CaptionRecord(plain(self.TAKEAWAY) + (f"  Next: {self.NEXT}" if self.NEXT else ""),
                                              {}, self.renderer.time))
        self.play(FadeIn(group), run_time=0.6)
        shown_at = self.renderer.time
        self.settle()
        # the takeaway and its Next line are read together, as one text
        need = hold_time(plain(self.TAKEAWAY) + (f" Next: {self.NEXT}" if self.NEXT else ""), payoff=True)
        self.wait(max(0.0, need - (self.renderer.time - shown_at)) + 0.5)


def _whole_frames(seconds: float) -> float:
    """`seconds` rounded up to whole frames: manim drops the fraction of a frame, so a short wait could vanish."""
    import math

    from manim import config

    return math.ceil(seconds * config.frame_rate - 1e-9) / config.frame_rate


def _wait(seconds: float):
    from manim import Wait

    return Wait(run_time=seconds)
