"""The notebooks of tutorials/: each runs top to bottom within 60 s, tells the lesson in the agreed
shape (what you will be able to do, a summary, exercises with checkers), and its checkers accept a
right answer, reject a wrong one and wait for a missing one. Plus the `autograd-mini tutorials`
command: listing, HTML export with embedded figures, and clear messages on failure.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

for _module in ("jupytext", "nbformat", "nbclient", "nbconvert", "ipykernel"):
    pytest.importorskip(_module, reason=f"the notebooks need the tutorials extra ({_module} is missing)")

import nbformat  # noqa: E402

from autograd_mini import tutorials  # noqa: E402

EXPECTED = [
    "01_the_neuron",
    "02_tune_a_neuron_by_hand",
    "03_gradient_descent",
    "04_why_depth_wins",
    "05_single_neuron_vs_mlp_on_moons",
    "06_knowledge_check",
    "07_filters_and_pooling",
]
PREVIEWS = {"07_filters_and_pooling"}  # a preview of the next lesson: titled so, and it has no scene yet
TIME_LIMIT = 60.0  # seconds per notebook, on the CI's 2 cores

# For every exercise of every notebook, the checker's reply to a right answer, a wrong one, a
# malformed one and a plausible near-miss: (checker, answer, right?, words the reply must contain),
# answers as Python expressions evaluated in the notebook's own kernel after its last cell (so they
# may use its variables). `SETUP` runs first. A checker given the placeholder `...` must return None.
RIGHT, WRONG = True, False
CHECKS: dict[str, list[tuple[str, str, bool, str]]] = {
    "01_the_neuron": [
        ("check_steepest", "'w2'", RIGHT, "raises y fastest"),
        ("check_steepest", "'w1'", WRONG, "The largest positive one is w2"),
        ("check_steepest", "42", WRONG, "this checker reads: 'w1' (or 'w_1'), 'w2' (or 'w_2'), 'b' (or 'bias')"),
        ("check_steepest", "'bias'", WRONG, "The largest positive one is w2"),  # a synonym is read, and judged
        ("check_dy_dx1", "y.data * (1 - y.data) * w1.data", RIGHT, "which is what backward() puts in x1.grad"),
        ("check_dy_dx1", "str(y.data * (1 - y.data) * w1.data)", RIGHT, "backward() puts in x1.grad"),
        ("check_dy_dx1", "y.data * (1 - y.data) * x1.data", WRONG, "not y(1-y)·x1"),
        ("check_dy_dx1", "'minus a bit'", WRONG, "should be a number"),
        ("check_dy_dx1", "-y.data * (1 - y.data) * w1.data", WRONG, "(the sign: w1 is negative)"),
        ("check_collapse", "(-1.0, -4.0, 5.0)", RIGHT, "Two linear layers are one linear layer"),
        ("check_collapse", "(0.5, 2.0, -1.0)", WRONG, "each weight gets multiplied by -2"),
        ("check_collapse", "(1, 2)", WRONG, "three numbers (w1, w2, b)"),
        ("check_collapse", "(-1.0, -4.0, -1.0)", WRONG, "Your weights are right; the bias is not"),
        ("check_softplus", "lambda x: 1 / (1 + math.exp(-x))", RIGHT, "gradcheck agrees at x = -3"),
        ("check_softplus", "lambda x: 1.0", WRONG, "gradcheck disagrees at x = -3"),
        ("check_softplus", "0.5", WRONG, "should be a function of one number"),
        ("check_softplus", "lambda x: math.log1p(math.exp(x))", WRONG, "That is softplus itself"),
        ("check_softplus", "lambda x: 1 / (1 + math.exp(x))", WRONG, "gradcheck disagrees at x = -3"),
        ("check_softplus", "lambda x: x.exp()", WRONG, "raised AttributeError"),
    ],
    "02_tune_a_neuron_by_hand": [
        ("check_separating", "(1.0, 1.0, -2.0)", RIGHT, "All 40 points are on the right side"),
        ("check_separating", "(1.0, 0.0, 0.0)", WRONG, "points are on the wrong side"),
        ("check_separating", "'one, one, minus two'", WRONG, "three finite numbers"),
        ("check_separating", "(1.0, 1.0, 0.0)", WRONG, "no line through the origin separates these points"),
        ("check_scaled_loss", "'lower'", RIGHT, "more confident and more right"),
        ("check_scaled_loss", "' Smaller'", RIGHT, "more confident and more right"),
        ("check_scaled_loss", "'higher'", WRONG, "the loss is lower"),
        ("check_scaled_loss", "'maybe'", WRONG, "'lower' (or 'smaller'"),
        ("check_scaled_loss", "'same'", WRONG, "The line stays put (same accuracy)"),
        ("check_all_wrong", "(-1.0, -1.0, 2.0)", RIGHT, "a negative factor keeps the line"),
        ("check_all_wrong", "(1.0, 0.0, 0.0)", WRONG, "a different line from (1, 1, -2)"),
        ("check_all_wrong", "'backwards'", WRONG, "three finite numbers"),
        ("check_all_wrong", "(-1.0, -1.0, 0.0)", WRONG, "a different line from (1, 1, -2)"),
        ("check_all_wrong", "(2.0, 2.0, -4.0)", WRONG, "the same line with the same sides"),
    ],
    "03_gradient_descent": [
        ("check_updates", "125", RIGHT, "5 updates per epoch, times 25 epochs"),
        ("check_updates", "'125'", RIGHT, "5 updates per epoch, times 25 epochs"),
        ("check_updates", "7", WRONG, "a different number from 7"),
        ("check_updates", "'many'", WRONG, "should be a whole number"),
        ("check_updates", "25", WRONG, "25 is the number of epochs"),
        ("check_blow_up", "0.16", RIGHT, "the edge 2 / curvature drops from"),
        ("check_blow_up", "'0.16'", RIGHT, "the edge 2 / curvature drops from"),
        ("check_blow_up", "0.05", WRONG, "the loss still shrinks"),
        ("check_blow_up", "'fast'", WRONG, "should be a number"),
        ("check_blow_up", "0.7", WRONG, "not one of the rates to choose from"),
        ("check_blow_up", "0.6", WRONG, "0.6 was the edge for the original x"),
        ("check_blow_up", "0.3", WRONG, "not the smallest rate that does"),
        ("check_ditch", "2.0", RIGHT, "the ditch"),
        ("check_ditch", "-2.0", WRONG, "that is the deepest valley"),
        ("check_ditch", "'right side'", WRONG, "should be a number"),
        ("check_ditch", "0.1", WRONG, "that is the deepest valley"),
        ("check_ditch", "5", WRONG, "outside [-3, 3]"),
    ],
    "04_why_depth_wins": [
        ("check_gates", "{'and', 'or', 'nand'}", RIGHT, "NAND is AND with the signs flipped"),
        ("check_gates", "'and, or, nand'", RIGHT, "NAND is AND with the signs flipped"),
        ("check_gates", "{'and', 'or', 'xor'}", WRONG, "it cannot learn xor"),
        ("check_gates", "42", WRONG, "should be a set of names"),
        ("check_gates", "{'and', 'or', 'not'}", WRONG, "'not': not a gate this checker knows"),
        ("check_gates", "'and'", WRONG, "one neuron does learn nand, or"),
        ("check_xor_by_hand", "{'h1': (20, 20, -10), 'h2': (-20, -20, 30), 'out': (20, 20, -30)}", RIGHT,
         "Your network computes XOR"),
        ("check_xor_by_hand", "{'h1': (1, 1, 0), 'h2': (1, 1, 0), 'out': (1, 1, 0)}", WRONG, "wrong on 2 of 4"),
        ("check_xor_by_hand", "{'h1': (1, 2)}", WRONG, "needs three entries"),
        ("check_xor_by_hand", "{'h1': (20, 20, -10), 'h2': (20, 20, -30), 'out': (20, 20, -30)}", WRONG,
         "wrong on 3 of 4"),  # h2 = AND instead of NAND
        ("check_linear_hidden", "'no'", RIGHT, "collapse into one linear"),
        ("check_linear_hidden", "'No.'", RIGHT, "collapse into one linear"),
        ("check_linear_hidden", "'yes'", WRONG, "still one straight line"),
        ("check_linear_hidden", "'maybe'", WRONG, "not an answer this checker reads: 'yes'"),
        ("check_linear_hidden", "'it does'", WRONG, "still one straight line"),
    ],
    "05_single_neuron_vs_mlp_on_moons": [
        ("check_line_on_moons", "'no'", RIGHT, "Only a bent boundary separates them"),
        ("check_line_on_moons", "'never'", RIGHT, "Only a bent boundary separates them"),
        ("check_line_on_moons", "'yes'", WRONG, "100% is out of reach"),
        ("check_line_on_moons", "'maybe'", WRONG, "not an answer this checker reads"),
        ("check_noisy_moons", "_trained", RIGHT, "it works on points it never saw"),
        ("check_noisy_moons", "_line", WRONG, "A single neuron draws a straight line"),
        ("check_noisy_moons", "'a string, not a model'", WRONG, "should be an autograd_mini model"),
        ("check_noisy_moons", "nn.MLP(2, [16, 1], activation='tanh', seed=0)", WRONG, "looks untrained"),
        ("check_parameter_count", "65", RIGHT, "16 weights and 1 bias into the output neuron"),
        ("check_parameter_count", "'65'", RIGHT, "16 weights and 1 bias into the output neuron"),
        ("check_parameter_count", "50", WRONG, "a different number from 50"),
        ("check_parameter_count", "'lots'", WRONG, "should be a whole number"),
        ("check_parameter_count", "48", WRONG, "48 is the hidden layer alone"),
        ("check_parameter_count", "64", WRONG, "the output neuron has a bias too"),
    ],
    "06_knowledge_check": [
        ("check_my_answers", "_key", RIGHT, "you reached the aim"),
        ("check_my_answers", "'a,a,a,a,a'", WRONG, "read the explanations below"),
        ("check_my_answers", "'a,b'", WRONG, "The answers could not be read"),
        ("check_my_answers", "_key_with_wrong(1)", RIGHT, "4 of 5: you reached the aim"),  # 4 of 5 passes
        ("check_my_answers", "_key_with_wrong(2)", WRONG, "3 of 5: read the explanations below"),  # 3 of 5 does not
        ("check_too_large", "'B'", RIGHT, "above the edge 2 / curvature"),
        ("check_too_large", "'b'", RIGHT, "above the edge 2 / curvature"),
        ("check_too_large", "'C'", WRONG, "it is still going down"),
        ("check_too_large", "'D'", WRONG, "not one of the runs"),
        ("check_too_large", "'A'", WRONG, "that is the good rate"),
        ("check_xor_model", "'C'", RIGHT, "Only the non-linear hidden layer bends"),
        ("check_xor_model", "'A'", WRONG, "A: no decision (p ≈ 0.50 everywhere)"),
        ("check_xor_model", "'Z'", WRONG, "not one of the models"),
        ("check_xor_model", "'B'", WRONG, "B's linear layers collapse into one neuron"),
    ],
    "07_filters_and_pooling": [
        ("check_output_size", "4", RIGHT, "the window's left edge can sit at columns 0 to 3"),
        ("check_output_size", "'4'", RIGHT, "the window's left edge can sit at columns 0 to 3"),
        ("check_output_size", "3", WRONG, "a different side from 3"),
        ("check_output_size", "'wide'", WRONG, "should be a whole number of pixels"),
        ("check_output_size", "6", WRONG, "6 would need padding"),
        ("check_horizontal_filter", "[[-0.5, -0.5, -0.5], [1, 1, 1], [-0.5, -0.5, -0.5]]", RIGHT, "horizontal strokes"),
        ("check_horizontal_filter", "[[0, 0, 0], [0, 1, 0], [0, 0, 0]]", WRONG, "about equally"),
        ("check_horizontal_filter", "[[1, 2], [3, 4]]", WRONG, "should have 3 rows of 3 numbers"),
        ("check_horizontal_filter", "[[-0.5, 1, -0.5], [-0.5, 1, -0.5], [-0.5, 1, -0.5]]", WRONG,
         "vertical-stroke detector"),  # the near-miss: the same filter, transposed
        ("check_conv_weights", "1168", RIGHT, "16 filters, each 8 channels × 3 × 3 = 72 weights"),
        ("check_conv_weights", "'1168'", RIGHT, "plus one bias per filter"),
        ("check_conv_weights", "100", WRONG, "a different number from 100"),
        ("check_conv_weights", "'many'", WRONG, "should be a whole number"),
        ("check_conv_weights", "1152", WRONG, "each of the 16 filters has a bias too"),
        ("check_conv_weights", "160", WRONG, "all 8 input channels"),
    ],
}
SETUP = {
    "05_single_neuron_vs_mlp_on_moons": (
        "_trained = nn.MLP(2, [16, 1], activation='tanh', seed=0)\n"
        "fit(_trained, *NOISY_TRAIN, optimizer='adam', lr=0.05, epochs=300, progress=False)\n"
        "_line = nn.Linear(2, 1, seed=0)\n"
        "fit(_line, *NOISY_TRAIN, optimizer='adam', lr=0.05, epochs=300, progress=False)"
    ),
    "06_knowledge_check": (
        "_correct = [q.correct_option.key for q in quiz.QUESTIONS]\n"
        "_key = ','.join(_correct)\n"
        "def _key_with_wrong(n):\n"
        "    return [next(k for k in 'abcd' if k != c) if i < n else c for i, c in enumerate(_correct)]"
    ),
}

VERIFY = '''
import contextlib as _contextlib, io as _io
from autograd_mini.tutorials import Verdict as _Verdict

def _verify(checker, answer, expected, words):
    printed = _io.StringIO()
    with _contextlib.redirect_stdout(printed):
        got = checker(answer)
    reply = printed.getvalue()
    if expected is None:
        assert got is None and reply.startswith("Not answered yet"), f"{checker.__name__}(...) said {reply!r}"
        return
    assert isinstance(got, _Verdict) and got == expected, f"{checker.__name__}({answer!r}) -> {got!r}, expected {expected}"
    assert reply.startswith("Right!" if expected else "Not quite."), f"{checker.__name__}({answer!r}) said {reply!r}"
    assert words in reply, f"{checker.__name__}({answer!r}) said {reply!r}; expected it to say {words!r}"
    assert got._ipython_display_() is None  # a check cell shows the reply only, no Out: True
'''


def notebook_path(name: str) -> Path:
    return tutorials.TUTORIALS_DIR / f"{name}.py"


def checker_cell_source(name: str) -> str:
    lines = [VERIFY, SETUP.get(name, "")]
    for checker in sorted({c for c, *_ in CHECKS[name]}):
        lines.append(f"_verify({checker}, ..., None, '')")
    for checker, answer, expected, words in CHECKS[name]:
        lines.append(f"_verify({checker}, {answer}, {expected}, {words!r})")
    lines.append("print('all checkers verified')")
    return "\n".join(lines)


def outputs(notebook, kind: str | None = None):
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if kind is None or output.get("output_type") == kind:
                yield index, cell, output


def page_text(page: str) -> str:
    """The text a reader sees in an exported page: tags (and syntax-highlighting spans) removed."""
    import html

    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def quiz_key_pattern() -> "re.Pattern[str]":
    """The quiz key written in any of the ways --answers reads it: 'b,c,a,d,d', 'b c a d d', 'bcadd'."""
    from autograd_mini.quiz import QUESTIONS

    keys = [q.correct_option.key for q in QUESTIONS]
    return re.compile(r"(?<![a-z])" + r"[\s,;)(]*".join(keys) + r"(?![a-z])", flags=re.I)


def checker_lines(notebook) -> list[str]:
    """The lines of a notebook's checkers cell that would give something away (code, not blanks or brackets)."""
    lines, shown = [], set()
    for cell in notebook.cells:
        stripped = [line.strip() for line in cell.source.splitlines()]
        if "checkers" in cell.metadata.get("tags", []):
            lines += [line for line in stripped if len(line) >= 20]
        else:
            shown.update(stripped)
    return [line for line in lines if line not in shown]  # a line the lesson itself shows gives nothing away


