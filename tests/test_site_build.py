"""`autograd-mini site` (issue 13, item 2): the lesson's website, built once for this file.

The build is the command's own function, `autograd_mini.site.build`, into a temporary folder at
the fastest video quality. Then the files are read as a browser would get them: every page exists,
the home page lists the six parts with their reading times, no page shows a checker's code or the
quiz key, every video has its file and its subtitles, every "download as notebook" link gives a
notebook whose first cell installs the package, the widgets have static stand-ins, inline names
link to the API reference, and no page loads a script, style or picture from outside the site.
Cheap tests without a build cover the arguments, the subtitles' conversion, the link checker and
a failed build leaving the previous site alone. (The browser test is tests/test_site_browser.py.)
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

pytest.importorskip("sphinx", reason="the site extra is not installed: pip install 'autograd_mini[site]'")
pytest.importorskip("myst_nb", reason="the site extra is not installed: pip install 'autograd_mini[site]'")

from test_tutorials import EXPECTED, assert_no_answers, notebook_path, page_text, quiz_key_pattern  # noqa: E402

from autograd_mini import site as site_module  # noqa: E402
from autograd_mini import tutorials  # noqa: E402

PARTS = [name for name in EXPECTED if not name.startswith("07")]  # the six parts; 07 previews the next lesson
SOURCE_ATTRIBUTE = re.compile(r"""<(script|link|img|video|source|track|iframe)\b[^>]*?\b(src|href|poster)=["']([^"']+)""",
                              re.I)


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def videos_of(page: str) -> list[tuple[str, list[str], list[str]]]:
    """Each <video> of a page: (its opening tag, its sources, its subtitle tracks)."""
    found = []
    for match in re.finditer(r"<video\b(.*?)</video>", page, flags=re.S):
        tag = match.group(0)
        sources = re.findall(r'<(?:video|source)\b[^>]*?\ssrc="([^"]+)"', tag)
        tracks = re.findall(r'<track\b[^>]*?\ssrc="([^"]+)"', tag)
        found.append((tag, sources, tracks))
    return found


# ------------------------------------------------------------------------------ the build
def test_every_page_and_download_exists(site):
    for page in ["index.html", "videos.html", "api/index.html", "benchmarks.html", "genindex.html", "search.html",
                 *(f"tutorials/{name}.html" for name in EXPECTED)]:
        assert (site / page).is_file(), page
    for name in EXPECTED:
        assert (site / "notebooks" / f"{name}.ipynb").is_file(), name
    assert (site / ".buildinfo").is_file()
    assert not list(site.parent.glob(f".{site.name}-*")), "no temporary folder is left beside the site"


def test_home_page_is_the_front_door(site):
    home = read(site, "index.html")
    text = page_text(home)
    (opening,) = [v for v in videos_of(home) if "opening.mp4" in v[0]]
    assert opening[2] == ["_static/videos/opening.vtt"]
    positions = []
    for name in PARTS:  # the six parts in reading order, each linked, with its title and its reading time
        notebook = tutorials.read_notebook(notebook_path(name))
        minutes = tutorials.reading_minutes(notebook)
        link = home.find(f'href="tutorials/{name}.html"')
        assert link >= 0, name
        positions.append(link)
        assert f"{tutorials.notebook_title(notebook)} · about {minutes} minutes" in text, name
    assert positions == sorted(positions)
    assert "pip install 'autograd_mini[tutorials]'" in text and "autograd-mini tutorials --copy" in text


def test_tutorial_pages_show_the_run_but_never_an_answer(site):
    for page in sorted(site.rglob("*.html")):
        text = page_text(page.read_text(encoding="utf-8"))
        assert not quiz_key_pattern().search(text), f"{page.relative_to(site)} contains the quiz key"
    for name in EXPECTED:
        notebook = tutorials.read_notebook(notebook_path(name))
        page = read(site, f"tutorials/{name}.html")
        assert_no_answers(page_text(page), notebook, where=f"tutorials/{name}.html")
        assert "def check_" not in page
        assert "Not answered yet" in page_text(page), "the check cells ran: the checkers' cell ran without its input"
        assert f"<h1>{html.escape(tutorials.notebook_title(notebook))}" in page
        if name != "06_knowledge_check":  # the knowledge check shows stills only
            assert re.search(r'<img [^>]*src="data:image/png;base64,|<img [^>]*src="[^"]*\.png"', page), name


