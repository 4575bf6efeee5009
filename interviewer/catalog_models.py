"""The catalog's data: rubrics (dimensions with anchored levels) and personas (the interviewer, the round and its
question bank with key points and red flags), loaded from YAML by ``catalog``. ``interviewer.models`` re-exports
every name here. Pure pydantic: nothing here imports Textual or litellm.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from interviewer.engine.clock import MAX_MINUTES, MIN_MINUTES


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- rubric


class Dimension(_Strict):
    """One thing a rubric scores, 1-4."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    weight: float = Field(default=1.0, gt=0)
    description: str = ""
    levels: dict[int, str]
    # Regular expressions (case-insensitive) for phrases that count as evidence for this dimension.
    signals: list[str] = Field(default_factory=list)
    # A built-in heuristic that adds structure to the signals (see interviewer/judges/offline/); "generic" needs only signals.
    detector: str = "generic"
    # Follow-up questions that target a gap in this dimension.
    probes: list[str] = Field(min_length=1)
    # How evidence from several questions combines in the final score. Within one question the best answer counts
    # (a follow-up may fill a gap); across questions, "mean" averages the questions that probed the dimension (one
    # strong story does not hide a thin one), "max" takes the best question (for things said once, like motivation).
    aggregate: Literal["max", "mean"] = "max"
    # Dimensions with phase "wrapup" are assessed on the candidate's questions at the end of the round.
    phase: Literal["main", "wrapup", "all"] = "main"

    @field_validator("levels")
    @classmethod
    def _four_levels(cls, v: dict[int, str]) -> dict[int, str]:
        if sorted(v) != [1, 2, 3, 4]:
            raise ValueError("levels must describe exactly levels 1, 2, 3 and 4")
        return v


class Rubric(_Strict):
    id: str
    name: str
    # The family of round decides the report's extra table: a STAR breakdown or a coverage table.
    kind: Literal["behavioral", "design", "recruiter", "coding", "depth", "case", "generic"] = "generic"
    description: str = ""
    dimensions: list[Dimension] = Field(min_length=1)
    # Sweet spot for the length of one answer, in words (used by communication/concision detectors).
    answer_words: tuple[int, int] = (150, 400)

    @model_validator(mode="after")
    def _unique_ids(self) -> Rubric:
        ids = [d.id for d in self.dimensions]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"duplicate dimension ids: {', '.join(sorted(dupes))}")
        return self

    def dimension(self, dim_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        raise KeyError(dim_id)

    @property
    def ids(self) -> list[str]:
        return [d.id for d in self.dimensions]


# --------------------------------------------------------------------------- persona


class KeyPoint(_Strict):
    """One thing a strong answer to a question usually covers (reference material for the judges, never the voice).

    ``text`` says it in words a candidate can act on ("say where the counters live when there are many API servers").
    ``terms`` are what shows it in an answer. Term syntax (the offline judge implements it):
      - a plain phrase ("shared counter") matches its words by stem, in order, inside one content sentence
        ("shared counters" matches); write synonyms as separate terms;
      - ``a + b`` means both phrases occur in the same sentence, in any order ("l1 + sparse");
      - ``re:PATTERN`` is a case-insensitive regular expression.
    """

    text: str
    terms: list[str] = Field(min_length=1)


class RedFlag(_Strict):
    """A misconception or anti-pattern that should cost ("claims L1 regularisation gives dense weights").

    ``terms`` use the KeyPoint syntax and show the flag when present. An empty list means the flag is an absence
    (for example "no number at all"), which only a model judge or a missing key point can show.
    """

    text: str
    terms: list[str] = Field(default_factory=list)


class Question(_Strict):
    id: str
    text: str
    dimensions: list[str] = Field(min_length=1)
    tests: str = ""  # one line: what the question probes
    key_points: list[KeyPoint] = Field(default_factory=list)  # 4-8 for every bank question
    red_flags: list[RedFlag] = Field(default_factory=list)
    minutes: float | None = Field(default=None, gt=0, le=120)  # an estimate: the round plans questions that fit its time
    # other ways interviewers ask it, to recognise a free-text question (`review --question`); never shown or asked
    also: list[str] = Field(default_factory=list)

    @property
    def phrasings(self) -> list[str]:
        return [self.text, *self.also]


class Persona(_Strict):
    id: str
    name: str  # the interviewer's name
    round: str  # e.g. "Behavioral (STAR)"
    practises: str = ""  # one line: what the round practises
    style: str
    opening: str
    warmup: str | None = None  # optional warm-up prompt asked with the opening (not scored as a main question)
    closing: str = "Thanks for your time today. You'll get written feedback shortly."
    minutes: int = Field(ge=MIN_MINUTES, le=MAX_MINUTES)
    questions_per_round: int = Field(default=4, ge=1)
    max_followups: int = Field(default=2, ge=0, le=10)
    rubric: str
    questions: list[Question] = Field(min_length=8)
    # Facts the interviewer may share when the candidate asks in the wrap-up, e.g. role, team, band, process,
    # location. Anything not here gets an honest "I'll find out for you".
    facts: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _unique_questions(self) -> Persona:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique")
        return self
