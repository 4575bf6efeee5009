"""The small protocols behind which the offline and LLM implementations of judge, voice and grader live."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol

from interviewer.errors import InterviewerError
from interviewer.models import Assessment, Move, Persona, Rubric, Session

TokenCallback = Callable[[str], None]

# True inside work nobody is waiting for (the model's background reading of an answer): such requests give way to
# the requests the candidate is waiting for (the interviewer's reply) on the same server
background_work: ContextVar[bool] = ContextVar("background_work", default=False)


class EngineFailure(InterviewerError):
    """An LLM call failed for good (after its retries). The caller falls back to the offline engine."""

    def __init__(self, reason: str, *, partial: str = "", status: int | None = None, quiet: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.partial = partial
        self.status = status  # the HTTP status of the last failed request, when there was one
        self.quiet = quiet  # already said once (the model server is known to be down): record it, don't repeat it

    def for_cli(self) -> str:
        return f"the model failed: {self.reason}. Pass --offline to use the offline engine."


@dataclass
class TurnContext:
    """What a judge or voice may know about the interview at this point."""

    persona: Persona
    rubric: Rubric
    session: Session
    question: str | None = None  # the main question the reply belongs to
    prompt: str | None = None  # what the interviewer just asked (question or follow-up)
    seconds_left: float = 0.0
    # the dimensions to read the reply for; None means all of the rubric's, an empty list means none
    dimensions: list[str] | None = None


class Judge(Protocol):
    name: str

    async def assess_async(self, answer: str, ctx: TurnContext) -> Assessment: ...


class Voice(Protocol):
    name: str

    async def speak(self, move: Move, ctx: TurnContext, on_token: TokenCallback | None = None) -> str: ...


@dataclass
class DimensionGrade:
    """A model's grade of one rubric dimension over the whole interview (quotes already verified verbatim)."""

    score: int
    evidence: list[str]
    feedback: str
    what_a_4_looks_like: str = ""


@dataclass
class ModelGrades:
    """What a per-dimension scorer returns: grades by dimension id, and the dimensions it could not grade (with the
    reason), which keep the offline grade."""

    engine: str
    grades: dict[str, DimensionGrade] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    dropped_quotes: int = 0


class DimensionScorer(Protocol):
    """Grades rubric dimensions over a session; ``report.grader.grade_async`` calls it and builds the report."""

    name: str

    async def score_dimensions(self, session: Session, persona: Persona, rubric: Rubric, dimensions: list[str]) -> ModelGrades: ...
