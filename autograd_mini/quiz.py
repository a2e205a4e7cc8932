"""The lesson's knowledge check: five multiple-choice questions, kept as data, taken three ways.

1. In a terminal, interactively: ``autograd-mini quiz`` (or ``python -m autograd_mini.quiz``).
   It re-asks on input it cannot read; Ctrl-C, end of input (Ctrl-D) or ``q`` stops it cleanly.
2. Non-interactively, for scripts and tests: ``autograd-mini quiz --answers a,b,c,d,a`` (a made-up
   example, not the key).
3. In a notebook: ``from autograd_mini.quiz import widget; widget()`` (needs ipywidgets).

Every option, right or wrong, carries an explanation: a wrong answer says why it is wrong and
what is right. The aim is 4 of 5 (``PASS_MARK``).

Exit codes of ``main`` (and so of ``autograd-mini quiz``), the same in both terminal modes:
    0    the quiz was finished and passed (score >= 4 of 5)
    1    the quiz was finished but not passed
    2    the --answers string could not be read (or the command line was malformed)
    130  the interactive quiz was stopped early (Ctrl-C, end of input, or ``q``)

``run_terminal`` signals an early stop by raising ``QuizAborted`` after it has said goodbye;
``main`` turns that into exit code 130, without a traceback.
"""

from __future__ import annotations

import argparse
import html
import sys
import textwrap
from dataclasses import dataclass
from typing import Any, Callable, Sequence

__all__ = [
    "Option",
    "Question",
    "QUESTIONS",
    "PASS_MARK",
    "QuestionResult",
    "QuizResult",
    "QuizAborted",
    "QuizWidget",
    "validate",
    "parse_answer",
    "parse_answer_string",
    "grade",
    "verdict_for",
    "question_block",
    "run_terminal",
    "add_arguments",
    "build_parser",
    "run_cli",
    "main",
    "widget",
]

VALID_KEYS = ("a", "b", "c", "d")
NUMBER_OF_QUESTIONS = 5
PASS_MARK = 4
QUIT_WORDS = ("q", "quit", "exit")
WIDTH = 78


