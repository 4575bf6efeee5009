"""Each new round (ml-depth, case-study, ml-coding) scored by the LLM engine: a scripted candidate rehearsed through
the real litellm code against the local fake OpenAI server, with the report written. The judge is sent the round's
rubric dimensions and the question's reference (key points and red flags), and every dimension of the report is the
model's reading (the fake server scores them) or, for coding correctness, the hidden tests' verdict."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from interviewer import engines, services
from interviewer.catalog import load_catalog
from interviewer.config import Settings
from interviewer.store import SessionStore
from tests.llm_helpers import role_of

DATA = Path(__file__).parent / "data"
SCRIPTS = {
    "ml-depth": DATA / "scripts" / "ml-depth-average.yaml",
    "case-study": DATA / "scripts" / "case-study-average.yaml",
    "ml-coding": DATA / "coding" / "scripts" / "ml-coding-average.yaml",
}


@pytest.mark.parametrize("round_id", sorted(SCRIPTS))
def test_the_round_is_scored_by_the_llm_engine_and_reported(server, tmp_path, round_id):
    server.reset()
    catalog = load_catalog(include_user=False)
    rubric = catalog.rubric_for(catalog.persona(round_id))
    eng = engines.select(settings=Settings(model="openai/fake-model", api_base=server.url, timeout=5.0, retries=1))
    store = SessionStore(tmp_path / "home")
    res = asyncio.run(services.rehearse(services.load_script(SCRIPTS[round_id]), store=store, catalog=catalog, **eng))

    report = res.report
    assert report.engine == "llm:openai/fake-model" and report.fallbacks.count == 0
    assert [d.id for d in report.dimensions] == rubric.ids and all(1 <= d.score <= 4 for d in report.dimensions)
    written = json.loads(res.report_paths["json"].read_text())
    assert written["engine"] == report.engine and written["overall"] == report.overall
    assert {"md", "html", "json"} <= set(res.report_paths)

    roles = [role_of(r.json) for r in server.completions]
    assert "judge" in roles and "grader" in roles  # the model read the answers and wrote the grade
    judged = "\n".join(m.get("content") or "" for r in server.completions if role_of(r.json) == "judge" for m in r.json["messages"])
    first = catalog.persona(round_id).questions[0] if round_id != "ml-coding" else None
    for dim in rubric.dimensions:
        assert dim.id in judged or dim.name in judged, dim.id
    if first is not None and first.red_flags:  # the misconceptions the model is told should cost
        assert first.red_flags[0].text in judged and first.key_points[0].text in judged
    if round_id == "ml-coding":
        assert "[Hidden test results]" in judged and report.coding and report.coding[0].tests
