"""The coding round through the LLM engine (the real litellm code against the local fake server): the model judge
reads the code and the test table, and correctness stays the tests' verdict whatever the model says."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path


from interviewer import engines, services
from interviewer.config import Settings
from interviewer.store import SessionStore
from tests.llm_helpers import role_of

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
SCRIPTS = Path(__file__).parent / "data" / "coding" / "scripts"


def test_the_llm_judge_reads_code_and_tests_and_correctness_comes_from_the_tests(server, tmp_path):
    settings = Settings(model="openai/fake-model", api_base=server.url, timeout=5.0, retries=1)
    eng = engines.select(settings=settings)
    script = services.load_script(SCRIPTS / "ml-coding-weak.yaml")
    res = asyncio.run(services.rehearse(script, store=SessionStore(tmp_path / "home"), **eng))
    judged = [r.json for r in server.completions if role_of(r.json) == "judge"]
    sent = "\n".join(m.get("content") or "" for r in judged for m in r["messages"])
    assert "[The candidate's code]" in sent and "def ema(events, half_life):" in sent
    assert "[Hidden test results]" in sent and "empty stream: error" in sent
    # the fake model scores every dimension 3; the tests say the weak code mostly fails
    scores = {d.id: d.score for d in res.report.dimensions}
    assert scores["correctness"] <= 2
    assert res.report.engine.startswith("llm:")
    assert res.report.coding and res.report.coding[0].tests
