"""Offline grading: the judge's evidence over a whole session, aggregated into a ``Report``.

``overall`` is the weighted mean of the dimension scores: computed, never asked of a model.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

from interviewer.judges.offline.star import STAR_PARTS
from interviewer.judges.base import DimensionScorer, ModelGrades
from interviewer.models import (
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
    recommendation_for,
)
from interviewer.report.coding import coding_sections
from interviewer.report.reach import minutes_half, not_reached_reason

STAR_DETECTORS = STAR_PARTS  # detector name -> STAR part
_STAR_NAMES = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result", "reflection": "Reflection"}
_VERDICT = {1: "Not yet shown", 2: "Partly there", 3: "Solid", 4: "Exceptional"}


_NOT_ANSWERS = {"empty", "question_to_interviewer", "reused_story"}  # reused_story: the interviewer asked for another


def warmup_turns(session: Session) -> set[int]:
    """Candidate turns that answer the warm-up (an introduction asked with the opening, not a bank question): context,
    not a story, so no dimension is scored on them."""
    out: set[int] = set()
    last = None
    for t in session.turns:
        if t.role == "interviewer":
            last = t
        elif t.question_index is None and last is not None and last.move is not None and last.move.kind == "opening":
            out.add(t.index)
    return out


def _answered(session: Session) -> list[Turn]:
    """Candidate turns that answered something (not empty, not only a question back to the interviewer, not the
    warm-up)."""
    warm = warmup_turns(session)
    return [
        t
        for t in session.turns
        if t.role == "candidate" and t.assessment and not _NOT_ANSWERS & set(t.assessment.flags) and t.index not in warm
    ]


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s[:2].isupper() else s


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def dimension_levels(session: Session, dim_id: str, aggregate: str) -> tuple[int, list[Turn]]:
    """The dimension's final level and the turns that carry its best evidence."""
    turns = [t for t in _answered(session) if dim_id in t.assessment.dimensions]  # type: ignore[union-attr]
    if not turns:
        return 0, []
    per_q: dict[object, int] = {}
    for t in turns:
        key = t.question_index if t.question_index is not None else f"t{t.index}"
        per_q[key] = max(per_q.get(key, 1), t.assessment.level(dim_id))  # type: ignore[union-attr]
    if aggregate == "mean":
        level = int(sum(per_q.values()) / len(per_q) + 0.5)
    else:
        level = max(per_q.values())
    best = sorted(turns, key=lambda t: (-t.assessment.level(dim_id), t.index))  # type: ignore[union-attr]
    return max(level, 1), best


def _weakest_question_notes(turns: list[Turn], dim_id: str, level: int = 4, aggregate: str = "mean") -> list[str]:
    """Advice from the answer where the score was lost: for "max", the best answer (it set the score); for "mean",
    the weakest question's best answer. Notes from an answer below the final score are said about that answer."""
    best_per_q: dict[object, Turn] = {}
    for t in turns:  # sorted best first, so the first turn seen per question is its best
        key = t.question_index if t.question_index is not None else f"t{t.index}"
        best_per_q.setdefault(key, t)
    ranked = sorted(best_per_q.values(), key=lambda t: t.assessment.level(dim_id))  # type: ignore[union-attr]
    if aggregate == "max":
        ranked.reverse()
    for t in ranked:
        notes = t.assessment.dimensions[dim_id].notes  # type: ignore[union-attr]
        if notes:
            return list(notes)
    return []


