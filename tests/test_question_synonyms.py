"""A question in everyday words finds its topic: "clashed with a coworker" is a conflict with a colleague, "an upset
client" an unhappy customer, "quit" leaving, "pay" the salary. Questions written for these tests (none is a listed
phrasing); each pair shows the synonym is what matched."""

from __future__ import annotations

import pytest

from interviewer.catalog import default_catalog
from interviewer.judges.offline.closest import _asked, closest_reference


@pytest.mark.parametrize(("persona", "question", "topic"), [
    ("behavioral", "Tell me about a time you clashed with a coworker.", "peer-conflict"),
    ("behavioral", "Describe a dispute you had with a peer and how it ended.", "peer-conflict"),
    ("behavioral", "Tell me about a time you dealt with an upset client.", "unhappy-customer"),
    ("recruiter", "Why do you want to quit your job?", "why-leave-current-job"),
    ("recruiter", "What are your pay expectations?", "salary-expectations"),
])
def test_everyday_words_find_the_topic(persona: str, question: str, topic: str) -> None:
    match = closest_reference(default_catalog().persona(persona), question)
    assert match.question is not None and match.question.id == topic


def test_synonyms_are_read_as_one_word_and_nothing_more() -> None:
    assert _asked("a clash with a coworker") == _asked("a conflict with a colleague")
    assert _asked("an upset client") == _asked("an unhappy customer")
    assert _asked("a weekly team meeting") == _asked("weekly team meetings")  # no synonym: unchanged words
    assert _asked("an upset client") != _asked("a happy client")


def test_a_time_phrase_at_the_end_does_not_hide_a_listed_phrasing() -> None:
    """"Are you talking to other companies right now?" is the listed "Are you talking to other companies?": a trailing
    "right now", "at the moment", "currently" asks the same question (it shares only "companies" with the topic's
    other phrasings, a word too common in a recruiter round to match on)."""
    from interviewer.catalog import default_catalog
    from interviewer.judges.offline.closest import closest_reference

    persona = default_catalog().persona("recruiter")
    for asked in ("Are you talking to other companies right now?", "Are you talking to other companies at the moment?"):
        m = closest_reference(persona, asked)
        assert m.question is not None and m.question.id == "other-interviews", (asked, m)
    assert closest_reference(persona, "Right now?").question is None