def test_tutorial_pages_have_contents_and_previous_next_links(site):
    for index, name in enumerate(EXPECTED):
        page = read(site, f"tutorials/{name}.html")
        assert 'class="bd-toc-nav page-toc"' in page or "page-toc" in page, f"{name}: a table of contents"
        footer = page[page.find('class="prev-next-area"'):]
        if index > 0:
            assert f'href="{EXPECTED[index - 1]}.html"' in footer, f"{name}: previous"
        if index + 1 < len(EXPECTED):
            assert f'href="{EXPECTED[index + 1]}.html"' in footer, f"{name}: next"


def test_every_video_is_a_file_with_its_subtitles(site):
    shown = 0
    for page in sorted(site.rglob("*.html")):
        for tag, sources, tracks in videos_of(page.read_text(encoding="utf-8")):
            where = page.relative_to(site)
            assert sources and tracks, f"{where}: {tag[:120]}"
            for url in sources + tracks:
                assert not url.startswith("data:"), f"{where}: an embedded video"
                assert (page.parent / url).resolve().is_file(), f"{where}: {url}"
            for track in tracks:
                assert (page.parent / track).read_text(encoding="utf-8").startswith("WEBVTT\n\n00:00:00.000 --> ")
            shown += 1
    scenes = [name for name in EXPECTED if "show_scene(" in notebook_path(name).read_text(encoding="utf-8")]
    for name in scenes:
        if name != "06_knowledge_check":  # stills only there
            assert videos_of(read(site, f"tutorials/{name}.html")), f"{name} shows its scene's video"
    assert shown >= len(scenes)
    lesson = (site / "_static" / "videos" / "lesson.vtt").read_text(encoding="utf-8")
    assert lesson.count(" --> ") == sum(
        (site / "_static" / "videos" / f"{name}.vtt").read_text(encoding="utf-8").count(" --> ")
        for name in ("opening", "neuron", "by_hand", "descent", "xor", "moons", "closing"))


def test_download_links_give_notebooks_that_install_the_package(site):
    import nbformat
    from IPython.core.inputtransformer2 import TransformerManager

    for name in EXPECTED:
        page = read(site, f"tutorials/{name}.html")
        assert f'href="../notebooks/{name}.ipynb"' in page, name
        notebook = nbformat.read(str(site / "notebooks" / f"{name}.ipynb"), as_version=4)
        nbformat.validate(notebook)
        first, *rest = notebook.cells
        assert "import autograd_mini" in first.source and "%pip install 'autograd_mini[tutorials]'" in first.source
        compile(TransformerManager().transform_cell(first.source), "first cell", "exec")  # %pip inside except: valid
        assert [c.source for c in rest] == [c.source for c in tutorials.read_notebook(notebook_path(name)).cells]


def test_widgets_have_static_stand_ins_and_no_widget_script(site):
    playground = read(site, "tutorials/02_tune_a_neuron_by_hand.html")
    assert playground.count('class="widget-stand-in') == 1
    assert re.search(r'<img [^>]*src="[^"]*playground_before\.png"', playground)
    assert re.search(r'<img [^>]*src="[^"]*playground_after\.png"', playground)
    assert "autograd-mini tutorials --copy" in page_text(playground)
    knowledge = read(site, "tutorials/06_knowledge_check.html")
    stand_in = knowledge[knowledge.find('class="widget-stand-in'):]
    from autograd_mini.quiz import QUESTIONS

    for question in QUESTIONS:
        assert html.escape(question.prompt, quote=False) in stand_in
        for option in question.options:
            assert option.explanation not in page_text(knowledge) or option.explanation in option.text
    for page in sorted(site.rglob("*.html")):
        source = page.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-view+json" not in source, page
        assert "widget-state+json" not in source and "embed-amd" not in source, page


def test_inline_names_link_to_the_api_reference(site):
    links = {}
    for name in EXPECTED:
        page = read(site, f"tutorials/{name}.html")
        for href, code in re.findall(r'<a class="[^"]*api-link[^"]*" href="([^"]+)"[^>]*><code[^>]*>(.*?)</code>', page,
                                     flags=re.S):
            links[page_text(code)] = (name, href)
    assert "fit" in links, "`fit` in the tutorials links to its entry"
    page, href = links["fit"]
    target, anchor = href.split("#")
    assert f'id="{anchor}"' in (site / "tutorials" / target).resolve().read_text(encoding="utf-8")
    assert anchor.endswith("fit")


