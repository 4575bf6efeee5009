"""`review --batch --provider-batch` and `review --collect` through litellm's files and batches calls, against the
fake server's OpenAI-compatible Files and Batches endpoints (tests/fakebatch.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.fakeopenai import FakeOpenAI, Reply
from tests.llm_helpers import judge_reply, role_of

ANSWER = (
    "At my last company I owned the billing service. The invoice job timed out for 8% of customers; I profiled it, "
    "found an N+1 query and rewrote it as one batched query. Run time fell from 40 minutes to 3."
)


def _cli(args, env):
    return subprocess.run([sys.executable, "-m", "interviewer", *args], capture_output=True, text=True, env=env, timeout=300)


def test_submit_then_collect_later(tmp_home, tmp_path):
    inp, out = tmp_path / "answers.jsonl", tmp_path / "results.jsonl"
    lines = [json.dumps({"id": f"p{i}", "persona": "behavioral", "question": "A hard problem", "answer": f"{ANSWER} ({i})"}) for i in range(6)]
    lines.append(json.dumps({"id": "empty", "persona": "behavioral", "answer": ""}))
    inp.write_text("\n".join(lines) + "\n")

    def responder(req):
        if "(5)" in json.dumps(req.get("messages")):
            return Reply.error(500, "the fake model failed on this one")
        return json.dumps(judge_reply(req)) if role_of(req) == "judge" else "OK"

    env = tmp_home.env(OPENAI_API_KEY="sk-fake-key-for-tests", LITELLM_LOCAL_MODEL_COST_MAP="True")
    with FakeOpenAI(default=responder) as server:
        model = ["--model", "openai/fake-model", "--api-base", server.url]
        sub = _cli(["review", "--batch", str(inp), "-o", str(out), "--provider-batch", *model], env)
        assert sub.returncode == 0, sub.stderr
        batch_id = sub.stdout.strip()
        assert batch_id.startswith("batch_") and f"review --collect {batch_id}" in sub.stderr
        assert not server.completions  # nothing went through live chat completions
        sent = server.batch_lines
        assert len(sent) == 6 and all(role_of(body) == "judge" for _cid, body in sent)
        assert all(body["response_format"]["type"] == "json_schema" and body["model"] == "fake-model" for _c, body in sent)
        assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["empty"]  # unusable now, not sent

        pending = _cli(["review", "--collect", batch_id], env)  # the provider is still working on it
        assert pending.returncode == 3 and "in_progress" in pending.stderr
        done = _cli(["review", "--collect", batch_id], env)
        assert done.returncode == 1 and "5 scored, 1 failed" in done.stderr, done.stderr
        rows = {json.loads(x)["id"]: json.loads(x) for x in out.read_text().splitlines()}
        assert sorted(rows) == sorted([f"p{i}" for i in range(6)] + ["empty"])
        assert all(rows[f"p{i}"]["overall"] == 3.0 and rows[f"p{i}"]["error"] is None for i in range(5))
        assert rows["p5"]["error"].startswith("the model failed") and rows["p5"]["overall"] is None
        assert rows["p0"]["engine"] == "llm:openai/fake-model (batch)"

        again = _cli(["review", "--collect", batch_id], env)  # collecting twice writes nothing twice
        assert again.returncode == 0 and len(out.read_text().splitlines()) == 7
        resubmit = _cli(["review", "--batch", str(inp), "-o", str(out), "--provider-batch", *model], env)
        assert resubmit.returncode == 0 and "Nothing to submit" in resubmit.stderr and len(server.batch_lines) == 6

    unknown = _cli(["review", "--collect", "batch_nope", "--model", "openai/fake-model"], env)
    assert unknown.returncode == 1 and "no submitted batch 'batch_nope'" in unknown.stderr
    other = _cli(["review", "--batch", str(inp), "-o", str(tmp_path / "o2.jsonl"), "--provider-batch", "--model", "anthropic/claude-3-5-haiku-latest"], env)
    assert other.returncode == 1 and "OpenAI-compatible" in other.stderr
