"""Rounds that ended before their plan was answered: which questions were not attempted, how much of the round was
used, and what the missing evidence does to the verdict.

The rule (README, "Incomplete rounds"): a round in which a planned question was not attempted reads at most Lean Hire,
and one in which fewer than half of its planned questions were answered reads "Not enough evidence". The score stays
the mean of what was answered; only the recommendation changes, and the report says why. A loop follows the same
rule with rounds in place of questions (``interviewer.loop``).
"""

from __future__ import annotations

from interviewer.models import RECOMMENDATIONS, Completeness, Persona, Report, Session, Turn, Unanswered, recommendation_for
from interviewer.report.evidence import short

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


# flags that make a reply no answer to its question, and what happened in the candidate's words (first match wins)
NOT_AN_ANSWER = {
    "empty": "the reply was empty",
    "question_to_interviewer": "you asked a question instead of answering",
    "gibberish": "the reply was not readable text",
    "repetitive": "the reply repeated the same text over and over",
    "not_english": "the reply was not in English, which the offline judge cannot read",
    "non_answer": "you said you did not know or would rather not say",
    "reused_story": "the story had already been told for another question",
}


def _no_answer_why(turns: list[Turn]) -> str | None:
    """Why these replies to one question are no answer to it, or None when one of them answers it (code counts)."""
    whys = []
    for t in turns:
        flags = set(t.assessment.flags) if t.assessment else set()
        why = next((w for f, w in NOT_AN_ANSWER.items() if f in flags), None)
        if why is None or t.code:
            return None
        whys.append(why)
    return "; ".join(dict.fromkeys(whys)) if whys else None


def completeness_of(session: Session, persona: Persona) -> Completeness | None:
    """How much of its plan the round covered, or None for a single answer (``review``: no round, no plan). A
    question every reply to which was a non-answer is not answered (``no_answer``, with why in words)."""
    if not session.minutes or session.id == "review":
        return None
    plan = _plan(session, persona)
    replies: dict[int, list[Turn]] = {}
    for t in session.turns:
        if t.role == "candidate" and t.question_index is not None:
            replies.setdefault(t.question_index, []).append(t)
    by_text = {q.text: q.index for q in session.questions}
    not_attempted: list[str] = []
    no_answer: list[Unanswered] = []
    for text in plan:
        turns = replies.get(by_text[text], []) if text in by_text else []
        why = _no_answer_why(turns) if turns else None
        if not turns:
            not_attempted.append(text)
        elif why is not None:
            no_answer.append(Unanswered(question=text, why=why))
    missing = len(not_attempted) + len(no_answer)
    return Completeness(planned=len(plan), answered=len(plan) - missing, not_attempted=not_attempted, no_answer=no_answer)


def apply_verdict(report: Report) -> Report:
    """Set the report's recommendation from its overall and its completeness (after any change to the overall)."""
    c = report.completeness
    if c is None:
        report.recommendation = recommendation_for(report.overall)
        return report
    report.recommendation, c.uncapped = verdict(report.overall, c.planned, c.answered, c.missing)
    return report


def _listed(questions: list[str], whys: list[str] = ()) -> str:  # type: ignore[assignment]
    """“A”, “B” and “C”; with ``whys``, each question followed by its own in words: “A”: why, “B”: why. When every
    question has the same why it is said once, after them: “A” and “B”, each time: why."""
    if whys and len(questions) > 1 and len(set(whys)) == 1:
        return f"{_listed(questions)}, each time: {whys[0]}"
    names = [f"“{short(q, 60)}”" + (f": {whys[i]}" if whys else "") for i, q in enumerate(questions)]
    if whys and len(names) > 1:
        return "; ".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def incomplete_sentence(report: Report) -> str:
    """The summary's sentence about a round that ended before its plan was answered ("" when it did not)."""
    c = report.completeness
    if c is None or not c.missing:
        return ""
    heads = []
    if c.not_attempted:
        n = len(c.not_attempted)
        heads.append(f"{n} of {c.planned} planned question{'s' if c.planned != 1 else ''} {'was' if n == 1 else 'were'} not attempted ({_listed(c.not_attempted)})")
    if c.no_answer:
        n = len(c.no_answer)
        of = f"{n} of {c.planned} planned question{'s' if c.planned != 1 else ''}" if not c.not_attempted else str(n)
        if n == c.planned > 1:
            of = f"None of the {c.planned} planned questions"
        elif n == c.planned:
            of = "The planned question"
        got = "got an answer" if of.startswith("None") else "got no answer"
        heads.append(f"{of} {got} ({_listed([u.question for u in c.no_answer], [u.why for u in c.no_answer])})")
    head = ", and ".join(heads)
    used = f"you used {report.minutes_used:g} of {report.minutes_budget:g} minutes" if report.minutes_budget and c.not_attempted else ""
    if report.recommendation == NOT_ENOUGH and not c.answered:
        tail = "there is not enough evidence for a verdict"
    elif report.recommendation == NOT_ENOUGH:
        tail = f"with {c.answered} of {c.planned} answered, there is not enough evidence for a verdict"
    elif c.uncapped:
        what = "not attempted" if not c.no_answer else "not answered" if not c.not_attempted else "not attempted or not answered"
        tail = f"alone the score would read as {c.uncapped}, but a round with a question {what} reads at most {CAP}"
    else:
        tail = "the verdict rests on the answers you gave"
    return f"{head}{', and ' + used if used else ''}: {tail}."