def test_nothing_is_loaded_from_outside_and_every_internal_link_works(site):
    outside = []
    for page in sorted(site.rglob("*.html")):
        for tag, attribute, url in SOURCE_ATTRIBUTE.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^([a-z]+:)?//", url, flags=re.I) and not (tag.lower() == "link" and "canonical" in url):
                outside.append(f"{page.relative_to(site)}: <{tag} {attribute}={url}>")
    assert not outside, outside[:10]
    assert site_module.check_site(site) == []


# ------------------------------------------------------------------------- without a build
def test_the_link_checker_finds_broken_links_and_outside_assets(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text('<h2 id="here">b</h2>', encoding="utf-8")
    (tmp_path / "a.html").write_text(
        '<script src="https://cdn.example.org/x.js"></script><a href="https://example.org">fine</a>'
        '<a href="sub/b.html#here">ok</a><a href="sub/b.html#gone">anchor</a><img src="missing.png">'
        '<a href="../outside.html">out</a>', encoding="utf-8")
    (tmp_path / "s.css").write_text("body { background: url(//fonts.example.org/f.woff2); }", encoding="utf-8")
    problems = site_module.check_site(tmp_path)
    assert len(problems) == 5, problems
    assert any("loads https://cdn.example.org/x.js" in p for p in problems)
    assert any("missing anchor #gone" in p for p in problems)
    assert any("missing.png points to a missing file" in p for p in problems)
    assert any("points outside the site" in p for p in problems)
    assert any(p.startswith("s.css: loads //fonts.example.org") for p in problems)


def test_srt_becomes_webvtt_shifted():
    srt = "1\n00:00:01,500 --> 00:00:04,000\nfirst line\n\n2\n00:59:59,900 --> 01:00:00,250\nsecond\ntwo lines\n"
    assert site_module.srt_to_vtt(srt) == (
        "WEBVTT\n\n00:00:01.500 --> 00:00:04.000\nfirst line\n\n00:59:59.900 --> 01:00:00.250\nsecond\ntwo lines\n")
    assert "00:00:11.750 --> 00:00:14.250\nfirst line" in site_module.srt_to_vtt(srt, offset=10.25)


@pytest.mark.parametrize("argv, words", [
    (["--video-quality", "ultra"], "argument --video-quality: unknown quality 'ultra'"),
    (["--nope"], "unrecognized arguments: --nope"),
    (["--out", "{file}"], "that is a file, not a folder"),
    (["--out", "{busy}"], "holds files that are not a site built by this command"),
    (["--out", "{repo}"], "give a folder of its own"),
    (["--out", "{website}/out"], "inside the site's sources"),
])
def test_bad_arguments_are_one_line_and_build_nothing(argv, words, tmp_path, capsys, monkeypatch):
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "thesis.tex").write_text("mine")
    monkeypatch.setattr(site_module, "build", lambda *a, **k: pytest.fail("the build started"))
    argv = [a.format(file=tmp_path / "file.txt", busy=tmp_path / "busy", repo=tutorials.ROOT,
                     website=site_module.WEBSITE_DIR) for a in argv]
    with pytest.raises(SystemExit) if argv == ["--nope"] else _no_exit():
        assert site_module.main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert (tmp_path / "busy" / "thesis.tex").read_text() == "mine"


class _no_exit:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc) -> bool:
        return False


def test_a_failed_build_leaves_the_previous_site_and_no_partial_folder(tmp_path, monkeypatch):
    out = tmp_path / "site"
    out.mkdir()
    (out / ".buildinfo").write_text("a previous build")
    (out / "index.html").write_text("the previous site")

    def half_written(src, partial, doctrees, cache):
        partial.mkdir(parents=True)
        (partial / "index.html").write_text("half")
        raise site_module.SiteError("Sphinx did not build the site (any warning fails it):\n  a warning")

    monkeypatch.setattr(site_module, "_stage_videos", lambda static, quality, media, log: [])
    monkeypatch.setattr(site_module, "_run_sphinx", half_written)
    with pytest.raises(site_module.SiteError, match="a warning"):
        site_module.build(out, cache_dir=tmp_path / "cache", log=None)
    assert (out / "index.html").read_text() == "the previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]
    assert list((tmp_path / "cache").iterdir()) == [], "the staging folder is removed"
