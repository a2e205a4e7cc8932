"""The knowledge check for the browser: `quiz.py`'s questions and grading, as JSON for the page.

The website runs this module in Pyodide beside `quiz.py` as it is (it needs only the standard
library). The page asks `questions_json()` for what to show, which leaves out which option is
right and every explanation, and `check_json()` for the verdict once every question has an
answer: the same `quiz.grade` and the same explanations as `autograd-mini quiz`.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from .quiz import PASS_MARK, QUESTIONS, Question, grade

__all__ = ["questions_json", "check", "check_json", "feedback_lines"]


def questions_json(questions: Sequence[Question] = QUESTIONS) -> str:
    """The prompts, topics and options the page shows, without the key or any explanation."""
    return json.dumps({
        "pass_mark": PASS_MARK,
        "questions": [
            {
                "topic": question.topic,
                "prompt": question.prompt,
                "options": [{"key": option.key, "text": option.text} for option in question.options],
            }
            for question in questions
        ],
    })


def feedback_lines(chosen_key: str, question: Question) -> list[str]:
    """What `autograd-mini quiz` prints after one answer, one paragraph per line (unwrapped)."""
    chosen, right = question.option(chosen_key), question.correct_option
    if chosen.correct:
        return [f"Right: {chosen.key}) {chosen.text}", chosen.explanation]
    return [
        f"Wrong: you chose {chosen.key}) {chosen.text}",
        chosen.explanation,
        f"The right answer is {right.key}) {right.text}",
        right.explanation,
    ]


def check(answers: Sequence[str | None], questions: Sequence[Question] = QUESTIONS) -> dict[str, Any]:
    """Grade the page's answers (None for an open question): feedback per question, score, verdict."""
    questions = tuple(questions)
    missing = [number for number, answer in enumerate(answers, start=1) if not answer]
    if missing or len(answers) != len(questions):
        return {"missing": missing or list(range(len(answers) + 1, len(questions) + 1))}
    result = grade(list(answers), questions)
    return {
        "results": [
            {"number": item.number, "is_correct": item.is_correct, "lines": feedback_lines(item.chosen_key, item.question)}
            for item in result.results
        ],
        "score": result.score,
        "total": result.total,
        "pass_mark": result.pass_mark,
        "passed": result.passed,
        "score_line": f"Score: {result.score}/{result.total} (the aim is {result.pass_mark} of {result.total})",
        "verdict": result.verdict,
    }


def check_json(answers_json: str) -> str:
    """`check` for the page: a JSON list of keys (null for an open question) in, JSON out."""
    return json.dumps(check(json.loads(answers_json)))
