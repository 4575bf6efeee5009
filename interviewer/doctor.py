"""`interviewer doctor`: the effective configuration, where each value came from, and whether the model answers.

It never prints a key: only whether one is set.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time

PROVIDER_KEYS = [
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "GEMINI_API_KEY",
    "AZURE_API_KEY",
    "GROQ_API_KEY",
    "MISTRAL_API_KEY",
    "OPENROUTER_API_KEY",
    "TOGETHERAI_API_KEY",
    "INTERVIEWER_API_KEY",
]


def run(model: str | None, api_base: str | None, data_dir: str | None, check: bool = True, out=None) -> int:
    from interviewer.catalog import load_catalog
    from interviewer.config import config_file, describe_sources, load_settings
    from interviewer.paths import data_dir as resolve_data_dir
    from interviewer.paths import user_config_dir

    out = out or sys.stdout
    p = lambda s="": print(s, file=out)  # noqa: E731
    cli = {"model": model, "api_base": api_base}
    try:
        settings = load_settings(**cli)
    except Exception as exc:  # noqa: BLE001 - a broken config file or env value: say which
        p(f"Configuration error: {exc}")
        return 1
    cf = config_file()
    p("Configuration (command line > INTERVIEWER_* env > config file > default)")
    p(f"  config file: {cf} ({'found' if cf.is_file() else 'not found'})")
    src = "--data-dir" if data_dir else ("env INTERVIEWER_HOME" if os.environ.get("INTERVIEWER_HOME") else "default")
    p(f"  data dir:    {resolve_data_dir(data_dir)} ({src})")
    p(f"  personas:    {user_config_dir() / 'personas'} (your own, optional)")
    p("")
    rows = describe_sources(settings, cli)
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    for name, value, source in rows:
        p(f"  {name:<{w0}}  {value:<{w1}}  {source}")
    p("")
    keys = [(k, bool(os.environ.get(k))) for k in PROVIDER_KEYS]
    p("Provider keys in the environment (values are never shown):")
    p("  " + ", ".join(f"{k} {'set' if v else 'not set'}" for k, v in keys))
    p("")
    cat = load_catalog()
    p(f"Catalog: {len(cat.personas)} personas, {len(cat.rubrics)} rubrics" + (f", {len(cat.problems)} problem(s):" if cat.problems else ""))
    for prob in cat.problems:
        p(f"  skipped {prob}")
    p("")
    if not settings.llm_enabled:
        p("Engine: offline (no model configured). To use an LLM: --model openai/gpt-4o-mini, or INTERVIEWER_MODEL=...")
        return 0
    p(f"Engine: voice {settings.effective_voice_model}, judge and grader {settings.effective_judge_model}")
    if not check:
        return 0
    from interviewer.judges.base import EngineFailure
    from interviewer.judges.llm import preflight

    p("Checking that the model answers…")
    from interviewer.judges.llm import _litellm

    _litellm()  # the one-time import (seconds) is not the server's time: the figure below is the request alone
    t0 = time.perf_counter()
    try:
        models = asyncio.run(preflight(settings))
    except EngineFailure as exc:
        p(f"  FAILED: {exc.reason}")
        return 1
    p(f"  OK: {', '.join(models)} answered in {time.perf_counter() - t0:.1f} s")
    return 0