@dataclass(frozen=True)
class Option:
    """One answer to a question: its key ('a'..'d'), its text, whether it is right, and why."""

    key: str
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Question:
    """One multiple-choice question: the prompt, four options, and the part of the lesson it checks."""

    prompt: str
    options: tuple[Option, ...]
    topic: str = ""

    @property
    def correct_option(self) -> Option:
        """The one option marked correct."""
        return next(option for option in self.options if option.correct)

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys of the options, in order."""
        return tuple(option.key for option in self.options)

    def option(self, key: str) -> Option:
        """The option with this key."""
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(f"no option {key!r}; the options are {', '.join(self.keys)}")


# --------------------------------------------------------------------------------------------
# The questions. Edit freely, then run `validate(QUESTIONS)` (the tests do).
# --------------------------------------------------------------------------------------------

QUESTIONS: tuple[Question, ...] = (
    Question(
        topic="Part 1: the neuron in three steps",
        prompt=(
            "A neuron computes y = sigmoid(w1*x1 + w2*x2 + b). Its decision line is where "
            "w1*x1 + w2*x2 + b = 0. What happens to that line when you change only the bias b?"
        ),
        options=(
            Option(
                "a",
                "It turns around the origin and points in a new direction.",
                False,
                "Not quite. The direction of the line is set by the weights w1 and w2, and the "
                "bias leaves it alone. Changing b slides the line sideways, parallel to itself, "
                "which is how the line can move away from the origin.",
            ),
            Option(
                "b",
                "It slides sideways, parallel to itself, so it no longer has to pass through the origin.",
                True,
                "The weights fix the direction of the line and the bias shifts it. With "
                "b = 0 the line always goes through (0, 0); a bias lets it sit wherever the two "
                "classes actually meet.",
            ),
            Option(
                "c",
                "It bends into a curve.",
                False,
                "No. w1*x1 + w2*x2 + b = 0 is a straight line for every value of b, so one "
                "neuron can only ever draw a straight boundary. Changing b slides that line "
                "parallel to itself; bending the boundary takes a hidden layer.",
            ),
            Option(
                "d",
                "Nothing: the bias only changes how steep the sigmoid is.",
                False,
                "No. The bias is added to the weighted sum before the sigmoid, so it changes "
                "which points land above or below zero: the decision line slides parallel to "
                "itself. How steeply the probability changes across the line is set by the size "
                "of the weights.",
            ),
        ),
    ),
    Question(
        topic="Part 2: accuracy and loss",
        prompt=(
            "Two neurons each get 39 of the 40 points right and are equally sure about those 39. "
            "On the one point they both get wrong, neuron P gives the right class a probability of "
            "0.01 and neuron Q gives it 0.45. Which neuron has the lower loss?"
        ),
        options=(
            Option(
                "a",
                "Neither: they have the same accuracy, so they have the same loss.",
                False,
                "No. Accuracy only counts which side of the line each point is on, and both get "
                "39 of 40. The loss also asks how sure the neuron was: the cross-entropy of a "
                "point is -log(probability of its right class), and -log(0.01) = 4.6 is far "
                "more than -log(0.45) = 0.8. Q's loss is lower.",
            ),
            Option(
                "b",
                "P, because it is more confident, and confidence lowers the loss.",
                False,
                "Only confidence in the right answer lowers the loss. P is confidently wrong on "
                "its point: -log(0.01) = 4.6, against -log(0.45) = 0.8 for Q's hesitant mistake. "
                "A confident mistake is what the loss punishes most, so Q's loss is lower.",
            ),
            Option(
                "c",
                "Q: a confident mistake (0.01) costs far more loss than a hesitant one (0.45).",
                True,
                "The cross-entropy of a point is -log(probability of its right class): "
                "-log(0.01) = 4.6 for P's mistake, -log(0.45) = 0.8 for Q's. Same accuracy, "
                "different loss; training follows the loss, which sees what accuracy cannot.",
            ),
            Option(
                "d",
                "It cannot be told: loss and accuracy always move together.",
                False,
                "They do not. Accuracy counts points on the right side; loss also weighs how sure "
                "each prediction is. Here the accuracies are equal but P's confident mistake costs "
                "-log(0.01) = 4.6 against Q's -log(0.45) = 0.8, so Q's loss is lower.",
            ),
        ),
    ),
    Question(
        topic="Part 3: reading a gradient",
        prompt=(
            "After loss.backward(), a weight has w = 2.0 and w.grad = -0.5. What does one step of "
            "gradient descent, w = w - 0.1 * w.grad, do, and why?"
        ),
        options=(
            Option(
                "a",
                "w grows to 2.05: a negative gradient says a larger w lowers the loss.",
                True,
                "The gradient -0.5 says: nudge w up and the loss goes down (by about 0.5 per unit). "
                "Stepping against the gradient, w - 0.1 * (-0.5) = 2.05, moves w up, downhill.",
            ),
            Option(
                "b",
                "w shrinks to 1.95: a step always makes the weight smaller.",
                False,
                "No. The step is -learning_rate * gradient, and its sign comes from the gradient. "
                "Here the gradient is negative, so the step is positive: w - 0.1 * (-0.5) = 2.05. "
                "A negative gradient means a larger w lowers the loss.",
            ),
            Option(
                "c",
                "w stays at 2.0: only positive gradients are used.",
                False,
                "No. Every gradient is used, whatever its sign; the sign says which way is "
                "downhill. w - 0.1 * (-0.5) = 2.05: w moves up, because a larger w lowers the loss.",
            ),
            Option(
                "d",
                "w becomes -0.5: the step sets the weight to its gradient.",
                False,
                "No. The gradient is a slope, not a new value. The step moves w a little against "
                "it: w - 0.1 * (-0.5) = 2.05, up, because the negative slope says a larger w lowers "
                "the loss.",
            ),
        ),
    ),
    Question(
        topic="Part 3: local minima",
        prompt=(
            "Gradient descent on the same loss, from two different starts, stops at two different "
            "points. At both the gradient is 0, but the loss at one is clearly higher. What happened?"
        ),
        options=(
            Option(
                "a",
                "A bug: gradient descent always ends at the same point.",
                False,
                "No. Gradient descent only follows the slope under its feet. Where it ends depends "
                "on where it starts: from one start it reached the deepest valley, from the other "
                "it rolled into a shallower one, a local minimum, where the gradient is 0 too.",
            ),
            Option(
                "b",
                "The learning rate was too large, so the second run stopped too early.",
                False,
                "No. A too-large learning rate overshoots and bounces; it does not stop where the "
                "gradient is 0 and the loss is higher. That is a local minimum: a valley that is not "
                "the deepest one, where the slope is flat and the steps stop.",
            ),
            Option(
                "c",
                "Both are the best possible point: a gradient of 0 means the lowest loss.",
                False,
                "No. A gradient of 0 means flat, not lowest. The bottom of any valley is flat; the "
                "run with the higher loss stopped in a local minimum, while a deeper valley exists.",
            ),
            Option(
                "d",
                "The second run rolled into a local minimum: flat, but not the deepest valley.",
                True,
                "At the bottom of any valley the gradient is 0 and the steps stop, deepest or not. "
                "Where you start decides which valley you reach. In large networks such ditches "
                "matter less than feared, but on a small loss like Part 3's they are easy to see.",
            ),
        ),
    ),
    Question(
        topic="Parts 4 and 5: why depth wins",
        prompt=(
            "On the two moons, a single sigmoid neuron never separates the two classes cleanly, "
            "however long it trains, while a small MLP with one hidden layer does. Why?"
        ),
        options=(
            Option(
                "a",
                "The single neuron needs more epochs; with enough training it would catch up.",
                False,
                "No. A single neuron's decision boundary is always a straight line, and no "
                "straight line separates two interlocking moons: more epochs only find the best "
                "line. The MLP's hidden layer is what lets the boundary bend around the moons.",
            ),
            Option(
                "b",
                "Its learning rate was badly chosen; a better one would solve the problem.",
                False,
                "No. The learning rate changes how fast and how smoothly training reaches the "
                "best weights, not what shape the boundary can take. One neuron can only draw a "
                "straight line, and the moons need a curve: that is what the hidden layer adds.",
            ),
            Option(
                "c",
                "The MLP has more weights, and more weights always draw a better straight line.",
                False,
                "Not quite. The extra weights help only because each hidden neuron squashes its "
                "own line with a non-linear activation, and the output neuron combines those "
                "pieces into a curved boundary. Without the activation the extra weights would "
                "collapse into one straight line again.",
            ),
            Option(
                "d",
                "One neuron draws only a straight boundary; the hidden layer's non-linear neurons let it bend.",
                True,
                "Each hidden neuron draws its own line and squashes it with an "
                "activation; the output neuron mixes them into a curved boundary. That is also "
                "why one hidden layer solves XOR, circles and spirals, which no single straight "
                "line can split.",
            ),
        ),
    ),
)


def validate(questions: Sequence[Question]) -> None:
    """Raise ValueError, naming the question, if the quiz data is malformed."""
    questions = tuple(questions)
    if len(questions) != NUMBER_OF_QUESTIONS:
        raise ValueError(
            f"The knowledge check must have exactly {NUMBER_OF_QUESTIONS} questions, "
            f"but {len(questions)} were given."
        )
    for number, question in enumerate(questions, start=1):
        where = f"Question {number}"
        if not isinstance(question, Question):
            raise ValueError(f"{where} must be a Question, not {type(question).__name__}.")
        if not question.prompt.strip():
            raise ValueError(f"{where} has an empty prompt.")
        if len(question.options) != len(VALID_KEYS):
            raise ValueError(
                f"{where} must have exactly {len(VALID_KEYS)} options, "
                f"but it has {len(question.options)}."
            )
        keys = [option.key for option in question.options]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise ValueError(f"{where} uses the option key(s) {', '.join(map(repr, duplicates))} more than once.")
        if tuple(keys) != VALID_KEYS:
            raise ValueError(
                f"{where} must have the option keys {', '.join(VALID_KEYS)} in that order, "
                f"not {', '.join(map(repr, keys))}."
            )
        for option in question.options:
            if not option.text.strip():
                raise ValueError(f"{where}, option {option.key}) has no text.")
            if not option.explanation.strip():
                raise ValueError(
                    f"{where}, option {option.key}) has no explanation; every option, right or "
                    f"wrong, must explain itself."
                )
        correct = [option.key for option in question.options if option.correct]
        if len(correct) != 1:
            marked = ", ".join(correct) if correct else "none"
            raise ValueError(
                f"{where} must have exactly one correct option, but {len(correct)} are marked "
                f"correct ({marked})."
            )


# --------------------------------------------------------------------------------------------
# Reading answers
# --------------------------------------------------------------------------------------------


def _normalise(raw: str) -> str:
    """'b', 'B', ' b ', 'b)', '(b)', 'b.' all become 'b'."""
    text = raw.strip().lower()
    if text.startswith("("):
        text = text[1:]
    if text.endswith((")", ".", ":")):
        text = text[:-1]
    return text.strip()


def parse_answer(raw: object, number: int, keys: Sequence[str] = VALID_KEYS) -> str:
    """Read one answer leniently ('b', 'B', ' b ', 'b)'); raise ValueError naming the question."""
    key = _normalise(raw) if isinstance(raw, str) else None
    if key not in keys:
        raise ValueError(
            f"Question {number}: could not read {raw!r} as an answer; "
            f"choose one of {', '.join(keys)}."
        )
    return key


def _check_count(answers: Sequence[object], total: int) -> None:
    if len(answers) != total:
        raise ValueError(
            f"The quiz has {total} questions, so it needs {total} answers, one per question "
            f"in order (for example a,b,c,d,a); got {len(answers)}: "
            f"{', '.join(map(repr, answers)) or 'nothing'}."
        )


def parse_answer_string(text: str, questions: Sequence[Question] = QUESTIONS) -> tuple[str, ...]:
    """Turn 'b,c,a,d,a' (commas and/or spaces) into one checked key per question."""
    if "," in text:  # keep empty slots such as 'a,,b' so the count error is honest
        pieces = [piece.strip() for piece in text.split(",")]
    else:
        pieces = text.split()
    _check_count(pieces, len(questions))
    return tuple(
        parse_answer(piece, number, question.keys)
        for number, (piece, question) in enumerate(zip(pieces, questions), start=1)
    )


# --------------------------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    """How one question went: what was chosen, what was right, and the explanations to show."""

    number: int
    question: Question
    chosen_key: str
    correct_key: str
    is_correct: bool
    explanation: str
    correct_explanation: str | None  # None when the answer was right

    @property
    def chosen(self) -> Option:
        """The option the learner picked."""
        return self.question.option(self.chosen_key)

    @property
    def correct(self) -> Option:
        """The right option."""
        return self.question.option(self.correct_key)


def verdict_for(
    score: int, total: int = NUMBER_OF_QUESTIONS, pass_mark: int = PASS_MARK, missed_topics: Sequence[str] = ()
) -> str:
    """A short verdict on a score against the aim of `pass_mark` of `total`, naming what to revisit."""
    if score == total:
        return f"Perfect, {score} of {total}: you can explain every step of the lesson."
    missed = "the one you missed" if total - score == 1 else "the ones you missed"
    revisit = "revisit those parts of the lesson"
    if missed_topics:  # dict.fromkeys drops repeats and keeps the order
        revisit += f" ({'; '.join(dict.fromkeys(missed_topics))})"
    if score >= pass_mark:
        return (
            f"Passed, {score} of {total}: you reached the aim of {pass_mark} of {total}. "
            f"Read the explanation of {missed}, then go on to the next lesson."
        )
    return (
        f"Not yet, {score} of {total}: the aim is {pass_mark} of {total}. Read the explanations "
        f"of {missed}, {revisit}, and try again."
    )


@dataclass(frozen=True)
class QuizResult:
    """The graded quiz: one QuestionResult per question, the score, and the verdict."""

    results: tuple[QuestionResult, ...]
    pass_mark: int = PASS_MARK

    @property
    def score(self) -> int:
        """How many answers were right."""
        return sum(result.is_correct for result in self.results)

    @property
    def total(self) -> int:
        """How many questions there were."""
        return len(self.results)

    @property
    def passed(self) -> bool:
        """True when the score reaches the aim (4 of 5)."""
        return self.score >= self.pass_mark

    @property
    def verdict(self) -> str:
        """One sentence on the score against the aim."""
        missed_topics = [r.question.topic for r in self.results if not r.is_correct and r.question.topic]
        return verdict_for(self.score, self.total, self.pass_mark, missed_topics)

    def report(self) -> str:
        """The whole result as text: every question, the feedback, the score and the verdict."""
        blocks = [_question_block(result.number, result.question, self.total) + "\n" + _feedback(result)
                  for result in self.results]
        blocks.append(_score_lines(self))
        return "\n\n".join(blocks)


def grade(answers: Sequence[str] | str, questions: Sequence[Question] = QUESTIONS) -> QuizResult:
    """Grade one answer per question ('b', 'B', 'b)' ...); a string is read by parse_answer_string."""
    questions = tuple(questions)
    validate(questions)
    if isinstance(answers, str):
        keys = parse_answer_string(answers, questions)
    else:
        answers = list(answers)
        _check_count(answers, len(questions))
        keys = tuple(
            parse_answer(raw, number, question.keys)
            for number, (raw, question) in enumerate(zip(answers, questions), start=1)
        )
    return QuizResult(tuple(_grade_one(number, question, key)
                            for number, (question, key) in enumerate(zip(questions, keys), start=1)))


def _grade_one(number: int, question: Question, key: str) -> QuestionResult:
    chosen = question.option(key)
    right = question.correct_option
    return QuestionResult(
        number=number,
        question=question,
        chosen_key=chosen.key,
        correct_key=right.key,
        is_correct=chosen.correct,
        explanation=chosen.explanation,
        correct_explanation=None if chosen.correct else right.explanation,
    )


# --------------------------------------------------------------------------------------------
# Text shared by the terminal modes
# --------------------------------------------------------------------------------------------


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False)


def question_block(number: int, question: Question, total: int = NUMBER_OF_QUESTIONS) -> str:
    """One question and its options as plain text wrapped at whole words (the terminal and notebook 06 print it)."""
    return _question_block(number, question, total)


def _question_block(number: int, question: Question, total: int) -> str:
    title = f"Question {number} of {total}" + (f" ({question.topic})" if question.topic else "")
    lines = [title, _wrap(question.prompt)]
    lines += [
        textwrap.fill(option.text, width=WIDTH, initial_indent=f"  {option.key}) ", subsequent_indent="     ",
                      break_on_hyphens=False)
        for option in question.options
    ]
    return "\n".join(lines)


def _feedback(result: QuestionResult) -> str:
    chosen, right = result.chosen, result.correct
    if result.is_correct:
        return "\n".join([_wrap(f"Right: {chosen.key}) {chosen.text}"), _wrap(result.explanation, "  ")])
    return "\n".join([
        _wrap(f"Wrong: you chose {chosen.key}) {chosen.text}"),
        _wrap(result.explanation, "  "),
        _wrap(f"The right answer is {right.key}) {right.text}"),
        _wrap(result.correct_explanation or "", "  "),
    ])


def _score_lines(result: QuizResult) -> str:
    return "\n".join([
        f"Score: {result.score}/{result.total} (the aim is {result.pass_mark} of {result.total})",
        _wrap(result.verdict),
    ])


# --------------------------------------------------------------------------------------------
# The interactive terminal quiz
# --------------------------------------------------------------------------------------------


class QuizAborted(Exception):
    """Raised by run_terminal when the learner stops early (Ctrl-C, end of input, or 'q')."""

    def __init__(self, answered: int, correct: int, total: int) -> None:
        self.answered = answered
        self.correct = correct
        self.total = total
        super().__init__(f"quiz stopped after {answered} of {total} questions ({correct} right)")


class _QuitRequested(Exception):
    """The learner typed q."""


def run_terminal(
    input_fn: Callable[[str], str] = input,
    print_fn: Callable[..., Any] = print,
    questions: Sequence[Question] = QUESTIONS,
) -> QuizResult:
    """Ask every question in a terminal, explain each answer, and end with the score and verdict.

    Input it cannot read is re-asked. On Ctrl-C, end of input or 'q' it prints a short goodbye
    with the progress so far and raises QuizAborted (the CLI turns that into exit code 130).
    """
    questions = tuple(questions)
    validate(questions)
    total = len(questions)
    results: list[QuestionResult] = []
    print_fn("Knowledge check: neural network basics")
    print_fn(f"{total} questions on what you built and trained. The aim is {PASS_MARK} of {total}.")
    print_fn("Type a letter and press Enter; type q (or press Ctrl-C) to stop.")
    try:
        for number, question in enumerate(questions, start=1):
            print_fn()
            print_fn(_question_block(number, question, total))
            key = _ask(number, question, input_fn, print_fn)
            result = _grade_one(number, question, key)
            results.append(result)
            print_fn(_feedback(result))
    except (KeyboardInterrupt, EOFError, _QuitRequested):
        answered = len(results)
        correct = sum(result.is_correct for result in results)
        print_fn()
        print_fn(_wrap(
            f"Quiz stopped after {answered} of {total} questions ({correct} right so far). "
            f"Goodbye! Run it again whenever you like."
        ))
        raise QuizAborted(answered, correct, total) from None
    result = QuizResult(tuple(results))
    print_fn()
    print_fn(_score_lines(result))
    return result


def _ask(number: int, question: Question, input_fn: Callable[[str], str], print_fn: Callable[..., Any]) -> str:
    """Read one answer, re-asking until it can be read."""
    keys = question.keys
    prompt = f"Your answer ({keys[0]}-{keys[-1]}): "
    while True:
        raw = input_fn(prompt)
        if raw.strip().lower() in QUIT_WORDS:
            raise _QuitRequested
        try:
            return parse_answer(raw, number, keys)
        except ValueError:
            shown = repr(raw.strip()) if raw.strip() else "an empty answer"
            print_fn(f"Could not read {shown}. Type one of {', '.join(keys)} (or q to stop).")


def _echoing_input(prompt: str) -> str:
    """input() for a piped stdin: shows the line read, so the transcript reads like a session."""
    line = input(prompt)
    print(line)
    return line


# --------------------------------------------------------------------------------------------
# Command line: `autograd-mini quiz [--answers KEYS]`
# --------------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the quiz's options to a parser (the CLI's `quiz` subcommand uses this)."""
    parser.add_argument(
        "--answers",
        metavar="KEYS",
        help="grade these answers without asking, one letter per question in order, "
        "e.g. --answers a,b,c,d,a; exit code 0 if passed (4 of 5), 1 if not",
    )


