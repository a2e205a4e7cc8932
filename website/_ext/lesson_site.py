"""The Sphinx extension of the lesson's website: what turns the notebooks into lesson pages.

- `read_tutorial`: myst-nb's reader of the notebooks (jupytext percent .py files). The cells tagged
  `checkers` get myst-nb's `remove-input` (the code would give the answers away; the cell still
  runs), and the link back to the notebooks' README points at the home page.
- `{lesson-parts}`: the home page's list of parts, each with its title and reading time read from
  the notebook (autograd_mini.tutorials), and the one-line description written in the directive.
- `{lesson-video} NAME`: a rendered video of the site (_static/videos/NAME.mp4) with its subtitles.
- On every tutorial page: a "download as notebook" link under the title; each widget output
  replaced by a static stand-in (pictures or text, and the command that makes it live), and the
  widgets' saved state left out; inline code that names a public object of autograd_mini
  (`fit`, `nn.Linear`) linked to its entry in the API reference.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.transforms import Transform
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

TUTORIALS = "tutorials"  # the notebooks' folder in the site's sources (staged by autograd_mini.site)
CHECKERS_TAG = "checkers"  # autograd_mini.tutorials.CHECKERS_TAG (not imported: this module loads before it)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIVE_COMMAND = "autograd-mini tutorials --copy lesson\njupyter lab lesson/{stem}.py"
# The notebook whose widget output each stand-in replaces; a widget anywhere else fails the build.
WIDGET_STAND_INS = {"02_tune_a_neuron_by_hand": "playground", "06_knowledge_check": "quiz"}
API_LINKED_TYPES = {"class", "function", "exception", "method", "property", "attribute", "data", "module"}
BARE_NAME_TYPES = {"class", "function", "exception"}  # a single word links only to one of these
_NAME = re.compile(r"^(?:autograd_mini\.)?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?:\(.*\))?$")


# ------------------------------------------------------------------------------ reading
def read_tutorial(text: str) -> Any:
    """A tutorial (.py, jupytext percent) as the notebook myst-nb renders: checker inputs removed."""
    import jupytext

    notebook = jupytext.reads(text, fmt="py:percent")
    for cell in notebook.cells:
        tags = cell.metadata.setdefault("tags", [])
        if CHECKERS_TAG in tags and "remove-input" not in tags:
            tags.append("remove-input")
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace("](README.md)", "](../index.md)")
        if not tags:
            del cell.metadata["tags"]
    return notebook


def _is_tutorial(docname: str) -> bool:
    return docname.startswith(f"{TUTORIALS}/")


def _prefix(docname: str) -> str:
    """The relative path from a page back to the site's top folder."""
    return "../" * docname.count("/")


# ---------------------------------------------------------------------------- directives
class LessonParts(SphinxDirective):
    """The parts of the lesson in reading order: title (a link), reading time, the description given.

    Content: one line per notebook, `NN_name: one-line description`, in reading order.
    """

    has_content = True

    def run(self) -> list[nodes.Node]:
        from autograd_mini import tutorials

        folder = Path(self.env.srcdir) / TUTORIALS
        available = {path.stem: path for path in tutorials.find_notebooks(folder)}
        order = list(available)
        items = nodes.enumerated_list(classes=["lesson-parts"])
        seen: list[str] = []
        for line in self.content:
            if not line.strip():
                continue
            stem, _, description = (part.strip() for part in line.partition(":"))
            if stem not in available or not description:
                raise self.error(f"lesson-parts: {line!r} should be 'NN_name: description' naming one of "
                                 f"{', '.join(order)}")
            seen.append(stem)
            notebook = tutorials.read_notebook(available[stem])
            self.env.note_dependency(str(available[stem]))
            link = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{TUTORIALS}/{stem}",
                                         refexplicit=True, refwarn=True)
            link += nodes.inline("", tutorials.notebook_title(notebook), classes=["lesson-part-title"])
            minutes = tutorials.reading_minutes(notebook)
            paragraph = nodes.paragraph()
            paragraph += link
            paragraph += nodes.inline("", f" · about {minutes} minutes", classes=["lesson-part-time"])
            item = nodes.list_item()
            item += paragraph
            item += nodes.paragraph("", description, classes=["lesson-part-description"])
            items += item
        if seen != sorted(seen, key=order.index):
            raise self.error(f"lesson-parts: list the notebooks in reading order ({', '.join(order)})")
        return [items]


