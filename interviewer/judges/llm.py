"""The LLM brain, through litellm: the interviewer's voice (streamed), the judge (structured output) and the grader
(per-dimension, concurrent, quotes verified).

litellm is imported lazily, inside functions, and only here: ``interviewer --help``, ``review`` and the TUI's first
frame never pay its 3-4 s import. Every failure ends as an ``EngineFailure`` whose message names the cause and never
contains a key; the caller then falls back to the offline engine for that turn.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from interviewer.config import Settings
from interviewer.judges.base import EngineFailure, TokenCallback, TurnContext
from interviewer.judges.text import normalise_ws
from interviewer.models import (
    Assessment,
    DimensionEvidence,
    DimensionScore,
    FallbackRecord,
    Move,
    Persona,
    Report,
    Rubric,
    Session,
    recommendation_for,
)
from interviewer.paths import package_data_dir

FormatMode = Literal["json_schema", "json_object", "plain"]
MODES: tuple[FormatMode, ...] = ("json_schema", "json_object", "plain")
MAX_VOICE_CHARS = 1500
HISTORY_CHARS = 2000  # per turn of recent history; the answer being judged is always sent whole


# --------------------------------------------------------------------------- litellm, lazily


@lru_cache(maxsize=1)
def _litellm():
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # never fetch the cost map at import
    os.environ.setdefault("LITELLM_LOG", "ERROR")
    import litellm

    litellm.suppress_debug_info = True
    litellm.drop_params = True
    litellm.telemetry = False
    return litellm


# --------------------------------------------------------------------------- prompts


@lru_cache(maxsize=1)
def _env():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package_data_dir("prompts"))),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )


def render_prompt(name: str, **ctx: Any) -> str:
    return _env().get_template(name).render(**ctx).strip() + "\n"


_TAG = re.compile(r"<\s*/?\s*(candidate_answer|interviewer|example)\b[^>]*>", re.I)


def as_data(text: str) -> str:
    """Candidate text as inert data: it can never close or open the tags that delimit it."""
    return _TAG.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)


@lru_cache(maxsize=32)
def _system_prompt_cached(persona_json: str, rubric_json: str, minutes: float) -> str:
    persona = Persona.model_validate_json(persona_json)
    rubric = Rubric.model_validate_json(rubric_json)
    return render_prompt("system.j2", persona=persona, rubric=rubric, minutes=minutes)


def system_prompt(persona: Persona, rubric: Rubric, minutes: float) -> str:
    """The stable prefix: identical bytes for every request of a session."""
    return _system_prompt_cached(persona.model_dump_json(), rubric.model_dump_json(), float(minutes))


# --------------------------------------------------------------------------- secrets


def _secrets(settings: Settings | None) -> list[str]:
    out = []
    if settings and settings.api_key:
        out.append(settings.api_key.get_secret_value())
    for k, v in os.environ.items():
        if v and len(v) >= 8 and re.search(r"(KEY|TOKEN|SECRET)", k, re.I):
            out.append(v)
    return sorted(set(out), key=len, reverse=True)


def redact(text: str, settings: Settings | None = None) -> str:
    for s in _secrets(settings):
        text = text.replace(s, "***")
    return re.sub(r"\b(sk|pk|key)-[A-Za-z0-9_\-]{12,}", "***", text)


# --------------------------------------------------------------------------- the client


@dataclass
class CallStats:
    requests: int = 0
    retries: int = 0
    prompt_chars: int = 0


class _Transient(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _status(exc: BaseException) -> int | None:
    code = getattr(exc, "status_code", None)
    return code if isinstance(code, int) else None


def _retry_after(exc: BaseException) -> float | None:
    for obj in (getattr(exc, "response", None), exc):
        headers = getattr(obj, "headers", None) or getattr(obj, "litellm_response_headers", None)
        if headers is None:
            continue
        try:
            value = headers.get("retry-after") or headers.get("Retry-After")
        except AttributeError:
            continue
        if value:
            try:
                return float(value)
            except ValueError:
                return None
    return None


def describe_failure(exc: BaseException, model: str) -> tuple[str, bool]:
    """(a one-line reason naming the cause, whether a retry makes sense)."""
    name = type(exc).__name__
    status = _status(exc)
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)) or name in ("Timeout", "APITimeoutError", "ReadTimeout"):
        return "the model timed out", True
    if status == 429 or name == "RateLimitError":
        return "the provider is rate-limiting requests (429)", True
    if name in ("AuthenticationError", "PermissionDeniedError") or status in (401, 403):
        return f"the provider rejected the API key for {model} ({status or 401})", False
    if name == "NotFoundError" or status == 404:
        return f"model {model} was not found at the provider (404)", False
    if name in ("APIConnectionError", "ConnectError") or "connect" in str(exc).lower() and status is None:
        return "could not connect to the model server", True
    if status is not None and status >= 500 or name in ("InternalServerError", "ServiceUnavailableError", "BadGatewayError"):
        return f"the model server failed ({status or 500})", True
    if name in ("BadRequestError", "UnprocessableEntityError") or status in (400, 422):
        return f"the model server rejected the request ({status or 400})", False
    if name == "ContextWindowExceededError":
        return "the conversation is too long for the model's context window", False
    return f"the model call failed ({name})", status is None


class LLMClient:
    def __init__(self, settings: Settings, model: str) -> None:
        self.settings = settings
        self.model = model
        self.stats = CallStats()

    def _kwargs(self) -> dict[str, Any]:
        kw: dict[str, Any] = {"model": self.model, "timeout": self.settings.timeout, "num_retries": 0, "max_retries": 0}
        if self.settings.api_base:
            kw["api_base"] = self.settings.api_base
        if self.settings.api_key:
            kw["api_key"] = self.settings.api_key.get_secret_value()
        elif self.settings.api_base and self.model.startswith(("openai/", "text-completion-openai/")) and not os.environ.get("OPENAI_API_KEY"):
            kw["api_key"] = "no-key-needed"  # local OpenAI-compatible servers need none, the client needs one
        return kw

    def _fail(self, reason: str, partial: str = "") -> EngineFailure:
        return EngineFailure(redact(reason, self.settings), partial=partial)

    async def _with_retries(self, attempt_fn: Callable[[], Any], *, final_statuses: tuple[int, ...] = ()):
        """Run ``attempt_fn``, retrying transient failures with backoff (bounded). A status in ``final_statuses``
        is not retried: the caller has a better answer to it (a structured call tries a simpler format)."""
        attempt = 0
        while True:
            status = None
            try:
                return await attempt_fn()
            except EngineFailure:
                raise
            except _Transient as exc:
                reason, retry_after, retryable = exc.reason, exc.retry_after, True
            except Exception as exc:  # noqa: BLE001 - classified below
                reason, retryable = describe_failure(exc, self.model)
                retry_after = _retry_after(exc)
                status = _status(exc)
            if not retryable or status in final_statuses or attempt >= self.settings.retries:
                failure = self._fail(reason + (f" after {attempt + 1} attempts" if attempt else ""))
                failure.status = status
                raise failure
            delay = retry_after if retry_after is not None else 0.4 * (2**attempt) * (1 + random.random() * 0.25)
            await asyncio.sleep(min(max(delay, 0.0), 10.0))
            attempt += 1
            self.stats.retries += 1

    async def complete(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int,
        temperature: float,
        response_format: dict | None = None,
        final_statuses: tuple[int, ...] = (),
    ) -> str:
        litellm = _litellm()
        kw = self._kwargs() | {"messages": messages, "max_tokens": max_tokens, "temperature": temperature}
        if response_format is not None:
            kw["response_format"] = response_format

        async def attempt() -> str:
            self.stats.requests += 1
            self.stats.prompt_chars += sum(len(m["content"]) for m in messages)
            resp = await litellm.acompletion(**kw)
            try:
                text = resp.choices[0].message.content or ""
            except (AttributeError, IndexError, TypeError):
                raise _Transient("the model returned a malformed response") from None
            if not text.strip():
                raise _Transient("the model returned an empty reply")
            return text

        return await self._with_retries(attempt, final_statuses=final_statuses)

    async def stream(
        self, messages: list[dict[str, str]], *, max_tokens: int, temperature: float, on_token: TokenCallback | None, max_chars: int
    ) -> str:
        """Stream a reply, handing each chunk to ``on_token``. Failures before the first token are retried; after it,
        the partial text goes back in the ``EngineFailure`` so the caller can discard it (never duplicate it)."""
        litellm = _litellm()
        kw = self._kwargs() | {"messages": messages, "max_tokens": max_tokens, "temperature": temperature, "stream": True}
        parts: list[str] = []

        async def attempt() -> str:
            self.stats.requests += 1
            self.stats.prompt_chars += sum(len(m["content"]) for m in messages)
            resp = await litellm.acompletion(**kw)
            size = 0
            try:
                async for chunk in resp:
                    try:
                        delta = chunk.choices[0].delta.content if chunk.choices else None
                    except (AttributeError, IndexError):
                        delta = None
                    if not delta:
                        continue
                    if size + len(delta) > max_chars:  # a reply far too long: stop reading, keep what we have
                        delta = delta[: max_chars - size]
                        parts.append(delta)
                        if on_token and delta:
                            on_token(delta)
                        break
                    parts.append(delta)
                    size += len(delta)
                    if on_token:
                        on_token(delta)
            except Exception as exc:  # noqa: BLE001
                if parts:
                    reason, _ = describe_failure(exc, self.model)
                    if "failed (" in reason and "stream" not in reason:
                        reason = "the reply stream was cut off"
                    raise self._fail(f"{reason} mid-reply", partial="".join(parts)) from None
                raise
            finally:
                close = getattr(resp, "aclose", None)
                if close is not None:
                    try:
                        await close()
                    except Exception:  # noqa: BLE001
                        pass
            if not "".join(parts).strip():
                parts.clear()
                raise _Transient("the model returned an empty reply")
            return "".join(parts)

        return await self._with_retries(attempt)


# --------------------------------------------------------------------------- shared context


def _history(session: Session, n: int) -> list[dict[str, str]]:
    out = []
    for t in session.turns[-n:]:
        text = t.text if len(t.text) <= HISTORY_CHARS else t.text[:HISTORY_CHARS] + " […]"
        out.append({"role": t.role, "text": as_data(text) if t.role == "candidate" else text})
    return out


def running_notes(session: Session, rubric: Rubric) -> list[dict[str, str]]:
    """The agent's structured notes: the evidence so far per dimension (bounded size, however long the interview)."""
    best: dict[str, int] = {}
    for t in session.turns:
        if t.role == "candidate" and t.assessment:
            for d, ev in t.assessment.dimensions.items():
                best[d] = max(best.get(d, 0), ev.level)
    words = {0: "not probed yet", 1: "no evidence yet", 2: "partial evidence", 3: "solid evidence", 4: "strong evidence"}
    return [{"name": d.name, "status": words[best.get(d.id, 0)]} for d in rubric.dimensions]


