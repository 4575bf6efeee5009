"""A result said without a digit ("fell by a third", "halved", "a 7% drop") still counts as a quantified outcome."""

from __future__ import annotations

import pytest

from interviewer.catalog import default_catalog
from interviewer.judges.offline import OfflineJudge
from interviewer.judges.text import split_sentences


@pytest.mark.parametrize(
    "sentence",
    ["Complaints from that client fell by a third.", "The p99 latency halved after the change.", "Costs fell by half in a month."],
)
def test_a_fraction_or_a_multiple_is_a_quantity(sentence: str) -> None:
    assert split_sentences(sentence)[0].quantified >= 1


@pytest.mark.parametrize("sentence", ["It was the third week of the project.", "We met every quarter with sales."])
def test_an_ordinal_or_a_period_is_not(sentence: str) -> None:
    assert split_sentences(sentence)[0].quantified == 0


def test_a_test_that_showed_a_drop_is_a_result() -> None:
    catalog = default_catalog()
    persona = catalog.persona("behavioral")
    rubric = catalog.rubric_for(persona)
    story = (
        "Our PM wanted to remove guest checkout. I disagreed because about 30% of first orders came from guests. "
        "I proposed an A/B test on 10% of traffic. The test showed a 7% drop in first orders without guest checkout."
    )
    without = story.rsplit(" The test", 1)[0]
    level = OfflineJudge().assess(story, rubric, ["result"]).dimensions["result"].level
    assert level > OfflineJudge().assess(without, rubric, ["result"]).dimensions["result"].level