def assert_no_answers(text: str, notebook, where: str) -> None:
    leaked = [line for line in checker_lines(notebook) if line in text]
    assert not leaked, f"{where} shows the checkers' code: {leaked[:3]}"
    assert not quiz_key_pattern().search(text), f"{where} contains the quiz key"


def test_no_readme_or_doc_contains_the_quiz_key_or_a_checker():
    root = tutorials.ROOT
    documents = [root / "README.md", tutorials.TUTORIALS_DIR / "README.md",
                 *(root / "docs").rglob("*.md"), *(root / "docs").rglob("*.html")]
    notebooks = [tutorials.read_notebook(notebook_path(name)) for name in EXPECTED]
    for document in documents:
        text = document.read_text(encoding="utf-8")
        text = page_text(text) if document.suffix == ".html" else text
        for notebook in notebooks:
            assert_no_answers(text, notebook, where=str(document.relative_to(root)))


def test_the_key_pattern_and_the_page_text_would_catch_a_leak():
    """The leak checks can fail: a page with the key, or with a checker's line, is caught."""
    from autograd_mini.quiz import QUESTIONS

    key = [q.correct_option.key for q in QUESTIONS]
    for written in (",".join(key), " ".join(key).upper(), "".join(key), ", ".join(f"{k})" for k in key)):
        assert quiz_key_pattern().search(f"try --answers {written} now")
    assert not quiz_key_pattern().search("--answers a,b,c,d,a")
    nb = tutorials.read_notebook(notebook_path("02_tune_a_neuron_by_hand"))
    line = checker_lines(nb)[3]
    highlighted = "".join(f'<span class="n">{word}</span> ' for word in line.split(" "))
    assert line in page_text(f"<pre>{highlighted.strip()}</pre>")  # highlighting spans do not hide it
    with pytest.raises(AssertionError, match="checkers' code"):
        assert_no_answers(page_text(f"<p>{line}</p>"), nb, where="a test page")


