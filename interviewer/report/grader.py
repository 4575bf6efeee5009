"""Offline grading: the judge's evidence over a whole session, aggregated into a ``Report``.

``overall`` is the weighted mean of the dimension scores: computed, never asked of a model.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from interviewer.judges.offline.star import STAR_PARTS
from interviewer.judges.base import DimensionScorer, ModelGrades
from interviewer.models import (
    Dimension,
    CoverageRow,
    FallbackRecord,
    DimensionScore,
    Fallbacks,
    Persona,
    QuestionRecord,
    Report,
    Rubric,
    Session,
    StarRow,
    TimingRow,
    Turn,
    best_levels,
)
from interviewer.report.coding import coding_sections
from interviewer.report.evidence import (
    LEVEL_WORDS,
    LITTLE_EVIDENCE,
    answer_flags,
    answered as _answered,
    warmup_turns,  # noqa: F401 - re-exported
    answered_elsewhere,
    dimension_notes,
    lower_first,
    missing_sentence,
    overlaps,
    red_flag_home,
    red_flag_sentence,
    said_again,
    place_quotes,
    quoted_under,
    rests_on,
    questions_asked,
    quoted_elsewhere,
    points_for,
    question_coverage,
    question_notes,
    sentence_fit,
    short,
    unquoted_points,
)
from interviewer.report.completeness import apply_verdict, completeness_of
from interviewer.report.model_grades import checked_feedback, model_candidates, rehome
from interviewer.report.ranking import best_moments, overall_of, strengths_and_improvements, unquoted_moments  # noqa: F401 - overall_of re-exported
from interviewer.report.reach import minutes_half, not_reached_reason
from interviewer.report.summary import summarise

_STYLE = frozenset({"communication", "concision", "candidate_questions"})  # delivery, not content: no key points

STAR_DETECTORS = STAR_PARTS  # detector name -> STAR part
_STAR_NAMES = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result", "reflection": "Reflection"}


_lower_first = lower_first
_short = short


def question_key(t: Turn) -> object:
    """The question a turn answers (its index), or the turn itself when it answers none."""
    return t.question_index if t.question_index is not None else f"t{t.index}"


def best_per_question(turns: Iterable[Turn], dim_id: str) -> dict[object, int]:
    """The best level ``dim_id`` reached on each question over these turns (``models.best_levels``, per question:
    a follow-up may fill a gap), keyed by ``question_key`` in the order the questions first appear. Questions on
    which the dimension was not read are left out. The one reading of "best level per question" in the report."""
    groups: dict[object, list[Turn]] = {}
    for t in turns:
        if t.assessment is not None and dim_id in t.assessment.dimensions:
            groups.setdefault(question_key(t), []).append(t)
    return {k: max(best_levels(g).get(dim_id, 1), 1) for k, g in groups.items()}


def mean_level(levels: list[int]) -> int:
    """The mean of per-question levels as a level, a half rounding towards the weaker reading: one answer at 4 and
    one at 1 read 2 (the report never claims more than the answers support), 4, 4 and 3 read 4. Exact integer
    arithmetic: ``ceil(mean - 1/2)``."""
    n = len(levels)
    return -((n - 2 * sum(levels)) // (2 * n))


def dimension_reading(session: Session, dim_id: str, aggregate: str) -> tuple[int, list[Turn], float | None]:
    """The dimension's final level, the turns that carry its best evidence, and, for a "mean" dimension whose
    per-question levels do not average to a whole level, the unrounded mean (the overall is computed from it, so
    rounding the shown level down costs the overall nothing it should not)."""
    turns = [t for t in _answered(session) if dim_id in t.assessment.dimensions]  # type: ignore[union-attr]
    if not turns:
        return 0, [], None
    per_q = best_per_question(turns, dim_id)
    mean = None
    if aggregate == "mean":
        level = mean_level(list(per_q.values()))
        exact = sum(per_q.values()) / len(per_q)
        mean = round(exact, 2) if exact != level else None
    else:
        level = max(per_q.values())
    best = sorted(turns, key=lambda t: (-t.assessment.level(dim_id), t.index))  # type: ignore[union-attr]
    return max(level, 1), best, mean


def dimension_levels(session: Session, dim_id: str, aggregate: str) -> tuple[int, list[Turn]]:
    """The dimension's final level and the turns that carry its best evidence."""
    level, best, _ = dimension_reading(session, dim_id, aggregate)
    return level, best


