"""The grader: a per-dimension scorer that ``report.grader.grade_async`` calls (the report is then built the same way
as offline). Each dimension gets its own call over the answers that bear on it, concurrently (bounded), except on a
server that serves one request at a time (a local model, see ``gate.py``): there the calls would only queue, so every
dimension is graded in one structured call. A dimension that call leaves out (or a call that fails) keeps its
offline grade, and the report's fallbacks say so."""

from __future__ import annotations

import asyncio

from pydantic import BaseModel, Field

from interviewer.config import Settings
from interviewer.judges.base import DimensionGrade, EngineFailure, ModelGrades
from interviewer.judges.llm import budgets
from interviewer.judges.llm.client import LLMClient
from interviewer.judges.llm.prompts import as_data, render_prompt, system_prompt
from interviewer.judges.llm.quotes import verify_quotes
from interviewer.judges.llm.structured import StructuredCaller
from interviewer.models import Persona, Rubric, Session


class GradeOutput(BaseModel):
    score: int = Field(ge=1, le=4)
    evidence: list[str] = Field(default_factory=list, max_length=5)
    feedback: str = Field(min_length=1)
    what_a_4_looks_like: str = ""


class DimensionGradeOutput(BaseModel):
    id: str
    score: int = Field(ge=1, le=4)
    evidence: list[str] = Field(default_factory=list, max_length=4)
    feedback: str = ""


class AllGradesOutput(BaseModel):
    dimensions: list[DimensionGradeOutput]


def all_grades_schema(ids: list[str]) -> type[AllGradesOutput]:
    """``AllGradesOutput`` for exactly these dimensions: one entry each, named by a known id, scored 1-4. A server
    that turns the schema into a grammar (llama.cpp) then cannot misname a dimension, leave the count short or score
    out of range, however small the model (an id written twice still leaves one out: it keeps its offline grade)."""
    from typing import Literal

    from pydantic import create_model

    item = create_model("DimensionGrade", __base__=DimensionGradeOutput, id=(Literal[tuple(ids)], ...),
                        score=(Literal[1, 2, 3, 4], ...), feedback=(str, ...))
    return create_model("InterviewGrades", __base__=AllGradesOutput,
                        dimensions=(list[item], Field(min_length=len(ids), max_length=len(ids))))


def answers_for(session: Session, dim_id: str, phase: str, persona: Persona | None = None) -> list[dict]:
    """The candidate's answers that bear on ``dim_id``, each with the question it answered (and, for a bank question,
    its reference material: key points and red flags, for the grader's user message)."""
    from interviewer.judges.offline.reference import prompt_reference, question_by_id

    qtext = {q.index: q.text for q in session.questions}
    qref = {q.index: prompt_reference(question_by_id(persona, q.question_id)) for q in session.questions} if persona else {}
    default = "closing questions" if phase == "wrapup" else "warm-up"
    out = []
    for t in session.turns:
        if t.role != "candidate" or not t.text or not t.assessment:
            continue
        if "question_to_interviewer" in t.assessment.flags or dim_id not in t.assessment.dimensions:
            continue
        question = qtext.get(t.question_index, default) if t.question_index is not None else default
        out.append({"question": question, "text": as_data(t.text), "reference": qref.get(t.question_index)})
    return out


class LLMGrader:
    """Grades each dimension with its own call, concurrently (bounded), over the answers that bear on it."""

    def __init__(self, settings: Settings, model: str | None = None, client: LLMClient | None = None) -> None:
        self.settings = settings
        self.client = client or LLMClient(settings, model or settings.effective_judge_model or "")
        self.name = f"llm:{self.client.model}"

    async def score_dimensions(self, session: Session, persona: Persona, rubric: Rubric, dimensions: list[str]) -> ModelGrades:
        if self.client.gate.serial:
            return await self.score_in_one_call(session, persona, rubric, dimensions)
        system = system_prompt(persona, rubric, session.minutes)
        sem = asyncio.Semaphore(self.settings.concurrency)
        sources = [t.text for t in session.turns if t.role == "candidate"]
        out = ModelGrades(engine=self.name)

        async def one(dim_id: str) -> None:
            dim = rubric.dimension(dim_id)
            answers = answers_for(session, dim_id, dim.phase, persona)
            if not answers:
                return

            # each question's reference once, before the answers (the user message only, never the system prefix)
            refs = {a["question"]: a["reference"] for a in answers if a.get("reference")}
            references = [{"question": q, "reference": r} for q, r in refs.items()]

            def build(schema: str | None) -> str:
                return render_prompt("grade.j2", dimension=dim, answers=answers, references=references, schema=schema)

            async with sem:
                try:
                    res = await StructuredCaller(self.client).call(build, system, GradeOutput, "dimension_grade", budgets.grade(self.settings.grade_max_tokens))
                except EngineFailure as exc:
                    out.failures[dim_id] = exc.reason
                    return
            g: GradeOutput = res.value  # type: ignore[assignment]
            quotes, dropped = verify_quotes(g.evidence, sources)
            out.dropped_quotes += dropped
            out.grades[dim_id] = DimensionGrade(g.score, quotes[:3], g.feedback.strip(), g.what_a_4_looks_like.strip())

        await asyncio.gather(*(one(d) for d in dimensions))
        if out.failures:
            out.engine = f"{self.name} (offline for {len(out.failures)} dimension(s))"
        # keep the rubric's order of failures (gather finishes in any order)
        out.failures = {d: out.failures[d] for d in dimensions if d in out.failures}
        return out

    async def score_in_one_call(self, session: Session, persona: Persona, rubric: Rubric, dimensions: list[str]) -> ModelGrades:
        """Every dimension in one structured call (over all the answers that bear on any of them)."""
        out = ModelGrades(engine=self.name)
        dims = [rubric.dimension(d) for d in dimensions if answers_for(session, d, rubric.dimension(d).phase, persona)]
        if not dims:
            return out
        answers: list[dict] = []
        for d in dims:  # each answer once, even when it bears on several dimensions
            answers += [a for a in answers_for(session, d.id, d.phase, persona) if a not in answers]
        refs = {a["question"]: a["reference"] for a in answers if a.get("reference")}
        references = [{"question": q, "reference": r} for q, r in refs.items()]
        sources = [t.text for t in session.turns if t.role == "candidate"]

        def build(schema: str | None) -> str:
            return render_prompt("grade_all.j2", dimensions=dims, answers=answers, references=references, schema=schema)

        budget = budgets.grade_all(len(dims), self.settings.grade_max_tokens * len(dims))
        try:
            res = await StructuredCaller(self.client).call(
                build, system_prompt(persona, rubric, session.minutes), all_grades_schema([d.id for d in dims]), "interview_grades", budget
            )
        except EngineFailure as exc:
            out.failures = {d.id: f"the model could not grade the interview in one call ({exc.reason})" for d in dims}
            out.engine = f"{self.name} (offline for {len(dims)} dimension(s))"
            return out
        got: AllGradesOutput = res.value  # type: ignore[assignment]
        by_id = {g.id: g for g in got.dimensions}
        for d in dims:
            g = by_id.get(d.id)
            if g is None or not g.feedback.strip():
                out.failures[d.id] = "the model left this dimension out of its one-call grading"
                continue
            quotes, dropped = verify_quotes(g.evidence, sources)
            out.dropped_quotes += dropped
            out.grades[d.id] = DimensionGrade(g.score, quotes[:3], g.feedback.strip(), "")
        if out.failures:
            out.engine = f"{self.name} (one call; offline for {len(out.failures)} dimension(s))"
        return out
