"""Key-point coverage, red flags and relevance of one answer against its question's reference material."""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from interviewer.judges.offline.base import SENTENCE_JOIN, Hit
from interviewer.judges.offline.reference import _TOKEN, Point, Reference, Term, TermWord, Words, fold, last_word, topical
from interviewer.judges.text import COUNT_WORDS, Sentence, counts_as_digits, lazy


_DISTANCED = lazy(
    r"\b(not|never|rather than|instead of|avoid\w*|misleading|don'?t|doesn'?t|isn'?t|wouldn'?t|won'?t|no longer|"
    r"can'?t|cannot|aren'?t|wasn'?t|weren'?t|shouldn'?t|"
    r"wrong|mistake|trap|pitfall|myths?|misconceptions?|nobody|no one)\b"
)
# a clause that rejects the claim the clause before it made: "…, which is a myth", "…, but that is wrong"
_REJECTS = lazy(
    r"^\W*(which|that|this|but|and)?\s*(that|this|it)?\s*(is|'s|was|are|were)\s+(just\s+|simply\s+)?"
    r"(not true|untrue|wrong|false|incorrect|a (common )?(myth|misconception|mistake))\b"
)


_CLAUSE = lazy(r"[,;:—]|\b(?:but|because|although|though|while|whereas|so)\b")

SOFT = 0.5  # a paraphrased key point counts half
SOFT_WORDS = 2  # own words of a key point one sentence must use to count as a paraphrase
FULL_AT = 0.7  # covering this share of the key points counts as complete: nobody says everything


@dataclass
class Coverage:
    ref: Reference
    hits: list[tuple[Point, Hit]] = field(default_factory=list)  # each key point covered, with its first sentence
    missing: list[Point] = field(default_factory=list)
    flags: list[tuple[Point, Hit]] = field(default_factory=list)  # red flags shown
    topic_sentences: int = 0  # content sentences that touch the question's topic
    topic_words: int = 0  # different topic stems used
    content: int = 0

    soft: list[tuple[Point, Hit]] = field(default_factory=list)  # said in other words: counts half
    anchored: bool = False  # a key point was found in a sentence that also touches the question's topic words

    @property
    def fraction(self) -> float:
        n = len(self.ref.key_points)
        return (len(self.hits) + SOFT * len(self.soft)) / n if n else 0.0

    @property
    def strict_fraction(self) -> float:
        """Key points shown by their terms only (a paraphrase does not outweigh a misconception)."""
        n = len(self.ref.key_points)
        return len(self.hits) / n if n else 0.0

    @property
    def on_topic(self) -> bool:
        """Does the answer address the question at all? (only decidable when there is a topic to compare with)"""
        if not self.content:
            return True
        if not self.ref.has_points:
            return True  # a question's own words are too few to tell (a story need not repeat "leadership")
        if self.anchored:
            return True  # a key point said in a sentence about the question's topic
        share = self.topic_sentences / self.content
        return self.topic_words >= 2 and share >= 0.25

    @property
    def score(self) -> float:
        """1.0-4.0 from the share of key points covered (FULL_AT of them reads as complete); each red flag costs one."""
        if not self.ref.has_points:
            return 0.0
        return max(1.0, 1.0 + 3.0 * min(1.0, self.fraction / FULL_AT) - len(self.flags))

    @property
    def level(self) -> int:
        """The score as a level 1-4."""
        return int(self.score + 0.5) if self.ref.has_points else 0


_PLATITUDE = lazy(
    r"\b(is|are) (very |really |so |also |always )?(important|key|crucial|essential|critical|what matters)\b|"
    r"\bmatters? (a lot|most|more)\b(?! than)|\bshould (always|never)\b|\bgood (engineers?|teams?|systems?|leaders?)\b|"
    r"\balways try\b|\bi believe\b|\bit'?s (all )?about\b"
)


def _counts(s: Sentence, story: bool) -> bool:
    """Can this sentence show a key point? Not a platitude ("communication is key"), and in a story it must be the
    candidate's own (someone acted: I or we). A sentence with a platitude in one clause may still show a key point
    in another clause (see ``_plain_clauses``)."""
    return not _platitude(s) and (not story or bool(s.first_person or s.we))


def _platitude(s: Sentence) -> bool:
    return s.specifics == 0 and bool(_PLATITUDE.search(s.low))


def _plain_clauses(s: Sentence) -> list[tuple[Words, str]]:
    """The clauses of a platitude sentence that are not platitudes themselves, as a term reads them: in "I want a
    good team, and a good salary of course" the salary is said, though "good team" says nothing."""
    return [(Words.of(c), c) for c in _CLAUSE.split(s.low) if c and c.strip() and not _PLATITUDE.search(c)]


