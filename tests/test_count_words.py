"""One helper turns counts written as words into digits, for the offline judge's pattern terms and for story
sameness alike (``interviewer.judges.text.counts_as_digits``)."""

from __future__ import annotations

from interviewer.engine.sameness import fingerprint
from interviewer.judges.offline.coverage import _with_digits
from interviewer.judges.offline.reference import Words
from interviewer.judges.text import counts_as_digits


def test_counts_become_digits_in_any_case_with_compounds() -> None:
    assert counts_as_digits("It took Twenty-five minutes for forty users.") == "It took 25 minutes for 40 users."
    assert counts_as_digits("seventy five percent and eighty engineers") == "75 percent and 80 engineers"


def test_only_a_count_of_something_unless_asked_for_every_count() -> None:
    assert counts_as_digits("we cut it to thirty.") == "we cut it to thirty."
    assert counts_as_digits("we cut it to thirty.", before_word=False) == "we cut it to 30."


def test_the_judge_and_story_sameness_read_the_same_numbers() -> None:
    low = "the p99 dropped to eighty milliseconds after seventy-five deploys"
    assert _with_digits(low, Words.of(low)) == "the p99 dropped to 80 milliseconds after 75 deploys"
    story = "Our checkout p99 dropped to eighty milliseconds after seventy-five deploys of the new cache layer."
    digits = "Our checkout p99 dropped to 80 milliseconds after 75 deploys of the new cache layer."
    assert fingerprint(story) == fingerprint(digits)
    assert {"#80", "#75"} <= set(fingerprint(story))
