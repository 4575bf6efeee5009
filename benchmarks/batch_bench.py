"""Batch review against the local fake OpenAI server (tests/fakeopenai.py): no network, no key.

- 1,000 answers, 0.5 s per model call, concurrency 16: the batch should take about 1000 * 0.5 / 16 = 31.25 s, plus at
  most 10%. The CLI runs under a pseudo-terminal, so its progress bar is drawn the whole time (as a user sees it).
  Timed by the command itself (its summary line) and, for reference, as the whole process (start-up, the one-time
  litellm import and the model check included).
- Memory: peak RSS of the process for 100 and for 1,000 answers (flat means about the same).
- A rerun after a kill: a run killed part-way, then the same command again; it must send only the answers that were
  not in the output yet.

    python benchmarks/batch_bench.py            # prints the rows
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

DELAY = 0.5
ANSWER = (
    "At my last company I owned the billing service. In May the invoice job started timing out for 8% of customers, "
    "two weeks before quarter end. I profiled it myself, found an N+1 query and rewrote it as one batched query with "
    "an index; run time fell from 40 minutes to 3 and no invoice was late. I learned to profile before guessing."
)


class _Server:
    """The fake server with a judge that takes DELAY seconds per call; counts the judge calls per answer id."""

    def __init__(self) -> None:
        from tests.fakeopenai import FakeOpenAI, Reply
        from tests.llm_helpers import judge_reply, role_of

        self.calls: list[str] = []
        lock = threading.Lock()

        def responder(req):
            if role_of(req) != "judge":
                return "OK"
            m = re.search(r"\[answer (\w+)\]", json.dumps(req.get("messages")))
            with lock:
                self.calls.append(m.group(1) if m else "?")
            return Reply(text=json.dumps(judge_reply(req)), delay=DELAY)

        self.srv = FakeOpenAI(default=responder).start()

    def stop(self) -> None:
        self.srv.stop()


def _input(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"b{i}", "persona": "behavioral", "question": "Tell me about a hard problem",
                                 "answer": f"{ANSWER} [answer b{i}]"}) + "\n")


def _env(home: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTERVIEWER_") and not k.endswith("_API_KEY")}
    env.update(INTERVIEWER_HOME=str(home / "data"), INTERVIEWER_CONFIG_DIR=str(home / "config"),
               OPENAI_API_KEY="sk-bench-fake", LITELLM_LOCAL_MODEL_COST_MAP="True", NO_PROXY="127.0.0.1,localhost",
               no_proxy="127.0.0.1,localhost", TERM="xterm")
    return env


def run_cli_tty(args: list[str], env: dict[str, str], kill_after_lines: tuple[Path, int] | None = None) -> dict:
    """Run the CLI with stderr on a pseudo-terminal (so the progress bar draws); wall time, peak RSS and stderr."""
    import pty

    master, slave = pty.openpty()
    cmd = [sys.executable, "-m", "interviewer", *args]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, cwd=str(ROOT))
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:  # a pty has a small buffer: read it all the time or the bar blocks the child
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    killed = False
    if kill_after_lines:
        out, lines = kill_after_lines
        while proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= lines:
                proc.kill()
                killed = True
                break
            time.sleep(0.02)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    reader.join(timeout=5)
    os.close(master)
    text = b"".join(chunks).decode("utf-8", errors="replace")
    m = re.search(r"in ([\d.]+) s ->", text)
    return {"wall": wall, "batch": float(m.group(1)) if m else None, "rss_mb": usage.ru_maxrss / 1024,
            "cpu": usage.ru_utime + usage.ru_stime,
            "stderr": text, "rc": proc.returncode, "killed": killed, "bar_draws": text.count("\r[")}


def cpu_per_answer(n: int = 96, wrapper: bool = False) -> dict:
    """CPU of the client's event-loop thread per answer (the fake server's threads are not counted), batch review
    in-process with concurrency 16. ``wrapper``: read the streams through litellm's stream wrapper (the way before
    this change) instead of straight from the server-sent events."""
    import asyncio
    import contextlib
    from unittest import mock

    from interviewer import engines
    from interviewer.batch import run_batch
    from interviewer.config import Settings
    from interviewer.judges.llm import chunks

    server = _Server()
    try:
        with tempfile.TemporaryDirectory(prefix="batch-cpu-") as tmp:
            home = Path(tmp)
            eng = engines.select(settings=Settings(model="openai/fake-model", api_base=server.srv.url, max_concurrency=16))
            _input(home / "warm.jsonl", 4)
            asyncio.run(run_batch(home / "warm.jsonl", home / "warm-out.jsonl", concurrency=4, judge=eng["judge"]))
            _input(home / "in.jsonl", n)
            patch = mock.patch.object(chunks, "_openai_response", lambda resp: None) if wrapper else contextlib.nullcontext()
            with patch:
                c0, t0 = time.thread_time(), time.perf_counter()
                stats = asyncio.run(run_batch(home / "in.jsonl", home / "out.jsonl", concurrency=16, judge=eng["judge"]))
                cpu, wall = time.thread_time() - c0, time.perf_counter() - t0
    finally:
        server.stop()
    return {"n": n, "done": stats.done, "cpu_ms": 1000 * cpu / n, "wall": wall}


def batch_rows() -> list[dict]:
    """The rows as dicts (name, value, unit, target, passed, note)."""
    rows = []
    before, after = cpu_per_answer(wrapper=True), cpu_per_answer()
    rows.append(dict(
        name="Batch review: client CPU per answer (event-loop thread, 96 answers, concurrency 16)",
        value=round(after["cpu_ms"], 1), unit="ms", target="report", passed=None,
        note=f"baseline, same run: {before['cpu_ms']:.1f} ms through litellm's stream wrapper (wall {before['wall']:.1f} s "
             f"vs {after['wall']:.1f} s); after: server-sent events read directly, a network read at a time "
             f"(chunks.text_batches), JSON schemas cached",
    ))
    server = _Server()
    try:
        with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
            home = Path(tmp)
            env = _env(home, server.srv.url)
            base = ["--model", "openai/fake-model", "--api-base", server.srv.url, "-c", "16"]
            runs = {}
            for n in (100, 1000):
                inp, out = home / f"in{n}.jsonl", home / f"out{n}.jsonl"
                _input(inp, n)
                before = len(server.calls)
                r = run_cli_tty(["review", "--batch", str(inp), "-o", str(out), *base], env)
                if r["rc"] != 0:
                    raise RuntimeError(f"batch of {n} exited {r['rc']}: {r['stderr'][-300:]}")
                r["calls"] = len(server.calls) - before
                r["lines"] = out.read_text().count("\n")
                runs[n] = r
            big = runs[1000]
            ideal = 1000 * DELAY / 16
            rows.append(dict(
                name="Batch review: 1,000 answers, 0.5 s/call, concurrency 16 (batch time)", value=round(big["batch"], 2),
                unit="s", target=f"<= {ideal * 1.1:.2f} s", passed=big["batch"] <= ideal * 1.1,
                note=f"ideal {ideal:.2f} s; CLI process CPU {big['cpu']:.1f} s; whole process {big['wall']:.1f} s incl. start-up, litellm import and model "
                     f"check; {big['calls']} model calls, {big['lines']} output lines, progress bar drawn {big['bar_draws']} times",
            ))
            small = runs[100]
            ratio = big["rss_mb"] / small["rss_mb"]
            rows.append(dict(
                name="Batch review: peak RSS, 1,000 vs 100 answers", value=round(ratio, 2), unit="x", target="<= 1.1 x",
                passed=ratio <= 1.1, note=f"{big['rss_mb']:.0f} MB vs {small['rss_mb']:.0f} MB",
            ))
            # a kill part-way, then the same command again
            inp, out = home / "in-kill.jsonl", home / "out-kill.jsonl"
            _input(inp, 300)
            args = ["review", "--batch", str(inp), "-o", str(out), *base]
            first = run_cli_tty(args, env, kill_after_lines=(out, 100))
            done = {json.loads(x)["id"] for x in out.read_text().splitlines() if x.endswith("}")}
            before = len(server.calls)
            again = run_cli_tty(args, env)
            resent = server.calls[before:]
            ids = [json.loads(x)["id"] for x in out.read_text().splitlines()]
            extra = len(set(resent) & done)
            rows.append(dict(
                name="Batch review: rerun after a kill, answers sent again that were already done", value=extra, unit="",
                target="= 0", passed=extra == 0 and sorted(ids) == sorted(f"b{i}" for i in range(300)) and again["rc"] == 0,
                note=f"killed={first['killed']} with {len(done)}/300 done; rerun sent {len(resent)} "
                     f"(= the {300 - len(done)} left); output has {len(ids)} lines, {len(set(ids))} ids",
            ))
    finally:
        server.stop()
    return rows


if __name__ == "__main__":
    for row in batch_rows():
        print(row)
