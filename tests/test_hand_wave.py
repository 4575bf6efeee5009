"""Waving the hard part away is a claim, not a design: "it scales" and "the cloud handles it" beside a list of
products read as a confident misconception, whatever key-point words the list happens to name (the news-feed
hand-wave read 3/4 on requirements, API, high-level design and deep dive, and was quoted as a strength). Saying how
it scales is not waving it away. Answers written for these tests."""

from __future__ import annotations

from interviewer import services
from interviewer.catalog import default_catalog
from interviewer.judges.offline.judge import OfflineJudge

FEED = "Design the home news feed for a social network, where users see recent posts from the people and pages they follow."

WAVE = "Push every post into per-user timelines, it scales, throw in Kafka, Redis and Cassandra and the cloud takes care of the rest."
REASONED = (
    "On write, a worker pushes each post id into the cached timeline of every follower, capped at a few hundred ids. "
    "Accounts with millions of followers are merged at read time instead, so the write work stays bounded, and the "
    "timeline cache scales linearly with the number of shards because each user's list lives on one shard."
)


def _assess(answer: str):
    cat = default_catalog()
    persona = cat.persona("system-design")
    question = next(q for q in persona.questions if q.id == "news-feed")
    return OfflineJudge().assess(answer, cat.rubric_for(persona), question=question)


def test_a_hand_wave_is_not_a_design() -> None:
    a = _assess(WAVE)
    assert "overclaiming" in a.flags
    assert max(d.level for d in a.dimensions.values()) <= 2
    report, _ = services.review(WAVE, persona_id="system-design", question=FEED)
    assert report.overall <= 1.5
    assert not any("was solid" in s or "exceptional" in s for s in report.strengths)


def test_saying_how_it_scales_is_not_waving_it_away() -> None:
    a = _assess(REASONED)
    assert "overclaiming" not in a.flags
    assert a.level("deep_dive_scaling") >= 3