# ------------------------------------------------------------------------ without a kernel
def test_notebooks_are_the_parts_in_reading_order():
    assert [p.stem for p in tutorials.find_notebooks()] == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_has_the_lesson_shape(name):
    nb = tutorials.read_notebook(notebook_path(name))
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    code = [c for c in nb.cells if c.cell_type == "code"]

    assert markdown[0].startswith("# Preview" if name in PREVIEWS else "# Part "), "the first cell is the title"
    assert "you will be able to" in markdown[0].lower(), "it opens with what the learner will be able to do"
    assert any(m.lstrip().startswith("## Summary") or "\n## Summary" in m for m in markdown), "a summary"
    assert any("## Exercises" in m for m in markdown), "an exercises section"
    assert "%matplotlib inline" in code[0].source, "figures show under any MPLBACKEND (Agg in CI)"
    assert name in PREVIEWS or any("show_scene(" in c.source for c in code), "it embeds its scene"

    checker_cells = [c for c in code if "checkers" in c.metadata.get("tags", [])]
    assert len(checker_cells) == 1, "one cell (tagged 'checkers') defines the checkers"
    defined = re.findall(r"^def (check_\w+)\(", checker_cells[0].source, flags=re.M)
    assert 2 <= len(defined) <= 4, "two to four exercises"
    assert sorted(set(defined)) == sorted({c for c, *_ in CHECKS[name]}), "every checker is tested below"
    for checker in defined:  # a right, a wrong, a malformed answer and a near-miss, at least
        cases = [case for case in CHECKS[name] if case[0] == checker]
        assert len(cases) >= 4 and {expected for _, _, expected, _ in cases} == {True, False}, checker

    # Each exercise: a cell holding the placeholder `...`, then a cell calling its checker with it.
    for checker in defined:
        calls = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip().startswith(f"{checker}(")]
        assert len(calls) == 1, f"one cell runs {checker}"
        answer_variable = nb.cells[calls[0]].source.strip()[len(checker) + 1:-1]
        previous = [c for c in nb.cells[:calls[0]] if c.cell_type == "code"][-1]
        assert re.search(rf"^{answer_variable} = \.\.\.", previous.source, flags=re.M), (
            f"the exercise cell before {checker} holds the placeholder: {answer_variable} = ...")


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_states_its_reading_time_and_links_its_neighbours(name):
    nb = tutorials.read_notebook(notebook_path(name))
    stated = re.search(r"\*About (\d+) minutes to read and run\.\*", nb.cells[0].source)
    assert stated and int(stated.group(1)) == tutorials.reading_minutes(nb), "the reading time under the title"
    last = nb.cells[-1]
    assert last.cell_type == "markdown"
    index = EXPECTED.index(name)
    links = re.findall(r"(Previous|Next): \[([^\]]+)\]\(([^)]+)\)", last.source)
    expected = ([("Previous", EXPECTED[index - 1])] if index > 0 else []) + (
        [("Next", EXPECTED[index + 1])] if index + 1 < len(EXPECTED) else [])
    assert [(kind, target[:-3]) for kind, _, target in links] == expected
    for _, title, target in links:
        assert title == tutorials.notebook_title(tutorials.TUTORIALS_DIR / target)
    assert "[All parts](README.md)" in last.source


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_round_trips_through_jupytext(name):
    """Opening a notebook in Jupyter (with jupytext) and saving it leaves the file as it is: clean diffs."""
    import jupytext

    text = notebook_path(name).read_text(encoding="utf-8")
    assert jupytext.writes(jupytext.reads(text, fmt="py:percent"), fmt="py:percent") == text


