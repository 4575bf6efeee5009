"""Scoring one written answer (`interviewer review`): the answer becomes the only answer of a round and is graded
as such. Reached through ``services`` (``services.review``); imports only what scoring needs (the catalog's one
persona and rubric, the offline judge, the grader), not the live-interview engine."""

from __future__ import annotations

from datetime import datetime

from interviewer.catalog import Catalog, default_catalog
from interviewer.errors import UserError
from interviewer.judges.offline import OfflineJudge
from interviewer.judges.offline.closest import closest_reference
from interviewer.judges.offline.recruiter import probed_dimensions
from interviewer.judges.offline.reference import FREE_TEXT_ID, reference_for
from interviewer.judges.text import clean_answer
from interviewer.models import QuestionRecord, Report, Session, Turn
from interviewer.report.grader import grade, grade_async


def review_reference(persona, question: str | None):
    """The reference material a reviewed answer is checked against, one line for the report saying which, and the
    bank question or library topic it came from (None for generic signals)."""
    if not question:
        return reference_for(None), "No question was given, so only generic signals were read: pass --question to check the answer against what the question asks.", None
    match = closest_reference(persona, question)
    if match.question is not None and match.exact:
        return reference_for(match.question), "Scored against the key points of this question from the bank.", match.question
    if match.question is not None and match.library:
        return reference_for(match.question, question), (
            f"This question is not in the bank; it was scored against the key points of the closest topic in the "
            f"reference library, “{match.question.text}”."
        ), match.question
    if match.question is not None:
        return reference_for(match.question, question), (
            f"This question is not in the bank; it was scored against the key points of the closest bank question, "
            f"“{match.question.text}”."
        ), match.question
    return reference_for(None, question), (
        "This question is not in the bank and none is close to it, so only generic signals were read (no key points)."
    ), None


def _review_session(answer: str | bytes, persona_id: str, question: str | None, catalog: Catalog | None):
    catalog = catalog or default_catalog()
    persona = catalog.persona(persona_id)
    rubric = catalog.rubric_for(persona)
    cleaned = clean_answer(answer)
    if not cleaned.text:
        raise UserError("the answer is empty: there is nothing to score")
    qtext = question or ""
    ref, ref_note, source = review_reference(persona, question)
    # the dimensions of the bank question or library topic the answer is read against (a question about your
    # current job is not read for compensation), else the round's main ones
    dims = list(source.dimensions) if source is not None and source.dimensions else None
    style = [d.id for d in rubric.dimensions if d.phase == "all"]
    if dims is None and question and rubric.kind == "recruiter":
        dims = probed_dimensions(question, rubric.dimensions)  # a recruiter question asks about some of them
    if dims is None:
        dims = [d.id for d in rubric.dimensions if d.phase == "main"]
    dims = list(dict.fromkeys(dims + style))
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    bank = source if ref.source != "none" else None  # the bank question or library topic the answer is read against
    q = QuestionRecord(
        index=0, question_id=bank.id if bank else FREE_TEXT_ID, text=qtext or "(your answer)", dimensions=dims, started_at=0, ended_at=0, budget_seconds=0
    )
    session = Session(
        id="review",
        persona_id=persona.id,
        rubric_id=rubric.id,
        created=now,
        minutes=0,
        stage="question",  # the answer belongs to the question: a judge reads it against that question
        questions=[q],
        turns=[Turn(index=0, role="candidate", text=cleaned.text, at=0, question_index=0)],
    )
    return persona, rubric, session, dims, cleaned.notices, ref, ref_note


def _review_report(report: Report, ref_note: str = "") -> Report:
    report.session_id = None
    report.timing = []
    report.minutes_budget = 0
    if ref_note:
        report.summary = f"{report.summary} {ref_note}".strip()
    return report


def review(answer: str | bytes, *, persona_id: str = "behavioral", question: str | None = None, catalog: Catalog | None = None) -> tuple[Report, list[str]]:
    """Score one written answer with the offline engine, as if it were the only answer of a round."""
    if _is_coding(persona_id, catalog):
        import asyncio

        from interviewer.coding_service import review_code

        return asyncio.run(review_code(answer, persona_id=persona_id, question=question, catalog=catalog))
    persona, rubric, session, dims, notices, ref, ref_note = _review_session(answer, persona_id, question, catalog)
    session.turns[0].assessment = OfflineJudge().assess(session.turns[0].text, rubric, dims, question=ref)
    return _review_report(grade(session, persona, rubric, engine="offline"), ref_note), notices


async def review_async(
    answer: str | bytes, *, persona_id: str = "behavioral", question: str | None = None, catalog: Catalog | None = None, judge=None, grader=None
) -> tuple[Report, list[str]]:
    """``review`` with an LLM judge and grader; a failed judge call falls back to the offline judge."""
    if _is_coding(persona_id, catalog):
        from interviewer.coding_service import review_code

        return await review_code(answer, persona_id=persona_id, question=question, catalog=catalog, judge=judge, grader=grader)
    from interviewer.engine.assessor import assess_with_fallback
    from interviewer.judges.base import TurnContext

    persona, rubric, session, dims, notices, ref, ref_note = _review_session(answer, persona_id, question, catalog)
    turn = session.turns[0]
    ctx = TurnContext(persona=persona, rubric=rubric, session=session, question=session.questions[0].text, dimensions=dims)
    offline = OfflineJudge()
    turn.assessment = await assess_with_fallback(judge or offline, offline, turn.text, ctx, 0, session, notices)
    if grader is not None:
        report = await grade_async(session, persona, rubric, scorer=grader)
    else:
        report = grade(session, persona, rubric, engine="offline")
    return _review_report(report, ref_note), notices


async def review_with(judge, answer: str | bytes, *, persona_id: str = "behavioral", question: str | None = None, catalog: Catalog | None = None) -> Report:
    """One answer read by ``judge`` in one call and aggregated offline. A model failure raises ``EngineFailure``
    (batch review reports it on the answer's line rather than mixing in offline scores)."""
    from interviewer.judges.base import TurnContext

    persona, rubric, session, dims, _notices, _ref, ref_note = _review_session(answer, persona_id, question, catalog)
    turn = session.turns[0]
    ctx = TurnContext(persona=persona, rubric=rubric, session=session, question=session.questions[0].text, dimensions=dims)
    turn.assessment = await judge.assess_async(turn.text, ctx)
    return _review_report(grade(session, persona, rubric, engine=getattr(judge, "name", "llm")), ref_note)


def _is_coding(persona_id: str, catalog: Catalog | None) -> bool:
    """Whether the persona's round scores code (a solution file is run against the question's tests). Read from the
    round index (the files' headers) unless a catalog is given: the coding judge's modules are not loaded for prose."""
    if catalog is None:
        from interviewer.rounds import round_info

        info = round_info(persona_id)
        if info is not None:
            return info.kind == "coding"
        catalog = default_catalog()
    persona = catalog.personas.get(persona_id)
    rubric = catalog.rubrics.get(persona.rubric) if persona else None
    return bool(rubric and rubric.kind == "coding")
