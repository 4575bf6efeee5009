"""What a follow-up may ask: never for what the candidate has already said, never the same probe twice.

A rubric probe asks for one or more *topics* ("your notice period", "what you were responsible for", "the read-to-write
ratio"). A probe is worth asking only if the candidate has not given those topics yet:

- *facts* (compensation range, notice period, other processes, location, the career summary...) count for the whole
  round: a range given in the warm-up or for another question is never asked for again;
- everything else counts for the current question: its answer and the answers to its follow-ups.

A probe is never asked twice in one round, whatever the question. A probe that opens a topic ("Before we go
further...") only fits as the first follow-up. A probe no topic describes is checked by word overlap: when most of its
content words already appear in the answers, the candidate has covered it.

The topic table (``engine.followup_topics``) is the engine's own reading of the rubrics' probes; a probe it does not
recognise is still asked (the overlap check and the no-repeat rule apply). Nothing here looks at scores, and nothing
reaches the candidate except the rubric's own probe text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from interviewer.engine.followup_topics import TOPICS, Topic, _rx  # noqa: F401 - Topic, TOPICS re-exported
from interviewer.judges.offline.nonanswer import is_non_answer
from interviewer.models import Session

_TOPIC_BY_ID = {t.id: t for t in TOPICS}
_OPENS_A_TOPIC = _rx(r"^\s*before we go further\b")

_STOP = set(
    "a an and are as at be but by can could did do does for from had has have how i if in is it its me my of on or "
    "our so that the their them then there these they this those to was we were what when where which who whom why "
    "will with would you your yours it's that's what's me more one some any about give tell walk through here there "
    "exactly really just also again kind bit".split()
)
_WORD = re.compile(r"[a-z][a-z'-]+")


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=4096)
def probe_topics(probe: str) -> frozenset[str]:
    """The topics a probe asks for."""
    return frozenset(t.id for t in TOPICS if t.asks.search(probe))


MAX_SCAN_CHARS = 12_000  # about 2,000 words of one answer are read for facts (an answer that long is padding anyway)


@lru_cache(maxsize=1024)
def _lower(text: str) -> str:
    return text[:MAX_SCAN_CHARS].lower()


@lru_cache(maxsize=16384)
def _topic_hits(text: str, topic_id: str) -> frozenset[int]:
    """Which of a topic's patterns one answer matches. Topics are read lazily, only when a probe asks for them, and
    each (answer, topic) once."""
    low = _lower(text)
    return frozenset(i for i, g in enumerate(_TOPIC_BY_ID[topic_id].given) if g.search(low))


def _given_in(texts: Iterable[str], topic_id: str) -> bool:
    found: set[int] = set()
    for text in texts:
        found |= _topic_hits(text, topic_id)
    return len(found) >= _TOPIC_BY_ID[topic_id].need  # "need" patterns, across the answers together


def topics_in(text: str) -> frozenset[str]:
    """The topics an answer gives."""
    return frozenset(t.id for t in TOPICS if _given_in([text], t.id))


@lru_cache(maxsize=4096)
def _content_stems(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2)


@dataclass
class Ledger:
    """What the candidate has said so far, as this question and this round see it, and which probes were asked."""

    question_texts: tuple[str, ...]  # this question's answers
    round_texts: tuple[str, ...]  # every answer in the round
    question_stems: frozenset[str]  # content words of this question's answers
    asked: frozenset[str]

    @classmethod
    def of(cls, session: Session, question_index: int | None) -> Ledger:
        # a non-answer gives nothing, as the judge reads it ("no idea about my notice period" is no notice period)
        cands = [
            t for t in session.turns
            if t.role == "candidate" and t.text and not (t.assessment and is_non_answer(t.assessment.flags))
        ]
        this_q = [
            t.text for t in cands
            if question_index is not None and t.question_index == question_index
            and not (t.assessment and "reused_story" in t.assessment.flags)  # the story told for another question
        ]
        asked = frozenset(
            _norm(t.move.probe) for t in session.turns if t.role == "interviewer" and t.move and t.move.probe
        )
        return cls(tuple(this_q), tuple(t.text for t in cands), frozenset(w for text in this_q for w in _content_stems(text)), asked)

    def given(self, topic_id: str) -> bool:
        # round facts: anywhere in the round (which includes this question); the rest: this question's answers only
        texts = self.round_texts if _TOPIC_BY_ID[topic_id].scope == "round" else self.question_texts
        return _given_in(texts, topic_id)

    def covered(self, probe: str) -> bool:
        """Whether the candidate has already given what ``probe`` asks for."""
        topics = probe_topics(probe)
        if topics:
            return all(self.given(t) for t in topics)
        want = _content_stems(probe)
        if len(want) < 2 or not self.question_stems:
            return False
        return len(want & self.question_stems) >= 0.75 * len(want)

    def eligible(self, probe: str, first_followup: bool) -> bool:
        if _norm(probe) in self.asked:
            return False
        if _OPENS_A_TOPIC.search(probe) and not first_followup:
            return False
        return not self.covered(probe)


def choose_probe(probes: list[str], start: int, ledger: Ledger, *, first_followup: bool) -> str | None:
    """The first probe (rotating from ``start``) that asks for something new, or None when every probe is spent."""
    n = len(probes)
    for k in range(n):
        p = probes[(start + k) % n]
        if ledger.eligible(p, first_followup):
            return p
    return None


def _norm(text: str) -> str:
    return " ".join(text.lower().split())
