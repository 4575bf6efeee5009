"""Which judge, voice and grader a command uses: the offline engine, or an LLM through litellm.

Nothing here imports litellm at module level; building the LLM engine doesn't either (the first request does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from interviewer.errors import UserError

if TYPE_CHECKING:  # the protocols only: importing judges.base (pydantic models) stays off the start-up path
    from interviewer.judges.base import DimensionScorer, Judge, Voice

OFFLINE_NOTICE = (
    "Using the offline engine (no model configured). "
    "To use an LLM, pass --model (e.g. openai/gpt-4o-mini) or set INTERVIEWER_MODEL; see `interviewer doctor`."
)


@dataclass(frozen=True)
class EngineSet:
    """The engine of one command or interview. All ``None`` (and falsy) means the offline engine.

    ``judge`` reads answers, ``voice`` speaks the interviewer's turns, ``grader`` writes the report; ``engine`` names
    them for the session record. Read-only ``eng["judge"]`` / ``eng.get("judge")`` access is kept for callers written
    against the former dict; new code uses the attributes.
    """

    judge: Judge | None = None
    voice: Voice | None = None
    grader: DimensionScorer | None = None
    engine: str = "offline"

    @classmethod
    def of(cls, value: EngineSet | Mapping[str, Any] | None) -> EngineSet:
        """An EngineSet from an EngineSet, a dict with the same keys (tests inject those), or None (offline)."""
        if isinstance(value, EngineSet):
            return value
        if not value:
            return OFFLINE
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise TypeError(f"unknown engine parts: {', '.join(sorted(unknown))}")
        return cls(**{k: v for k, v in value.items() if v is not None})

    @property
    def offline(self) -> bool:
        return self.judge is None and self.voice is None and self.grader is None

    def __bool__(self) -> bool:
        return not self.offline

    @property
    def settings(self):
        """The LLM settings behind the voice (or the judge), or None offline."""
        for part in (self.voice, self.judge, self.grader):
            s = getattr(part, "settings", None)
            if s is not None:
                return s
        return None

    # -- read-only mapping view (the former dict), for callers not yet moved to the attributes
    def keys(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) is not None] if self else []

    def __getitem__(self, key: str) -> Any:
        if key not in {f.name for f in fields(self)}:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        value = getattr(self, key, None) if key in {f.name for f in fields(self)} else None
        return default if value is None else value

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())


OFFLINE = EngineSet()


def select(
    *,
    model: str | None = None,
    api_base: str | None = None,
    offline: bool = False,
    announce: Callable[[str], None] | None = None,
    settings=None,
) -> EngineSet:
    """The offline EngineSet (falsy), or one backed by the configured model(s)."""
    from interviewer.configfile import quick_model_configured

    if offline or (settings is None and not quick_model_configured(model)):
        if announce:
            announce(OFFLINE_NOTICE if not offline else "Using the offline engine (--offline).")
        return OFFLINE
    if settings is None:
        from interviewer.config import load_settings

        settings = load_settings(model=model, api_base=api_base)
    if not settings.llm_enabled:
        if announce:
            announce(OFFLINE_NOTICE)
        return OFFLINE
    from interviewer.judges.llm import LLMGrader, LLMJudge, LLMVoice

    from interviewer.judges.llm.client import LLMClient, ServerHealth

    health = ServerHealth(settings.breaker_failures, settings.breaker_cooloff)  # one breaker per session's server
    voice = LLMVoice(settings, client=LLMClient(settings, settings.effective_voice_model or "", health))
    judge = LLMJudge(settings, client=LLMClient(settings, settings.effective_judge_model or "", health))
    grader = LLMGrader(settings, client=judge.client)  # one client: what format the model accepts is learned once
    if announce:
        models = sorted({voice.client.model, judge.client.model})
        where = f" at {settings.api_base}" if settings.api_base else ""
        announce(f"Using {' and '.join(models)}{where} (the offline engine takes over any turn the model fails).")
    return EngineSet(judge=judge, voice=voice, grader=grader, engine=judge.name)


async def preflight(engine: EngineSet | Mapping[str, Any]) -> list[str]:
    """Check that the configured model(s) answer, before an interview starts. Raises EngineFailure."""
    engine = EngineSet.of(engine)
    if not engine:
        return []
    from interviewer.judges.llm import preflight as _preflight

    return await _preflight(engine.settings)


def check(engine: EngineSet) -> None:
    """``preflight`` from synchronous code, as one clear UserError: a missing key or an unreachable server is named
    before any interview starts, rather than failing mid-interview."""
    if not engine:
        return
    import asyncio

    from interviewer.judges.base import EngineFailure

    try:
        asyncio.run(preflight(engine))
    except EngineFailure as exc:
        raise UserError(
            f"the model is not usable: {exc.reason}. Check `interviewer doctor`, or pass --offline to use the offline engine."
        ) from None
