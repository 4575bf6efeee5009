"""The start-up check: each configured model answers a tiny request before the interview starts."""

from __future__ import annotations

from interviewer.config import Settings
from interviewer.judges.base import EngineFailure
from interviewer.judges.llm import budgets
from interviewer.judges.llm.client import LLMClient, _litellm
from interviewer.judges.llm.prompts import render_prompt


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
            await quick.complete([{"role": "user", "content": render_prompt("preflight.j2")}], max_tokens=budgets.PREFLIGHT, temperature=0.0)
        except EngineFailure as exc:
            raise EngineFailure(f"{model}: {exc.reason}") from None
        seen.append(model)
    return seen
