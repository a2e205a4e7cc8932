"""The built website in a real browser (issue 13): Debian's Chromium, driven by playwright.

The site is built once for this file (the fastest video quality), served on 127.0.0.1 by the test
itself, and every page is opened at 1280 px wide: no console error, no failed request, nothing
asked of any host but 127.0.0.1. Then the checks read what the visits saw: every internal link
(anchors too) resolves, every <video> plays and loads its subtitle track, the API reference holds
every public name, no page's text gives away a checker or the quiz key, and at 390 px wide no text
runs off the side of the screen. Screenshots at both widths must not be blank; they are kept under
build/site-screenshots/ when AUTOGRAD_MINI_KEEP_SCREENSHOTS=1 (to look at), else in a temporary folder.

Skipped, with the reason, only when playwright or /usr/bin/chromium is not installed.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import urllib.parse
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright; "
                               "the browser is Debian's chromium, never a downloaded one)")
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.is_file():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("sphinx", reason="the site extra is not installed: pip install 'autograd_mini[site]'")

from test_docstrings import _member_doc_target, _public_top_names, module_names  # noqa: E402
from test_tutorials import EXPECTED, assert_no_answers, notebook_path, page_text, quiz_key_pattern  # noqa: E402

from autograd_mini import render, tutorials  # noqa: E402
from static_server import serve  # noqa: E402

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
WIDE, NARROW = 1280, 390
HEIGHT = 900
REPO = Path(__file__).resolve().parent.parent
# Generated pages that list or search the others, and the highlighted sources of the modules: opened
# and checked like every page, but not screenshot or measured at 390 px (they are not the lesson).
SERVICE_PAGES = ("genindex.html", "py-modindex.html", "search.html")


def _is_lesson_page(relative: str) -> bool:
    return relative not in SERVICE_PAGES and not relative.startswith("_modules/")


@dataclasses.dataclass
class Visit:
    """What one page showed in the browser."""

    problems: list[str]
    links: list[str]
    ids: set[str]
    text: str
    videos: list[dict]


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def base_url(site):
    """The site served on 127.0.0.1 at a free port, from a thread of this process."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory) -> Path:
    if os.environ.get("AUTOGRAD_MINI_KEEP_SCREENSHOTS") == "1":
        folder = REPO / "build" / "site-screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("site-screenshots")


def _pages(site: Path) -> list[str]:
    """Every page of the site (what _static/ holds are assets: the theme ships a template there)."""
    pages = (page.relative_to(site).as_posix() for page in site.rglob("*.html"))
    return sorted(page for page in pages if not page.startswith("_static/"))


def _screenshot_name(relative: str, width: int) -> str:
    return relative.removesuffix(".html").replace("/", "__") + f"-{width}.png"


# The page, as JavaScript reads it: links, ids, text, and each video with its subtitle tracks.
READ_PAGE = """() => ({
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  ids: Array.from(document.querySelectorAll('[id], a[name]')).map(e => e.id || e.getAttribute('name')),
  text: document.body.innerText,
  videos: Array.from(document.querySelectorAll('video')).map(v => ({
    src: v.currentSrc,
    type: (v.querySelector('source') || {}).type || '',
    canPlay: v.canPlayType((v.querySelector('source') || {}).type || 'video/mp4'),
    readyState: v.readyState, duration: v.duration, error: v.error ? v.error.code : null,
    tracks: Array.from(v.querySelectorAll('track')).map(t => ({
      src: t.src, kind: t.kind, readyState: t.readyState, cues: t.track.cues ? t.track.cues.length : 0})),
  })),
})"""
# Every video has its metadata (readyState >= 1: its duration is known) and every track has loaded
# (readyState 2) or failed (3); the live widgets have started or said that they could not.
SETTLED = """() =>
  Array.from(document.querySelectorAll('video')).every(v => v.readyState >= 1 || v.error) &&
  Array.from(document.querySelectorAll('video track')).every(t => t.readyState >= 2) &&
  Array.from(document.querySelectorAll('[data-live]')).every(w => ['ready', 'failed'].includes(w.dataset.state))"""


def _refuse_other_hosts(context, host: str, problems: list[str]) -> None:
    """Every request to a host other than `host` is refused, and written down in `problems`."""

    def route(route_) -> None:
        url = urllib.parse.urlsplit(route_.request.url)
        if url.scheme in ("data", "blob") or url.hostname == host:
            route_.continue_()
        else:
            problems.append(f"asked another host: {route_.request.url}")
            route_.abort()

    context.route("**/*", route)


