"""A behavioural answer that describes habits or beliefs instead of a time it happened is named as such and capped; a
story told in the present tense, anchored in time, is still a story."""

from __future__ import annotations

import pytest

from interviewer.catalog import default_catalog
from interviewer.judges.offline import OfflineJudge


def _assess(answer: str):
    catalog = default_catalog()
    persona = catalog.persona("behavioral")
    return OfflineJudge().assess(answer, catalog.rubric_for(persona))


HABIT = (
    "I don't change my mind very often, because I usually research a topic properly before I form an opinion. I keep "
    "up with papers and blogs, and I always listen to other people's views because being open-minded matters. Most "
    "of the time, after a discussion, the team ends up agreeing with my position, which shows the research pays off."
)


def test_an_answer_with_no_story_is_named_and_capped() -> None:
    a = _assess(HABIT)
    assert "no_story" in a.flags
    assert max(d.level for d in a.dimensions.values()) <= 2
    assert any("not a time it happened" in n for d in a.dimensions.values() for n in d.notes)


@pytest.mark.parametrize(
    "story",
    [
        "Last year our checkout service kept timing out at peak. I dig into the traces, I find a retry storm, I add "
        "jitter and a circuit breaker, and errors drop from 4% to 0.3%.",
        "So I join the team in 2021. We have a big problem with latency. I profile the service, find the slow query, "
        "add an index, and p99 goes from 900 ms to 120 ms.",
        "My lead asked me to cut the cloud bill. I measured where the money went and moved batch jobs to spot nodes.",
    ],
)
def test_a_story_in_any_tense_is_a_story(story: str) -> None:
    assert "no_story" not in _assess(story).flags
