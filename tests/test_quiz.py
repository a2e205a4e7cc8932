"""The knowledge check: its data, grading, the terminal quiz, `--answers`, and the notebook widget."""

from __future__ import annotations

import dataclasses
import html
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_mini import quiz
from autograd_mini.quiz import QUESTIONS, Question, QuizAborted

REPO = Path(__file__).resolve().parents[1]
KEY = ("b", "c", "a", "d", "d")  # the answer key (never printed in a README or an exported page)


def flat(text: str) -> str:
    """Collapse line wrapping, so wrapped output can be searched for whole sentences."""
    return " ".join(text.split())


def wrong_key(number: int) -> str:
    """A wrong answer to question `number` (1-based)."""
    return next(key for key in "abcd" if key != KEY[number - 1])


def with_wrong(*numbers: int) -> list[str]:
    """The answer key, with the questions in `numbers` answered wrongly."""
    return [wrong_key(n) if n in numbers else key for n, key in enumerate(KEY, start=1)]


class ScriptedInput:
    """A stand-in for input(): hands out scripted lines (or raises them) and records the prompts."""

    def __init__(self, lines: list[str | type[BaseException]]) -> None:
        self.lines = list(lines)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.lines:
            raise AssertionError("the quiz asked for more input than the script holds")
        line = self.lines.pop(0)
        if isinstance(line, type) and issubclass(line, BaseException):
            raise line()
        return line


def run_scripted(lines: list[str | type[BaseException]]) -> tuple[Callable[[], quiz.QuizResult], ScriptedInput, list[str]]:
    printed: list[str] = []
    scripted = ScriptedInput(lines)

    def fake_print(*args: object) -> None:
        printed.append(" ".join(map(str, args)))

    return (lambda: quiz.run_terminal(input_fn=scripted, print_fn=fake_print)), scripted, printed


# ------------------------------------------------------------------ the data


def test_the_quiz_has_five_questions_of_four_options_keyed_a_to_d() -> None:
    assert len(QUESTIONS) == 5
    for question in QUESTIONS:
        assert question.prompt.strip() and question.topic.strip()
        assert [option.key for option in question.options] == ["a", "b", "c", "d"]


def test_every_question_has_exactly_one_correct_option() -> None:
    for number, question in enumerate(QUESTIONS, start=1):
        assert sum(option.correct for option in question.options) == 1, f"question {number}"


def test_every_option_explains_itself_and_wrong_ones_differ_from_the_right_one() -> None:
    for question in QUESTIONS:
        right = question.correct_option
        for option in question.options:
            assert len(option.explanation.split()) >= 10, option
            if not option.correct:
                assert option.explanation != right.explanation


def test_the_answer_key_is_the_documented_one() -> None:
    assert tuple(question.correct_option.key for question in QUESTIONS) == KEY


def test_validate_accepts_the_quiz() -> None:
    quiz.validate(QUESTIONS)


def _replace_option(question: Question, index: int, **changes: object) -> Question:
    options = list(question.options)
    options[index] = dataclasses.replace(options[index], **changes)
    return dataclasses.replace(question, options=tuple(options))


def _broken(change: Callable[[Question], Question], number: int = 2) -> tuple[Question, ...]:
    questions = list(QUESTIONS)
    questions[number - 1] = change(questions[number - 1])
    return tuple(questions)


def _correct_index(question: Question) -> int:
    return [option.correct for option in question.options].index(True)


def _wrong_index(question: Question) -> int:
    return [option.correct for option in question.options].index(False)


