"""Settings: defaults < ``config.toml`` in the user config dir < ``INTERVIEWER_*`` env vars < CLI flags.

Provider keys follow litellm's own conventions (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...); ``INTERVIEWER_API_KEY`` is
an optional key for a generic OpenAI-compatible server. No key is ever printed, logged or written to disk.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from interviewer.configfile import ENV_PREFIX, _read_toml, config_file, quick_model_configured  # noqa: F401


class _TomlSource(PydanticBaseSettingsSource):
    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        self.data = _read_toml(config_file())

    def get_field_value(self, field, field_name):  # pragma: no cover - __call__ is used
        return self.data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in self.data.items() if k in self.settings_cls.model_fields}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    model: str | None = Field(default=None, description="litellm model for everything (e.g. openai/gpt-4o-mini)")
    voice_model: str | None = Field(default=None, description="model for the interviewer's words (default: model)")
    judge_model: str | None = Field(default=None, description="model for assessing answers and grading (default: model)")
    api_base: str | None = Field(default=None, description="base URL of an OpenAI-compatible server")
    api_key: SecretStr | None = Field(default=None, description="key for api_base, if it needs one")
    timeout: float = Field(default=60.0, gt=0, le=600, description="seconds to wait for a reply's first token")
    idle_timeout: float = Field(
        default=30.0, gt=0, le=600, description="seconds of silence between tokens before a reply counts as stalled (a model still writing is never cut off)"
    )
    judge_wait: float = Field(
        default=0.0, ge=0, le=600,
        description="seconds to wait for the model's reading of an answer before choosing the next move (0: the offline judge's instant reading decides; the model's arrives in the background)",
    )
    breaker_failures: int = Field(default=3, ge=1, le=20, description="connection failures in a row before the session goes offline for a while")
    breaker_cooloff: float = Field(default=60.0, gt=0, le=3600, description="seconds offline before the model is tried again")
    preflight_timeout: float = Field(default=15.0, gt=0, le=120, description="seconds for the start-up check")
    retries: int = Field(default=2, ge=0, le=6, description="retries after a refused connection, a 429 or a 5xx (never after a timeout: the server may still be working)")
    temperature: float = Field(default=0.7, ge=0, le=2, description="voice temperature (the judge uses 0)")
    concurrency: int = Field(default=4, ge=1, le=16, description="grading calls in flight at once")
    max_concurrency: int | None = Field(
        default=None, ge=1, le=256,
        description="requests in flight at once to the model server (default: 1 for a server on this machine, such as llama.cpp or Ollama, which serves one at a time; no limit for a remote API)",
    )
    history_turns: int = Field(default=6, ge=2, le=40, description="recent turns sent with each request")
    # upper limits; each request asks for what it needs (a few sentences, the judge's JSON for N dimensions, a grading)
    voice_max_tokens: int = Field(default=350, ge=32, le=4000)
    judge_max_tokens: int = Field(default=900, ge=64, le=8000)
    grade_max_tokens: int = Field(default=500, ge=64, le=8000)

    @field_validator("model", "voice_model", "judge_model", "api_base", mode="before")
    @classmethod
    def _blank_is_none(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings):
        return (init_settings, env_settings, _TomlSource(settings_cls))

    @property
    def llm_enabled(self) -> bool:
        return bool(self.model or self.voice_model or self.judge_model)

    @property
    def effective_voice_model(self) -> str | None:
        return self.voice_model or self.model or self.judge_model

    @property
    def effective_judge_model(self) -> str | None:
        return self.judge_model or self.model or self.voice_model


def load_settings(**cli: Any) -> Settings:
    """Settings with CLI overrides (None values are ignored). A bad value is one clear ValueError naming the setting
    and where settings come from; the offending value is never echoed (it could be a key)."""
    overrides = {k: v for k, v in cli.items() if v is not None}
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        from interviewer.catalog import format_validation

        raise ValueError(
            f"invalid setting: {format_validation(exc)} (from the command line, INTERVIEWER_* or {config_file()})"
        ) from None


def describe_sources(settings: Settings, cli: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(name, shown value, where it came from) for `interviewer doctor`. Secrets are never shown."""
    toml = _read_toml(config_file())
    rows = []
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if cli.get(name) is not None:
            src = "command line"
        elif os.environ.get(ENV_PREFIX + name.upper()) is not None:
            src = f"env {ENV_PREFIX}{name.upper()}"
        elif name in toml:
            src = f"config {config_file()}"
        else:
            src = "default"
        if isinstance(value, SecretStr) or name == "api_key":
            shown = "set (hidden)" if value is not None and value.get_secret_value() else "not set"
        else:
            shown = "-" if value is None else str(value)
        rows.append((name, shown, src))
    return rows