def _per_question(session: Session, dim_id: str, turns: list[Turn]) -> dict[str, int]:
    texts = {q.index: q.text for q in session.questions}
    out: dict[str, int] = {}
    for t in sorted(turns, key=lambda t: t.index):
        if t.question_index in texts:
            q = texts[t.question_index]
            out[q] = max(out.get(q, 1), t.assessment.level(dim_id))  # type: ignore[union-attr]
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
    scores: list[DimensionScore] = []
    not_assessed: list[str] = []
    notes_by_dim: dict[str, list[str]] = {}
    for dim in rubric.dimensions:
        level, best = dimension_levels(session, dim.id, dim.aggregate)
        evidenced = level >= 2
        if not (evidenced or (_probed(session, dim.id, dim.phase) and best)):
            not_assessed.append(dim.id)
            continue
        quotes: list[str] = []
        for t in best:
            ev = t.assessment.dimensions[dim.id]  # type: ignore[union-attr]
            if ev.level >= level or not quotes:
                quotes += [q for q in ev.quotes if q not in quotes]
        # advice comes from the weakest question's best answer: that is where the score was lost
        notes = _weakest_question_notes(best, dim.id, level, dim.aggregate)
        notes_by_dim[dim.id] = notes
        spread = _per_question(session, dim.id, best)
        feedback = _feedback(dim.levels, level, notes, spread)
        scores.append(
            DimensionScore(
                id=dim.id,
                name=dim.name,
                weight=dim.weight,
                score=level,
                evidence=quotes[:3],
                feedback=feedback,
                what_a_4_looks_like=dim.levels[4],
            )
        )
        g = model.grades.get(dim.id) if model else None
        if g is not None:
            scores[-1] = scores[-1].model_copy(
                update={"score": g.score, "evidence": g.evidence[:3], "feedback": g.feedback, "what_a_4_looks_like": g.what_a_4_looks_like or dim.levels[4]}
            )
    overall = overall_of(scores)

    strengths, improvements = strengths_and_improvements(scores, notes_by_dim, _best_moments(session, scores))
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
    flags = sorted({f for t in _answered(session) for f in t.assessment.flags if f != "empty"})  # type: ignore[union-attr]

    fallbacks = list(session.fallbacks)
    for dim_id, reason in (model.failures if model else {}).items():
        fallbacks.append(FallbackRecord(turn=len(session.turns), role="grader", reason=f"{dim_id}: {reason}"))

    star = _star(session, rubric) if rubric.kind == "behavioral" else None
    coverage = _coverage(session, rubric, scores) if rubric.kind == "design" else None
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
        recommendation=recommendation_for(overall),
        dimensions=scores,
        not_assessed=not_assessed,
        not_assessed_reason=not_reached_reason(session) if not_assessed else "",
        strengths=strengths,
        improvements=improvements,
        timing=timing,
        star=star,
        coverage=coverage,
        coding=coding,
        flags=flags,
        fallbacks=Fallbacks(count=len(fallbacks), turns=fallbacks),
        dropped_quotes=sum(t.assessment.dropped_quotes for t in session.turns if t.assessment) + (model.dropped_quotes if model else 0),
        minutes_used=round(last_at / 60, 1),
        minutes_budget=session.minutes,
    )
    report.summary = summarise(report, session)
    return report


def _feedback(levels: dict[int, str], level: int, notes: list[str], spread: dict[str, int]) -> str:
    """What this answer showed and what to do next, in this answer's terms (the notes name missing key points)."""
    if level >= 4 or not notes:
        text = f"{_VERDICT[level]}: {_lower_first(levels[level])}"
    else:
        text = f"{_VERDICT[level]}. {' '.join(notes[:2])}"
    if len(spread) > 1 and len(set(spread.values())) > 1:
        text += " By question: " + "; ".join(f"{lv}/4 on “{_short(q, 48)}”" for q, lv in spread.items()) + "."
    return text


def _best_moments(session: Session, scores: list[DimensionScore]) -> list[tuple[str, str, int, str]]:
    """(dimension name, question, level, quote) where one answer reached solid or better: strengths worth naming
    even when the round's average is lower."""
    out = []
    for s in sorted(scores, key=lambda s: -s.weight):
        best: tuple[int, str, str] | None = None
        for q in session.questions:
            for t in _answered(session):
                if t.question_index != q.index or s.id not in t.assessment.dimensions:  # type: ignore[union-attr]
                    continue
                ev = t.assessment.dimensions[s.id]  # type: ignore[union-attr]
                if ev.level >= 3 and ev.quotes and (best is None or ev.level > best[0]):
                    best = (ev.level, q.text, ev.quotes[0])
        if best:
            out.append((s.name, best[1], best[0], best[2]))
    return out


def overall_of(scores: list[DimensionScore]) -> float:
    """The weighted mean of the dimension scores: computed from the parts, never asked of a model."""
    total_w = sum(s.weight for s in scores)
    return round(sum(s.score * s.weight for s in scores) / total_w, 2) if total_w else 1.0


def strengths_and_improvements(
    scores: list[DimensionScore],
    notes_by_dim: dict[str, list[str]],
    moments: list[tuple[str, str, int, str]] | None = None,
) -> tuple[list[str], list[str]]:
    """The top three strengths (with a quote) and the three most valuable improvements."""
    strengths = []
    named = set()
    for s in sorted(scores, key=lambda s: (-s.score, -s.weight)):
        if s.score >= 3 and len(strengths) < 3:
            quote = f" For example: “{_short(s.evidence[0], 140)}”" if s.evidence else ""
            strengths.append(f"{s.name} ({s.score}/4).{quote}")
            named.add(s.name)
    for name, question, level, quote in moments or []:
        if len(strengths) >= 3:
            break
        if name not in named:
            strengths.append(f"{name} was {'exceptional' if level == 4 else 'solid'} in your answer to “{_short(question, 60)}”: “{_short(quote, 140)}”")
            named.add(name)
    improvements = []
    for s in sorted(scores, key=lambda s: (s.score, -s.weight)):
        if s.score < 4 and len(improvements) < 3:
            tip = notes_by_dim.get(s.id) or []
            advice = tip[0] if tip else f"A 4 looks like this: {s.what_a_4_looks_like}"
            improvements.append(f"{s.name} ({s.score}/4): {advice}")
    return strengths, improvements


