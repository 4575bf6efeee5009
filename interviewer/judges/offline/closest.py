"""Finding the question a free-text question is: the bank question it is (exactly or closest by topic words), or
the closest topic of the reference library, when one is close enough to borrow its key points."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from interviewer.judges.offline.reference import _QUESTION_FILLER, _topic_word, stem, tokens
from interviewer.judges.offline.wordforms import fold
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
    """A question's topic words for finding the question it is (``_asked_seq``, as a set)."""
    return frozenset(_asked_seq(question))


@lru_cache(maxsize=4096)
def _asked_seq(question: str) -> tuple[str, ...]:
    """A question's topic words in order (``_topic_stem`` of each word, each once)."""
    question = _DECLINE.sub(" decline ", question.lower())
    return tuple(dict.fromkeys(st for st in map(_topic_stem, tokens(question)) if st is not None))


# saying no is a topic though its words are filler ("say") and a stop word ("no"): read it as "decline"
_DECLINE = re.compile(r"\b(say|said|saying|says) no\b|\b(push|pushed|pushing) back\b|\b(turn|turned|turning) down\b")


def _topic_stem(w: str) -> str | None:
    """The stem of a question's word when it is a topic word, else None: not filler, also in another form ("talking",
    "looked": an -ing or -ed form whose stem is a filler word's; "news" and "current" stay), nor a word of time ("right
    now"); a short word with a digit names a topic ("F1", "L2", "S3")."""
    w = w.replace("’", "'").split("'")[0]
    if w in _TIME or not (_topic_word(w) or (len(w) == 2 and any(ch.isdigit() for ch in w) and w[0].isalpha())):
        return None
    st = stem(w)
    return None if w.endswith(("ing", "ed")) and st in _filler_stems() else _same().get(st, st)


# words a question may use for the same topic, read as one: "clashed with a coworker" is a conflict with a colleague
_SAME_WORDS = (
    ("colleague", "coworker", "co-worker", "peer"), ("conflict", "clash", "dispute", "friction", "tension"),
    ("manager", "boss", "supervisor"), ("salary", "pay", "wage"), ("leave", "quit", "resign"), ("customer", "client"),
    ("difficult", "angry", "unhappy", "upset", "frustrated", "demanding"), ("mistake", "error", "blunder"),
    ("weakness", "flaw", "shortcoming"), ("improve", "enhance"),
)


@lru_cache(maxsize=1)
def _same() -> dict[str, str]:
    return {stem(alt): stem(group[0]) for group in _SAME_WORDS for alt in group[1:]}


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
    exact = _exact(persona, text)
    if exact is not None:
        return exact
    scored = sorted(((_bank_similarity(text, q), q) for q in persona.questions), key=lambda p: -p[0])
    best_score, best = scored[0] if scored else (0.0, None)
    return Match(best, best_score)


def _exact(persona: Persona, text: str) -> Match | None:
    """The bank question whose text is ``text`` (case and spacing aside), as an exact match, else None."""
    norm = " ".join(text.lower().split())
    for q in persona.questions:
        if " ".join(q.text.lower().split()) == norm:
            return Match(q, 1.0, exact=True)
    return None


def _bank_similarity(text: str, q: Question) -> float:
    """Against the bank question's text, or, as for a library topic, against the shorter of the question and one of
    its other phrasings (``also``)."""
    return max([similarity(text, q.text), *(similarity(text, p, shorter=True) for p in q.also)])


LIBRARY_AT = 0.5  # from this similarity a free-text question borrows a library topic's key points
SHARED_AT = 4  # or from this many topic words in common, however long the two questions are


