"""Scaling through a litellm Router configured in config.toml: load-balanced deployments and fallbacks, through the
real litellm Router against two local fake servers."""

from __future__ import annotations

import asyncio
import json

import pytest

from interviewer import engines
from interviewer.batch import run_batch
from interviewer.config import Settings
from interviewer.judges.llm import router as llm_router
from tests.fakeopenai import FakeOpenAI, Reply
from tests.llm_helpers import judge_reply, role_of

ANSWER = "I owned the billing job; I found an N+1 query and rewrote it, cutting the run from 40 minutes to 3."


def _judge_only(req):
    return json.dumps(judge_reply(req)) if role_of(req) == "judge" else "OK"


def _config(tmp_home, text: str) -> None:
    (tmp_home.config / "config.toml").write_text(text, encoding="utf-8")
    llm_router._router.cache_clear()


def _deployments(tmp_home, router: str, *deployments: tuple[str, str, str]) -> None:
    """config.toml with a ``[router]`` table (``router``: its settings) and one deployment per (group, url, key)."""
    entries = "".join(
        f'[[router.model_list]]\nmodel_name = "{group}"\n'
        f'litellm_params = {{ model = "openai/fake-model", api_base = "{url}", api_key = "{key}" }}\n'
        for group, url, key in deployments
    )
    _config(tmp_home, f"[router]\nnum_retries = 0\n{router}\n{entries}")


@pytest.fixture
def litellm_globals():
    import litellm

    saved = {k: getattr(litellm, k, None) for k in ("drop_params", "suppress_debug_info")}
    yield
    llm_router._router.cache_clear()
    for k, v in saved.items():
        setattr(litellm, k, v)


@pytest.fixture
def routed_batch(tmp_path, catalog):
    """Score ``n`` answers through ``model`` (a router/ name) with batch review; (stats, output path)."""

    def run(model: str, n: int, concurrency: int):
        eng = engines.select(settings=Settings(model=model, timeout=5.0, retries=0))
        inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
        inp.write_text("".join(json.dumps({"id": f"r{i}", "persona": "behavioral", "answer": f"{ANSWER} ({i})"}) + "\n" for i in range(n)))
        return asyncio.run(run_batch(inp, out, concurrency=concurrency, catalog=catalog, judge=eng["judge"])), out

    return run


def test_a_router_spreads_calls_over_its_deployments(tmp_home, routed_batch, litellm_globals):
    with FakeOpenAI(default=_judge_only) as a, FakeOpenAI(default=_judge_only) as b:
        _deployments(tmp_home, 'routing_strategy = "simple-shuffle"', ("judges", a.url, "sk-a-fake"), ("judges", b.url, "sk-b-fake"))
        stats, _ = routed_batch("router/judges", 24, concurrency=4)
        assert stats.done == 24
        assert len(a.completions) + len(b.completions) == 24
        assert a.completions and b.completions  # both deployments served (a 1-in-8-million chance of a false failure)
        keys = {r.headers.get("authorization") for r in a.completions} | {r.headers.get("authorization") for r in b.completions}
        assert keys == {"Bearer sk-a-fake", "Bearer sk-b-fake"}  # each deployment with its own key


def test_a_router_falls_back_when_a_group_fails(tmp_home, routed_batch, litellm_globals):
    with FakeOpenAI(default=Reply.error(503, "down")) as down, FakeOpenAI(default=_judge_only) as backup:
        _deployments(tmp_home, 'fallbacks = [{ primary = ["backup"] }]', ("primary", down.url, "sk-fake"), ("backup", backup.url, "sk-fake"))
        stats, out = routed_batch("router/primary", 5, concurrency=2)
        assert stats.done == 5 and stats.failed == 0
        assert down.completions and len(backup.completions) == 5
        rows = [json.loads(x) for x in out.read_text().splitlines()]
        assert all(r["overall"] == 3.0 for r in rows)


def test_a_router_model_without_a_router_table_is_one_clear_error(tmp_home, litellm_globals):
    _config(tmp_home, 'model = "router/judges"\n')
    with pytest.raises(ValueError, match="no \\[\\[router.model_list\\]\\]"):
        llm_router.get_router()