def build_parser(prog: str = "autograd-mini quiz") -> argparse.ArgumentParser:
    """The parser of `autograd-mini quiz`."""
    from .cli import OneLineParser  # a bad flag is one line, as in every autograd-mini command

    parser = OneLineParser(
        prog=prog,
        description="The knowledge check of the lesson: five multiple-choice questions, aim 4 of 5. "
        "Without --answers it asks you in the terminal.",
        epilog="Exit codes: 0 passed, 1 not passed, 2 unreadable answers, 130 stopped early.",
    )
    add_arguments(parser)
    return parser


def run_cli(args: argparse.Namespace, prog: str = "autograd-mini quiz") -> int:
    """Run the quiz for parsed arguments and return the exit code (0, 1, 2 or 130)."""
    if args.answers is not None:
        try:
            result = grade(parse_answer_string(args.answers))
        except ValueError as error:
            print(f"{prog}: error: {error}", file=sys.stderr)
            return 2
        print(result.report())
        return 0 if result.passed else 1
    input_fn = input if sys.stdin is not None and sys.stdin.isatty() else _echoing_input
    try:
        result = run_terminal(input_fn=input_fn, print_fn=print)
    except QuizAborted:
        return 130
    return 0 if result.passed else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `autograd-mini quiz [--answers KEYS]`; returns the exit code."""
    parser = build_parser()
    return run_cli(parser.parse_args(argv), prog=parser.prog)


# --------------------------------------------------------------------------------------------
# The notebook quiz (ipywidgets)
# --------------------------------------------------------------------------------------------


def _import_ipywidgets() -> Any:
    try:
        import ipywidgets
    except ImportError as error:
        raise ImportError(
            "The notebook quiz needs ipywidgets, which comes with the tutorials extra: "
            "pip install 'autograd_mini[tutorials]'"
        ) from error
    return ipywidgets


class QuizWidget:
    """The knowledge check as ipywidgets: one RadioButtons per question, a Check button, feedback.

    Display it as a cell's last line (or `display(quiz.ui)`). Without a kernel, set the
    `.value` of each of `radios` to a key and call `check()`, which is what the button does.
    """

    def __init__(self, questions: Sequence[Question] = QUESTIONS) -> None:
        widgets = _import_ipywidgets()
        self.questions = tuple(questions)
        validate(self.questions)
        total = len(self.questions)
        self.radios = [
            widgets.RadioButtons(
                options=[(f"{option.key}) {option.text}", option.key) for option in question.options],
                value=None,
                layout=widgets.Layout(width="auto"),
            )
            for question in self.questions
        ]
        self.feedback = [widgets.HTML("") for _ in self.questions]
        self.summary = widgets.HTML("")
        self.check_button = widgets.Button(description="Check my answers", button_style="primary")
        self.check_button.on_click(self.check)
        for radio, feedback in zip(self.radios, self.feedback):
            radio.observe(lambda _change, feedback=feedback: setattr(feedback, "value", ""), names="value")
        blocks = [
            widgets.HTML(
                f"<h3>Knowledge check</h3><p>{total} questions on what you built and trained. "
                f"The aim is {PASS_MARK} of {total}.</p>"
            )
        ]
        for number, (question, radio, feedback) in enumerate(zip(self.questions, self.radios, self.feedback), 1):
            topic = f" <small>({html.escape(question.topic)})</small>" if question.topic else ""
            blocks.append(widgets.HTML(f"<b>Question {number}</b>{topic}<br>{html.escape(question.prompt)}"))
            blocks += [radio, feedback]
        blocks += [self.check_button, self.summary]
        self.ui = widgets.VBox(blocks)

    def check(self, _button: object = None) -> QuizResult | None:
        """Grade the chosen answers and show the explanations and the score; None if any is missing."""
        missing = [number for number, radio in enumerate(self.radios, 1) if radio.value is None]
        if missing:
            self.summary.value = (
                "<p>Answer every question first; still open: question "
                f"{', '.join(map(str, missing))}.</p>"
            )
            return None
        result = grade([radio.value for radio in self.radios], self.questions)
        for feedback, item in zip(self.feedback, result.results):
            feedback.value = _feedback_html(item)
        colour = "green" if result.passed else "firebrick"
        self.summary.value = (
            f"<p style='color:{colour}'><b>Score: {result.score}/{result.total}</b> "
            f"(the aim is {result.pass_mark} of {result.total})<br>{html.escape(result.verdict)}</p>"
        )
        return result

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Show the UI when the widget is the last line of a notebook cell."""
        return self.ui._repr_mimebundle_(**kwargs)


def _feedback_html(result: QuestionResult) -> str:
    chosen, right = result.chosen, result.correct
    if result.is_correct:
        return (
            f"<div style='color:green'><b>Right:</b> {chosen.key}) {html.escape(chosen.text)}<br>"
            f"{html.escape(result.explanation)}</div>"
        )
    return (
        f"<div style='color:firebrick'><b>Wrong:</b> you chose {chosen.key}) "
        f"{html.escape(chosen.text)}<br>{html.escape(result.explanation)}<br>"
        f"<b>The right answer is {right.key})</b> {html.escape(right.text)}<br>"
        f"{html.escape(result.correct_explanation or '')}</div>"
    )


def widget(questions: Sequence[Question] = QUESTIONS) -> QuizWidget:
    """The knowledge check for a notebook (ipywidgets); needs pip install 'autograd_mini[tutorials]'."""
    return QuizWidget(questions)


if __name__ == "__main__":
    raise SystemExit(main())