def closest_reference(persona: Persona, text: str | None) -> Match:
    """The bank question or library topic (``interviewer.references``) a free-text question is checked against.

    The question itself when it is in the bank or is one of the listed phrasings of a bank question or library topic
    (word for word, whatever the punctuation); else the bank question or library topic with the closest phrasing, when
    it is close enough (``BORROW_AT``, ``LIBRARY_AT``) and shares enough with the question (``_distinct``); else none.
    Bank questions and library topics compete on the same terms: among phrasings equally close, the one whose shared
    words are rarer among the persona's questions wins, then the one that names them first ("Explain the LSTM gates",
    not "Why did transformers replace RNNs and LSTMs?", for "What is an LSTM?"), then the one with fewer words of its
    own, then a bank question. ``Match.library`` says the question came from the library.
    """
    if not text:
        return Match(None, 0.0)
    exact = _exact(persona, text)
    if exact is not None:
        return exact
    from interviewer.references import topics_for

    topics = topics_for(persona.id)
    listed = _listed(persona, topics).get(_norm(text))
    if listed is not None:
        return Match(listed[0], 1.0, library=listed[1])
    common, weight = _word_stats(persona, topics)
    asked = _asked(text)
    best, best_key = None, (False, 0.0, 0.0, 0.0, 0.0, False, 0.0)
    bank_best = 0.0  # closest_question's score: the best similarity of any bank phrasing, scored once here
    candidates = [(q, False, [(q.text, False), *((p, True) for p in q.also)]) for q in persona.questions]
    candidates += [(t, True, [(p, True) for p in t.phrasings]) for t in topics]
    for item, library, phrasings in candidates:
        at = LIBRARY_AT if library else BORROW_AT
        for p, shorter in phrasings:
            score = similarity(text, p, shorter=shorter)
            if not library and score > bank_best:
                bank_best = score
            other = _asked(p)
            shared = asked & other
            if score < at and len(shared) < SHARED_AT:
                continue
            key = (True, round(sum(weight.get(w, 1.0) for w in shared), 6), _weighted(asked, other, weight),
                   -_first_shared(asked, p), len(shared) / len(asked | other), not library, score)
            if key > best_key:
                best, best_key = (item, library), key
    if best is not None and _distinct(text, best[0].phrasings if best[1] else [best[0].text, *best[0].also], common):
        return Match(best[0], best_key[-1], library=best[1])
    return Match(None, max(bank_best, best_key[-1]))


def _first_shared(asked: frozenset[str], phrasing: str) -> int:
    """Where the phrasing first names a word of the asked question, counted in its topic words (0: its first)."""
    return next((i for i, w in enumerate(_asked_seq(phrasing)) if w in asked), 99)


def _norm(text: str) -> str:
    """A question's words for a word-for-word match: lowercase, without accents or punctuation, and without a time
    phrase at the end ("Are you talking to other companies right now?" is the listed "…other companies?")."""
    words = " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text.lower()).replace("’", "'").replace("'", "")).split())
    return _TRAILING_TIME.sub("", words) or words


_TRAILING_TIME = re.compile(r" (right now|at the moment|at this point|currently|these days|today|now)$")


def _listed(persona: Persona, topics) -> dict[str, tuple[Question, bool]]:
    """Every listed phrasing of the persona's bank questions (``also``) and library topics, word for word."""
    key = (persona.id, tuple((q.id, *q.also) for q in persona.questions), tuple(t.id for t in topics))
    out = _LISTINGS.get(key)
    if out is None:
        out = {}
        for t in topics:
            for p in t.phrasings:
                out.setdefault(_norm(p), (t, True))
        for q in persona.questions:  # a bank question's own phrasings win
            for p in q.also:
                out[_norm(p)] = (q, False)
        if len(_LISTINGS) > 16:
            _LISTINGS.clear()
        _LISTINGS[key] = out
    return out


_LISTINGS: dict[tuple, dict[str, tuple[Question, bool]]] = {}


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
    the persona's questions use ("dropout", not "company" in a recruiter round), or, in a question about a concept
    rather than about the candidate (no "you"), every topic word of the question when the other names it first ("What
    is overfitting?" is "What is overfitting, and how do you prevent it?"; "Are you talking to other companies?" is not
    "What do you know about our company?"), unless the one word qualifies another ("the payments team")."""
    asked = _asked(text)
    concept = _YOU.search(text.lower()) is None
    for other in others:
        theirs = _asked(other)
        shared = asked & theirs
        if len(shared) >= 2 or (concept and shared == asked and _first_shared(asked, other) == 0):
            return True
        if shared - common and not _qualifies(text, next(iter(shared)), theirs):
            return True
    return False


def _qualifies(text: str, word: str, theirs: frozenset[str]) -> bool:
    """Is ``word`` followed, in ``text``, by a topic word ``theirs`` lacks? Then it qualifies that word rather than
    naming the topic: "label smoothing" is not about labels, "the payments team" not about pay."""
    raw = tokens(text)
    seq = [_topic_stem(w) for w in raw]
    return any(
        a == word and b is not None and b not in theirs and not w.replace("’", "'").endswith("'s")  # "Uber's backend"
        for w, a, b in zip(raw, seq, seq[1:])
    )


_YOU = re.compile(r"\byou(r|rs|rself|'\w+|’\w+)?\b")