BROKEN = {
    "four questions": (QUESTIONS[:4], "exactly 5 questions, but 4"),
    "six questions": (QUESTIONS + QUESTIONS[:1], "exactly 5 questions, but 6"),
    "no correct option": (
        _broken(lambda q: _replace_option(q, _correct_index(q), correct=False)),
        r"Question 2 must have exactly one correct option, but 0",
    ),
    "two correct options": (
        _broken(lambda q: _replace_option(q, _wrong_index(q), correct=True)),
        r"Question 2 must have exactly one correct option, but 2",
    ),
    "empty explanation": (
        _broken(lambda q: _replace_option(q, 0, explanation="")),
        r"Question 2, option a\) has no explanation",
    ),
    "blank explanation": (
        _broken(lambda q: _replace_option(q, 3, explanation="   "), number=5),
        r"Question 5, option d\) has no explanation",
    ),
    "duplicate keys": (
        _broken(lambda q: _replace_option(q, 1, key="a")),
        r"Question 2 uses the option key\(s\) 'a' more than once",
    ),
    "three options": (
        _broken(lambda q: dataclasses.replace(q, options=q.options[:3])),
        r"Question 2 must have exactly 4 options, but it has 3",
    ),
    "keys out of order": (
        _broken(lambda q: dataclasses.replace(q, options=q.options[::-1])),
        r"Question 2 must have the option keys a, b, c, d in that order",
    ),
    "empty prompt": (_broken(lambda q: dataclasses.replace(q, prompt=" ")), r"Question 2 has an empty prompt"),
    "empty option text": (
        _broken(lambda q: _replace_option(q, 2, text="")),
        r"Question 2, option c\) has no text",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_validate_rejects_broken_data_with_a_clear_message(name: str) -> None:
    questions, message = BROKEN[name]
    with pytest.raises(ValueError, match=message):
        quiz.validate(questions)


def test_grade_and_the_terminal_quiz_refuse_broken_data() -> None:
    broken, _ = BROKEN["two correct options"]
    with pytest.raises(ValueError, match="exactly one correct option"):
        quiz.grade(list(KEY), broken)
    with pytest.raises(ValueError, match="exactly one correct option"):
        quiz.run_terminal(input_fn=ScriptedInput([]), print_fn=lambda *a: None, questions=broken)


# ------------------------------------------------------------------ grading


def test_five_of_five_is_perfect() -> None:
    result = quiz.grade(list(KEY))
    assert (result.score, result.total, result.passed) == (5, 5, True)
    assert result.verdict.startswith("Perfect, 5 of 5")
    assert all(r.is_correct and r.correct_explanation is None for r in result.results)
    assert [r.chosen_key for r in result.results] == list(KEY)


def test_four_of_five_passes_the_aim() -> None:
    result = quiz.grade(with_wrong(3))
    assert (result.score, result.passed) == (4, True)
    assert result.verdict.startswith("Passed, 4 of 5")
    assert "aim of 4 of 5" in result.verdict


def test_three_of_five_does_not_pass() -> None:
    result = quiz.grade(with_wrong(1, 5))
    assert (result.score, result.passed) == (3, False)
    assert result.verdict.startswith("Not yet, 3 of 5")
    assert "the aim is 4 of 5" in result.verdict
    assert f"({QUESTIONS[0].topic}; {QUESTIONS[4].topic})" in result.verdict  # what to revisit


@given(st.lists(st.sampled_from("abcd"), min_size=5, max_size=5))
def test_the_score_counts_the_right_answers(answers: list[str]) -> None:
    result = quiz.grade(answers)
    expected = sum(a == k for a, k in zip(answers, KEY))
    assert result.score == expected
    assert result.passed == (expected >= 4)
    assert [r.is_correct for r in result.results] == [a == k for a, k in zip(answers, KEY)]


def test_a_wrong_answer_carries_its_explanation_and_the_right_one() -> None:
    chosen = wrong_key(2)
    result = quiz.grade(with_wrong(2))
    item = result.results[1]
    question = QUESTIONS[1]
    assert (item.number, item.chosen_key, item.correct_key, item.is_correct) == (2, chosen, KEY[1], False)
    assert item.explanation == question.option(chosen).explanation
    assert item.correct_explanation == question.correct_option.explanation
    report = flat(result.report())
    assert flat(f"Wrong: you chose {chosen}) {question.option(chosen).text}") in report
    assert flat(question.option(chosen).explanation) in report
    assert flat(f"The right answer is {KEY[1]}) {question.correct_option.text}") in report
    assert flat(question.correct_option.explanation) in report
    assert "Score: 4/5 (the aim is 4 of 5)" in report


@pytest.mark.parametrize("raw", ["b", "B", " b ", "b)", "(b)", "b.", "B)\n"])
def test_answers_are_read_leniently(raw: str) -> None:
    assert quiz.parse_answer(raw, 1) == "b"


@pytest.mark.parametrize("raw", ["e", "", "  ", "bb", "1", "b c", None, 2])
def test_an_unreadable_answer_names_the_question_what_was_given_and_the_keys(raw: object) -> None:
    with pytest.raises(ValueError) as caught:
        quiz.parse_answer(raw, 3)
    message = str(caught.value)
    assert message.startswith("Question 3:")
    assert repr(raw) in message
    assert "a, b, c, d" in message


def test_grade_reads_mixed_case_and_parentheses() -> None:
    assert quiz.grade([" B", "c)", "(A)", "d.", "D"]).score == 5


def test_grade_names_the_bad_answer() -> None:
    answers = list(KEY)
    answers[3] = "z"
    with pytest.raises(ValueError, match=r"Question 4: could not read 'z'.*a, b, c, d"):
        quiz.grade(answers)


@pytest.mark.parametrize("answers", [["a"] * 4, ["a"] * 6, []])
def test_grade_says_how_many_answers_are_needed(answers: list[str]) -> None:
    with pytest.raises(ValueError, match=rf"needs 5 answers.*got {len(answers)}"):
        quiz.grade(answers)


@pytest.mark.parametrize("text", ["b,c,a,d,d", " B, c ,A),d , d ", "b c a d d", "b,c,a,d,D)"])
def test_parse_answer_string(text: str) -> None:
    assert quiz.parse_answer_string(text) == KEY
    assert quiz.grade(text).score == 5


@pytest.mark.parametrize(
    "text, message",
    [
        ("b,d,a", r"needs 5 answers.*got 3: 'b', 'd', 'a'"),
        ("b,d,a,c,d,", r"needs 5 answers.*got 6"),
        ("", r"needs 5 answers.*got 0: nothing"),
        ("b,d,,c,d", r"Question 3: could not read ''"),
        ("b,d,a,c,x", r"Question 5: could not read 'x'"),
    ],
)
def test_parse_answer_string_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        quiz.parse_answer_string(text)


# ------------------------------------------------------------------ the terminal quiz


def test_terminal_quiz_re_asks_unreadable_input_and_ends_with_the_score() -> None:
    run, scripted, printed = run_scripted(["x", "", "B)", *KEY[1:]])
    result = run()
    assert result.score == 5 and result.passed
    assert scripted.prompts == ["Your answer (a-d): "] * 7  # two re-asks on question 1
    output = "\n".join(printed)
    assert "Could not read 'x'. Type one of a, b, c, d (or q to stop)." in output
    assert "Could not read an empty answer. Type one of a, b, c, d" in output
    for number, question in enumerate(QUESTIONS, start=1):
        assert f"Question {number} of 5" in output
        for option in question.options:
            assert flat(f"{option.key}) {option.text}") in flat(output)
    assert "Score: 5/5 (the aim is 4 of 5)" in output
    assert flat(result.verdict) in flat("\n".join(printed[-3:]))  # the verdict comes last


def test_terminal_quiz_explains_a_wrong_answer_right_after_it() -> None:
    answers = with_wrong(4)
    run, _, printed = run_scripted(answers)
    result = run()
    assert result.score == 4 and result.passed
    output = flat("\n".join(printed))
    question = QUESTIONS[3]
    chosen = question.option(answers[3])
    wrong_at = output.index(flat(chosen.explanation))
    assert output.index("Question 4 of 5") < wrong_at < output.index("Question 5 of 5")
    assert output.index(flat(question.correct_option.explanation)) < output.index("Question 5 of 5")
    assert "Score: 4/5" in output and "Passed, 4 of 5" in output


def test_terminal_quiz_three_of_five_is_not_passed() -> None:
    run, _, printed = run_scripted(with_wrong(1, 2))
    result = run()
    assert not result.passed
    assert "Not yet, 3 of 5" in flat("\n".join(printed))


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError, "q", " Quit "])
def test_ctrl_c_eof_and_q_leave_cleanly_with_the_progress_so_far(stop: object) -> None:
    run, scripted, printed = run_scripted([KEY[0], wrong_key(2), stop])
    with pytest.raises(QuizAborted) as caught:
        run()
    assert (caught.value.answered, caught.value.correct, caught.value.total) == (2, 1, 5)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert len(scripted.prompts) == 3
    output = flat("\n".join(printed))
    assert "Quiz stopped after 2 of 5 questions (1 right so far). Goodbye!" in output
    assert "Score:" not in output


