"""Output budgets (max_tokens) sized to what each request needs, capped by the settings. A slow local model that runs
to its budget then stops in seconds, not minutes; a budget too small shows up as a truncated reply (repaired or
replaced), so these are generous for the shape asked for."""

from __future__ import annotations

TOKENS_PER_SENTENCE = 45  # a spoken sentence, with room for a long one
JUDGE_PER_DIMENSION = 90  # {"id", "present", "level", two short quotes, one sentence of advice}
JUDGE_OVERHEAD = 60  # braces, the flags list
GRADE = 320  # a score, three short quotes, two sentences of feedback, one on what a 4 looks like
GRADE_ALL_PER_DIMENSION = 110  # an id, a score, two short quotes, one sentence of feedback
GRADE_ALL_OVERHEAD = 40
PREFLIGHT = 5


def voice(max_sentences: int, cap: int) -> int:
    return max(32, min(cap, 40 + TOKENS_PER_SENTENCE * max_sentences))


def judge(dimensions: int, cap: int) -> int:
    return max(64, min(cap, JUDGE_OVERHEAD + JUDGE_PER_DIMENSION * max(dimensions, 1)))


def grade(cap: int) -> int:
    return max(64, min(cap, GRADE))


def grade_all(dimensions: int, cap: int) -> int:
    """Every dimension graded in one call (a one-request-at-a-time server)."""
    return max(64, min(cap, GRADE_ALL_OVERHEAD + GRADE_ALL_PER_DIMENSION * max(dimensions, 1)))
