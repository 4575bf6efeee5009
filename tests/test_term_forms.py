"""Term words match the forms of the word they name, never a different word that happens to begin the same way.

A term word of four letters or more used to match any word starting with its stem: "experiment" (stem "experi")
matched "experience", "back" matched "backend", "share" (stem "shar") matched "shard". Now a sentence's word matches
when it has the same stem, or is the term word's base followed by endings only. "key" as an everyday adjective ("the
key idea") is not the noun a term like "keys" names. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from interviewer.judges.offline.reference import Words, compile_term, stem


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
        ("offer", "We signed off on the plan."),  # "offer" used to have the stem "off"
        ("competing offer", "We were competing to kick off first."),
        ("career", "I care about the people I work with."),  # "career" used to have the stem "car", as "care" does
        ("career", "She cared for her father that year."),
        ("letter", "Let the job retry three times."),
        ("summer", "We sum the gradients over the batch."),
        ("pager", "The error page showed a stack trace."),
        ("huber loss", "The hub lost its connection."),
        ("later", "The train was late again."),
        ("loss", "The compression we use is lossless."),
        ("class", "The classic fix is a cron job."),
        ("buffer", "We buffed the floor."),
        ("bias", "The biathlon was on TV."),
        ("inter-rater", "The interest rate went up."),
        ("under pressure", "The underlying pressure was the launch date."),
        ("apply", "There is an app for that."),
        ("comment", "Come back to it after lunch."),  # one short stem, another word: "com", "ent", "dur", "pay", "rep"
        ("entity", "Enter the amount twice."),
        ("duration", "It broke during the migration."),
        ("payment", "They pay on the first of the month."),
        ("reply", "We repeated the test twice."),
        ("trees", "We treated every alert the same."),
        ("caring for", "My career for the next five years."),
        ("timing", "We set a timer on each job."),
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
        ("buffer", "We were buffering the writes in memory."),
        ("buffer", "Events are buffered for a second before the flush."),
        ("buffers", "Buffering hides the slow disk."),
        ("buffering", "Each worker has two buffers."),
        ("class", "The classes were badly imbalanced."),
        ("process", "The two processes share nothing."),
        ("processes", "The job processed a million rows."),
        ("loss", "The training losses went flat after epoch three."),
        ("bias", "The labels were biased towards one region."),
        ("bias", "Both biases are learned with the weights."),
        ("access", "Only two admins accessed the bucket."),
        ("access", "Every accesses log line has the caller."),
        ("cache", "We were caching the profile for a minute."),
        ("cache", "The page is cached at the edge."),
        ("index", "Those indices are rebuilt every night."),
        ("indices", "We index the column on user id."),
        ("indexes", "The table has three indices."),
        ("offer", "She was offered the role in March."),
        ("competing offer", "I have two competing offers on the table."),
        ("career", "Two careers in one family is hard."),
        ("layer", "We layered the caches."),
        ("order", "We ordered the events by timestamp."),
        ("focus", "We focused on the checkout flow."),
        ("status", "Both statuses show in the dashboard."),
        ("supply", "The city supplies fewer drivers at night."),
        ("lower learning rate", "A low learning rate fixed it."),  # a comparative keeps its adjective's stem
        ("mode covering", "The reverse KL is mode covered, not mode seeking."),
        ("comment", "Two reviewers commented on the design."),
        ("coding", "The codes are stored with each order."),
        ("moving", "We moved the job to the night shift."),
        ("donation", "People donate more in December."),
        ("ratings", "Users rate each driver after the trip."),
        ("low latency", "We got lower latency from the edge cache."),
        ("lower", "We got low latency from the edge cache."),
        ("bad labels", "The badly labelled rows went to a second annotator."),
    ],
)
def test_the_forms_of_the_term_word_still_match(term: str, sentence: str) -> None:
    assert matches(term, sentence)


@pytest.mark.parametrize(
    "forms",
    [
        "buffer buffers buffered buffering", "class classes classed", "process processes processed processing",
        "loss losses", "bias biases biased", "access accesses accessed accessing", "cache caches cached caching",
        "index indexes indexed indexing indices", "order orders ordered ordering", "focus focuses focused focusing",
        "status statuses", "matrix matrices", "business businesses", "obvious obviously", "refer referred referring",
        "interfere interfered interfering", "engineer engineers engineered", "menu menus", "gpu gpus", "plateau plateaus",
        "comment comments commented commenting", "segment segments segmented",
    ],
)
def test_the_forms_of_a_word_have_one_stem(forms: str) -> None:
    """Relevance and topic words compare stems: a question about "the buffer" and an answer about "buffering" share
    one (it used to be "buf" for one and "buffer" for the other; "class" was "clas" and "classes" "class")."""
    assert len({stem(w) for w in forms.split()}) == 1, {w: stem(w) for w in forms.split()}


def _covered(answer: str, terms: list[str], flag_terms: list[str] | None = None) -> tuple[bool, bool]:
    from interviewer.judges.offline.coverage import measure
    from interviewer.judges.offline.reference import Reference, _points
    from interviewer.judges.text import split_sentences
    from interviewer.models import KeyPoint, RedFlag

    ref = Reference(question="A question written for this test.", key_points=_points([KeyPoint(text="kp", terms=terms)]),
                    red_flags=_points([RedFlag(text="flag", terms=flag_terms or ["never said here"])]), source="bank")
    cov = measure(ref, [s for s in split_sentences(answer) if s.content])
    return bool(cov.hits), bool(cov.flags)


def test_an_answer_with_an_inflected_term_word_covers_the_point_and_shows_the_flag() -> None:
    assert _covered("We were buffering the writes for a second, then flushing them in one batch.", ["buffer + writes"])[0]
    assert _covered("The losses of both heads went flat after two epochs.", ["loss + flat"])[0]
    assert _covered("The old model was biased against new sellers, so we reweighted.", ["bias + sellers"])[0]
    assert _covered("I simply went with whoever offered the most money.", ["never said"], ["offer + most"])[1]


def test_a_word_the_stem_merged_with_a_term_word_does_not_cover_the_point() -> None:
    assert not _covered("We kick off the planning in March and close it in April.", ["competing offer", "offer"])[0]
    assert not _covered("I care a lot about the people on my team and their growth.", ["career growth"])[0]
    assert not _covered("The archive format is lossless, so nothing is dropped.", ["loss"])[0]
