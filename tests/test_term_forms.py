"""Term words match the forms of the word they name, never a different word that happens to begin the same way.

A term word of four letters or more used to match any word starting with its stem: "experiment" (stem "experi")
matched "experience", "back" matched "backend", "share" (stem "shar") matched "shard". Now a sentence's word matches
when it has the same stem, or is the term word's base followed by endings only. "key" as an everyday adjective ("the
key idea") is not the noun a term like "keys" names. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from interviewer.judges.offline.reference import Words, compile_term


def matches(term: str, sentence: str) -> bool:
    t = compile_term(term)
    assert t is not None
    low = sentence.lower()
    return t.matches(Words.of(low), low)


@pytest.mark.parametrize(
    ("term", "sentence"),
    [
        ("experiment", "I have ten years of experience with recommender systems."),
        ("experiment", "An experienced engineer would ask first."),
        ("online experiment", "We went online and experienced a drop in traffic."),
        ("keys", "The key idea is that every token looks at every other token."),
        ("keys", "Clear ownership is key when an incident starts."),
        ("keys", "The key takeaway for me was to write things down."),
        ("back", "The backend team owned the database."),
        ("star", "We started with a small pilot."),
        ("share", "We shard the table by user id."),
        ("center", "A central team approves every change."),
        ("sign", "The signal was too weak to act on."),
        ("state", "The station closed early."),
        ("person", "It was a personal decision."),
        ("content", "There was contention on the lock."),
        ("direct", "The director asked for a plan."),
        ("10 minutes", "It took 100 minutes to recover."),
        ("1 minute", "The job ran for 1.5 minutes."),
        ("probe", "That was probably the cause."),
        ("three replicas", "Each thread reads from the replicas."),
    ],
)
def test_a_word_that_only_begins_like_the_term_does_not_match(term: str, sentence: str) -> None:
    assert not matches(term, sentence)


@pytest.mark.parametrize(
    ("term", "sentence"),
    [
        ("experiment", "We ran two experiments before launch."),
        ("experiment", "I experimented with the learning rate."),
        ("experiment", "Experimentation was cheap because traffic was high."),
        ("experiment", "The experimental arm saw more clicks."),
        ("keys", "It is a key-value store with a TTL on each key."),
        ("keys", "Each token gets a query, a key and a value."),
        ("keys", "We hash the keys onto the ring."),
        ("keys", "The key is the user id."),
        ("share", "We shared the dashboard with support."),
        ("center", "We centered the features first."),
        ("scale", "The design is scalable to ten regions."),
        ("calibrated", "We calibrate the scores with isotonic regression."),
        ("classes", "The minority class had 2% of the rows."),
        ("disagreed", "We disagree about the rollout plan."),
        ("token auth", "Requests carry a token for authentication."),
        ("10 minutes", "It took 10 minutes to recover."),
        ("12%", "Errors fell by 12% that quarter."),
        ("annotat", "Two annotators labelled each item."),
        ("transparen", "Be transparent about the trade-off."),
        ("priorities", "I prioritised the payment bug."),
        ("store", "We moved the files to cheaper storage."),
    ],
)
def test_the_forms_of_the_term_word_still_match(term: str, sentence: str) -> None:
    assert matches(term, sentence)
