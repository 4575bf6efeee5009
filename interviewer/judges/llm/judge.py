"""The judge: a structured assessment of one answer against the rubric dimensions the agent asked about."""

from __future__ import annotations

from pydantic import BaseModel, Field

from interviewer.config import Settings
from interviewer.judges.base import TurnContext
from interviewer.judges.llm import budgets
from interviewer.judges.llm.client import LLMClient
from interviewer.judges.llm.prompts import as_data, render_prompt, system_prompt
from interviewer.judges.llm.quotes import verify_quotes
from interviewer.judges.llm.structured import StructuredCaller
from interviewer.models import Assessment, DimensionEvidence

KNOWN_FLAGS = {"injection", "keyword_list", "non_answer", "question_to_interviewer"}


class JudgedDimension(BaseModel):
    id: str
    present: bool = False
    level: int = Field(ge=1, le=4)
    quotes: list[str] = Field(default_factory=list, max_length=4)
    missing: str = ""


class JudgeOutput(BaseModel):
    dimensions: list[JudgedDimension]
    flags: list[str] = Field(default_factory=list)


class LLMJudge:
    def __init__(self, settings: Settings, model: str | None = None, client: LLMClient | None = None) -> None:
        self.settings = settings
        self.client = client or LLMClient(settings, model or settings.effective_judge_model or "")
        self.name = f"llm:{self.client.model}"
        self.wait = settings.judge_wait  # seconds the interview waits for this judge before choosing its next move

    async def assess_async(self, answer: str, ctx: TurnContext) -> Assessment:
        dims = ctx.dimensions if ctx.dimensions is not None else [d.id for d in ctx.rubric.dimensions]
        if not dims:  # nothing to read this reply for (e.g. closing remarks in a round that scores none)
            return Assessment(engine=self.name, words=len(answer.split()))
        system = system_prompt(ctx.persona, ctx.rubric, ctx.session.minutes)

        from interviewer.judges.offline.judge import question_of
        from interviewer.judges.offline.reference import prompt_reference

        reference = prompt_reference(question_of(ctx))  # the user message only: the system prefix is the voice's too

        def build(schema: str | None) -> str:
            return render_prompt(
                "judge.j2",
                question=ctx.question or ctx.prompt or "(warm-up)",
                reference=reference,
                prompt=ctx.prompt,
                dimensions=dims,
                schema=schema,
                answer=as_data(answer),
            )

        caller = StructuredCaller(self.client)
        result = await caller.call(build, system, JudgeOutput, "answer_assessment", budgets.judge(len(dims), self.settings.judge_max_tokens))
        out: JudgeOutput = result.value  # type: ignore[assignment]
        by_id = {d.id: d for d in out.dimensions}
        assessment = Assessment(engine=self.name if result.mode == "json_schema" else f"{self.name} ({result.mode})")
        assessment.words = len(answer.split())
        dropped = 0
        missing = [d for d in dims if d not in by_id]
        if missing:  # the model skipped some dimensions: the offline judge reads the answer for those
            from interviewer.judges.offline import OfflineJudge

            offline = OfflineJudge().assess(answer, ctx.rubric, missing, question=question_of(ctx))
            assessment.dimensions.update(offline.dimensions)
        for dim_id in dims:
            jd = by_id.get(dim_id)
            if jd is None:
                continue
            quotes, d = verify_quotes(jd.quotes, [answer])
            dropped += d
            level = jd.level
            assessment.dimensions[dim_id] = DimensionEvidence(
                dimension=dim_id,
                present=jd.present and level >= 2,
                level=level,
                quotes=quotes[:2],
                notes=[jd.missing] if jd.missing else [],
            )
        assessment.flags = sorted({f for f in out.flags if f in KNOWN_FLAGS})
        assessment.dropped_quotes = dropped
        return assessment
