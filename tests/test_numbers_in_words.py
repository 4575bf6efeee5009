"""A count written in words shows a key point whose pattern asks for a number: "it now runs in forty minutes" gives a
measured result as surely as "40 minutes"."""

from __future__ import annotations

import pytest

from interviewer.judges.offline.coverage import measure
from interviewer.judges.offline.reference import Reference, _points
from interviewer.judges.text import split_sentences
from interviewer.models import KeyPoint

POINT = KeyPoint(text="give a measured result", terms=[r"re:\b\d+(\.\d+)?\s?(%|minutes|hours|engineers)(?!\w)"])


def _covered(answer: str) -> bool:
    ref = Reference(question="Tell me about a project you're proud of.", key_points=_points([POINT]), source="bank")
    content = [s for s in split_sentences(answer) if s.content]
    return bool(measure(ref, content).hits)


@pytest.mark.parametrize(
    "answer",
    ["The job now runs in forty minutes instead of a whole night.", "We grew the team to twenty-five engineers in a year."],
)
def test_a_number_in_words_shows_the_point(answer: str) -> None:
    assert _covered(answer)


def test_a_word_that_is_not_a_count_does_not() -> None:
    assert not _covered("This was the one project that I really enjoyed working on with the team.")


def test_a_number_for_a_salary_question_is_on_topic() -> None:
    """"Something around 160k would work for me" answers "What are your salary expectations?" without the word
    salary: a key point shown by a pattern term (a number with its unit) anchors the answer to the question."""
    from interviewer.catalog import default_catalog
    from interviewer.judges.offline import OfflineJudge

    catalog = default_catalog()
    persona = catalog.persona("recruiter")
    question = next(q for q in persona.questions if q.id == "salary-expectations")
    answer = "I think something around 160k would work for me. I'm a bit below that now, so it would be a step up."
    assert "off_topic" not in OfflineJudge().assess(answer, catalog.rubric_for(persona), question=question).flags
