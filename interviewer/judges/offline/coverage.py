"""Key-point coverage, red flags and relevance of one answer against its question's reference material."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interviewer.judges.offline.base import Hit
from interviewer.judges.offline.reference import Point, Reference, Words
from interviewer.judges.text import Sentence


_DISTANCED = re.compile(
    r"\b(not|never|rather than|instead of|avoid\w*|misleading|don'?t|doesn'?t|isn'?t|wouldn'?t|won'?t|no longer|"
    r"wrong|mistake|trap|pitfall)\b"
)


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
        if self.hits or self.soft:
            return True
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


_PLATITUDE = re.compile(
    r"\b(is|are) (very |really |so |also |always )?(important|key|crucial|essential|critical|what matters)\b|"
    r"\bmatters? (a lot|most|more)\b|\bshould (always|never)\b|\bgood (engineers?|teams?|systems?|leaders?)\b|"
    r"\balways try\b|\bi believe\b|\bit'?s (all )?about\b"
)


def _counts(s: Sentence, story: bool) -> bool:
    """Can this sentence show a key point? Not a platitude ("communication is key"), and in a story it must be the
    candidate's own (someone acted: I or we)."""
    if s.specifics == 0 and _PLATITUDE.search(s.low):
        return False
    return not story or bool(s.first_person or s.we)


def measure(ref: Reference, content: list[Sentence], story: bool = False) -> Coverage:
    cov = Coverage(ref=ref, content=len(content))
    if not content or not ref.has_points:  # without key points there is nothing to match (relevance needs them too)
        cov.missing = list(ref.key_points)
        return cov
    pending = list(ref.key_points)
    flags = list(ref.red_flags)
    stems_of: list[set[str]] = []
    topic: set[str] = set()
    for s in content:
        words = Words.of(s.body)
        keys = words.keys()
        cs = words.content()
        stems_of.append(cs)
        touched = cs & ref.vocab
        if touched:
            cov.topic_sentences += 1
            topic |= touched
        if pending and _counts(s, story):
            still = []
            for p in pending:
                if p.matches(words, s.low, keys):
                    cov.hits.append((p, Hit(s, None)))
                else:
                    still.append(p)
            pending = still
        if flags and not _DISTANCED.search(s.low):  # "rather than accuracy" names a flag to avoid it
            left = []
            for f in flags:
                if f.matches(words, s.low, keys):
                    cov.flags.append((f, Hit(s, None)))
                else:
                    left.append(f)
            flags = left
    # a key point said in other words: a content sentence that uses SOFT_WORDS of the point's own words
    usable = [i for i in range(len(content)) if _counts(content[i], story)]
    for p in pending:
        best = max(((len(stems_of[i] & p.vocab), i) for i in usable), default=(0, -1))
        if best[0] >= SOFT_WORDS:
            cov.soft.append((p, Hit(content[best[1]], None)))
    cov.missing = [p for p in pending if p not in {q for q, _ in cov.soft}]
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
