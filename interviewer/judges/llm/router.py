"""Scaling through litellm's Router: several deployments or keys behind one name, load-balanced, with fallbacks.

Configure it in ``config.toml`` and pick it with ``model = "router/<model_name>"`` (or ``--model router/<name>``)::

    model = "router/judges"

    [router]
    routing_strategy = "simple-shuffle"        # or "least-busy", "usage-based-routing-v2", "latency-based-routing"
    num_retries = 2
    fallbacks = [{ judges = ["backup"] }]      # when every "judges" deployment fails, try "backup"

    [[router.model_list]]
    model_name = "judges"
    litellm_params = { model = "openai/gpt-4o-mini", api_key = "os.environ/OPENAI_API_KEY" }

    [[router.model_list]]
    model_name = "judges"
    litellm_params = { model = "azure/gpt-4o-mini", api_base = "https://...", api_key = "os.environ/AZURE_API_KEY" }

    [[router.model_list]]
    model_name = "backup"
    litellm_params = { model = "anthropic/claude-3-5-haiku-latest" }

A LiteLLM proxy needs none of this: point ``api_base`` at it and use the proxy's model names. One Router per process,
built on first use (its load-balancing state lives in it). litellm is imported lazily, as everywhere in the LLM package.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

PREFIX = "router/"


def router_config() -> dict[str, Any]:
    """The ``[router]`` table of config.toml (also accepted as ``[interviewer.router]``); {} when there is none."""
    from interviewer.configfile import config_file, load_toml

    path = config_file()
    data = load_toml(path)
    section = data.get("interviewer", data).get("router", data.get("router", {}))
    if not isinstance(section, dict):
        raise ValueError(f"config file {path} is invalid: [router] must be a table")
    return section


@lru_cache(maxsize=1)
def _router(config_text: str):
    import json

    from interviewer.judges.llm import _litellm

    litellm = _litellm()
    cfg = json.loads(config_text)
    if not cfg.get("model_list"):
        raise ValueError("config.toml has no [[router.model_list]] entries for the router/ model")
    return litellm.Router(**cfg)


def get_router():
    import json

    return _router(json.dumps(router_config(), sort_keys=True))


def is_routed(model: str | None) -> bool:
    return bool(model and model.startswith(PREFIX))


async def acompletion(litellm, **kw: Any):
    """``litellm.acompletion``, or the Router's when the model is ``router/<name>``. The Router owns each
    deployment's server and key, so the client's own ``api_base``/``api_key`` are not passed to it."""
    model = kw.get("model") or ""
    if not is_routed(model):
        return await litellm.acompletion(**kw)
    router = get_router()
    kw = {k: v for k, v in kw.items() if k not in ("api_base", "api_key", "num_retries", "max_retries")}
    kw["model"] = model[len(PREFIX):]
    return await router.acompletion(**kw)
