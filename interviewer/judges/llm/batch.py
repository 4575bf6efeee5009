"""The provider's batch API through litellm (files + batches, OpenAI-compatible): the judge's requests for many
answers go up as one JSONL file, and the results come back later, at about half the price of live calls.

Each line is exactly the request the live judge sends for that answer (the same system prompt, ``judge.j2`` and
JSON schema), so a collected result is read the same way. litellm is imported lazily, as everywhere in this package.
"""

from __future__ import annotations

import json
from typing import Any

from interviewer.config import Settings
from interviewer.judges.base import EngineFailure, TurnContext
from interviewer.judges.llm import budgets
from interviewer.judges.llm.judge import KNOWN_FLAGS
from interviewer.models import Assessment, DimensionEvidence


def provider_model(settings: Settings) -> tuple[str, str]:
    """(litellm provider, the model name the provider knows). Only OpenAI-compatible endpoints have a batch API
    that litellm reaches the same way for every server; anything else is one clear error."""
    model = settings.effective_judge_model or ""
    if model.startswith("openai/"):
        return "openai", model.split("/", 1)[1]
    if "/" not in model and model:
        return "openai", model
    raise EngineFailure(
        f"--provider-batch needs an OpenAI or OpenAI-compatible model (openai/..., optionally with --api-base); "
        f"{model or 'no model'} is not one. Use --concurrency for live calls instead."
    )


def _auth(settings: Settings) -> dict[str, Any]:
    from interviewer.judges.llm import LLMClient

    kw = LLMClient(settings, settings.effective_judge_model or "")._kwargs()
    return {k: kw[k] for k in ("api_base", "api_key") if k in kw}


def request_line(custom_id: str, ctx: TurnContext, answer: str, settings: Settings) -> str:
    """One JSONL line of the batch input: the live judge's request for this answer."""
    from interviewer.judges.llm import JudgeOutput, as_data, render_prompt, system_prompt
    from interviewer.judges.llm.structured import json_schema

    from interviewer.judges.offline.judge import question_of
    from interviewer.judges.offline.reference import prompt_reference

    _provider, model = provider_model(settings)
    user = render_prompt(  # as LLMJudge.assess_async renders it
        "judge.j2", question=ctx.question or "(your answer)", reference=prompt_reference(question_of(ctx)), prompt=None,
        dimensions=ctx.dimensions or [], schema=None, answer=as_data(answer),
    )
    body = {
        "model": model,
        "messages": [
            {"role": "system", "content": system_prompt(ctx.persona, ctx.rubric, ctx.session.minutes)},
            {"role": "user", "content": user},
        ],
        "temperature": 0.0,
        "max_tokens": budgets.judge(len(ctx.dimensions or []), settings.judge_max_tokens),  # as the live judge asks
        "response_format": {"type": "json_schema", "json_schema": {"name": "answer_assessment", "schema": json_schema(JudgeOutput), "strict": False}},
    }
    return json.dumps({"custom_id": custom_id, "method": "POST", "url": "/v1/chat/completions", "body": body})


async def _call(fn_name: str, settings: Settings, **kw: Any) -> Any:
    from interviewer.judges.llm import _litellm, describe_failure, redact

    litellm = _litellm()
    provider, _ = provider_model(settings)
    try:
        return await getattr(litellm, fn_name)(custom_llm_provider=provider, **_auth(settings), **kw)
    except EngineFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - named, redacted, one line
        reason, _ = describe_failure(exc, settings.effective_judge_model or "")
        raise EngineFailure(redact(f"the batch API call failed: {reason}", settings)) from None


async def submit(settings: Settings, lines: list[str], metadata: dict[str, str] | None = None) -> str:
    """Upload the requests and start the batch; returns the provider's batch id."""
    data = ("\n".join(lines) + "\n").encode("utf-8")
    f = await _call("acreate_file", settings, file=("interviewer-batch.jsonl", data, "application/jsonl"), purpose="batch")
    b = await _call("acreate_batch", settings, completion_window="24h", endpoint="/v1/chat/completions",
                    input_file_id=f.id, metadata=metadata or {})
    return str(b.id)


async def status(settings: Settings, batch_id: str) -> dict[str, Any]:
    b = await _call("aretrieve_batch", settings, batch_id=batch_id)
    counts = getattr(b, "request_counts", None)
    return {
        "status": str(b.status),
        "output_file_id": getattr(b, "output_file_id", None),
        "error_file_id": getattr(b, "error_file_id", None),
        "total": getattr(counts, "total", 0) if counts else 0,
        "completed": getattr(counts, "completed", 0) if counts else 0,
        "failed": getattr(counts, "failed", 0) if counts else 0,
    }


async def download(settings: Settings, file_id: str) -> bytes:
    content = await _call("afile_content", settings, file_id=file_id)
    data = getattr(content, "content", content)
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def assessment(body: dict, answer: str, ctx: TurnContext, engine: str) -> Assessment:
    """Read one collected response as the live judge reads its reply (quotes checked verbatim; dimensions the model
    left out are read by the offline judge)."""
    from interviewer.judges.llm import JudgeOutput, parse_json_reply, verify_quotes

    try:
        text = body["choices"][0]["message"]["content"] or ""
    except (KeyError, IndexError, TypeError):
        raise EngineFailure("the batch returned a malformed response") from None
    try:
        out: JudgeOutput = parse_json_reply(text, JudgeOutput)  # type: ignore[assignment]
    except ValueError as exc:
        raise EngineFailure(f"the batch reply was not valid: {exc}") from None
    dims = ctx.dimensions or []
    by_id = {d.id: d for d in out.dimensions}
    result = Assessment(engine=engine, words=len(answer.split()))
    missing = [d for d in dims if d not in by_id]
    if missing:
        from interviewer.judges.offline import OfflineJudge

        result.dimensions.update(OfflineJudge().assess(answer, ctx.rubric, missing).dimensions)
    for dim_id in dims:
        jd = by_id.get(dim_id)
        if jd is None:
            continue
        quotes, dropped = verify_quotes(jd.quotes, [answer])
        result.dropped_quotes += dropped
        result.dimensions[dim_id] = DimensionEvidence(
            dimension=dim_id, present=jd.present and jd.level >= 2, level=jd.level, quotes=quotes[:2],
            notes=[jd.missing] if jd.missing else [],
        )
    result.flags = sorted({f for f in out.flags if f in KNOWN_FLAGS})
    return result
