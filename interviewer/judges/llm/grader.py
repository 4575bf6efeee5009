"""The grader: a per-dimension scorer. Each dimension gets its own call over the answers that bear on it,
concurrently (bounded); ``report.grader.grade_async`` calls it and builds the report the same way as offline."""

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
