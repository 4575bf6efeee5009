"""Which judge, voice and grader a command uses: the offline engine, or an LLM through litellm."""

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
) -> dict[str, Any]:
    if offline or not model:
        if announce:
            announce(OFFLINE_NOTICE)
        return {}
    raise ValueError("LLM engines are not available yet")