def _watch(page, problems: list[str]):
    """Record console errors, script errors, failed requests and HTTP errors of `page`; call what it
    returns once the page has settled."""

    aborted: list[str] = []

    def failed(request) -> None:
        # The browser itself stops a media download once it has what preload asks for: not a failure.
        if request.resource_type == "media" and "ERR_ABORTED" in (request.failure or ""):
            return
        if "ERR_ABORTED" in (request.failure or ""):
            aborted.append(request.url)  # a failure unless another request got the same file (see below)
            return
        problems.append(f"request failed: {request.url} ({request.failure})")

    def response(response_) -> None:
        # favicon.ico: the browser asks for it by itself when a page names no icon; no page links it.
        if response_.status >= 400 and not response_.url.endswith("/favicon.ico"):
            problems.append(f"HTTP {response_.status}: {response_.url}")
        elif response_.status < 400:
            delivered.add(response_.url)

    delivered: set[str] = set()

    def console(message) -> None:
        if message.type == "error" and "favicon.ico" not in (message.location or {}).get("url", "") \
                and "favicon.ico" not in message.text:
            problems.append(f"console error: {message.text}")

    page.on("requestfailed", failed)
    page.on("response", response)
    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def finish() -> None:
        """A request the browser dropped counts only if no other request got that file (Pyodide
        starts a second fetch of its .wasm and drops one of the two)."""
        problems.extend(f"request aborted: {url}" for url in aborted if url not in delivered)

    return finish


@pytest.fixture(scope="module")
def visits(site, base_url, browser, screenshot_dir) -> dict[str, Visit]:
    """Every page opened at 1280 px wide, once, with what it showed; the lesson pages screenshot."""
    host = urllib.parse.urlsplit(base_url).hostname
    context = browser.new_context(viewport={"width": WIDE, "height": HEIGHT})
    seen: dict[str, Visit] = {}
    outside: list[str] = []
    _refuse_other_hosts(context, host, outside)
    try:
        for relative in _pages(site):
            problems: list[str] = []
            page = context.new_page()
            finish = _watch(page, problems)
            page.goto(base_url + relative, wait_until="load")
            try:
                page.wait_for_function(SETTLED, timeout=60_000)
            except sync_api.TimeoutError:
                problems.append("a video, a subtitle track or a live widget did not finish loading in 60 s")
            if _is_lesson_page(relative):
                page.screenshot(path=str(screenshot_dir / _screenshot_name(relative, WIDE)))
            read = page.evaluate(READ_PAGE)
            finish()
            for widget in page.query_selector_all("[data-live]"):
                if widget.get_attribute("data-state") != "ready":
                    problems.append(f"the live {widget.get_attribute('data-live')} did not start")
            page.close()
            problems += outside  # refused while this page was open
            outside.clear()
            seen[relative] = Visit(problems, read["links"], set(read["ids"]), read["text"], read["videos"])
    finally:
        context.close()
    return seen


@pytest.fixture(scope="module")
def narrow(site, base_url, browser, screenshot_dir) -> dict[str, list[str]]:
    """Each lesson page at 390 px wide: screenshot, and the text that runs past the screen's edge."""
    context = browser.new_context(viewport={"width": NARROW, "height": HEIGHT}, is_mobile=True, has_touch=True)
    overflow: dict[str, list[str]] = {}
    try:
        for relative in filter(_is_lesson_page, _pages(site)):
            page = context.new_page()
            page.goto(base_url + relative, wait_until="load")
            page.screenshot(path=str(screenshot_dir / _screenshot_name(relative, NARROW)))
            overflow[relative] = page.evaluate(OVERFLOW)
            page.close()
    finally:
        context.close()
    return overflow