def _focus_turns(turns: list[Turn], dim_id: str, aggregate: str = "mean", questions: list[QuestionRecord] = ()) -> list[Turn]:  # type: ignore[assignment]
    """The answers the advice may be about, in order: for "max", the best answer first (it set the score); for
    "mean", the weakest question's best answer first (that is where the score was lost)."""
    best_per_q: dict[object, Turn] = {}
    for t in turns:  # sorted best first, so the first turn seen per question is its best
        best_per_q.setdefault(question_key(t), t)
    # on a tie, the question that asks for the dimension first (a background question for the career narrative)
    rank = {q.index: (q.dimensions.index(dim_id) if dim_id in q.dimensions else len(q.dimensions)) for q in questions}
    sign = -1 if aggregate == "max" else 1
    return sorted(best_per_q.values(), key=lambda t: (sign * t.assessment.level(dim_id), rank.get(t.question_index, 99)))  # type: ignore[union-attr]


def _per_question(session: Session, dim_id: str, turns: list[Turn]) -> dict[str, int]:
    """The best level per question, keyed by the question's text, in the order they were answered."""
    texts = {q.index: q.text for q in session.questions}
    out: dict[str, int] = {}
    for key, lv in best_per_question(sorted(turns, key=lambda t: t.index), dim_id).items():
        if key in texts:
            out[texts[key]] = max(out.get(texts[key], 1), lv)  # type: ignore[index]
    return out


def _probed(session: Session, dim_id: str, phase: str) -> bool:
    if phase == "wrapup":
        return any(t.role == "candidate" and t.assessment and dim_id in t.assessment.dimensions for t in session.turns)
    if phase == "all":
        return any(q for q in session.questions)
    return any(dim_id in q.dimensions for q in session.questions)


async def grade_async(session: Session, persona: Persona, rubric: Rubric, scorer: DimensionScorer | None = None) -> Report:
    """``grade`` with a model's per-dimension scores (``scorer``) in place of the offline ones, where it gave them."""
    base = grade(session, persona, rubric, engine=getattr(scorer, "name", None))
    if scorer is None:
        return base
    grades = await scorer.score_dimensions(session, persona, rubric, [d.id for d in base.dimensions])
    return grade(session, persona, rubric, model=grades)