def test_readme_links_the_notebooks_in_reading_order():
    readme = (tutorials.TUTORIALS_DIR / "README.md").read_text(encoding="utf-8")
    positions = [readme.find(f"]({name}.py)") for name in EXPECTED]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)


def test_ipynb_copies_are_clean_standalone_notebooks(tmp_path):
    path = notebook_path("02_tune_a_neuron_by_hand")
    written = tutorials.write_ipynb(tutorials.RunResult(path, tutorials.read_notebook(path), 0.0), tmp_path)
    copy = nbformat.read(str(written), as_version=4)
    nbformat.validate(copy)
    assert "jupytext" not in copy.metadata and copy.metadata["kernelspec"] == tutorials.KERNELSPEC
    (checkers,) = [c for c in copy.cells if "checkers" in c.metadata.get("tags", [])]
    assert checkers.metadata["jupyter"]["source_hidden"] is True
    assert [c.source for c in copy.cells] == [c.source for c in tutorials.read_notebook(path).cells]


def test_a_row_of_figures_wraps_on_a_narrow_page():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figures = []
    for k in range(3):
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.set_title(f"panel {k}")
        figures.append(fig)
    page = tutorials.row_html(figures, width=370)
    assert "flex-wrap:wrap" in page and page.count("<img ") == 3
    assert page.count("width:370px;max-width:100%") == 3 and 'alt="panel 2"' in page
    plt.close("all")


