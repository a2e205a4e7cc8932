"""The live playground and knowledge check in a real headless Chromium, on Pyodide.

A small Sphinx project with the website's extension (website/_live/live_ext.py) and the two
pages it makes live (Part 2 and the knowledge check) is built and served on 127.0.0.1 by the
test. Chromium (Debian's, never a downloaded one) then drags each slider and checks the
read-outs against the engine run here in Python, presses "Train this for me" and checks the
final weights against the notebook playground's, answers the quiz wrong and right, and makes
sure that no request leaves 127.0.0.1 and that a page whose runtime cannot load says so.

Screenshots and timings go to build/live-screenshots/ (override: AUTOGRAD_MINI_LIVE_SHOTS).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from autograd_mini import quiz
from autograd_mini.viz.playground import NeuronPlayground
from static_server import serve

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("AUTOGRAD_MINI_LIVE_SHOTS", ROOT / "build" / "live-screenshots"))
PLAYGROUND_PAGE = "tutorials/02_tune_a_neuron_by_hand.html"
QUIZ_PAGE = "tutorials/06_knowledge_check.html"
LOAD_TIMEOUT_MS = 150_000  # the runtime starts in seconds on a laptop; a busy shared box is slower
STATIC_PICTURE = "the static picture of the widget"

sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("sphinx")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() or shutil.which("npm") is None and not (
    ROOT / "build" / "pyodide-cache" / "node_modules" / "pyodide").is_dir(),
    reason="needs Debian's /usr/bin/chromium and the Pyodide runtime (npm, or a cached build/pyodide-cache)")

PAGES = {  # as the site's pages are: a section per widget, the static stand-in of its output inside
    "index.rst": "Live pages\n==========\n\n.. toctree::\n\n   tutorials/02_tune_a_neuron_by_hand\n"
                 "   tutorials/06_knowledge_check\n",
    "tutorials/02_tune_a_neuron_by_hand.rst": "Part 2: tune a neuron by hand\n=============================\n\n"
    "The playground\n--------------\n\nRun the next cell.\n\n.. container:: widget-stand-in\n"
    f"   :name: playground-stand-in\n\n   Here is {STATIC_PICTURE}.\n",
    "tutorials/06_knowledge_check.rst": "Part 6: the knowledge check\n===========================\n\n"
    "The quiz, as a widget\n---------------------\n\nRun the next cell.\n\n.. container:: widget-stand-in\n"
    f"   :name: quiz-stand-in\n\n   Here is {STATIC_PICTURE}.\n",
}
# Test-only: hold "Train this for me" once it reaches a step (the page asks for each frame with
# requestAnimationFrame), so that the picture "during training" is taken during training.
HOLD_FRAMES_AT = """(step) => {
  window.heldFrames = []; window.realFrame = window.requestAnimationFrame;
  window.requestAnimationFrame = (callback) => window.livePlayground.state.step >= step
    ? window.heldFrames.push(callback) : window.realFrame(callback);
}"""
RELEASE_FRAMES = """() => {
  window.requestAnimationFrame = window.realFrame; window.heldFrames.forEach((f) => window.realFrame(f));
}"""
ABOVE_STAND_IN = ("() => { const w = document.querySelector('.live-widget'), s = w.nextElementSibling;"
                  " return s !== null && s.classList.contains('widget-stand-in'); }")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two live pages, built by Sphinx with the website's extension (warnings are errors)."""
    from sphinx.application import Sphinx

    source = tmp_path_factory.mktemp("live-source")
    for name, text in PAGES.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    (source / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'website' / '_live')!r})\n"
        "project = 'autograd_mini live pages'\nextensions = ['live_ext']\nhtml_theme = 'basic'\n"
    )
    out = tmp_path_factory.mktemp("live-site")
    app = Sphinx(str(source), str(source), str(out), str(out / ".doctrees"), "html",
                 status=None, warning=None, warningiserror=True, freshenv=True)
    app.build()
    (out / "favicon.ico").write_bytes(b"")  # the basic theme has none; Chromium asks anyway
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The built pages on http://127.0.0.1:<free port>/."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page in a fresh tab: every request, console error and failed response is recorded."""

    def __init__(self, browser: Any, base: str, path: str, width: int = 1280) -> None:
        self.base = base
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("response", lambda r: self.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        self.cdp = self.page.context.new_cdp_session(self.page)
        self.cdp.send("Performance.enable", {"timeDomain": "threadTicks"})  # CPU time, not wall time
        self.url = base + path

    def cpu_seconds(self) -> float:
        """CPU time the page's main thread has spent so far."""
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return metrics["ThreadTime"]

    def open(self, state: str = "ready") -> dict[str, float]:
        """Load the page, wait for its widget to reach `state`; returns the wall and CPU seconds."""
        start = time.perf_counter()
        self.page.goto(self.url)
        self.page.wait_for_selector(".live-widget:not([data-state=loading])", timeout=LOAD_TIMEOUT_MS)
        widget_state = self.page.get_attribute(".live-widget", "data-state")
        assert widget_state == state, self.page.inner_text(".live-status")
        return {"wall_s": time.perf_counter() - start, "main_thread_cpu_s": self.cpu_seconds()}

    def check_clean(self) -> None:
        """No request outside 127.0.0.1, no console error, no failed response."""
        outside = [url for url in self.requests if not url.startswith(self.base) and not url.startswith("data:")]
        assert outside == [], f"requests left 127.0.0.1: {outside}"
        assert self.problems == []

    def shot(self, name: str) -> None:
        """A full-page screenshot under SHOTS."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _drag(page: Any, name: str, fraction: float) -> float:
    """Drag slider `name` with the mouse from its thumb to `fraction` of its width; its new value."""
    slider = page.locator(f".live-sliders input[name={name}]")
    box = slider.bounding_box()
    value = float(slider.input_value())
    thumb = box["x"] + 8 + (value + 6) / 12 * (box["width"] - 16)  # where the thumb is drawn
    y = box["y"] + box["height"] / 2
    page.mouse.move(thumb, y)
    page.mouse.down()
    page.mouse.move(box["x"] + fraction * box["width"], y, steps=4)
    page.mouse.up()
    return float(slider.input_value())


def _read_outs(page: Any) -> dict[str, Any]:
    """The numbers the playground shows (text) and keeps at full precision (data-* attributes)."""
    widget = page.locator(".live-playground")
    return {
        **{name: float(widget.get_attribute(f"data-{name}")) for name in ("w1", "w2", "b", "loss", "accuracy")},
        "loss_text": page.inner_text(".live-loss"),
        "accuracy_text": page.inner_text(".live-accuracy"),
        "errors_text": page.inner_text(".live-errors"),
        "formula": page.inner_text(".live-formula"),
    }


def _assert_matches(read: dict[str, Any], reference: NeuronPlayground) -> None:
    """The page's read-outs are the notebook playground's: to 1e-9, and as text."""
    state = reference.state()
    for name in ("w1", "w2", "b", "loss", "accuracy"):
        assert read[name] == pytest.approx(getattr(state, name), abs=1e-9), name
    assert read["loss_text"] == f"{state.loss:.3f}"
    assert read["accuracy_text"] == f"{100 * state.accuracy:.1f}%"
    assert read["errors_text"] == str(state.errors)
    assert read["formula"] == reference.formula()


def test_the_playground_runs_the_engine_in_the_page(browser: Any, server: str) -> None:
    """Drag each slider, train, reset: the page's numbers are the Python playground's."""
    visit = Visit(browser, server, PLAYGROUND_PAGE)
    page = visit.page
    timings: dict[str, Any] = {"load": visit.open()}
    assert page.evaluate("window.liveTimings.snapshot") is True  # the build's start-up snapshot was restored
    assert page.is_visible(f"text={STATIC_PICTURE}") and page.evaluate(ABOVE_STAND_IN)
    reference = NeuronPlayground()
    _assert_matches(_read_outs(page), reference)
    visit.shot("1-playground-start")

    for name, fraction in (("w1", 0.68), ("w2", 0.8), ("b", 0.3)):  # each slider, by the mouse
        value = _drag(page, name, fraction)
        assert value != 0.0
        reference.set(**{name: value})
        _assert_matches(_read_outs(page), reference)
    visit.shot("2-playground-after-drag")

    page.check(".live-shade")  # the probability shading on for training (the costlier picture)
    expected = list(reference.train_steps())  # from where the learner left the sliders
    page.evaluate(HOLD_FRAMES_AT, 8)  # the test holds the animation at step 8 for its picture
    page.click(".live-train")
    page.wait_for_function("window.heldFrames.length > 0", timeout=60_000)
    assert page.inner_text(".live-step") == "8" and page.get_attribute(".live-playground", "data-training") == "yes"
    visit.shot("3-playground-during-training")
    page.evaluate(RELEASE_FRAMES)
    page.wait_for_selector(".live-playground[data-trained=yes]", timeout=120_000)
    visit.shot("4-playground-after-training")
    read = _read_outs(page)
    _assert_matches(read, reference)
    assert page.inner_text(".live-step") == str(len(expected))
    for name in ("w1", "w2", "b"):  # the sliders show where training left them
        assert float(page.locator(f".live-sliders input[name={name}]").input_value()) == pytest.approx(
            read[name], abs=0.006)

    assert len(page.evaluate("window.livePlayground.frameTimes")) == len(expected)

    page.click(".live-reset")
    assert _read_outs(page)["w1"] == 0.0 and page.inner_text(".live-step") == "0"
    # Timing: "Train this for me" from the start again, with the shading, and no screenshot.
    cpu_before = visit.cpu_seconds()
    page.click(".live-train")
    page.wait_for_selector(".live-playground[data-trained=yes]", timeout=120_000)
    cpu_training = visit.cpu_seconds() - cpu_before
    frames = page.evaluate("window.livePlayground.frameTimes")
    assert len(frames) == len(list(NeuronPlayground().train_steps()))
    timings["training"] = {
        "steps": len(frames), "frame_wall_ms_median": statistics.median(frames),
        "frame_wall_ms_max": max(frames),
        "main_thread_cpu_ms_per_frame": 1000 * cpu_training / len(frames),
        "load_average": os.getloadavg()[0], "cpus": os.cpu_count(),
    }
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "timings.json").write_text(json.dumps(timings, indent=1))
    print("live playground timings:", json.dumps(timings))
    page.set_viewport_size({"width": 390, "height": 900})  # a phone: nothing sticks out of the widget
    assert page.evaluate("(w => w.scrollWidth <= w.clientWidth)(document.querySelector('.live-playground'))")
    visit.shot("5-playground-390px")
    visit.check_clean()
    # The frame budget: the main thread's CPU time per step (Python step + drawing + paint).
    assert timings["training"]["main_thread_cpu_ms_per_frame"] < 16.7
    # Under 5 s from a local server. The page's own CPU time holds on a busy machine too (it was
    # 4.2 s before the start-up snapshot, 1.1 s with it); the wall time is held to 5 s when the
    # machine is not shared with other jobs (load average below one per CPU).
    assert timings["load"]["main_thread_cpu_s"] < 2.5, timings
    if timings["training"]["load_average"] < (os.cpu_count() or 1):
        assert timings["load"]["wall_s"] < 5.0, timings


def test_the_knowledge_check_grades_like_autograd_mini_quiz(browser: Any, server: str) -> None:
    """Answer wrong, then four of five right: the explanations and the score of `autograd-mini quiz`."""
    visit = Visit(browser, server, QUIZ_PAGE)
    page = visit.page
    visit.open()
    assert page.evaluate(ABOVE_STAND_IN)
    html_before = page.content()
    for question in quiz.QUESTIONS:  # no explanation (and so no key) before the learner checks
        assert question.prompt in html_before
        assert all(option.explanation not in html_before for option in question.options)
    wrong = [next(o.key for o in q.options if not o.correct) for q in quiz.QUESTIONS]
    right = [q.correct_option.key for q in quiz.QUESTIONS]

    page.click(".live-check")  # nothing chosen yet
    assert "still open: question 1, 2, 3, 4, 5" in page.inner_text(".live-summary")
    for answers, name in ((wrong, "6-quiz-all-wrong"), (right[:4] + wrong[4:], "7-quiz-four-right")):
        for number, key in enumerate(answers, start=1):
            page.check(f".live-question[data-number='{number}'] input[value={key}]")
        page.click(".live-check")
        result = quiz.grade(answers)
        for item in result.results:
            shown = " ".join(page.inner_text(f".live-question[data-number='{item.number}'] .live-feedback").split())
            assert " ".join(item.explanation.split()) in shown
            if item.is_correct:
                assert shown.startswith(f"Right: {item.chosen_key})")
            else:
                assert shown.startswith(f"Wrong: you chose {item.chosen_key})")
                assert f"The right answer is {item.correct_key})" in shown
                assert " ".join((item.correct_explanation or "").split()) in shown
        summary = page.inner_text(".live-summary")
        assert f"Score: {result.score}/5 (the aim is 4 of 5)" in summary and result.verdict in summary
        visit.shot(name)
    assert page.get_attribute(".live-summary", "data-score") == "4"
    visit.check_clean()


def test_without_the_runtime_the_page_says_so_and_keeps_the_pictures(browser: Any, server: str) -> None:
    """No runtime on the server: the widget says so at once and the static picture stays."""
    visit = Visit(browser, server, PLAYGROUND_PAGE, width=390)
    visit.page.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404))  # no runtime
    visit.open(state="failed")
    status = visit.page.inner_text(".live-status")
    assert "could not start" in status and "not on this server (404)" in status
    assert "autograd-mini playground" in status
    assert visit.page.is_visible(f"text={STATIC_PICTURE}")
    assert not visit.page.is_visible(".live-plane")
    visit.shot("8-playground-runtime-failed-390px")


@pytest.mark.parametrize("snapshot", ["missing", "damaged"])
def test_without_a_usable_snapshot_python_starts_from_scratch(browser: Any, server: str, snapshot: str) -> None:
    """A snapshot the server lacks or that is damaged: Python boots the slow way and the playground works."""
    visit = Visit(browser, server, PLAYGROUND_PAGE)
    visit.page.route("**/snapshot.bin", lambda route: route.fulfill(status=404) if snapshot == "missing"
                     else route.fulfill(status=200, body=b"not a snapshot" * 1000))
    visit.open()
    assert visit.page.evaluate("window.liveTimings.snapshot") is False
    reference = NeuronPlayground()
    _drag(visit.page, "w1", 0.7)
    reference.set(w1=float(visit.page.locator(".live-sliders input[name=w1]").input_value()))
    _assert_matches(_read_outs(visit.page), reference)
    explained = ("snapshot", "Failed to load resource: the server responded with a status of 404")
    visit.problems = [p for p in visit.problems if not any(text in p for text in explained)]
    visit.check_clean()
