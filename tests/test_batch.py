"""Batch review: one output line per input id (even failures), resumable, bounded concurrency, a progress bar."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

import pytest

from interviewer import engines
from interviewer.batch import ProgressBar, done_ids, run_batch
from interviewer.config import Settings
from tests.fakeopenai import FakeOpenAI, Reply
from tests.llm_helpers import interview_responder, role_of

STORY = (
    "At my last company I owned the billing service. In May our invoice job started timing out for 8% of customers. "
    "My task was to fix it before month end. I profiled the job myself, found an N+1 query, and rewrote it as one "
    "batched query with an index. Run time fell from 40 minutes to 3 and no invoice was late. I learned to profile "
    "before guessing, and I now add a query count check to our tests."
)


def _write_input(path: Path, n: int, extra: list[str] | None = None) -> list[str]:
    lines = [
        json.dumps({"id": f"a{i}", "persona": "behavioral", "question": "Tell me about a hard problem you solved", "answer": STORY})
        for i in range(n)
    ]
    lines += extra or []
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def _out(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_offline_batch_writes_one_line_per_id_even_for_bad_lines(tmp_path, catalog):
    inp, out = tmp_path / "answers.jsonl", tmp_path / "results.jsonl"
    bad = [
        "{not json",
        json.dumps({"id": "no-answer", "persona": "behavioral", "question": "q"}),
        json.dumps({"id": "who", "persona": "astrologer", "question": "q", "answer": STORY}),
        json.dumps({"persona": "behavioral", "answer": STORY}),
        json.dumps({"id": "a0", "persona": "behavioral", "answer": "a duplicate id"}),
    ]
    _write_input(inp, 12, bad)
    stats = asyncio.run(run_batch(inp, out, concurrency=4, catalog=catalog))
    rows = _out(out)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == 12 + 4  # the duplicate a0 is not scored twice
    assert stats.duplicates == 1 and stats.done == 12 and stats.failed == 4
    by_id = {r["id"]: r for r in rows}
    for i in range(12):
        r = by_id[f"a{i}"]
        assert r["error"] is None and 1 <= r["overall"] <= 4 and r["recommendation"] and r["dimensions"]
        assert set(r) == {"id", "overall", "recommendation", "dimensions", "engine", "error"}
    assert "is not JSON" in by_id["line-13"]["error"] and "no 'id'" in by_id["line-16"]["error"]
    assert "no answer" in by_id["no-answer"]["error"]
    assert "unknown persona 'astrologer'" in by_id["who"]["error"]
    assert by_id["who"]["overall"] is None and by_id["who"]["dimensions"] == {}
    # the same answer scores the same in a batch as with `review`
    from interviewer.services import review

    report, _ = review(STORY, persona_id="behavioral", question="Tell me about a hard problem you solved", catalog=catalog)
    assert by_id["a3"]["overall"] == report.overall
    # a rerun has nothing left to do
    again = asyncio.run(run_batch(inp, out, concurrency=4, catalog=catalog))
    assert again.done == again.failed == 0 and again.skipped == 16
    assert len(_out(out)) == 16


def test_a_line_cut_off_by_a_kill_is_redone_and_errors_can_be_retried(tmp_path, catalog):
    inp, out = tmp_path / "answers.jsonl", tmp_path / "results.jsonl"
    _write_input(inp, 5, [json.dumps({"id": "who", "persona": "astrologer", "answer": STORY})])
    asyncio.run(run_batch(inp, out, concurrency=2, catalog=catalog))
    data = out.read_bytes()
    out.write_bytes(data[: data.rfind(b"\n", 0, len(data) - 1) + 1] + b'{"id": "a4", "overa')  # last line half written
    ids_before = done_ids(out)
    assert len(ids_before) == 5 and out.read_bytes().endswith(b"\n")
    stats = asyncio.run(run_batch(inp, out, concurrency=2, catalog=catalog))
    assert stats.done + stats.failed == 1
    assert sorted(r["id"] for r in _out(out)) == sorted(["a0", "a1", "a2", "a3", "a4", "who"])
    retry = asyncio.run(run_batch(inp, out, concurrency=2, catalog=catalog, retry_errors=True))
    assert retry.failed == 1 and retry.done == 0  # the unknown persona is tried again (and fails again)
    assert len(_out(out)) == 6


def test_the_progress_bar_counts_to_the_end(tmp_path, catalog):
    inp, out = tmp_path / "answers.jsonl", tmp_path / "results.jsonl"
    _write_input(inp, 7)
    stream = io.StringIO()
    bar = ProgressBar(0, stream=stream, enabled=True)
    asyncio.run(run_batch(inp, out, concurrency=3, catalog=catalog, progress=bar))
    text = stream.getvalue()
    assert "7/7" in text and "100%" in text and text.endswith("\n")
    quiet = io.StringIO()  # not a terminal: no bar at all
    assert ProgressBar(3, stream=quiet).enabled is False


@pytest.fixture
def litellm_globals():
    """The LLM package sets litellm-wide switches (drop_params, ...) on first use: put them back for later tests."""
    import litellm

    saved = {k: getattr(litellm, k, None) for k in ("drop_params", "suppress_debug_info")}
    yield
    for k, v in saved.items():
        setattr(litellm, k, v)


def _judge(server: FakeOpenAI):
    settings = Settings(model="openai/fake-model", api_base=server.url, timeout=5.0, retries=0)
    return engines.select(settings=settings)["judge"]


def test_model_batch_makes_one_call_per_answer_and_never_repeats_one(tmp_path, catalog, litellm_globals):
    inp, out = tmp_path / "answers.jsonl", tmp_path / "results.jsonl"
    _write_input(inp, 10)
    calls: list[str] = []
    failing: list[str] = []

    def responder(req):
        text = json.dumps(req.get("messages", [])[-1].get("content", ""))
        if "a failing answer" in text:
            failing.append(role_of(req))
            return Reply.error(400, "the fake model rejects this one")
        calls.append(role_of(req))
        return interview_responder(req)

    with FakeOpenAI(default=responder) as server:
        judge = _judge(server)
        stats = asyncio.run(run_batch(inp, out, concurrency=4, catalog=catalog, judge=judge))
        assert stats.done == 10 and calls.count("judge") == 10 and len(calls) == 10
        rows = _out(out)
        assert all(r["engine"] == "llm:openai/fake-model" and r["error"] is None for r in rows)
        assert all(r["overall"] == 3.0 for r in rows)  # the fake judge says level 3 everywhere
        # a rerun with two new answers (one the model rejects) sends exactly those two
        with inp.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"id": "new", "persona": "behavioral", "answer": STORY}) + "\n")
            fh.write(json.dumps({"id": "bad", "persona": "behavioral", "answer": STORY + " a failing answer"}) + "\n")
        stats = asyncio.run(run_batch(inp, out, concurrency=4, catalog=catalog, judge=judge))
        assert stats.skipped == 10 and stats.done == 1 and stats.failed == 1
        assert calls == ["judge"] * 11 and failing  # the ten scored answers were not sent again
        bad = {r["id"]: r for r in _out(out)}["bad"]
        assert bad["error"].startswith("the model failed") and bad["overall"] is None
