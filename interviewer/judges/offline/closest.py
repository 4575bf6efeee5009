"""Finding the question a free-text question is: the bank question it is (exactly or closest by topic words), or
the closest topic of the reference library, when one is close enough to borrow its key points."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from interviewer.judges.offline.reference import _QUESTION_FILLER, _topic_word, stem, tokens
from interviewer.models import Persona, Question


def similarity(asked: str, other: str, shorter: bool = False) -> float:
    """How much of the asked question's topic the other question shares: shared topic words / (asked topic words + 1).

    With ``shorter``, against the shorter question's topic words instead: a library phrasing is short ("Explain the
    vanishing gradient problem."), and an asked question that contains all of it is about that topic, however many
    other words it has."""
    sa, sb = _asked(asked), _asked(other)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / ((min(len(sa), len(sb)) if shorter else len(sa)) + 1)


@lru_cache(maxsize=4096)
def _asked(question: str) -> frozenset[str]:
    """A question's topic words for finding the question it is: also without filler in another form ("talking",
    "looked": an -ing or -ed form whose stem is a filler word's; "news" and "current" stay) or words of time ("right
    now")."""
    out = set()
    for w in tokens(question):
        w = w.replace("’", "'").split("'")[0]
        if w in _TIME or not _topic_word(w):
            continue
        st = stem(w)
        if w.endswith(("ing", "ed")) and st in _filler_stems():
            continue
        out.add(st)
    return frozenset(out)


_TIME = frozenset({"now", "currently", "today"})


@lru_cache(maxsize=1)
def _filler_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in _QUESTION_FILLER)


BORROW_AT = 0.5  # from this similarity a free-text question borrows a bank question's key points


@dataclass
class Match:
    question: Question | None
    score: float
    exact: bool = False
    library: bool = False  # a topic of the reference library, not a bank question
    alternatives: list[str] = field(default_factory=list)


def closest_question(persona: Persona, text: str | None) -> Match:
    """The bank question ``text`` is (exactly, or closest by topic words), and how close it is."""
    if not text:
        return Match(None, 0.0)
    norm = " ".join(text.lower().split())
    for q in persona.questions:
        if " ".join(q.text.lower().split()) == norm:
            return Match(q, 1.0, exact=True)
    scored = sorted(((_bank_similarity(text, q), q) for q in persona.questions), key=lambda p: -p[0])
    best_score, best = scored[0] if scored else (0.0, None)
    return Match(best, best_score)


def _bank_similarity(text: str, q: Question) -> float:
    """Against the bank question's text, or, as for a library topic, against the shorter of the question and one of
    its other phrasings (``also``)."""
    return max([similarity(text, q.text), *(similarity(text, p, shorter=True) for p in q.also)])


LIBRARY_AT = 0.5  # from this similarity a free-text question borrows a library topic's key points


def closest_reference(persona: Persona, text: str | None) -> Match:
    """The bank question or library topic (``interviewer.references``) a free-text question is checked against.

    The question itself when it is in the bank; else the closest bank question when it is close enough (``BORROW_AT``)
    and no library topic is closer; else the closest library topic when close enough (``LIBRARY_AT``); else none.
    ``Match.library`` says the question came from the library.
    """
    match = closest_question(persona, text)
    if match.exact or not text:
        return match
    from interviewer.references import topics_for

    topics = topics_for(persona.id)
    common, weight = _word_stats(persona, topics)
    best = None
    asked, best_key = _asked(text), (False, 0.0, 0.0, 0.0)
    for topic in topics:
        # the closest phrasing; among the topics close enough to borrow, the one whose shared words say most (the
        # rarer a word among the persona's questions and topics, the more it says: "compensation", not "current")
        for p in topic.phrasings:
            score = similarity(text, p, shorter=True)
            other = _asked(p)
            # then the phrasing with fewer words of its own ("what do you do in your current job", not "what do
            # you enjoy most about your current job")
            key = (score >= LIBRARY_AT, _weighted(asked, other, weight) if score >= LIBRARY_AT else 0.0,
                   len(asked & other) / len(asked | other) if other else 0.0, score)
            if key > best_key:
                best, best_key = topic, key
    best_score = best_key[3]
    if best is not None and best_score >= LIBRARY_AT and best_score > match.score:
        if _distinct(text, best.phrasings, common):
            return Match(best, best_score, library=True)
    if match.score >= BORROW_AT and match.question is not None and _distinct(text, match.question.phrasings, common):
        return match
    return Match(None, max(match.score, best_score))


def _weighted(asked: frozenset[str], other: frozenset[str], weight: dict[str, float]) -> float:
    """``similarity`` (against the shorter question) with each word weighted by how rare it is."""
    shorter = asked if len(asked) <= len(other) else other
    total = sum(weight.get(w, 1.0) for w in shorter)
    return sum(weight.get(w, 1.0) for w in asked & other) / (total + 1.0) if total else 0.0


def _word_stats(persona: Persona, topics) -> tuple[frozenset[str], dict[str, float]]:
    """The persona's common topic words (``COMMON_IN``) and each topic word's weight (1 for a word only one question or
    topic uses, less the more of them use it), from one count over its bank questions and library topics."""
    return _stats(tuple(q.text for q in persona.questions), tuple(tuple(t.phrasings) for t in topics))


@lru_cache(maxsize=16)
def _stats(questions: tuple[str, ...], topics: tuple[tuple[str, ...], ...]) -> tuple[frozenset[str], dict[str, float]]:
    counts: dict[str, int] = {}
    for doc in [_asked(q) for q in questions] + [frozenset().union(*map(_asked, t)) for t in topics]:
        for w in doc:
            counts[w] = counts.get(w, 0) + 1
    common = frozenset(w for w, n in counts.items() if n >= COMMON_IN)
    return common, {w: 1.0 / n ** 0.5 for w, n in counts.items()}


COMMON_IN = 3  # a topic word that this many of a persona's questions and topics use does not pick one by itself


def _distinct(text: str, others: list[str], common: frozenset[str]) -> bool:
    """Does ``text`` share enough with one of ``others`` to be about the same thing? Two topic words, or one that few of
    the persona's questions use ("dropout", not "company" in a recruiter round)."""
    asked = _asked(text)
    for other in others:
        shared = asked & _asked(other)
        if len(shared) >= 2 or shared - common:
            return True
    return False
