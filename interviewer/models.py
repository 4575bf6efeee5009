"""The domain, one pydantic model per concept, used end to end.

Personas and rubrics are data (YAML), modelled in ``catalog_models`` and re-exported here. Sessions and reports are
what the engine writes. Nothing here imports Textual or litellm.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field

from interviewer.catalog_models import Dimension, KeyPoint, Persona, Question, RedFlag, Rubric  # noqa: F401 - re-exported
from interviewer.engine.clock import MAX_MINUTES, MIN_MINUTES
from interviewer.runner.models import CodeRun, CodeRunRow, CodingSection, RunResult, TestResult  # noqa: F401 - re-exported

Score = int  # 1..4

RECOMMENDATIONS: list[tuple[float, str]] = [
    (3.5, "Strong Hire"),
    (3.0, "Hire"),
    (2.5, "Lean Hire"),
    (2.0, "Lean No Hire"),
]


def recommendation_for(overall: float) -> str:
    """The recommendation that follows from ``overall`` (thresholds from the design doc)."""
    for threshold, label in RECOMMENDATIONS:
        if overall >= threshold - 1e-9:
            return label
    return "No Hire"


# --------------------------------------------------------------------------- assessment


class DimensionEvidence(BaseModel):
    """What one answer showed for one dimension."""

    dimension: str
    present: bool = False
    level: Score = Field(default=1, ge=1, le=4)
    quotes: list[str] = Field(default_factory=list)  # verbatim substrings of the answer
    notes: list[str] = Field(default_factory=list)  # what is missing, in words a candidate can act on


class Assessment(BaseModel):
    """The judge's reading of one answer. Never shown to the candidate mid-interview."""

    engine: str = "offline"
    words: int = 0
    dimensions: dict[str, DimensionEvidence] = Field(default_factory=dict)
    # Things the judge noticed about the answer as a whole: empty, truncated, injection, keyword_list, ...
    flags: list[str] = Field(default_factory=list)
    dropped_quotes: int = 0  # quotes an LLM judge returned that were not found verbatim in the answer
    # the offline judge's instant reading, standing in until the model's reading of the answer arrives
    provisional: bool = False

    def level(self, dim_id: str) -> int:
        ev = self.dimensions.get(dim_id)
        return ev.level if ev else 1


# --------------------------------------------------------------------------- session

MoveKind = Literal["opening", "question", "followup", "reprompt", "wrapup", "close"]
Stage = Literal["opening", "question", "followup", "wrapup", "closed"]


class Move(BaseModel):
    """What the interviewer does next. The agent decides it; a voice phrases it."""

    kind: MoveKind
    question_id: str | None = None
    question_text: str | None = None
    dimension: str | None = None  # the gap a follow-up targets
    probe: str | None = None  # the rubric probe for that gap
    reason: Literal[
        "start", "gap", "next", "time", "bank_empty", "round_time", "script_end", "candidate", "empty", "skip", "story_reused"
    ] = "next"
    expects_reply: bool = True
    # wrap-up and close: short answers to the candidate's questions, from the persona's facts or an honest "I'll find
    # out for you" (engine/wrapup.py); the voice says them and adds nothing
    answers: list[str] = Field(default_factory=list)
    # a "story_reused" reprompt: the question the candidate already used this story for
    reused_from: str | None = None


class Turn(BaseModel):
    index: int
    role: Literal["interviewer", "candidate"]
    text: str
    at: float  # seconds since the session started, on the session clock
    move: Move | None = None  # interviewer turns
    question_index: int | None = None  # which main question this turn belongs to (None: opening/warm-up/wrap-up)
    seconds: float | None = None  # candidate turns: time taken to answer
    assessment: Assessment | None = None  # candidate turns
    notice: str | None = None  # e.g. "answer truncated", "LLM failed: offline fallback"
    engine: str | None = None  # which engine produced an interviewer turn or an assessment
    code: str | None = None  # candidate turns in a coding round: the code submitted with the text




def best_levels(turns: Iterable[Turn]) -> dict[str, int]:
    """The best level each dimension reached over these turns' readings (the answers' best evidence counts: a
    follow-up may fill a gap). A dimension no answer was read for is left out."""
    best: dict[str, int] = {}
    for t in turns:
        if t.role == "candidate" and t.assessment is not None:
            for d, ev in t.assessment.dimensions.items():
                if ev.level > best.get(d, 0):
                    best[d] = ev.level
    return best


class QuestionRecord(BaseModel):
    """One main question asked, with its time accounting."""

    index: int
    question_id: str
    text: str
    dimensions: list[str]
    started_at: float
    ended_at: float | None = None
    budget_seconds: float
    followups: int = 0
    probed: list[str] = Field(default_factory=list)
    ended_by: Literal["followups_done", "solid", "time", "round_time", "skip", "end", "script_end", ""] = ""

    @property
    def seconds_used(self) -> float:
        return (self.ended_at if self.ended_at is not None else self.started_at) - self.started_at


class FallbackRecord(BaseModel):
    turn: int
    role: Literal["judge", "voice", "grader"]
    reason: str


class PlanNote(BaseModel):
    """Why a planned question is in the round: from the bank (matched to the job), the resume, or a model."""

    question_id: str
    source: Literal["bank", "resume", "model", "drill"] = "bank"
    why: str = ""


