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


@pytest.fixture
def litellm_globals():
    import litellm

    saved = {k: getattr(litellm, k, None) for k in ("drop_params", "suppress_debug_info")}
    yield
    llm_router._router.cache_clear()
    for k, v in saved.items():
        setattr(litellm, k, v)


def _input(path, n):
    path.write_text("".join(json.dumps({"id": f"r{i}", "persona": "behavioral", "answer": f"{ANSWER} ({i})"}) + "\n" for i in range(n)))


def test_a_router_spreads_calls_over_its_deployments(tmp_home, tmp_path, catalog, litellm_globals):
    with FakeOpenAI(default=_judge_only) as a, FakeOpenAI(default=_judge_only) as b:
        _config(tmp_home, f"""
model = "router/judges"
[router]
routing_strategy = "simple-shuffle"
num_retries = 0
[[router.model_list]]
model_name = "judges"
litellm_params = {{ model = "openai/fake-model", api_base = "{a.url}", api_key = "sk-a-fake" }}
[[router.model_list]]
model_name = "judges"
litellm_params = {{ model = "openai/fake-model", api_base = "{b.url}", api_key = "sk-b-fake" }}
""")
        eng = engines.select(settings=Settings(model="router/judges", timeout=5.0, retries=0))
        inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
        _input(inp, 24)
        stats = asyncio.run(run_batch(inp, out, concurrency=4, catalog=catalog, judge=eng["judge"]))
        assert stats.done == 24
        assert len(a.completions) + len(b.completions) == 24
        assert a.completions and b.completions  # both deployments served (a 1-in-8-million chance of a false failure)
        keys = {r.headers.get("authorization") for r in a.completions} | {r.headers.get("authorization") for r in b.completions}
        assert keys == {"Bearer sk-a-fake", "Bearer sk-b-fake"}  # each deployment with its own key


def test_a_router_falls_back_when_a_group_fails(tmp_home, tmp_path, catalog, litellm_globals):
    with FakeOpenAI(default=Reply.error(503, "down")) as down, FakeOpenAI(default=_judge_only) as backup:
        _config(tmp_home, f"""
[router]
num_retries = 0
fallbacks = [{{ primary = ["backup"] }}]
[[router.model_list]]
model_name = "primary"
litellm_params = {{ model = "openai/fake-model", api_base = "{down.url}", api_key = "sk-fake" }}
[[router.model_list]]
model_name = "backup"
litellm_params = {{ model = "openai/fake-model", api_base = "{backup.url}", api_key = "sk-fake" }}
""")
        eng = engines.select(settings=Settings(model="router/primary", timeout=5.0, retries=0))
        inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
        _input(inp, 5)
        stats = asyncio.run(run_batch(inp, out, concurrency=2, catalog=catalog, judge=eng["judge"]))
        assert stats.done == 5 and stats.failed == 0
        assert down.completions and len(backup.completions) == 5
        rows = [json.loads(x) for x in out.read_text().splitlines()]
        assert all(r["overall"] == 3.0 for r in rows)


def test_a_router_model_without_a_router_table_is_one_clear_error(tmp_home, litellm_globals):
    _config(tmp_home, 'model = "router/judges"\n')
    with pytest.raises(ValueError, match="no \\[\\[router.model_list\\]\\]"):
        llm_router.get_router()
