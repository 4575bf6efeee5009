"""What every offline detector shares: the answer's context, findings, pattern helpers, and the one registry.

A detector is a function ``(ctx, dimension) -> Finding`` registered with ``@detector("name")`` in the module of its
round family (star, design, ml, recruiter, generic...). Rubric dimensions name detectors; the catalog validates those
names against this registry (``known_detectors``), so there is one list of them: the registered functions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from interviewer.judges.offline.literals import search as literal_search
from interviewer.judges.text import Rx, Sentence, fold_pattern, low
from interviewer.models import Dimension, Rubric

if TYPE_CHECKING:
    from interviewer.judges.offline.coverage import Coverage

Detector = Callable[["Ctx", Dimension], "Finding"]
DETECTORS: dict[str, Detector] = {}

# Detectors another judge implements (judges/coding.py reads the sandbox's test results for these). A rubric may name
# them; the offline judge reads them with the generic detector when it has nothing better.
OTHER_JUDGES: dict[str, tuple[str, ...]] = {
    "coding": ("problem_understanding", "code_correctness", "complexity", "code_quality", "code_testing"),
}


def detector(name: str) -> Callable[[Detector], Detector]:
    """Register ``fn`` as the offline detector ``name`` (a rubric dimension's ``detector`` field)."""

    def deco(fn: Detector) -> Detector:
        if name in DETECTORS:
            raise ValueError(f"detector {name!r} registered twice")
        DETECTORS[name] = fn
        return fn

    return deco


@dataclass
class Hit:
    sent: Sentence
    match: re.Match[str] | None


@dataclass
class Ctx:
    """What every detector can see about one answer."""

    text: str
    sents: list[Sentence]
    content: list[Sentence]
    words: int
    rubric: Rubric
    i_count: int
    we_count: int
    memo: dict = field(default_factory=dict)  # detector results and pattern scans, computed once per answer
    cov: Coverage | None = None  # key points, red flags and relevance against the question's reference material

    def matching(self, pattern: Rx | re.Pattern[str] | None, pool: list[Sentence] | None = None) -> list[Hit]:
        if pattern is None:
            return []
        key = (pattern, tuple(s.start for s in pool) if pool is not None else None)
        cached = self.memo.get(key)
        if cached is not None:
            return list(cached)
        hits = []
        rx = folded(pattern)
        if pool is None and not _ANCHORED.search(rx.pattern):
            hits = self._scan(rx)
        else:
            for s in self.content if pool is None else pool:
                m = rx.search(s.low)
                if m:
                    hits.append(Hit(s, m))
        self.memo[key] = hits
        return list(hits)

    def _scan(self, rx: re.Pattern[str]) -> list[Hit]:
        """The content sentences ``rx`` matches, each with its first match, in one pass over the joined answer: after
        a match the scan jumps to the next sentence, so each sentence is read at most up to its first match, as a
        search of each sentence alone would, without a call per sentence."""
        joined, starts = self._joined()
        hits, pos, n, nxt = [], 0, len(self.content), {}
        while pos < len(joined):
            m = literal_search(rx, joined, pos, nxt)
            if m is None:
                break
            i = bisect_right(starts, m.start()) - 1
            s = self.content[i]
            local = rx.match(s.low, m.start() - starts[i]) if m.start() - starts[i] < len(s.low) else None
            if local is None:  # the match ran past the sentence's end: the sentence alone decides
                local = rx.search(s.low)
            if local is not None:
                hits.append(Hit(s, local))
            if i + 1 >= n:
                break
            pos = starts[i + 1]
        return hits

    def _joined(self) -> tuple[str, list[int]]:
        """The content sentences' lowercased bodies in one text, and where each starts."""
        got = self.memo.get("joined")
        if got is None:
            starts, pos = [], 0
            for s in self.content:
                starts.append(pos)
                pos += len(s.low) + len(SENTENCE_JOIN)
            got = self.memo["joined"] = (SENTENCE_JOIN.join(s.low for s in self.content), starts)
        return got

    def detect(self, detector: str, dim: Dimension) -> Finding:
        key = ("detector", detector, dim.id)
        if key not in self.memo:
            self.memo[key] = DETECTORS.get(detector, DETECTORS["generic"])(self, dim)
        return self.memo[key]


SENTENCE_JOIN = "\n\x00.\x00\n"  # between sentences in one text: no pattern of the judge matches across it
_ANCHORED = re.compile(r"\^|\$|\\A|\\Z")  # a pattern tied to a sentence's start or end: only each sentence can tell


@dataclass
class Finding:
    level: int
    hits: list[Hit]
    notes: list[str]


def any_of(*parts: str) -> Rx:
    """Alternatives, case-insensitive, for lowercased text (``Sentence.low``), compiled on first use."""
    return low(*parts)


@lru_cache(maxsize=512)
def folded(pattern: Rx | re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern for lowercased text, without re.I (matches have the same offsets as in the original)."""
    if isinstance(pattern, Rx):
        return pattern.rx  # folded already if it is case-insensitive
    if not pattern.flags & re.I:
        return pattern
    return re.compile(fold_pattern(pattern.pattern), pattern.flags & ~re.I)


@lru_cache(maxsize=256)
def signals_rx(patterns: tuple[str, ...]) -> Rx | None:
    """A dimension's signals as one case-insensitive pattern for lowercased text."""
    if not patterns:
        return None
    return low(*patterns) if len(patterns) > 1 else low(f"(?:{patterns[0]})")


@lru_cache(maxsize=256)
def named_signals(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """All signals in one pattern, each in a named group, so one scan tells which different signals matched."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?P<s{i}>{fold_pattern(p)})" for i, p in enumerate(patterns)))


def specifics_of(hits: list[Hit]) -> int:
    return sum(h.sent.specifics for h in hits)


def uniq(hits: list[Hit]) -> list[Hit]:
    seen, out = set(), []
    for h in hits:
        if h.sent.start not in seen:
            seen.add(h.sent.start)
            out.append(h)
    return out



BLANK = Dimension(id="x", name="x", levels={1: "", 2: "", 3: "", 4: ""}, probes=["x"])