class Plan(BaseModel):
    """A round planned for this candidate: tailored to a job description and resume, or a drill on one dimension.

    Saved with the session, so a resumed session asks the same questions (some may not be in the bank at all)."""

    kind: Literal["tailored", "drill"] = "tailored"
    questions: list[Question] = Field(default_factory=list)  # asked first, in this order
    notes: list[PlanNote] = Field(default_factory=list)
    questions_per_round: int | None = Field(default=None, ge=1)
    only_planned: bool = False  # True: no bank question after the planned ones (a drill)
    minutes: float | None = Field(default=None, ge=MIN_MINUTES, le=MAX_MINUTES)  # the planned round's length (a drill is short)
    dimension: str | None = None  # the dimension a drill targets
    job: str = ""  # the job description's text
    job_name: str = ""  # where it came from (file name, "stdin")
    resume: str = ""
    resume_name: str = ""
    engine: str = "offline"  # who planned it (offline ranking, or the model that generated questions)


class Session(BaseModel):
    version: int = 2  # the session file format: bump together with a new function in migrations.MIGRATIONS
    id: str
    persona_id: str
    rubric_id: str
    created: str  # ISO wall-clock time
    updated: str = ""
    minutes: float
    status: Literal["active", "finished"] = "active"
    stage: Stage = "opening"
    engine: str = "offline"
    turns: list[Turn] = Field(default_factory=list)
    questions: list[QuestionRecord] = Field(default_factory=list)
    asked_ids: list[str] = Field(default_factory=list)
    fallbacks: list[FallbackRecord] = Field(default_factory=list)
    empty_streak: int = 0
    overall: float | None = None  # cached from the report, for listings
    plan: Plan | None = None  # a tailored round or a drill (None: the persona's bank in its order)
    code_runs: list[CodeRun] = Field(default_factory=list)  # coding rounds: every run, in order
    origin: str = ""  # how it was started: app, chat, drill, loop (the candidate's own) or rehearse (a script); "" = older

    @property
    def current_question(self) -> QuestionRecord | None:
        if self.stage in ("question", "followup") and self.questions:
            return self.questions[-1]
        return None

    @property
    def awaiting_reply(self) -> bool:
        last = self.turns[-1] if self.turns else None
        return bool(last and last.role == "interviewer" and last.move and last.move.expects_reply)

    def candidate_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.role == "candidate"]


# --------------------------------------------------------------------------- report


class DimensionScore(BaseModel):
    id: str
    name: str
    weight: float
    score: Score = Field(ge=1, le=4)
    # the unrounded mean of the per-question levels when it is not a whole level (``score`` rounds a half down);
    # the overall is computed from it. None: the score is exact (one question, a "max" dimension, a model's grade)
    mean: float | None = None
    best_of: bool = False  # scored by the best of several questions (the rubric's "max"), not their mean
    evidence: list[str] = Field(default_factory=list)  # verbatim quotes
    feedback: str = ""
    what_a_4_looks_like: str = ""


class TimingRow(BaseModel):
    question: str
    minutes_used: float
    minutes_budget: float
    followups: int = 0
    ended_by: str = ""


class StarRow(BaseModel):
    question: str
    situation: int
    task: int
    action: int
    result: int
    reflection: int
    missing: list[str] = Field(default_factory=list)


class CoverageRow(BaseModel):
    dimension: str
    name: str
    covered: bool
    level: int
    where: list[str] = Field(default_factory=list)  # which questions showed it


class QuestionNotes(BaseModel):
    """What the answers to one question missed or got wrong (over all its turns), and what the judge noticed."""

    question: str
    missing: list[str] = Field(default_factory=list)  # key points a strong answer covers that these answers did not
    red_flags: list[str] = Field(default_factory=list)  # misconceptions or anti-patterns they stated
    flags: list[str] = Field(default_factory=list)  # off_topic, gibberish, vague... (see the report's notes)


class Fallbacks(BaseModel):
    count: int = 0
    turns: list[FallbackRecord] = Field(default_factory=list)


class TailoredRow(BaseModel):
    question: str
    source: str  # bank | resume | model | drill
    why: str


class Unanswered(BaseModel):
    """A planned question that was asked and replied to, but never answered: every reply was a non-answer."""

    question: str
    why: str  # in the candidate's words: "you said you did not know", "the reply was not in English"


class Completeness(BaseModel):
    """How much of its plan a round covered (``report/completeness.py``): questions planned and answered, those not
    attempted (by text), those asked whose every reply was a non-answer ("I don't know", unreadable text: they do not
    count as answered), and what the score alone read as when the rule for incomplete rounds changed it."""

    planned: int
    answered: int
    not_attempted: list[str] = Field(default_factory=list)
    no_answer: list[Unanswered] = Field(default_factory=list)
    uncapped: str = ""

    @property
    def missing(self) -> int:
        """Planned questions without an answer: not attempted, or asked and not answered."""
        return len(self.not_attempted) + len(self.no_answer)


class Report(BaseModel):
    session_id: str | None = None
    persona: str
    round: str
    rubric: str
    engine: str
    created: str
    overall: float
    recommendation: str
    dimensions: list[DimensionScore]
    not_assessed: list[str] = Field(default_factory=list)
    not_assessed_reason: str = ""  # why they were not reached ("you ended the round with 28 minutes left, ...")
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    timing: list[TimingRow] = Field(default_factory=list)
    star: list[StarRow] | None = None
    coverage: list[CoverageRow] | None = None
    coding: list[CodingSection] | None = None
    flags: list[str] = Field(default_factory=list)
    questions: list[QuestionNotes] = Field(default_factory=list)  # per question: key points missed, red flags, flags
    summary: str = ""
    fallbacks: Fallbacks = Field(default_factory=Fallbacks)
    dropped_quotes: int = 0
    minutes_used: float = 0.0
    minutes_budget: float = 0.0
    completeness: Completeness | None = None
    tailored: list[TailoredRow] = Field(default_factory=list)  # questions chosen for this candidate, and why
    # each dimension's scores in earlier sessions of this round, oldest first, ending with this one (the history index)
    history: dict[str, list[int]] = Field(default_factory=dict)