def test_ctrl_c_at_the_first_question() -> None:
    run, _, printed = run_scripted([KeyboardInterrupt])
    with pytest.raises(QuizAborted):
        run()
    assert "Quiz stopped after 0 of 5 questions (0 right so far)" in flat("\n".join(printed))


# ------------------------------------------------------------------ main()


@pytest.mark.parametrize(
    "answers, code, verdict",
    [
        (",".join(KEY), 0, "Perfect, 5 of 5"),
        (",".join(with_wrong(5)), 0, "Passed, 4 of 5"),
        (",".join(with_wrong(2, 3)), 1, "Not yet, 3 of 5"),
        (",".join(with_wrong(1, 2, 3, 4, 5)), 1, "Not yet, 0 of 5"),
    ],
)
def test_main_with_answers_prints_the_report_and_exits_by_the_result(
    answers: str, code: int, verdict: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert quiz.main(["--answers", answers]) == code
    out, err = capsys.readouterr()
    assert err == ""
    assert verdict in flat(out)
    assert out.count("Question ") >= 5 and "Your answer" not in out  # not interactive


def test_main_with_answers_shows_a_wrong_answers_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    answers = with_wrong(1)
    quiz.main(["--answers", ",".join(answers)])
    out = flat(capsys.readouterr().out)
    assert flat(QUESTIONS[0].option(answers[0]).explanation) in out
    assert flat(QUESTIONS[0].correct_option.explanation) in out


@pytest.mark.parametrize(
    "answers, message",
    [("b,d,a", "needs 5 answers"), ("b,d,x,c,d", "Question 3: could not read 'x'"), ("", "got 0")],
)
def test_main_with_bad_answers_exits_2_with_a_message(
    answers: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert quiz.main(["--answers", answers]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("autograd-mini quiz: error: ") and message in err


def test_main_rejects_unknown_options_like_any_cli(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        quiz.main(["--answer-key"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "usage:" not in err  # one line, as every autograd-mini command
    assert err.startswith("autograd-mini quiz: ") and "--answer-key" in err


def test_main_without_answers_reads_a_piped_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("maybe\n" + "\n".join(KEY) + "\n"))
    assert quiz.main([]) == 0
    out = capsys.readouterr().out
    assert "Your answer (a-d): maybe\nCould not read 'maybe'" in out  # the piped answer is echoed
    assert "Score: 5/5" in out


def test_main_without_answers_exits_130_at_end_of_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("b\n"))
    assert quiz.main([]) == 130
    assert "Quiz stopped after 1 of 5 questions" in flat(capsys.readouterr().out)


def test_main_without_answers_exits_1_when_not_passed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(with_wrong(1, 2)) + "\n"))
    assert quiz.main([]) == 1
    assert "Not yet, 3 of 5" in flat(capsys.readouterr().out)


# ------------------------------------------------------------------ as a program


def run_module(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "autograd_mini.quiz", *args],
        input=stdin, capture_output=True, text=True, cwd=REPO, timeout=60,
    )


def test_python_m_quiz_with_answers() -> None:
    passed = run_module("--answers", ",".join(with_wrong(2)))
    assert passed.returncode == 0, passed.stderr
    assert "Score: 4/5" in passed.stdout and "Passed, 4 of 5" in flat(passed.stdout)
    failed = run_module("--answers", ",".join(with_wrong(2, 4)))
    assert failed.returncode == 1 and "Not yet, 3 of 5" in flat(failed.stdout)
    bad = run_module("--answers", "b,d,a,c")
    assert bad.returncode == 2
    assert "needs 5 answers" in bad.stderr and "Traceback" not in bad.stderr


def test_python_m_quiz_as_a_terminal_session_fed_through_stdin() -> None:
    session = run_module(stdin="??\n" + "\n".join(KEY) + "\n")
    assert session.returncode == 0, session.stderr
    assert "Could not read '??'" in session.stdout
    assert session.stdout.count("Your answer (a-d): ") == 6
    assert "Score: 5/5" in session.stdout and session.stderr == ""


def test_python_m_quiz_leaves_cleanly_at_end_of_input() -> None:
    session = run_module(stdin=f"{KEY[0]}\n{KEY[1]}\n")
    assert session.returncode == 130
    assert "Quiz stopped after 2 of 5 questions (2 right so far)" in flat(session.stdout)
    assert "Traceback" not in session.stdout + session.stderr


@pytest.mark.skipif(os.name != "posix", reason="sends a real SIGINT")
def test_python_m_quiz_leaves_cleanly_on_a_real_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "autograd_mini.quiz"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(b"b\n")
        process.stdin.flush()
        seen = b""
        deadline = time.monotonic() + 30
        while seen.count(b"Your answer") < 2:  # waiting at question 2
            assert time.monotonic() < deadline, seen.decode()
            chunk = os.read(process.stdout.fileno(), 4096)
            assert chunk, seen.decode()
            seen += chunk
        process.send_signal(signal.SIGINT)
        rest, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert "Quiz stopped after 1 of 5 questions (1 right so far)" in flat((seen + rest).decode())
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err


# ------------------------------------------------------------------ the notebook widget


def test_widget_answered_programmatically() -> None:
    pytest.importorskip("ipywidgets")
    ui = quiz.widget()
    assert len(ui.radios) == 5
    assert all(radio.value is None for radio in ui.radios)
    assert [value for _, value in ui.radios[0].options] == ["a", "b", "c", "d"]
    answers = with_wrong(3)
    for radio, answer in zip(ui.radios, answers):
        radio.value = answer
    result = ui.check()
    assert result is not None and result.score == 4 and result.passed
    assert "Score: 4/5" in ui.summary.value and "Passed, 4 of 5" in ui.summary.value
    wrong = ui.feedback[2].value
    question = QUESTIONS[2]
    assert "Wrong" in wrong
    assert html.escape(question.option(answers[2]).explanation) in wrong
    assert html.escape(question.correct_option.explanation) in wrong
    assert "Right" in ui.feedback[0].value and html.escape(QUESTIONS[0].correct_option.explanation) in ui.feedback[0].value


def test_widget_button_checks_and_reports_missing_answers() -> None:
    pytest.importorskip("ipywidgets")
    ui = quiz.widget()
    ui.radios[0].value = KEY[0]
    assert ui.check() is None
    assert "still open: question 2, 3, 4, 5" in ui.summary.value
    for radio, answer in zip(ui.radios, KEY):
        radio.value = answer
    ui.check_button.click()  # what a learner's click does
    assert "Score: 5/5" in ui.summary.value and "Perfect" in ui.summary.value
    ui.radios[1].value = wrong_key(2)  # changing an answer clears its stale feedback
    assert ui.feedback[1].value == "" and ui.feedback[0].value != ""


def test_widget_is_an_ipywidgets_ui_that_displays() -> None:
    ipywidgets = pytest.importorskip("ipywidgets")
    ui = quiz.widget()
    assert isinstance(ui.ui, ipywidgets.VBox)
    assert ui.check_button in ui.ui.children and all(radio in ui.ui.children for radio in ui.radios)
    assert "application/vnd.jupyter.widget-view+json" in ui._repr_mimebundle_()


def test_widget_without_ipywidgets_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # makes `import ipywidgets` fail
    with pytest.raises(ImportError, match=r"pip install 'autograd_mini\[tutorials\]'"):
        quiz.widget()