class LessonVideo(SphinxDirective):
    """A video of the site with its subtitles as a <track>: `{lesson-video} NAME` (a scene, or `lesson`)."""

    required_arguments = 1
    option_spec = {"caption": directives.unchanged, "poster": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        static = Path(self.env.srcdir) / "_static"
        for suffix in (".mp4", ".vtt"):
            if not (static / "videos" / f"{name}{suffix}").is_file():
                raise self.error(f"lesson-video: _static/videos/{name}{suffix} was not staged (autograd-mini site "
                                 f"copies each scene's video and subtitles)")
        poster = self.options.get("poster", f"scene_{name}")
        base = _prefix(self.env.docname) + "_static"
        poster_attribute = (f' poster="{base}/images/{html.escape(poster)}.png"'
                            if (static / "images" / f"{poster}.png").is_file() else "")
        caption = self.options.get("caption", "")
        markup = (
            f'<figure class="lesson-video"><video controls preload="metadata" width="100%"{poster_attribute}>'
            f'<source src="{base}/videos/{name}.mp4" type="video/mp4">'
            f'<track kind="subtitles" srclang="en" label="English" src="{base}/videos/{name}.vtt" default>'
            f"</video>" + (f"<figcaption>{html.escape(caption)}</figcaption>" if caption else "") + "</figure>"
        )
        return [nodes.raw("", markup, format="html")]


# ------------------------------------------------------------------------ tutorial pages
class TutorialPage(Transform):
    """On a tutorial page: the download link under the title, and static stand-ins for widget outputs."""

    default_priority = 880

    def apply(self, **kwargs: Any) -> None:
        env = self.document.settings.env
        if not _is_tutorial(env.docname):
            return
        stem = env.docname.split("/", 1)[1]
        self._add_download_link(stem, env.docname)
        for output in list(self.document.findall(_is_widget_output)):
            kind = WIDGET_STAND_INS.get(stem)
            if kind is None:
                raise ExtensionError(f"{env.docname}: a widget output has no static stand-in; add one to "
                                     f"website/_ext/lesson_site.py (WIDGET_STAND_INS)")
            output.replace_self(_playground_stand_in(stem, _prefix(env.docname)) if kind == "playground" else _quiz_stand_in(stem))

    def _add_download_link(self, stem: str, docname: str) -> None:
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not isinstance(section[0], nodes.title):
            return
        link = nodes.reference("", "Download this notebook (.ipynb)", internal=True,
                               refuri=f"{_prefix(docname)}notebooks/{stem}.ipynb")
        paragraph = nodes.paragraph(classes=["download-notebook"])
        paragraph += link
        paragraph += nodes.Text(": its first cell installs autograd_mini where it is missing, so it runs in "
                                "Jupyter or Colab as it is.")
        section.insert(1, paragraph)


def _is_widget_output(node: nodes.Node) -> bool:
    """myst-nb's bundle of an output's renderings (or a lone rendering) that holds a widget view."""
    if not isinstance(node, nodes.Element):
        return False
    if node.get("nb_element") == "mime_bundle":
        return any(child.get("mime_type") == WIDGET_VIEW for child in node.children if isinstance(child, nodes.Element))
    return node.get("mime_type") == WIDGET_VIEW and node.parent.get("nb_element") != "mime_bundle"


def _make_it_live(stem: str) -> list[nodes.Node]:
    command = LIVE_COMMAND.format(stem=stem)
    return [nodes.paragraph("", "To use it, run the notebook in JupyterLab: copy the notebooks, then open this one:"),
            nodes.literal_block(command, command, language="bash")]


def _playground_stand_in(stem: str, prefix: str) -> nodes.Node:
    box = nodes.container(classes=["widget-stand-in", "widget-stand-in-playground"], ids=["playground-stand-in"])
    box += nodes.paragraph("", "In Jupyter this cell shows the playground: three sliders (w1, w2, b) move the orange "
                               "decision line, misclassified points get an amber ring, the accuracy and loss update "
                               "live, and \"Train this for me\" runs gradient descent from your sliders, moving the "
                               "sliders and the line to the optimum. On this page it cannot move: here it is before "
                               "and after \"Train this for me\".")
    # Raw <img> of files in _static: this runs after Sphinx collected the page's images.
    figures = "".join(
        f'<figure class="stand-in-figure"><img src="{prefix}_static/images/{still}" alt="{html.escape(caption)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        for still, caption in (("playground_before.png", "Before: the sliders set by hand"),
                               ("playground_after.png", 'After "Train this for me": all points on the right side')))
    box += nodes.raw("", f'<div class="stand-in-row">{figures}</div>', format="html")
    box += _make_it_live(stem)
    return box