def test_layout_rows_keep_each_panel_at_its_own_size_and_wrap():
    """viz.layout: one <img> per figure at its natural size, never wider than the cell, in a wrapping row."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import base64
    import io

    from PIL import Image

    from autograd_mini.viz import layout

    pairs = layout.panels(2, width=3.0, height=2.0)
    for k, (_, ax) in enumerate(pairs):
        ax.set_title(f"panel <{k}>")
    page = layout.row_html([fig for fig, _ in pairs], caption="two & two")
    assert page.startswith("<p") and "two &amp; two" in page and "display:flex;flex-wrap:wrap" in page
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)" style="([^"]*)">', page)
    assert [alt for _, alt, _ in images] == ["panel &lt;0&gt;", "panel &lt;1&gt;"]
    assert all(style == "max-width:100%;height:auto" for _, _, style in images)  # natural size, fits the cell
    width = Image.open(io.BytesIO(base64.b64decode(images[0][0]))).width
    assert 0.8 * 3.0 * layout.PANEL_DPI <= width <= 1.1 * 3.0 * layout.PANEL_DPI  # 3 inches at PANEL_DPI
    assert "width:200px;max-width:100%" in layout.figure_html(pairs[0][0], width=200)
    import matplotlib.pyplot as plt

    plt.close("all")


def test_the_computation_graph_scales_to_the_cell_in_jupyterlab():
    """JupyterLab and nbconvert both prefer text/html: the graph as an SVG <img> that shrinks to the cell."""
    pytest.importorskip("graphviz")
    from autograd_mini.viz import draw_graph, graph

    if not graph.dot_available():
        pytest.skip("graphviz's dot is not installed")
    from autograd_mini import Value

    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    bundle = draw_graph((x * w).sigmoid())._repr_mimebundle_()
    assert "image/svg+xml" in bundle
    assert bundle["text/html"].startswith('<img src="data:image/svg+xml;base64,PD94')  # '<?xml', the SVG itself
    assert 'style="max-width:100%;height:auto"' in bundle["text/html"]


def test_list_shows_every_notebook_with_its_title(capsys):
    assert tutorials.main(["--list"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.strip().splitlines()] == EXPECTED
    assert "Part 1: the neuron is three steps" in out


def test_cli_dispatches_to_tutorials(capsys):
    from autograd_mini.cli import main as cli_main

    assert cli_main(["tutorials", "--list"]) == 0
    assert "06_knowledge_check" in capsys.readouterr().out


def test_unknown_notebook_name_is_a_clear_error(capsys):
    assert tutorials.main(["99_nope"]) == 2
    err = capsys.readouterr().err
    assert "no notebook matches '99_nope'" in err and "01_the_neuron" in err


def test_missing_extra_names_the_install_command(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "nbclient", None)  # `import nbclient` now raises ImportError
    assert tutorials.main(["01"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'autograd_mini[tutorials]'" in err and "nbclient" in err
    assert "Traceback" not in err


def test_show_scene_without_renders_explains_how_to_make_them(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(tutorials, "IMAGES_DIR", tmp_path / "images")
    monkeypatch.setattr(tutorials, "MEDIA_DIR", tmp_path / "media")
    tutorials.show_scene("neuron")
    assert "autograd-mini render neuron" in capsys.readouterr().out
    with pytest.raises(ValueError, match="unknown scene 'nope'"):
        tutorials.show_scene("nope")


def test_show_scene_displays_the_still_and_the_video(monkeypatch, tmp_path):
    from autograd_mini.render import video_path

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "scene_moons.png").write_bytes(png)
    video = video_path("moons", "low", tmp_path / "media")
    video.parent.mkdir(parents=True)
    video.write_bytes(b"not really an mp4")
    monkeypatch.setattr(tutorials, "IMAGES_DIR", tmp_path / "images")
    monkeypatch.setattr(tutorials, "MEDIA_DIR", tmp_path / "media")
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    tutorials.show_scene("moons")
    assert type(shown[0]).__name__ == "Image" and shown[0].data == png
    assert "data:video/mp4;base64," in shown[1].data
    shown.clear()
    tutorials.show_scene("moons", video=False)  # the still alone
    assert [type(s).__name__ for s in shown] == ["Image"]
    shown.clear()
    (tmp_path / "images" / "scene_moons.png").unlink()
    tutorials.show_scene("moons", video=False)  # no still yet: the video stands in
    assert len(shown) == 1 and "data:video/mp4;base64," in shown[0].data


def test_checker_voice():
    assert tutorials.is_placeholder(...) and tutorials.is_placeholder(None) and not tutorials.is_placeholder(0)
    yes, no = tutorials.right("because"), tutorials.wrong("because")
    assert yes == True and bool(yes) and yes.message == "Right! because"  # noqa: E712 - equal to the bool
    assert no == False and not no and no.message == "Not quite. because"  # noqa: E712
    assert yes._ipython_display_() is None  # a check cell displays nothing more than the printed reason
    assert tutorials.not_answered("how") is None


def test_answers_are_read_as_a_learner_writes_them():
    assert tutorials.as_number("125") == 125 and tutorials.as_number(" 0.65 ") == 0.65 and tutorials.as_number(3) == 3
    assert tutorials.as_number("many") is None and tutorials.as_number(True) is None and tutorials.as_number("nan") is None
    words = {"lower": ("smaller", "less"), "same": ("equal",)}
    assert tutorials.as_choice(" Smaller. ", words) == "lower" and tutorials.as_choice("maybe", words) is None
    assert tutorials.accepted_words(words) == "'lower' (or 'smaller', 'less'), 'same' (or 'equal')"
    gates = {"and": (), "or": (), "nand": ()}
    assert tutorials.as_choices("and", gates) == ({"and"}, [])  # one word, not its letters
    assert tutorials.as_choices("and, OR nand", gates) == ({"and", "or", "nand"}, [])
    assert tutorials.as_choices({"and", "xor"}, gates) == ({"and"}, ["'xor'"])
    assert tutorials.as_choices(42, gates) is None


# ------------------------------------------------------------------------ with a kernel
@pytest.mark.slow
@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs_top_to_bottom_and_its_checkers_judge_answers(name, tmp_path):
    nb = tutorials.read_notebook(notebook_path(name))
    original_cells = len(nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(checker_cell_source(name)))

    result = tutorials.execute_notebook(notebook_path(name), timeout=TIME_LIMIT, notebook=nb)  # raises on any error

    assert result.seconds < TIME_LIMIT
    assert not list(outputs(nb, "error"))
    stderr = [(i, o["text"]) for i, _, o in outputs(nb, "stream") if o.get("name") == "stderr"]
    if shutil.which("dot") is None:  # without graphviz's dot, draw_graph warns (once) how to install it
        stderr = [(i, text) for i, text in stderr if "graphviz" not in text]
    assert not stderr, f"a cell wrote to stderr (a warning?): {stderr}"
    # The notebook as a learner first runs it: every check cell says 'not answered yet', no crash.
    check_cells = [c for c in nb.cells[:original_cells] if c.cell_type == "code" and c.source.strip().startswith("check_")]
    assert check_cells
    for cell in check_cells:
        text = "".join(o.get("text", "") for o in cell.outputs)
        assert text.startswith("Not answered yet"), f"{cell.source!r} printed {text!r}"
    # A check cell shows the checker's reply only: no `Out: ...` under it.
    for cell in check_cells:
        assert not [o for o in cell.outputs if o.get("output_type") == "execute_result"], cell.source
    # The appended cell ran every checker on a right, a wrong, a malformed answer and a near-miss.
    assert "all checkers verified" in "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    # The exported page, as the learner's run leaves it, shows no checker's code and no quiz key.
    nb.cells.pop()
    page = tutorials.export_html(tutorials.RunResult(result.path, nb, result.seconds), tmp_path)
    assert_no_answers(page_text(page.read_text(encoding="utf-8")), nb, where=page.name)
    # Figures are real cell outputs (the knowledge check shows only stills, when rendered).
    if name != "06_knowledge_check":
        assert any("image/png" in o.get("data", {}) for _, _, o in outputs(nb))


@pytest.mark.slow
def test_html_export_embeds_the_figures(tmp_path, capsys):
    assert tutorials.main(["01_the_neuron", "--html", "--html-dir", str(tmp_path)]) == 0
    page = (tmp_path / "01_the_neuron.html").read_text(encoding="utf-8")
    assert "<title>Part 1: the neuron is three steps</title>" in page
    assert page.count("data:image/png;base64,") >= 2  # the engine's matplotlib figures, inside the page
    assert "data:image/svg+xml;base64,PD94" in page  # the computation graph (an SVG document)
    assert "Not answered yet" in page
    assert 'href="02_tune_a_neuron_by_hand.html"' in page and 'href="index.html"' in page  # next / all parts
    assert "def check_" not in page and "_gradients(" not in page  # the checkers' code is not on the page
    assert "01_the_neuron" in capsys.readouterr().out


@pytest.mark.slow
def test_a_failing_notebook_names_the_notebook_the_cell_and_the_error(tmp_path, capsys):
    (tmp_path / "01_broken.py").write_text(
        "# %% [markdown]\n# # Broken\n\n# %%\nx = 1\n\n# %%\ny = x + not_defined_anywhere\n\n# %%\nprint('never')\n",
        encoding="utf-8",
    )
    (tmp_path / "02_fine.py").write_text("# %% [markdown]\n# # Fine\n\n# %%\nprint('fine')\n", encoding="utf-8")
    assert tutorials.main(["--dir", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    out, err = captured.out, captured.err
    assert "01_broken" in out and "FAILED at cell 3" in out
    assert re.search(r"02_fine +[0-9.]+ s  ok", out), "the other notebooks still run"
    assert "1 of 2 notebook(s) failed" in err
    assert "01_broken.py failed at cell 3" in err
    assert "NameError: name 'not_defined_anywhere' is not defined" in err
    assert "y = x + not_defined_anywhere" in err
    assert "Traceback" not in err


# ------------------------------------------------------------------------ in a real browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])


def _needs_browser():
    pytest.importorskip("playwright.sync_api", reason="the browser tests drive chromium with playwright")
    if CHROMIUM is None:
        pytest.skip("no chromium: apt-get install -y chromium (quickstart.sh installs it)")


def test_set_default_viewer_writes_the_environments_settings_only(tmp_path):
    import json

    overrides = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    overrides.parent.mkdir(parents=True)
    overrides.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}))
    assert tutorials.set_default_viewer(tmp_path) == overrides
    settings = json.loads(overrides.read_text())
    assert settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["python"] == "Jupytext Notebook"
    assert settings["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}  # others kept
    assert tutorials.set_default_viewer(tmp_path) is None  # already set: nothing written


@pytest.mark.slow
def test_double_click_in_jupyterlab_opens_a_notebook_and_saving_changes_nothing(tmp_path):
    """A real JupyterLab and a real browser: the file browser, a double-click, a notebook panel with cells."""
    _needs_browser()
    pytest.importorskip("jupyterlab")
    import os
    import secrets
    import socket
    import subprocess
    import time
    import urllib.request

    from playwright.sync_api import sync_playwright

    tutorials.set_default_viewer()  # what quickstart.sh does: the setting lives in this environment
    root = tmp_path / "root"
    shutil.copytree(tutorials.TUTORIALS_DIR, root / "tutorials", ignore=shutil.ignore_patterns("__pycache__"))
    before = (root / "tutorials" / "01_the_neuron.py").read_bytes()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(16)
    home = tmp_path / "home"  # no user settings: only the environment's overrides.json counts
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
         "--allow-root", "--LabApp.extension_manager=readonly"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        with sync_playwright() as p:
            browser = _browser(p)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{url}/lab/tree/tutorials?token={token}", timeout=30_000)
            item = page.locator(".jp-DirListing-item", has_text="01_the_neuron.py")
            item.wait_for(timeout=30_000)
            item.dblclick()
            panel = page.locator(".jp-NotebookPanel")
            panel.locator(".jp-Cell").first.wait_for(timeout=30_000)
            # the notebook's cells (JupyterLab renders those in view first), not one text editor
            page.wait_for_function("document.querySelectorAll('.jp-NotebookPanel .jp-Cell').length >= 5", timeout=30_000)
            assert page.locator(".jp-FileEditor").count() == 0  # not opened as text
            page.wait_for_function("(document.querySelector('.jp-NotebookPanel') || {}).innerText"
                                   ".includes('Part 1: the neuron is three steps')", timeout=30_000)
            if os.environ.get("AUTOGRAD_MINI_SCREENSHOTS"):
                page.screenshot(path=str(Path(os.environ["AUTOGRAD_MINI_SCREENSHOTS"]) / "jupyterlab_double_click.png"))
            page.keyboard.press("Control+s")  # save without an edit
            page.wait_for_timeout(2000)
            browser.close()
        assert (root / "tutorials" / "01_the_neuron.py").read_bytes() == before
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# Every picture in a page's outputs: where it is drawn, how wide, how wide its image is (or the
# width its cell asked for, as show_scene's stills do), and how wide the output area holding it is.
PICTURES_JS = """() => [...document.querySelectorAll('.jp-OutputArea-output img')].map(im => {
    const r = im.getBoundingClientRect(), cell = im.closest('.jp-OutputArea-output').getBoundingClientRect();
    return {alt: im.alt.slice(0, 60), left: r.left, right: r.right, shown: r.width, cell: cell.width,
            intended: Number(im.getAttribute('width')) || im.naturalWidth};
})"""
SHRINK_LIMIT = 0.6  # a picture drawn narrower than this share of its own width has shrunk instead of wrapping


def picture_problems(pictures: list) -> list[str]:
    """What is wrong with a page's pictures (PICTURES_JS's records): shrunk to fit, wider than the cell, broken."""
    problems = []
    for picture in pictures:
        what = f"picture {picture['alt']!r}"
        if not picture["intended"]:
            problems.append(f"{what} did not load")
        elif picture["shown"] < SHRINK_LIMIT * picture["intended"]:
            problems.append(f"{what} is drawn {picture['shown']:.0f} px wide, {picture['shown'] / picture['intended']:.0%}"
                            f" of its {picture['intended']:.0f} px: it shrinks instead of wrapping")
        if picture["shown"] > picture["cell"] + 1:
            problems.append(f"{what} is {picture['shown']:.0f} px wide, wider than its {picture['cell']:.0f} px cell")
    return problems


def test_the_picture_check_would_catch_a_shrunk_or_overflowing_picture():
    fine = {"alt": "a", "left": 0, "right": 340, "shown": 340, "cell": 690, "intended": 340}
    assert picture_problems([fine, {**fine, "shown": 480, "intended": 480}]) == []
    assert "shrinks instead of wrapping" in picture_problems([{**fine, "shown": 690, "intended": 1500}])[0]
    assert "wider than its 690 px cell" in picture_problems([{**fine, "shown": 900, "intended": 900}])[0]
    assert "did not load" in picture_problems([{**fine, "intended": 0}])[0]


@pytest.mark.slow
@pytest.mark.parametrize("name", EXPECTED)
def test_every_exported_page_fits_1280_and_800_pixels_and_shows_no_answer(tmp_path, name):
    """Export a notebook, then open its page in headless chromium at both widths and measure it.

    At both widths: no sideways scrolling, no output wider than its cell, and every picture at
    least SHRINK_LIMIT of its own width (panels wrap onto new rows instead of shrinking) and no
    wider than its cell. One notebook per test, so the test workers share the exports. Set
    AUTOGRAD_MINI_SCREENSHOTS=DIR to keep full-page screenshots there (to look at them).
    """
    _needs_browser()
    import os

    from playwright.sync_api import sync_playwright

    assert tutorials.main(["--html", "--html-dir", str(tmp_path), "--timeout", "300", name]) == 0  # pages, not speed
    shots = os.environ.get("AUTOGRAD_MINI_SCREENSHOTS")
    notebook = tutorials.read_notebook(notebook_path(name))
    problems = []
    with sync_playwright() as p:
        browser = _browser(p)
        for width in (1280, 800):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto((tmp_path / f"{name}.html").as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}"
            clipped = page.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea-output, .jp-RenderedImage')]
                .filter(e => e.scrollWidth > e.clientWidth + 1).length""")
            if clipped:
                problems.append(f"{name} at {width} px: {clipped} output(s) wider than the cell (a scrollbar)")
            pictures = page.evaluate(PICTURES_JS)
            if any(p["left"] < 0 or p["right"] > width for p in pictures):
                problems.append(f"{name} at {width} px: a picture reaches past the page")
            problems += [f"{name} at {width} px: {problem}" for problem in picture_problems(pictures)]
            assert_no_answers(page.inner_text("body"), notebook, where=f"{name} at {width} px")
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(shots) / f"{name}_{width}.png"), full_page=True)
            page.close()
        browser.close()
    assert not problems, problems
