"""The model's part of tailoring: one structured call that writes interview questions for a job and resume.

The output is validated by ``interviewer.tailor.generated`` like the bank's questions; this module only talks to the
model (through the LLM package's client and structured caller, so litellm stays imported lazily, and only here).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from interviewer.config import Settings
from interviewer.models import Persona, Rubric

MAX_DOC_CHARS = 12_000  # of the job description and of the resume sent to the model


class WrittenKeyPoint(BaseModel):
    text: str
    terms: list[str] = Field(default_factory=list)


class WrittenRedFlag(BaseModel):
    text: str
    terms: list[str] = Field(default_factory=list)


class WrittenQuestion(BaseModel):
    text: str
    why: str = ""
    dimensions: list[str] = Field(default_factory=list)
    tests: str = ""
    key_points: list[WrittenKeyPoint] = Field(default_factory=list)
    red_flags: list[WrittenRedFlag] = Field(default_factory=list)


class WrittenQuestions(BaseModel):
    questions: list[WrittenQuestion]


_TAGS = re.compile(r"<\s*/?\s*(job_description|resume|candidate_answer)\b[^>]*>", re.I)


def _as_data(text: str) -> str:
    """Job and resume text as inert data: it can never close or open the tags that delimit it."""
    return _TAGS.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text[:MAX_DOC_CHARS])


def user_prompt(persona: Persona, rubric: Rubric, job: str, resume: str, count: int, schema: str | None) -> str:
    from interviewer.judges.llm import render_prompt

    dims = [d.id for d in rubric.dimensions if d.phase == "main"]
    return render_prompt(
        "tailor.j2", count=count, dimensions=dims, has_resume=bool(resume), schema=schema,
        job=_as_data(job) if job else "", resume=_as_data(resume) if resume else "",
    )


async def write_questions(settings: Settings, persona: Persona, rubric: Rubric, job: str, resume: str, count: int) -> WrittenQuestions:
    """The model's questions (raises EngineFailure when the call fails or the output cannot be parsed)."""
    from interviewer.judges.llm import LLMClient, StructuredCaller, system_prompt

    client = LLMClient(settings, settings.effective_judge_model or "")
    system = system_prompt(persona, rubric, persona.minutes)
    result = await StructuredCaller(client).call(
        lambda schema: user_prompt(persona, rubric, job, resume, count, schema),
        system, WrittenQuestions, "tailored_questions", max(settings.judge_max_tokens, 2500),
    )
    return result.value  # type: ignore[return-value]