def grade(session: Session, persona: Persona, rubric: Rubric, engine: str | None = None, model: ModelGrades | None = None) -> Report:
    """The report of a session. ``model`` holds a model's grades for some dimensions: they replace the offline
    score, quotes and feedback there, while notes and best moments still come from the judge's evidence."""
    answered = _answered(session)
    coverage = question_coverage(session, persona, rubric, answered)
    asked = {t.question_index for t in answered if t.question_index is not None}
    reached: list[tuple[object, int, list[Turn]]] = []
    means: dict[str, float | None] = {}
    not_assessed: list[str] = []
    candidates: dict[str, list[tuple[Turn, str]]] = {}
    for dim in rubric.dimensions:
        level, best, means[dim.id] = dimension_reading(session, dim.id, dim.aggregate)
        if not (level >= 2 or (_probed(session, dim.id, dim.phase) and best)):
            not_assessed.append(dim.id)
            continue
        quotes: list[tuple[Turn, str]] = []
        for t in best:
            ev = t.assessment.dimensions[dim.id]  # type: ignore[union-attr]
            if ev.level >= level or not quotes:
                quotes += [(t, q) for q in ev.quotes if q not in {x for _, x in quotes}]
        if not quotes and dim.phase == "wrapup":
            quotes = questions_asked(best)[:2]
        candidates[dim.id] = quotes
        reached.append((dim, level, best))
    fit = sentence_fit(persona, session, rubric)
    unfound = 0
    if model is not None:  # the model's quotes take the offline ones' place, and go through the same checks
        candidates, unfound = model_candidates(session, answered, model, candidates)
    placed = place_quotes(rubric, candidates, fit)
    if model is not None:
        rehome(rubric, set(model.grades) & set(candidates), candidates, placed, fit)
    coverage = unquoted_points(coverage, placed)  # a point a quote shown states is not "not found"

    scores: list[DimensionScore] = []
    advice_by_dim: dict[str, list[str]] = {}
    said: set[str] = set()  # a note is said once, under the first dimension it is about
    content_dims = [d for d, _, _ in reached if d.detector not in _STYLE]
    for dim, level, best in reached:
        quotes = placed.get(dim.id, [])
        advice: list[str] = []
        own: list[str] = []
        focus = None
        for focus in _focus_turns(best, dim.id, dim.aggregate, session.questions):
            own = _advice(dim, level, focus, quotes, coverage, content_dims, set(), len(asked) > 1, session, rubric)
            advice = _advice(dim, level, focus, quotes, coverage, content_dims, said, len(asked) > 1, session, rubric)
            if advice or own or level >= 4:
                break
        advice_by_dim[dim.id] = own if level < 4 and focus is not None else []  # improvements say each advice once
        spread = _per_question(session, dim.id, best)
        elsewhere = quoted_elsewhere(dim.id, candidates, placed, {d.id: d.name for d in rubric.dimensions})
        scores.append(
            DimensionScore(
                id=dim.id,
                name=dim.name,
                weight=dim.weight,
                score=level,
                mean=means.get(dim.id),
                best_of=dim.aggregate == "max" and len(spread) > 1,
                evidence=[q for _, q in quotes][:3],
                feedback=_feedback(level, advice, spread, min(len(quotes), 3), elsewhere, dim.aggregate),
                what_a_4_looks_like=dim.levels[4],
            )
        )
        g = model.grades.get(dim.id) if model else None
        if g is not None:
            shown = scores[-1].evidence
            scores[-1] = scores[-1].model_copy(
                update={"score": g.score, "mean": None, "best_of": False, "feedback": checked_feedback(g.feedback, g.score, len(shown), dim),
                        "what_a_4_looks_like": g.what_a_4_looks_like or dim.levels[4]}
            )
    overall = overall_of(scores)

    moments = best_moments(session, scores, placed)
    strengths, improvements = strengths_and_improvements(scores, advice_by_dim, moments, unquoted_moments(session, scores))
    if not scores and any(t.role == "candidate" and t.text.strip() for t in session.turns):
        improvements = ["Answer the question before asking your own: your questions have their place at the end."]

    timing = [
        TimingRow(
            question=q.text,
            minutes_used=round(q.seconds_used / 60, 1),
            minutes_budget=minutes_half(q.budget_seconds),
            followups=q.followups,
            ended_by=q.ended_by,
        )
        for q in session.questions
    ]
    named = answer_flags(answered)
    flags = sorted({f for t in answered for f in named[t.index] if f != "empty"})
    questions = question_notes(session, coverage, answered)
    flags = [f for f in flags if f != "red_flag" or any(q.red_flags for q in questions)]  # named where it is said

    fallbacks = list(session.fallbacks)
    for dim_id, reason in (model.failures if model else {}).items():
        fallbacks.append(FallbackRecord(turn=len(session.turns), role="grader", reason=f"{dim_id}: {reason}"))

    star = _star(session, rubric) if rubric.kind == "behavioral" else None
    design = _coverage(session, rubric, scores, placed) if rubric.kind == "design" else None
    coding = coding_sections(session) if rubric.kind == "coding" else None
    last_at = session.turns[-1].at if session.turns else 0.0
    report = Report(
        session_id=session.id,
        persona=persona.name,
        round=persona.round,
        rubric=rubric.id,
        engine=(model.engine if model else engine) or "offline",
        created=datetime.now().astimezone().isoformat(timespec="seconds"),
        overall=overall,
        recommendation="",
        dimensions=scores,
        not_assessed=not_assessed,
        not_assessed_reason=not_reached_reason(session) if not_assessed else "",
        strengths=strengths,
        improvements=improvements,
        timing=timing,
        star=star,
        coverage=design,
        coding=coding,
        flags=flags,
        questions=questions,
        fallbacks=Fallbacks(count=len(fallbacks), turns=fallbacks),
        dropped_quotes=sum(t.assessment.dropped_quotes for t in session.turns if t.assessment) + (model.dropped_quotes + unfound if model else 0),
        minutes_used=round(last_at / 60, 1),
        minutes_budget=session.minutes,
        completeness=completeness_of(session, persona),
    )
    apply_verdict(report)
    report.summary = summarise(report, session)
    return report


