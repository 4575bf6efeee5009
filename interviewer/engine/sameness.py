"""Is this the same story? Content overlap between two tellings, robust to paraphrase.

A story is fingerprinted by what makes it *that* story: its numbers ("6%", "0.4%", "20 minutes"), its names (Redis,
Kafka, the checkout service) and its specific content words, stemmed, with the words every story shares (team,
project, deadline, I, we...) left out. Two tellings are the same story when a large share of the smaller fingerprint
appears in the larger one (weighted: a shared number or name counts more than a shared word). Pure and fast; no
model, no index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from interviewer.judges.text import counts_as_digits

SAME_STORY = 0.35  # weighted overlap at or above which two tellings are one story (dev paraphrases: same >= 0.55, different <= 0.12)
MIN_FEATURES = 6  # a reply with fewer distinct features is too thin to be called a story

_NUMBER = re.compile(r"(?<![\w.])\$?\d+(?:[.,]\d+)?\s?(?:%|k\b|m\b|x\b|ms\b)?", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = set(
    """a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here hers
    him his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
    our ours out over own same she should so some such than that the their theirs them then there these they this
    those through to too under until up very was we were what when where which while who whom why will with would you
    your yours i'm i'd i've we'd we're we've it's that's there's didn't don't wasn't weren't couldn't wouldn't""".split()
)
# words nearly every work story uses: sharing them says nothing about sameness
_GENERIC = set(
    """team teams project projects work worked working job company time times week weeks month months day days year
    years thing things way lot really actually just got get make made like one two three first second last next new
    people person manager engineer engineers product deadline problem issue decide decided wanted need needed
    needs able think thought know knew said told asked went came took take see saw happen happened result results
    end ended start started back well good great much many still later also even since ago whole part
    situation task action reflection learn learned lesson example story tell""".split()
)


_PERCENT = re.compile(r"(\d)\s*(?:per ?cent|pct)\b", re.I)


def _normalise(text: str) -> str:
    """Spelled-out numbers as digits and "percent" as "%", so "twenty minutes" and "20 minutes" match."""
    text = counts_as_digits(text, before_word=False)
    return _PERCENT.sub(r"\1%", text)


def _stem(word: str) -> str:
    """A crude stem, cut to six letters: "configuration" and "config", "reverted" and "revert" meet."""
    w = word.lower().strip("'-")
    for suffix in ("ational", "ization", "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er",
                   "ed", "es", "s", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    return w[:6]


@lru_cache(maxsize=1024)
def fingerprint(text: str) -> dict[str, float]:
    """The story's features with their weights: numbers 3, names 2, other specific words 1."""
    feats: dict[str, float] = {}
    text = _normalise(text)
    for m in _NUMBER.finditer(text):
        num = re.sub(r"\s+", "", m.group(0).lower()).replace(",", "")
        if num not in ("1", "2", "3"):  # small counts are everywhere
            feats["#" + num] = 3.0
    sentence_start = True
    for m in re.finditer(r"[A-Za-z][A-Za-z'-]+|[.!?]", text):
        tok = m.group(0)
        if tok in ".!?":
            sentence_start = True
            continue
        low = tok.lower()
        if low in _STOP or low in _GENERIC or len(low) < 3:
            sentence_start = False
            continue
        stem = _stem(low)
        weight = 2.0 if tok[0].isupper() and not sentence_start else 1.0
        feats[stem] = max(feats.get(stem, 0.0), weight)
        sentence_start = False
    return feats


@lru_cache(maxsize=1024)
def _mass(text: str) -> float:
    return sum(fingerprint(text).values())


def similarity(a: str, b: str) -> float:
    """Weighted overlap of two tellings' fingerprints, 0..1, relative to the thinner one."""
    fa, fb = fingerprint(a), fingerprint(b)
    if len(fa) < MIN_FEATURES or len(fb) < MIN_FEATURES:
        return 0.0
    if len(fb) < len(fa):
        fa, fb = fb, fa
    shared = 0.0
    for k, w in fa.items():
        v = fb.get(k)
        if v is not None:
            shared += w if w < v else v
    return shared / min(_mass(a), _mass(b))


def same_story(a: str, b: str) -> bool:
    return similarity(a, b) >= SAME_STORY


def closest(text: str, others: Iterable[tuple[str, str]]) -> tuple[str, float] | None:
    """The key of the telling in ``others`` ((key, text) pairs) that ``text`` repeats, with its similarity, or None."""
    best: tuple[str, float] | None = None
    for key, other in others:
        s = similarity(text, other)
        if s >= SAME_STORY and (best is None or s > best[1]):
            best = (key, s)
    return best


@lru_cache(maxsize=1024)
def is_story(text: str) -> bool:
    """Enough specific content to be a story at all (not "I don't remember", not a one-liner)."""
    return len(fingerprint(text)) >= MIN_FEATURES and len(_WORD.findall(text)) >= 30
