"""A design said in plain words is still said: "every new post is copied into each follower's feed" is fan-out on
write, and "that list is kept in a cache" is a precomputed feed in a cache, though neither uses the textbook's words.
Answers written for these tests."""

from __future__ import annotations

from interviewer import services

FEED = "Design the home news feed for a social network, where users see recent posts from the people and pages they follow."

PLAIN = (
    "When someone posts, a worker writes the post id into the feed of each follower, and that feed list is kept in a "
    "cache so opening the app is one read."
)
NOTHING = "I'd use microservices and make sure it scales, with good monitoring."


def _missing(answer: str) -> str:
    report, _ = services.review(answer, persona_id="system-design", question=FEED)
    return " ".join(report.questions[0].missing)


def test_fan_out_and_a_cached_feed_in_plain_words() -> None:
    missing = _missing(PLAIN)
    assert "fan-out on write" not in missing
    assert "store precomputed feeds in a cache" not in missing
    assert "treat accounts with millions of followers differently" in missing  # not said, still named


def test_buzzwords_alone_do_not_show_them() -> None:
    missing = _missing(NOTHING)
    assert "fan-out on write" in missing and "store precomputed feeds in a cache" in missing
