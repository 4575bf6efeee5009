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