def _advice(
    dim: Dimension,
    level: int,
    focus: Turn | None,
    quotes: list[tuple[Turn, str]],
    coverage: dict[int, tuple[list[str], list[str]]],
    content_dims: list[Dimension],
    said: set[str],
    several: bool,
    session: Session,
    rubric: Rubric,
) -> list[str]:
    """What to do next on this dimension, from one answer (``focus``): the key points it missed that are about this
    dimension (over all turns of its question), then the judge's notes for this dimension that were not said already
    and that no quote beside them already answers. Said about that question when the round had several."""
    if focus is None or level >= 4:
        return []
    qi = focus.question_index
    same_q = [q for t, q in quotes if t.question_index == qi]
    items: list[str] = []
    if qi is not None and qi in coverage and dim.detector not in _STYLE:
        missing, red = coverage[qi]
        if red and red_flag_home(rubric, content_dims, red) == dim.id:
            items.append(red_flag_sentence(red))
        pts = points_for(dim, content_dims, missing, rubric)
        if pts:
            items.append(missing_sentence(pts))
    non_answer = "non_answer" in focus.assessment.flags  # type: ignore[union-attr]
    words = focus.assessment.words  # type: ignore[union-attr]
    for n in dimension_notes(focus.assessment.dimensions[dim.id].notes, dim.detector, non_answer, words):  # type: ignore[union-attr]
        if n in said:
            n = said_again(n) or ""
        if n and n not in items and not answered_elsewhere(n, same_q) and not (items and overlaps(n, items[-1])):
            items.append(n)
    said.update(items)
    items = items[:2]
    if items and several and qi is not None:
        text = next((q.text for q in session.questions if q.index == qi), "")
        items[0] = f"On “{_short(text, 60)}”: {_lower_first(items[0])}"
    return items


def _feedback(level: int, advice: list[str], spread: dict[str, int], quotes: int, elsewhere: list[str] = (), aggregate: str = "mean") -> str:  # type: ignore[assignment]
    """What the answers showed and what to do next, in their terms (the advice names missing key points); without
    advice, what the score rests on (``rests_on``), never the rubric's description of the level."""
    somewhere = level == 1 and max(spread.values(), default=1) >= 2  # a 1 on the mean, above 1 on one question
    verdict = LITTLE_EVIDENCE if level == 1 and (quotes or somewhere) else LEVEL_WORDS[level]
    advice = [a.rstrip() + ("" if a.rstrip()[-1:] in ".!?…”)" else ".") for a in advice if a.strip()]
    elsewhere = list(elsewhere) if level >= 2 or somewhere else []  # the header's word must agree: a 1 without a quote reads "no evidence"
    if spread and min(spread.values()) < level and (level >= 4 or not advice):
        # not the level's description, which would claim it of every answer; a "max" dimension is scored by its best
        text = f"{verdict} in your best answer, not in every one." if aggregate == "max" else f"{verdict} on balance, not on every question."
    elif level >= 4 or not advice:
        text = rests_on(verdict, quotes, elsewhere)
        elsewhere = []  # said
    else:
        text = f"{verdict}. {' '.join(advice)}"
    text = text.rstrip()
    if text and text[-1] not in ".!?…”)":
        text += "."  # a note without its full stop must not run into the next sentence
    if elsewhere:
        text += f" {quoted_under(elsewhere)[:1].upper()}{quoted_under(elsewhere)[1:]}."
    if len(spread) > 1 and len(set(spread.values())) > 1:
        text += " By question: " + "; ".join(f"{lv}/4 on “{_short(q, 48)}”" for q, lv in spread.items()) + "."
    return text


def _star(session: Session, rubric: Rubric) -> list[StarRow]:
    by_part = {STAR_DETECTORS[d.detector]: d.id for d in rubric.dimensions if d.detector in STAR_DETECTORS}
    answered = _answered(session)
    per_part = {part: best_per_question(answered, dim) for part, dim in by_part.items() if dim}
    rows = []
    for q in session.questions:
        if not any(t.question_index == q.index for t in answered):
            continue
        levels = {part: per_part.get(part, {}).get(q.index, 1) for part in by_part}
        levels = {p: levels.get(p, 1) for p in _STAR_NAMES}
        missing = [_STAR_NAMES[p] for p, lv in levels.items() if lv <= 1]
        rows.append(StarRow(question=q.text, missing=missing, **levels))
    return rows


def _coverage(session: Session, rubric: Rubric, scores: list[DimensionScore], placed: dict[str, list[tuple[Turn, str]]]) -> list[CoverageRow]:
    """A row per design dimension: "yes" only with a quote the report shows under it, and "where" names the
    questions those quotes came from."""
    by_id = {s.id: s for s in scores}
    rows = []
    for dim in rubric.dimensions:
        s = by_id.get(dim.id)
        shown = set(s.evidence) if s else set()
        texts = {q.index: q.text for q in session.questions}
        where = list(dict.fromkeys(_short(texts[t.question_index], 48) for t, q in placed.get(dim.id, []) if q in shown and t.question_index in texts))
        rows.append(CoverageRow(dimension=dim.id, name=dim.name, covered=bool(s and s.score >= 2 and where), level=s.score if s else 1, where=where))
    return rows