def _with_digits(low: str, words: Words) -> str:
    """The sentence as a pattern term reads it: a count written as a word is a number ("forty minutes" as "40
    minutes"), so a key point's ``re:\\b\\d+\\s?minutes`` is shown either way."""
    if COUNT_WORDS.keys().isdisjoint(words.raw):
        return low
    return counts_as_digits(low, lowered=True)


class _Index:
    """Where each term may match in one answer: a term is checked only in the sentences that have all its words (as
    written or stemmed), or that its pattern matches, rather than in every sentence."""

    def __init__(self, content: list[Sentence], words_of: list[Words]) -> None:
        self.content, self.words_of = content, words_of
        self.lows = [_with_digits(s.low, w) for s, w in zip(content, words_of)]  # what a pattern term reads
        self.starts, self.blob_starts = [], []
        parts, blobs, pos, bpos = [], [], 0, 0
        for low, w in zip(self.lows, words_of):
            self.starts.append(pos)
            self.blob_starts.append(bpos)
            parts.append(low)
            blobs.append(w.blob)
            pos += len(low) + len(SENTENCE_JOIN)
            bpos += len(w.blob)
        self.joined = SENTENCE_JOIN.join(parts)
        self.blob = "".join(blobs)  # every sentence's " words | stems " one after the other
        self.words: dict[str, set[int]] = {}

    def with_word(self, t: TermWord) -> set[int]:
        """Sentences that may have the term word ``t`` (a superset: ``Words.at`` decides)."""
        if len(t.needles) > 1:
            return set().union(*(self._with(n) for n in t.needles))
        return self._with(t.needles[0])

    def _with(self, needle: str) -> set[int]:
        out = self.words.get(needle)
        if out is None:
            out, find, starts, i = set(), self.blob.find, self.blob_starts, self.blob.find(needle)
            while i != -1:
                out.add(bisect_right(starts, i) - 1)
                i = find(needle, i + 1)
            self.words[needle] = out
        return out

    def candidates(self, t: Term) -> Iterator[int]:
        """Sentences the term may match, in order (a superset: the term itself decides); a pattern scans lazily."""
        if t.regex is not None:
            src = t.regex.pattern
            if "^" in src or "$" in src or "\\A" in src or "\\Z" in src:
                return iter(range(len(self.content)))  # anchored to a sentence: only each sentence can tell
            return (bisect_right(self.starts, m.start()) - 1 for m in t.regex.finditer(self.joined))
        out: set[int] | None = None
        for ph in t.phrases:
            for w in ph:
                found = self.with_word(w)
                out = found if out is None else out & found
                if not out:
                    return iter(())
        return iter(sorted(out or ()))

    def first(
        self, point: Point, ok: Callable[[int], bool], clauses: dict[int, list[tuple[Words, str]]] | None = None,
    ) -> int | None:
        """The first sentence where ``ok(i)`` holds and one of the point's terms matches; or, for a sentence in
        ``clauses``, where a term matches inside one of those clauses."""
        last = -1
        for i in heapq.merge(*(self.candidates(t) for t in point.terms)):
            if i == last:
                continue
            last = i
            if clauses and i in clauses:
                if any(point.matches(w, low) for w, low in clauses[i]):
                    return i
            elif ok(i) and point.matches(self.words_of[i], self.lows[i]):
                return i
        return None


@lru_cache(maxsize=8192)
def _own_denials(term: Term) -> int:
    """How many distancing words ("not", "never"...) the term itself says: "not my fault" one, "their fault" none."""
    return len(_DISTANCED.findall(re.sub(r"\\[a-zA-Z]", " ", term.source.lower())))


def _shows_flag(low: str, flag: Point) -> bool:
    """Does a sentence with a distancing word show the flag? Only in a clause where one of its terms matches and that,
    up to the end of the match, says no more "not", "never", "rather than"... than the term itself: "it was not their
    fault" and "I'd never say it was not my fault" distance themselves from the claim; "it wasn't my fault" makes the
    claim "not my fault", and so does "it was their fault for not testing it". A clause followed by one that rejects it
    ("…, which is a myth", "…, but that is wrong") names the claim only to reject it."""
    clauses = _CLAUSE.split(low)
    for k, c in enumerate(clauses):
        if not c.strip():
            continue
        nxt = next((x for x in clauses[k + 1:] if x.strip()), None)
        if nxt is not None and _REJECTS.search(_after(low, c, nxt)):
            continue  # the next clause rejects what this one says
        words, ends, plain = Words.of(c), None, fold(c.lower())  # ``plain``: the text Words.of reads (accents dropped)
        for t in flag.terms:
            if t.regex is not None:
                m = t.regex.search(c)
                end, said = (m.end() if m else None), c
            else:
                i = last_word(t, words)
                if i is not None and ends is None:
                    ends = [m.end() for m in _TOKEN.finditer(plain)]
                end, said = (None if i is None else ends[i]), plain
            if end is not None and len(_DISTANCED.findall(said[:end])) <= _own_denials(t):
                return True
    return False


