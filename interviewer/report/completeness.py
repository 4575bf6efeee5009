"""Rounds that ended before their plan was answered: which questions were not attempted, how much of the round was
used, and what the missing evidence does to the verdict.

The rule (README, "Incomplete rounds"): a round in which a planned question was not attempted reads at most Lean Hire,
and one in which fewer than half of its planned questions were answered reads "Not enough evidence". The score stays
the mean of what was answered; only the recommendation changes, and the report says why. A loop follows the same
rule with rounds in place of questions (``interviewer.loop``).
"""

from __future__ import annotations

from interviewer.models import RECOMMENDATIONS, Completeness, Persona, Report, Session, recommendation_for
from interviewer.report.evidence import answered, short

NOT_ENOUGH = "Not enough evidence"
CAP = "Lean Hire"
ORDER = ["No Hire", *[label for _, label in reversed(RECOMMENDATIONS)]]  # worst first


def capped(recommendation: str) -> str:
    """``recommendation`` at most ``CAP``."""
    if recommendation in ORDER and ORDER.index(recommendation) > ORDER.index(CAP):
        return CAP
    return recommendation


def verdict(overall: float, planned: int, answered_n: int, missing: int) -> tuple[str, str]:
    """(recommendation, what the score alone reads as when the rule changed it, else "")."""
    rec = recommendation_for(overall)
    if not missing:
        return rec, ""
    if answered_n * 2 < planned:
        return NOT_ENOUGH, rec
    out = capped(rec)
    return out, rec if out != rec else ""


def _plan(session: Session, persona: Persona) -> list[str]:
    """The texts of the main questions the round planned, in order: those asked, then those the plan had next. The
    plan is the engine's own (``engine.agent.question_plan``), for the persona the round ran."""
    from interviewer.engine.agent import question_plan  # the interview engine, only for rounds (never for `review`)
    from interviewer.tailor.plan import persona_for_session

    persona = persona_for_session(persona, session)
    asked = {q.question_id for q in session.questions} | set(session.asked_ids)
    by_id = {q.id: q.text for q in persona.questions}
    return [q.text for q in session.questions] + [by_id[qid] for qid in question_plan(persona, session) if qid not in asked]


def completeness_of(session: Session, persona: Persona) -> Completeness | None:
    """How much of its plan the round covered, or None for a single answer (``review``: no round, no plan)."""
    if not session.minutes or session.id == "review":
        return None
    plan = _plan(session, persona)
    done = {t.question_index for t in answered(session) if t.question_index is not None}
    done |= {t.question_index for t in session.turns if t.role == "candidate" and t.code and t.question_index is not None}
    by_text = {q.text: q.index for q in session.questions}
    missing = [text for text in plan if by_text.get(text) not in done]
    return Completeness(planned=len(plan), answered=len(plan) - len(missing), not_attempted=missing)


def apply_verdict(report: Report) -> Report:
    """Set the report's recommendation from its overall and its completeness (after any change to the overall)."""
    c = report.completeness
    if c is None:
        report.recommendation = recommendation_for(report.overall)
        return report
    report.recommendation, c.uncapped = verdict(report.overall, c.planned, c.answered, len(c.not_attempted))
    return report


def incomplete_sentence(report: Report) -> str:
    """The summary's sentence about a round that ended before its plan was answered ("" when it did not)."""
    c = report.completeness
    if c is None or not c.not_attempted:
        return ""
    names = [f"“{short(q, 60)}”" for q in c.not_attempted]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    n = len(c.not_attempted)
    used = f"you used {report.minutes_used:g} of {report.minutes_budget:g} minutes" if report.minutes_budget else ""
    head = f"{n} of {c.planned} planned question{'s' if c.planned != 1 else ''} {'was' if n == 1 else 'were'} not attempted ({listed})"
    if report.recommendation == NOT_ENOUGH:
        tail = f"with {c.answered} of {c.planned} answered, there is not enough evidence for a verdict"
    elif c.uncapped:
        tail = f"alone the score would read as {c.uncapped}, but a round with a question not attempted reads at most {CAP}"
    else:
        tail = "the verdict rests on the answers you gave"
    return f"{head}{', and ' + used if used else ''}: {tail}."

