"""What every offline detector shares: the answer's context, findings, pattern helpers, and the one registry.

A detector is a function ``(ctx, dimension) -> Finding`` registered with ``@detector("name")`` in the module of its
round family (star, design, ml, recruiter, generic...). Rubric dimensions name detectors; the catalog validates those
names against this registry (``known_detectors``), so there is one list of them: the registered functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

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
        keys = pattern.word_keys if isinstance(pattern, Rx) else None
        for s in self.content if pool is None else pool:
            if keys is not None and keys.isdisjoint(s.keys):
                continue  # no word the pattern can start with: it cannot match here
            m = rx.search(s.low)
            if m:
                hits.append(Hit(s, m))
        self.memo[key] = hits
        return list(hits)

    def detect(self, detector: str, dim: Dimension) -> Finding:
        key = ("detector", detector, dim.id)
        if key not in self.memo:
            self.memo[key] = DETECTORS.get(detector, DETECTORS["generic"])(self, dim)
        return self.memo[key]


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
