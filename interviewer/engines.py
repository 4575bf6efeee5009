"""Which judge, voice and grader a command uses: the offline engine, or an LLM through litellm.

Nothing here imports litellm at module level; building the LLM engine doesn't either (the first request does).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

OFFLINE_NOTICE = (
    "Using the offline engine (no model configured). "
    "To use an LLM, pass --model (e.g. openai/gpt-4o-mini) or set INTERVIEWER_MODEL; see `interviewer doctor`."
)


def select(
    *,
    model: str | None = None,
    api_base: str | None = None,
    offline: bool = False,
    announce: Callable[[str], None] | None = None,
    settings=None,
) -> dict[str, Any]:
    """{} for the offline engine, else {"judge", "voice", "grader", "engine"} backed by the configured model(s)."""
    from interviewer.configfile import quick_model_configured

    if offline or (settings is None and not quick_model_configured(model)):
        if announce:
            announce(OFFLINE_NOTICE if not offline else "Using the offline engine (--offline).")
        return {}
    if settings is None:
        from interviewer.config import load_settings

        settings = load_settings(model=model, api_base=api_base)
    if not settings.llm_enabled:
        if announce:
            announce(OFFLINE_NOTICE)
        return {}
    from interviewer.judges.llm import LLMGrader, LLMJudge, LLMVoice

    voice, judge = LLMVoice(settings), LLMJudge(settings)
    grader = LLMGrader(settings, client=judge.client)  # one client: what format the model accepts is learned once
    if announce:
        models = sorted({voice.client.model, judge.client.model})
        where = f" at {settings.api_base}" if settings.api_base else ""
        announce(f"Using {' and '.join(models)}{where} (the offline engine takes over any turn the model fails).")
    return {"judge": judge, "voice": voice, "grader": grader, "engine": judge.name}


async def preflight(engine: dict[str, Any]) -> list[str]:
    """Check that the configured model(s) answer, before an interview starts. Raises EngineFailure."""
    if not engine:
        return []
    from interviewer.judges.llm import preflight as _preflight

    return await _preflight(engine["voice"].settings)
