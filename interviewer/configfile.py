"""The config file and a quick "is a model configured?" check, without pydantic-settings (~0.1 s to import),
so start-up paths such as ``review`` stay fast when no model is configured."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from interviewer.paths import user_config_dir

ENV_PREFIX = "INTERVIEWER_"


def config_file() -> Path:
    return user_config_dir() / "config.toml"


def load_toml(path: Path) -> dict[str, Any]:
    """The whole parsed config file ({} when there is none); a file that cannot be read or parsed is a ValueError
    naming it."""
    if not path.is_file():
        return {}
    import tomllib  # here: start-up paths ask only whether a model is set in the environment

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"config file {path} is invalid: {exc}") from None


def _read_toml(path: Path) -> dict[str, Any]:
    data = load_toml(path)
    # accept both a flat file and an [interviewer] table
    section = data.get("interviewer", data)
    if not isinstance(section, dict):
        raise ValueError(f"config file {path} is invalid: [interviewer] must be a table of settings")
    return {k.replace("-", "_"): v for k, v in section.items() if not isinstance(v, dict)}


# the environment names of the model settings, in the order Settings.effective_voice_model resolves them
MODEL_ENV = (ENV_PREFIX + "VOICE_MODEL", ENV_PREFIX + "MODEL", ENV_PREFIX + "JUDGE_MODEL")


def env_model() -> str | None:
    """The model the interviewer's voice would use, as far as the environment says (cheap: no settings import)."""
    for key in MODEL_ENV:
        value = os.environ.get(key, "").strip()
        if value:
            return value
    return None


def quick_model_configured(cli_model: str | None = None) -> bool:
    """Whether a model could be configured, without importing pydantic-settings (for fast start-up paths)."""
    if cli_model:
        return True
    if env_model():
        return True
    path = config_file()
    if not path.is_file():
        return False
    try:
        data = _read_toml(path)
    except ValueError:
        return True  # let the full loader report the problem
    return any(data.get(k) for k in ("model", "voice_model", "judge_model"))
