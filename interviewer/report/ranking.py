"""Strengths and what to work on: which dimensions a report names first, and with what.

A dimension is a strength or a thing to work on, never both. When every dimension scored the same there is no real
difference to rank: the report says so instead of naming one dimension as the best and another as the worst.
"""

from __future__ import annotations

from interviewer.models import DimensionScore, Session, Turn
from interviewer.report.evidence import LEVEL_WORDS, short



def overall_of(scores: list[DimensionScore]) -> float:
    """The weighted mean of the dimension scores: computed from the parts, never asked of a model. A dimension read
    over several questions counts with its unrounded mean (``DimensionScore.mean``), which the report shows."""
    total_w = sum(s.weight for s in scores)
    return round(sum((s.score if s.mean is None else s.mean) * s.weight for s in scores) / total_w, 2) if total_w else 1.0


def level_of(s: DimensionScore) -> float:
    """A dimension's score as the report prints it in full: its unrounded mean when one is shown beside it."""
    return s.score if s.mean is None else s.mean


def all_equal(scores: list[DimensionScore]) -> bool:
    """Several dimensions, all at the same score and the same mean: nothing to rank them by. Two dimensions at 1/4,
    one with a mean of 1.5 beside it, are not equal: "every dimension scored 1/4, none stood out" would not be true
    of the numbers printed beside it."""
    return len(scores) > 1 and len({(s.score, level_of(s)) for s in scores}) == 1


def best_moments(session: Session, scores: list[DimensionScore], placed: dict[str, list[tuple[Turn, str]]]) -> list[tuple[str, str, int, str]]:
    """(dimension name, question, level, quote) where one answer reached solid or better: strengths worth naming
    even when the round's average is lower. Only quotes the report shows under that dimension."""
    texts = {q.index: q.text for q in session.questions}
    out = []
    for s in sorted(scores, key=lambda s: -s.weight):
        best: tuple[int, str, str] | None = None
        for t, quote in placed.get(s.id, []):
            if not t.assessment or s.id not in t.assessment.dimensions:
                continue
            lv = t.assessment.level(s.id)
            if lv >= 3 and t.question_index in texts and (best is None or lv > best[0]):
                best = (lv, texts[t.question_index], quote)
        if best:
            out.append((s.name, best[1], best[0], best[2]))
    return out


def unquoted_moments(session: Session, scores: list[DimensionScore]) -> list[tuple[str, str, int, str]]:
    """(dimension name, question, level, "") where one answer reached solid or better with no sentence quoted for it
    (code that passed the hidden tests, an answer read as a whole): "no clear strengths" would contradict its 4/4."""
    texts = {q.index: q.text for q in session.questions}
    out = []
    for s in sorted(scores, key=lambda s: -s.weight):
        levels = [
            (t.assessment.level(s.id), texts[t.question_index])
            for t in session.turns
            if t.role == "candidate" and t.assessment and s.id in t.assessment.dimensions and t.question_index in texts
        ]
        best = max(levels, key=lambda x: x[0], default=None)
        if best and best[0] >= 3:
            out.append((s.name, best[1], best[0], ""))
    return out


def strengths_and_improvements(
    scores: list[DimensionScore],
    advice_by_dim: dict[str, list[str]],
    moments: list[tuple[str, str, int, str]] | None = None,
    unquoted: list[tuple[str, str, int, str]] | None = None,
) -> tuple[list[str], list[str]]:
    """The top three strengths (with a quote) and the three most valuable improvements, on different dimensions.

    When every dimension scored the same, neither list ranks them: the strengths say so in one line (and keep only
    answers that went above that score), and the improvements follow the rubric's order (the summary says why).
    """
    tie = all_equal(scores)
    strengths: list[str] = []
    named: set[str] = set()
    quoted: set[str] = set()  # a quote is used once
    if tie and scores[0].score >= 3:
        level = scores[0].score
        every = "Both dimensions" if len(scores) == 2 else f"All {len(scores)} dimensions"
        strengths.append(f"{every} were {LEVEL_WORDS[level].lower()} ({level}/4): none stood out above the others.")
    elif not tie:
        for s in sorted(scores, key=lambda s: (-s.score, -level_of(s), -s.weight)):
            if s.score >= 3 and len(strengths) < 3:
                fresh = [q for q in s.evidence if q not in quoted]
                quoted.update(fresh[:1])
                quote = f" For example: “{short(fresh[0], 140)}”" if fresh else ""
                strengths.append(f"{s.name} ({s.score}/4).{quote}")
                named.add(s.name)
    improvements: list[str] = []
    given: set[str] = set()  # the same advice is given once
    order = scores if tie else sorted(scores, key=lambda s: (s.score, level_of(s), -s.weight))
    for s in order:
        if s.score < 4 and len(improvements) < 3 and s.name not in named:
            tip = advice_by_dim.get(s.id) or []
            advice = tip[0] if tip else f"A 4 looks like this: {s.what_a_4_looks_like}"
            if advice not in given:
                given.add(advice)
                improvements.append(f"{s.name} ({s.score}/4): {advice}")
                named.add(s.name)
    by_name = {s.name: s for s in scores}
    for name, question, level, quote in moments or []:
        if len(strengths) >= 3:
            break
        s = by_name.get(name)
        if name in named or quote in quoted or (s is not None and level <= s.score and tie):
            continue  # already named (a dimension is a strength or a thing to work on), or no different from the rest
        quoted.add(quote)
        strengths.append(f"{name} was {LEVEL_WORDS[level].lower()} in your answer to “{short(question, 60)}”: “{short(quote, 140)}”")
        named.add(name)
    for name, question, level, _ in (unquoted or []) if not strengths else []:  # only instead of "no clear strengths"
        s = by_name.get(name)
        if len(strengths) >= 3 or name in named or (s is not None and level <= s.score and tie):
            continue
        strengths.append(f"{name} was {LEVEL_WORDS[level].lower()} in your answer to “{short(question, 60)}”.")
        named.add(name)
    return strengths, improvements