def _quiz_stand_in(stem: str) -> nodes.Node:
    from autograd_mini import quiz

    box = nodes.container(classes=["widget-stand-in", "widget-stand-in-quiz"], ids=["quiz-stand-in"])
    box += nodes.paragraph("", f"In Jupyter this cell shows the quiz: pick one answer to each of its "
                               f"{len(quiz.QUESTIONS)} questions and press \"Check my answers\"; every answer then "
                               f"gets its explanation, and your score shows against the aim of {quiz.PASS_MARK} of "
                               f"{len(quiz.QUESTIONS)}. Its questions:")
    questions = nodes.enumerated_list(classes=["quiz-questions"])
    for question in quiz.QUESTIONS:
        item = nodes.list_item()
        item += nodes.paragraph("", question.prompt)
        options = nodes.bullet_list(classes=["quiz-options"])
        for option in question.options:  # the options only: never which is right, never the explanations
            options += nodes.list_item("", nodes.paragraph("", f"{option.key}) {option.text}"))
        item += options
        questions += item
    box += questions
    box += _make_it_live(stem)
    box += nodes.paragraph("", "Or take it in a terminal: autograd-mini quiz")
    return box


def drop_widget_state(app: Sphinx, doctree: nodes.document) -> None:
    """The widgets' saved state never goes into a page: no widget runs there, and it would only add weight."""
    metadata = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    metadata.get("js_files", {}).pop("ipywidgets_state", None)


# --------------------------------------------------------------------------- API links
def _api_index(env: Any) -> dict[str, list[str]]:
    """Every way the tutorials may write a documented name ('fit', 'nn.Linear', 'Value.backward') -> full names."""
    index: dict[str, list[str]] = {}
    for fullname, entry in env.get_domain("py").objects.items():
        parts = fullname.split(".")
        if parts[0] != "autograd_mini" or entry.objtype not in API_LINKED_TYPES:
            continue
        keys = {".".join(parts[i:]) for i in range(1, len(parts) - 1)}  # suffixes of two parts or more
        if entry.objtype in BARE_NAME_TYPES:
            keys.add(parts[-1])
            keys.update(f"{module}.{parts[-1]}" for module in parts[1:-1])  # nn.Linear for nn.linear.Linear
        for key in keys:
            index.setdefault(key, []).append(fullname)
    return index


def link_api_names(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Inline code on a tutorial page that names a public object links to its API entry."""
    if not _is_tutorial(docname) or app.builder.format != "html":
        return
    env = app.env
    if getattr(env, "_lesson_api_index", None) is None:
        env._lesson_api_index = _api_index(env)
    index, objects = env._lesson_api_index, env.get_domain("py").objects
    for literal in list(doctree.findall(nodes.literal)):
        if isinstance(literal.parent, (nodes.reference, addnodes.pending_xref, nodes.literal_block)):
            continue
        match = _NAME.match(literal.astext().strip())
        candidates = index.get(match.group(1), []) if match else []
        if not candidates:
            continue
        shortest = min(len(name) for name in candidates)
        best = [name for name in candidates if len(name) == shortest and not objects[name].aliased]
        if len(best) != 1:
            continue  # ambiguous: no link rather than a wrong one
        entry = objects[best[0]]
        uri = app.builder.get_relative_uri(docname, entry.docname) + "#" + entry.node_id
        reference = nodes.reference("", "", internal=True, refuri=uri, reftitle=best[0], classes=["api-link"])
        literal.replace_self(reference)
        reference += literal


def forget_api_index(app: Sphinx, env: Any) -> None:
    """The index is made from the finished environment, once per build."""
    env._lesson_api_index = None


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives, the transform and the event handlers."""
    app.add_directive("lesson-parts", LessonParts)
    app.add_directive("lesson-video", LessonVideo)
    app.add_transform(TutorialPage)
    app.connect("doctree-read", drop_widget_state)
    app.connect("env-updated", forget_api_index)
    app.connect("doctree-resolved", link_api_names)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
