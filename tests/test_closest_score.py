"""``closest_reference`` scores every bank phrasing once (it used to call ``closest_question`` and score them all again):
the score it reports when nothing is close enough, and its exact matches, are still ``closest_question``'s."""

from __future__ import annotations

import pytest

from interviewer.catalog import default_catalog
from interviewer.judges.offline.closest import closest_question, closest_reference

CATALOG = default_catalog()

QUESTIONS = [  # near misses: some bank question shares a topic word, none is close enough to borrow from
    ("recruiter", "Describe your ideal weekend hike.", 1 / 3),
    ("behavioral", "Tell me about a project you are proud of in your garden", 0.25),
    ("system-design", "How would you store photos of cats?", 0.25),
    ("behavioral", "What is your favourite colour of paint for a kitchen?", 0.0),
]


@pytest.mark.parametrize(("persona", "question", "score"), QUESTIONS)
def test_no_match_reports_the_closest_bank_score(persona: str, question: str, score: float) -> None:
    p = CATALOG.persona(persona)
    ref = closest_reference(p, question)
    assert ref.question is None and not ref.exact
    assert ref.score == pytest.approx(score) == closest_question(p, question).score


def test_a_close_question_borrows_with_its_score() -> None:
    p = CATALOG.persona("ml-depth")
    question = "How do you tune the learning rate of a kitchen oven?"
    ref = closest_reference(p, question)
    assert ref.question is not None and ref.question.id == "optimisers-lr" and not ref.library
    assert ref.score == closest_question(p, question).score == 0.5


def test_a_bank_question_word_for_word_is_an_exact_match() -> None:
    p = CATALOG.persona("behavioral")
    q = p.questions[0]
    ref = closest_reference(p, "  " + q.text.upper() + " ")
    assert ref.exact and ref.question is q and ref.score == 1.0
    assert closest_question(p, q.text.lower()).exact


def test_no_question_is_no_match() -> None:
    p = CATALOG.persona("behavioral")
    for text in (None, ""):
        ref = closest_reference(p, text)
        assert ref.question is None and ref.score == 0.0 and not ref.exact