def _after(low: str, clause: str, nxt: str) -> str:
    """The text after ``clause`` up to the end of ``nxt``, with the word that split them ("but", "which" is kept)."""
    start = low.find(clause)
    end = low.find(nxt, start + len(clause)) if start >= 0 else -1
    return low[start + len(clause): end + len(nxt)] if end >= 0 else nxt


def measure(ref: Reference, content: list[Sentence], story: bool = False) -> Coverage:
    cov = Coverage(ref=ref, content=len(content))
    if not content or not ref.has_points:  # without key points there is nothing to match (relevance needs them too)
        cov.missing = list(ref.key_points)
        return cov
    words_of = [Words.of(s.low) for s in content]  # the words and stems of every sentence, once per answer
    index = _Index(content, words_of)
    counts = [_counts(s, story) for s in content]
    clauses = {
        i: _plain_clauses(s) for i, s in enumerate(content)
        if not counts[i] and (not story or s.first_person or s.we) and _platitude(s)
    }
    hits = []
    for n, p in enumerate(ref.key_points):
        i = index.first(p, counts.__getitem__, clauses)
        if i is not None:
            hits.append((i, n, p))
    said_in = {i for i, _, _ in hits}  # the sentences that show a key point, by its terms or in other words
    cov.hits = [(p, Hit(content[i], None)) for i, _, p in sorted(hits, key=lambda h: (h[0], h[1]))]
    distanced: dict[int, bool] = {}

    def shows(i: int, flag: Point) -> bool:  # "rather than accuracy" names a flag to avoid it
        if i not in distanced:
            distanced[i] = bool(_DISTANCED.search(content[i].low))
        return not distanced[i] or _shows_flag(content[i].low, flag)

    flags = []
    for n, f in enumerate(ref.red_flags):
        i = index.first(f, lambda i, f=f: shows(i, f))
        if i is not None:
            flags.append((i, n, f))
    cov.flags = [(f, Hit(content[i], None)) for i, _, f in sorted(flags, key=lambda h: (h[0], h[1]))]
    stems_of = [w.content() for w in words_of]
    # relevance: a story need not repeat the prompt's words, so it keeps the broad vocabulary; elsewhere everyday
    # words a key point's terms bring ("i read", "looked at") do not show the answer is on the question
    vocab = ref.vocab if story else topical(ref.vocab)
    topic: set[str] = set()
    for cs in stems_of:
        touched = cs & vocab
        if touched:
            cov.topic_sentences += 1
            topic |= touched
    found = {id(p) for p, _ in cov.hits}
    pending = [p for p in ref.key_points if id(p) not in found]
    # a key point said in other words: a content sentence that uses SOFT_WORDS of the point's own words
    usable = [i for i in range(len(content)) if counts[i]]
    for p in pending:
        best = max(((len(stems_of[i] & p.vocab), i) for i in usable), default=(0, -1))
        if best[0] >= SOFT_WORDS:
            cov.soft.append((p, Hit(content[best[1]], None)))
            said_in.add(best[1])
    cov.missing = [p for p in pending if p not in {q for q, _ in cov.soft}]
    # a key point said in a sentence about the question's topic; or shown by a pattern term (a number with its unit,
    # "160k"): specific enough on its own, where a plain term ("i read") is not
    cov.anchored = any(stems_of[i] & vocab for i in said_in) or any(
        t.regex is not None and t.matches(words_of[i], index.lows[i]) for i, _, p in hits for t in p.terms
    )
    cov.topic_words = len(topic)
    return cov


def missing_note(points: list[Point], limit: int = 2) -> str:
    """Actionable words for key points the answer did not cover."""
    items = [_lower_first(p.text.rstrip(".")) for p in points[:limit]]
    if not items:
        return ""
    more = len(points) - limit
    tail = f" (and {more} more point{'s' if more > 1 else ''} a strong answer usually covers)" if more > 0 else ""
    return "Not covered yet: " + "; ".join(items) + tail + "."


def flag_note(points: list[Point]) -> str:
    items = [_lower_first(p.text.rstrip(".")) for p in points]
    return "This cost you: " + "; ".join(items) + "." if items else ""


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s[:2].isupper() else s