# Text wider than the screen: the page scrolls sideways, or an element holding text reaches past the
# right edge without a container of its own that scrolls it (code blocks and wide tables scroll).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width + 1)
    found.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  const scrolls = el => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.offsetParent === null) continue;  // not shown
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width > 0 && (box.right > width + 1 || box.left < -1) && !scrolls(el))
      found.push(`<${el.tagName.toLowerCase()} class="${el.className}"> "${node.textContent.trim().slice(0, 60)}" reaches ${Math.round(box.right)} px`);
  }
  return found.slice(0, 10);
}"""


# --------------------------------------------------------------------------------- tests
def test_every_page_opens_without_an_error_or_an_outside_request(visits):
    assert len(visits) >= 20, f"only {len(visits)} pages were built: {sorted(visits)}"
    problems = [f"{page}: {problem}" for page, visit in visits.items() for problem in visit.problems]
    assert problems == [], "\n".join(problems[:40])


def test_every_internal_link_resolves_anchors_included(visits, site, base_url, browser):
    broken, files = [], set()
    for page, visit in visits.items():
        for link in visit.links:
            if not link.startswith(base_url):
                continue  # a link to another site: followed by the reader, not loaded by the page
            url = urllib.parse.urlsplit(link)
            target = urllib.parse.unquote(url.path[len(urllib.parse.urlsplit(base_url).path):]) or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if target.endswith(".html"):
                if target not in visits:
                    broken.append(f"{page}: {link} (no such page)")
                elif url.fragment and urllib.parse.unquote(url.fragment) not in visits[target].ids:
                    broken.append(f"{page}: {link} (no #{url.fragment} on {target})")
            else:
                files.add((page, link.split("#")[0]))
    # Links to files (the notebooks' downloads, pictures): each one fetched once, as the reader would.
    request = browser.new_context().request
    try:
        for page, link in sorted(files, key=lambda item: item[1]):
            status = request.get(link).status
            if status != 200:
                broken.append(f"{page}: {link} (HTTP {status})")
    finally:
        request.dispose()
    assert broken == [], "\n".join(broken[:40])


def test_every_video_plays_and_loads_its_subtitles(visits):
    videos = [(page, video) for page, visit in visits.items() for video in visit.videos]
    bad = []
    for page, video in videos:
        name = video["src"].rsplit("/", 1)[-1]
        if not video["canPlay"] or video["readyState"] < 1 or not video["duration"] > 0 or video["error"]:
            bad.append(f"{page}: {name} does not play ({video})")
        subtitles = [t for t in video["tracks"] if t["kind"] in ("subtitles", "captions")]
        if not subtitles or any(t["readyState"] != 2 or t["cues"] == 0 for t in subtitles):
            bad.append(f"{page}: {name}'s subtitle track did not load ({video['tracks']})")
    assert bad == [], "\n".join(bad)
    # The videos page: the whole lesson, then every part in the lesson's order, then the preview.
    on_videos_page = [v["src"].rsplit("/", 1)[-1].removesuffix(".mp4") for v in visits["videos.html"].videos]
    assert on_videos_page == ["lesson", *render.SCENES, *render.PREVIEWS], on_videos_page
    # Each tutorial page that shows a video gets it from a file, never inlined.
    assert all(v["src"].startswith("http://127.0.0.1") for _, v in videos)


def test_screenshots_are_not_blank_at_both_widths(visits, narrow, screenshot_dir):
    from PIL import Image, ImageStat

    lesson_pages = [page for page in visits if _is_lesson_page(page)]
    assert "index.html" in lesson_pages and "videos.html" in lesson_pages
    blank = []
    for page in lesson_pages:
        for width in (WIDE, NARROW):
            path = screenshot_dir / _screenshot_name(page, width)
            with Image.open(path) as image:
                assert image.width == width, f"{path.name} is {image.width} px wide"
                # a blank page is one colour: the grey levels of a page with text vary a lot
                spread = ImageStat.Stat(image.convert("L")).stddev[0]
            if spread < 8:
                blank.append(f"{path.name}: grey levels vary by {spread:.1f} only")
    assert blank == [], "\n".join(blank)


def test_no_text_runs_off_a_390_px_screen(narrow):
    overflowing = {page: found for page, found in narrow.items() if found}
    assert overflowing == {}, "\n".join(f"{page}: {found}" for page, found in overflowing.items())


def test_no_page_shows_a_checker_or_the_quiz_key(visits, site):
    notebooks = {name: tutorials.read_notebook(notebook_path(name)) for name in EXPECTED}
    for page, visit in visits.items():
        # what the reader sees once scripts have run, and what the HTML holds (hidden parts too)
        source = page_text((site / page).read_text(encoding="utf-8"))
        if not _is_lesson_page(page):
            # the package's own highlighted source shares plain lines ("except ValueError as error:")
            # with the checkers, which live in the notebooks, never in the package: the key only
            for text in (visit.text, source):
                assert not quiz_key_pattern().search(text), f"{page} contains the quiz key"
            continue
        # A tutorial's page against its own notebook's checkers: a line one notebook's checkers use
        # (ax.set_yscale("log")) may be a line another notebook shows. Every other page against all.
        own = page.removeprefix("tutorials/").removesuffix(".html")
        for notebook in [notebooks[own]] if own in notebooks else notebooks.values():
            assert_no_answers(visit.text, notebook, where=f"{page} (as shown)")
            assert_no_answers(source, notebook, where=f"{page} (its HTML)")


def test_the_api_reference_documents_every_public_name(visits):
    """Each public name (as tests/test_docstrings.py lists them) is an entry of the reference, under
    some name that imports as the very same object: `autograd_mini.nn.linear.Linear` is found
    as `autograd_mini.nn.Linear`."""
    documented: set[int] = set()
    for page, visit in visits.items():
        if page.startswith("api/"):
            for entry in visit.ids:
                obj = _resolve(entry)
                if obj is not None:
                    documented.add(id(obj))
    missing = []
    for name in module_names():
        module = importlib.import_module(name)
        for top in _public_top_names(module):
            obj = vars(module)[top]
            if id(obj) not in documented:
                missing.append(f"{name}.{top}")
            if isinstance(obj, type):
                for member, value in vars(obj).items():
                    if not member.startswith("_") and _member_doc_target(value) is not None and id(value) not in documented:
                        missing.append(f"{name}.{top}.{member}")
    assert missing == [], "not in the API reference:\n  " + "\n  ".join(missing)


def _resolve(dotted: str):
    """The object a documented entry's id names ('autograd_mini.nn.linear.Linear.forward'), or None:
    the longest prefix that imports as a module, then attributes (class members as the class holds them)."""
    parts = dotted.split(".")
    if parts[0] != "autograd_mini":
        return None
    for depth in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:depth]))
        except ImportError:
            continue
        try:
            for name in parts[depth:]:
                obj = _resolve_member(obj, name) if isinstance(obj, type) else getattr(obj, name)
        except AttributeError:
            return None
        return obj
    return None


def _resolve_member(cls: type, name: str):
    """A class's member as the class body holds it, looked up along the MRO (properties stay properties)."""
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    raise AttributeError(name)