def summarise(report: Report, session: Session) -> str:
    if not report.dimensions:
        replies = [t for t in session.turns if t.role == "candidate" and t.text.strip() and t.index not in warmup_turns(session)]
        if replies:
            return (
                "Your replies were questions back to the interviewer rather than answers, so there was nothing to score: "
                "answer first, then ask."
            )
        return "There were no answers to score in this session."
    ranked = sorted(report.dimensions, key=lambda s: (-s.score, -s.weight))
    top = [s.name for s in ranked if s.score >= 3][:2]
    low = [s.name for s in sorted(report.dimensions, key=lambda s: (s.score, -s.weight)) if s.score <= 2][:2]
    parts = [f"Overall {report.overall:.2f} / 4, which reads as {report.recommendation}."]
    if top:
        parts.append(f"Your strongest evidence was on {_join(top)}.")
    if low:
        gap = "gaps were" if len(low) > 1 else "gap was"
        parts.append(f"The biggest {gap} {_join(low)}; that is where the next hour of practice pays most.")
    over = [q for q in session.questions if q.ended_by == "time"]
    overrun = report.minutes_used - report.minutes_budget
    if report.minutes_budget and overrun >= 1:
        parts.append(
            f"The round ran {overrun:.0f} minutes past its {report.minutes_budget:g}-minute budget; in a real interview "
            "you would have been cut off. Lead with the core of each answer and let follow-ups pull out the detail."
        )
    elif over:
        parts.append(
            f"You ran past the time for {len(over)} of {len(session.questions)} questions, "
            "so the interviewer had to move you on: shorter, structured answers leave room for more questions."
        )
    if "injection" in report.flags:
        parts.append("Text addressed to the grader was ignored and earned nothing.")
    for flag, text in _SUMMARY_FLAGS.items():
        if flag in report.flags:
            parts.append(text)
    if warmup_turns(session):
        parts.append("Your warm-up introduction is context for the interviewer and was not scored.")
    return " ".join(parts)


_SUMMARY_FLAGS = {
    "off_topic": "At least one answer did not address its question and earned no credit, however long it was.",
    "gibberish": "At least one answer was not readable text and earned no credit.",
    "repetitive": "At least one answer repeated itself; repetition earned no credit.",
    "not_english": "At least one answer was not in English, which the offline judge cannot read, so it earned no credit.",
    "badmouthing": "Criticising a manager or colleagues cost you: recruiters read it as a risk.",
}


def _join(items: list[str]) -> str:
    items = [i.lower() if not i[:2].isupper() else i for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _question_level(session: Session, q: QuestionRecord, dim_id: str) -> int:
    return max(
        (t.assessment.level(dim_id) for t in _answered(session) if t.question_index == q.index and dim_id in t.assessment.dimensions),  # type: ignore[union-attr]
        default=1,
    )


def _star(session: Session, rubric: Rubric) -> list[StarRow]:
    by_part = {STAR_DETECTORS[d.detector]: d.id for d in rubric.dimensions if d.detector in STAR_DETECTORS}
    rows = []
    for q in session.questions:
        if not any(t.question_index == q.index for t in _answered(session)):
            continue
        levels = {part: (_question_level(session, q, dim) if dim else 1) for part, dim in by_part.items()}
        levels = {p: levels.get(p, 1) for p in _STAR_NAMES}
        missing = [_STAR_NAMES[p] for p, lv in levels.items() if lv <= 1]
        rows.append(StarRow(question=q.text, missing=missing, **levels))
    return rows


def _coverage(session: Session, rubric: Rubric, scores: list[DimensionScore]) -> list[CoverageRow]:
    by_id = {s.id: s for s in scores}
    rows = []
    for dim in rubric.dimensions:
        where = [
            _short(q.text, 48)
            for q in session.questions
            if _question_level(session, q, dim.id) >= 2
        ]
        score = by_id[dim.id].score if dim.id in by_id else 1
        quoted = dim.id in by_id and bool(by_id[dim.id].evidence)
        # "yes" only with a quote that shows it
        rows.append(CoverageRow(dimension=dim.id, name=dim.name, covered=score >= 2 and quoted, level=score, where=where if quoted else []))
    return rows


# --------------------------------------------------------------------------- single answers (review)

_TOKEN = re.compile(r"[a-z0-9']+")


def match_question(persona: Persona, text: str | None) -> tuple[str, list[str] | None]:
    """The bank question closest to ``text`` (its dimensions), or the text itself with no dimensions."""
    if not text:
        return "", None
    want = Counter(_TOKEN.findall(text.lower()))
    best, best_score = None, 0.0
    for q in persona.questions:
        have = Counter(_TOKEN.findall(q.text.lower()))
        inter = sum((want & have).values())
        union = sum((want | have).values())
        score = inter / union if union else 0.0
        if score > best_score:
            best, best_score = q, score
    if best is not None and best_score >= 0.45:
        return text, list(best.dimensions)
    return text, None