def _messages(ctx: TurnContext, user: str) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": system_prompt(ctx.persona, ctx.rubric, ctx.session.minutes)},
        {"role": "user", "content": user},
    ]


# --------------------------------------------------------------------------- voice


_PREFIX = re.compile(r"^\s*(\*\*)?(interviewer|[A-Z][a-z]+)(\*\*)?\s*:\s*", re.I)


def clean_voice(text: str, persona: Persona) -> str:
    text = text.strip()
    first = persona.name.split(",")[0].strip()
    m = _PREFIX.match(text)
    if m and m.group(2).lower() in ("interviewer", first.lower()):
        text = text[m.end() :]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'“”":
        text = text[1:-1].strip()
    return text


class LLMVoice:
    def __init__(self, settings: Settings, model: str | None = None) -> None:
        self.settings = settings
        self.client = LLMClient(settings, model or settings.effective_voice_model or "")
        self.name = f"llm:{self.client.model}"

    def build_messages(self, move: Move, ctx: TurnContext) -> list[dict[str, str]]:
        dim = ctx.rubric.dimension(move.dimension) if move.dimension else None
        user = render_prompt(
            "interviewer.j2",
            persona=ctx.persona,
            move=move,
            dimension=dim,
            minutes_left=max(int(ctx.seconds_left // 60), 0),
            notes=running_notes(ctx.session, ctx.rubric),
            history=_history(ctx.session, self.settings.history_turns),
            max_sentences=5 if move.kind == "opening" else 3,
        )
        return _messages(ctx, user)

    async def speak(self, move: Move, ctx: TurnContext, on_token: TokenCallback | None = None) -> str:
        messages = self.build_messages(move, ctx)
        text = await self.client.stream(
            messages,
            max_tokens=self.settings.voice_max_tokens,
            temperature=self.settings.temperature,
            on_token=on_token,
            max_chars=MAX_VOICE_CHARS,
        )
        cleaned = clean_voice(text, ctx.persona)
        if not cleaned:
            raise EngineFailure("the model's reply was empty", partial=text)
        return cleaned


# --------------------------------------------------------------------------- structured output


class JudgedDimension(BaseModel):
    id: str
    present: bool = False
    level: int = Field(ge=1, le=4)
    quotes: list[str] = Field(default_factory=list, max_length=4)
    missing: str = ""


class JudgeOutput(BaseModel):
    dimensions: list[JudgedDimension]
    flags: list[str] = Field(default_factory=list)


class GradeOutput(BaseModel):
    score: int = Field(ge=1, le=4)
    evidence: list[str] = Field(default_factory=list, max_length=5)
    feedback: str = Field(min_length=1)
    what_a_4_looks_like: str = ""


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```\s*$", re.I)


def parse_json_reply(text: str, model: type[BaseModel]) -> BaseModel:
    body = _FENCE.sub("", text.strip())
    if not body.startswith("{"):
        start, end = body.find("{"), body.rfind("}")
        if start != -1 and end > start:
            body = body[start : end + 1]
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the reply is not valid JSON ({exc.msg} at position {exc.pos})") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errs = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()[:4])
        raise ValueError(f"the JSON does not match the schema ({errs})") from None


def _response_format(mode: FormatMode, schema_model: type[BaseModel], name: str) -> dict | None:
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": name, "schema": schema_model.model_json_schema(), "strict": False}}
    if mode == "json_object":
        return {"type": "json_object"}
    return None


# Which response_format each (model, api_base) accepts, learned once per process.
_FORMAT_SUPPORT: dict[tuple[str, str | None], FormatMode] = {}


@dataclass
class StructuredResult:
    value: BaseModel
    mode: FormatMode
    repaired: bool = False


class StructuredCaller:
    """One structured call with format degradation (json_schema -> json_object -> plain) and one repair."""

    def __init__(self, client: LLMClient) -> None:
        self.client = client
        self.modes_tried: list[FormatMode] = []

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.client.model, self.client.settings.api_base)

    async def call(
        self,
        build_user: Callable[[str | None], str],
        system: str,
        schema_model: type[BaseModel],
        name: str,
        max_tokens: int,
    ) -> StructuredResult:
        start = _FORMAT_SUPPORT.get(self.key, "json_schema")
        modes = MODES[MODES.index(start) :]
        last_error = "no format worked"
        for i, mode in enumerate(modes):
            schema_text = None if mode == "json_schema" else json.dumps(schema_model.model_json_schema(), separators=(",", ":"))
            messages = [{"role": "system", "content": system}, {"role": "user", "content": build_user(schema_text)}]
            fmt = _response_format(mode, schema_model, name)
            is_last = i == len(modes) - 1
            try:
                # a server that does not support a response_format says so at once, with 400/422 or (llama.cpp's
                # server) 500: that is not retried but answered with the next, simpler format. 429, 502-504,
                # timeouts and lost connections are retried as usual.
                text = await self.client.complete(
                    messages, max_tokens=max_tokens, temperature=0.0, response_format=fmt,
                    final_statuses=REJECTED_FORMAT if fmt is not None else (),
                )
            except EngineFailure as exc:
                last_error = exc.reason
                if fmt is not None and exc.status in REJECTED_FORMAT and not is_last:
                    continue
                raise
            self.modes_tried.append(mode)
            if mode != start:
                _FORMAT_SUPPORT[self.key] = mode
            try:
                return StructuredResult(parse_json_reply(text, schema_model), mode)
            except ValueError as exc:
                repair = messages + [
                    {"role": "assistant", "content": text[:4000]},
                    {"role": "user", "content": render_prompt("repair.j2", error=str(exc))},
                ]
                text2 = await self.client.complete(repair, max_tokens=max_tokens, temperature=0.0, response_format=fmt)
                try:
                    return StructuredResult(parse_json_reply(text2, schema_model), mode, repaired=True)
                except ValueError as exc2:
                    raise self.client._fail(f"invalid structured output after one repair: {exc2}") from None
        raise self.client._fail(last_error)


REJECTED_FORMAT = (400, 422, 500)  # how servers answer a response_format they do not support


# --------------------------------------------------------------------------- quotes


def _norm_quote(q: str) -> str:
    q = normalise_ws(q).strip("\"'“”‘’ ")
    return q[:-1].rstrip() if q.endswith(("…", "...")) else q


def verify_quotes(quotes: list[str], sources: list[str]) -> tuple[list[str], int]:
    """Keep quotes found verbatim (whitespace-normalised) in one of ``sources``; count the dropped ones."""
    hay = [normalise_ws(s) for s in sources]
    kept, dropped = [], 0
    for q in quotes:
        nq = _norm_quote(q)
        if len(nq) >= 3 and any(nq in h for h in hay):
            if nq not in kept:
                kept.append(nq)
        else:
            dropped += 1
    return kept, dropped


# --------------------------------------------------------------------------- judge


class LLMJudge:
    def __init__(self, settings: Settings, model: str | None = None) -> None:
        self.settings = settings
        self.client = LLMClient(settings, model or settings.effective_judge_model or "")
        self.name = f"llm:{self.client.model}"

    async def assess_async(self, answer: str, ctx: TurnContext) -> Assessment:
        dims = ctx.dimensions if ctx.dimensions is not None else [d.id for d in ctx.rubric.dimensions]
        if not dims:  # nothing to read this reply for (e.g. closing remarks in a round that scores none)
            return Assessment(engine=self.name, words=len(answer.split()))
        system = system_prompt(ctx.persona, ctx.rubric, ctx.session.minutes)

        def build(schema: str | None) -> str:
            return render_prompt(
                "judge.j2",
                question=ctx.question or ctx.prompt or "(warm-up)",
                prompt=ctx.prompt,
                dimensions=dims,
                schema=schema,
                answer=as_data(answer),
            )

        caller = StructuredCaller(self.client)
        result = await caller.call(build, system, JudgeOutput, "answer_assessment", self.settings.judge_max_tokens)
        out: JudgeOutput = result.value  # type: ignore[assignment]
        by_id = {d.id: d for d in out.dimensions}
        assessment = Assessment(engine=self.name if result.mode == "json_schema" else f"{self.name} ({result.mode})")
        assessment.words = len(answer.split())
        dropped = 0
        missing = [d for d in dims if d not in by_id]
        if missing:  # the model skipped some dimensions: the offline judge reads the answer for those
            from interviewer.judges.offline import OfflineJudge

            offline = OfflineJudge().assess(answer, ctx.rubric, missing)
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
        known = {"injection", "keyword_list", "non_answer", "question_to_interviewer"}
        assessment.flags = sorted({f for f in out.flags if f in known})
        assessment.dropped_quotes = dropped
        return assessment


# --------------------------------------------------------------------------- grader


@dataclass
class GradeStats:
    calls: int = 0
    failures: list[str] = field(default_factory=list)


class LLMGrader:
    """Grades each dimension with its own call, concurrently (bounded), over the answers that bear on it."""

    def __init__(self, settings: Settings, model: str | None = None) -> None:
        self.settings = settings
        self.client = LLMClient(settings, model or settings.effective_judge_model or "")
        self.name = f"llm:{self.client.model}"
        self.stats = GradeStats()

    def _answers_for(self, session: Session, dim_id: str, phase: str) -> list[dict[str, str]]:
        qtext = {q.index: q.text for q in session.questions}
        out = []
        for t in session.turns:
            if t.role != "candidate" or not t.text or not t.assessment:
                continue
            if "question_to_interviewer" in t.assessment.flags:
                continue
            if dim_id not in t.assessment.dimensions:
                continue
            question = qtext.get(t.question_index, "closing questions" if phase == "wrapup" else "warm-up") if t.question_index is not None else ("closing questions" if phase == "wrapup" else "warm-up")
            out.append({"question": question, "text": as_data(t.text)})
        return out

    async def grade_async(self, session: Session, persona: Persona, rubric: Rubric) -> Report:
        from interviewer.report.grader import grade, overall_of, summarise

        base = grade(session, persona, rubric, engine=self.name)
        system = system_prompt(persona, rubric, session.minutes)
        sem = asyncio.Semaphore(self.settings.concurrency)
        sources = [t.text for t in session.turns if t.role == "candidate"]
        dropped_total = sum(getattr(t.assessment, "dropped_quotes", 0) for t in session.turns if t.assessment)

        async def one(ds: DimensionScore) -> tuple[DimensionScore, int, str | None]:
            dim = rubric.dimension(ds.id)
            answers = self._answers_for(session, ds.id, dim.phase)
            if not answers:
                return ds, 0, None

            def build(schema: str | None) -> str:
                return render_prompt("grade.j2", dimension=dim, answers=answers, schema=schema)

            async with sem:
                self.stats.calls += 1
                try:
                    res = await StructuredCaller(self.client).call(build, system, GradeOutput, "dimension_grade", self.settings.grade_max_tokens)
                except EngineFailure as exc:
                    return ds, 0, exc.reason
            g: GradeOutput = res.value  # type: ignore[assignment]
            quotes, dropped = verify_quotes(g.evidence, sources)
            return (
                ds.model_copy(
                    update={
                        "score": g.score,
                        "evidence": quotes[:3],
                        "feedback": g.feedback.strip(),
                        "what_a_4_looks_like": g.what_a_4_looks_like.strip() or ds.what_a_4_looks_like,
                    }
                ),
                dropped,
                None,
            )

        results = await asyncio.gather(*(one(ds) for ds in base.dimensions))
        dims, fallbacks, failures = [], list(session.fallbacks), []
        for ds, dropped, failure in results:
            dims.append(ds)
            dropped_total += dropped
            if failure:
                failures.append(f"{ds.id}: {failure}")
                fallbacks.append(FallbackRecord(turn=len(session.turns), role="grader", reason=f"{ds.id}: {failure}"))
        self.stats.failures.extend(failures)
        overall = overall_of(dims)
        report = base.model_copy(
            update={
                "dimensions": dims,
                "overall": overall,
                "recommendation": recommendation_for(overall),
                "dropped_quotes": dropped_total,
                "engine": self.name if not failures else f"{self.name} (offline for {len(failures)} dimension(s))",
            }
        )
        report.fallbacks.count = len(fallbacks)
        report.fallbacks.turns = fallbacks
        from interviewer.report.grader import strengths_and_improvements

        report.strengths, report.improvements = strengths_and_improvements(dims, {})
        report.summary = summarise(report, session)
        return report


# --------------------------------------------------------------------------- preflight


async def preflight(settings: Settings) -> list[str]:
    """A quick check, before the interview starts, that each configured model answers. Raises EngineFailure."""
    litellm = _litellm()
    models = [m for m in dict.fromkeys([settings.effective_voice_model, settings.effective_judge_model]) if m]
    seen = []
    for model in models:
        client = LLMClient(settings, model)
        kw = client._kwargs()
        if "api_key" not in kw:
            try:
                env = litellm.validate_environment(model=model, api_base=settings.api_base)
            except Exception:  # noqa: BLE001 - an unknown provider: let the call below tell
                env = {}
            missing = env.get("missing_keys") or []
            if missing and not env.get("keys_in_environment", True):
                raise EngineFailure(f"{model} needs {', '.join(missing)} in the environment (no key found)")
        quick = LLMClient(settings.model_copy(update={"timeout": settings.preflight_timeout}), model)
        try:  # transient failures (429, 5xx) get the usual bounded retries; a wrong key or model fails at once
            await quick.complete([{"role": "user", "content": render_prompt("preflight.j2")}], max_tokens=5, temperature=0.0)
        except EngineFailure as exc:
            raise EngineFailure(f"{model}: {exc.reason}") from None
        seen.append(model)
    return seen
