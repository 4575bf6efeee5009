"""Soak: concurrent rehearsals on one data dir, a flaky model server, kill -9, resume. Nothing lost, one writer.

    python benchmarks/soak_bench.py [--rehearsals 8] [--seconds 60] [--kill-every 3]
    python benchmarks/run.py --only soak

Each rehearsal is a real `interviewer chat --plain` process (then `resume --plain` after each kill) on the same data
dir, talking to the fake OpenAI-compatible server of ``tests/fakeopenai.py``, which fails every 3rd request with a
500. Every few seconds one running rehearsal gets SIGKILL, and is resumed. Now and then a second process tries to
open a session that is running (it must be refused, naming the holder's pid). When the time is up every session is
resumed and ended (offline: the soak is about storage, and an offline ending needs no litellm import or model
call, so the run ends in a fraction of the time). Then:

* every *submitted* answer (one the chat went on from: its next status line appeared) is in its session file;
* no session file is corrupt;
* no session had two writers: no answer is stored twice, turn indices run 0..n-1, and every second opener was refused
  (it is refused before the model is loaded or checked, so the probe answers in about a second even on a busy machine).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

ANSWER = (
    "At my last company I owned the billing export. It failed for our largest customer, I traced it to a timezone "
    "bug, fixed it with a regression test, and the customer renewed. I learned to write the alert first."
)
SESSION_RE = re.compile(r"session (\S+)\s*$")


@dataclass
class Rehearsal:
    n: int
    sid: str | None = None
    proc: subprocess.Popen | None = None
    sent: list[str] = field(default_factory=list)  # answers written to the chat's stdin
    acked: list[str] = field(default_factory=list)  # answers the chat went on from (the next status line appeared)
    pending: str | None = None  # written, not acknowledged yet
    kills: int = 0
    starts: int = 0
    done: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    ready: threading.Event = field(default_factory=threading.Event)  # a status line: the chat waits for an answer
    talking: bool = False  # this process has shown a status line (it is past start-up: a kill lands mid-interview)
    why: str = ""  # why the final resume-and-end did not finish the session


def _env(home: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and not k.startswith("INTERVIEWER_")}
    env.update(
        INTERVIEWER_HOME=str(home), INTERVIEWER_CONFIG_DIR=str(home.parent / "config"), OPENAI_API_KEY="sk-soak",
        INTERVIEWER_MODEL="openai/fake-model", INTERVIEWER_API_BASE=url, INTERVIEWER_TIMEOUT="5",
        LITELLM_LOCAL_MODEL_COST_MAP="True", PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1",
    )
    return env


def _reader(r: Rehearsal, proc: subprocess.Popen) -> None:
    for raw in proc.stdout:  # type: ignore[union-attr]
        line = raw.decode("utf-8", errors="replace").rstrip()
        m = SESSION_RE.search(line)
        if m and r.sid is None and "·" in line:
            r.sid = m.group(1)
        if line.startswith("  [") and line.endswith("]") and r.proc is proc:  # a killed process's last lines count for nothing
            with r.lock:
                if r.pending is not None:
                    r.acked.append(r.pending)
                    r.pending = None
            r.talking = True
            r.ready.set()


def _spawn(r: Rehearsal, env: dict[str, str]) -> None:
    args = ["chat", "-p", "behavioral", "--plain"] if r.sid is None else ["resume", r.sid, "--plain"]
    r.ready.clear()
    r.talking = False
    r.proc = subprocess.Popen(
        [sys.executable, "-m", "interviewer", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=open(os.environ["SOAK_STDERR"], "ab") if os.environ.get("SOAK_STDERR") else subprocess.DEVNULL, env=env,
    )
    r.starts += 1
    threading.Thread(target=_reader, args=(r, r.proc), daemon=True).start()


def _send(r: Rehearsal, text: str) -> bool:
    try:
        r.proc.stdin.write(text.encode() + b"\n.\n")  # type: ignore[union-attr]
        r.proc.stdin.flush()  # type: ignore[union-attr]
    except (BrokenPipeError, OSError, AttributeError):
        return False
    return True


def _driver(r: Rehearsal, env: dict[str, str], stop: threading.Event, answers: int, think: float = 0.0) -> None:
    """Feed answers one at a time, each after a candidate's thinking time (``think`` seconds on average, so the
    rehearsals are still talking while the kills run); after a kill (the process is gone), resume and go on."""
    pace = random.Random(r.n)
    while not stop.is_set() and len(r.acked) < answers:
        proc = r.proc
        if proc is None or proc.poll() is not None:
            sessions = Path(env["INTERVIEWER_HOME"]) / "sessions"
            if r.sid is not None and not (sessions / f"{r.sid}.json").exists():
                r.sid = None  # killed before its first save: there is nothing to resume, so a new chat
            with r.lock:
                r.pending = None  # not acknowledged: may or may not be stored; the resume tells
            _spawn(r, env)
            continue
        if not r.ready.wait(0.2):
            continue
        r.ready.clear()
        if think and stop.wait(pace.uniform(0.5, 1.5) * think):
            break
        if proc.poll() is not None:
            continue  # killed while the candidate was thinking: resume first
        text = f"{ANSWER} [rehearsal {r.n} answer {len(r.sent) + 1}]"
        with r.lock:
            r.pending = text
        if _send(r, text):
            r.sent.append(text)


def _probe(target: Rehearsal, env: dict[str, str], probes: dict[str, int]) -> None:
    """A second process opens a running session: it must be refused, naming the holder's pid. (The target is not
    killed while the probe runs: a holder that died mid-probe would prove nothing either way.)"""
    holder = target.proc
    if holder is None or holder.poll() is not None:
        return
    probes["tried"] += 1
    try:
        p = subprocess.run(
            [sys.executable, "-m", "interviewer", "resume", str(target.sid), "--plain"], input=b"", capture_output=True,
            env=env, timeout=60,
        )
    except subprocess.TimeoutExpired:
        probes["timed_out"] += 1  # a busy machine: neither refused nor let in within the time
        return
    err = p.stderr.decode(errors="replace")
    if p.returncode != 0 and f"open in another window (pid {holder.pid})" in err:
        probes["refused"] += 1
    elif holder.poll() is None and p.returncode == 0:
        probes["got_in"] += 1  # the holder was alive all along, and the second opener was not refused
    else:  # the holder ended meanwhile, or the opener failed some other way: say how
        last = (err.strip().splitlines() or [f"exit {p.returncode}"])[-1][:160]
        probes["other"].append(f"exit {p.returncode}, holder {'alive' if holder.poll() is None else 'gone'}: {last}")


def _finish(r: Rehearsal, env: dict[str, str]) -> None:
    """Resume the session and end it (the report is written)."""
    if r.proc is not None and r.proc.poll() is None:
        r.proc.kill()
        r.proc.wait()
    if r.sid is None:
        return
    try:
        p = subprocess.run(
            [sys.executable, "-m", "interviewer", "resume", r.sid, "--plain", "--offline"], input=b"/end\n", stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, env=env, timeout=240,
        )
    except subprocess.TimeoutExpired:
        r.why = "timed out"
        return  # counted: the session stays unfinished
    r.done = p.returncode == 0
    if not r.done:
        r.why = (p.stderr.decode(errors="replace").strip().splitlines() or [f"exit {p.returncode}"])[-1][:200]


def soak(
    rehearsals: int = 8, seconds: float = 45.0, kill_every: float = 3.0, answers: int = 6, seed: int = 7, warmup: float = 150.0,
    think: float | None = None,
) -> dict:
    """Run the soak; ``seconds`` of kills and probes start once every rehearsal is talking (at most ``warmup`` s of
    start-up: each process imports litellm, slow on a busy machine). Each answer comes after ``think`` seconds of
    thinking on average (default: the answers spread over the kill window), so on a fast machine the rehearsals do
    not finish before the kills begin."""
    if think is None:
        think = seconds / (answers + 2)
    from interviewer.store import SessionStore
    from tests.fakeopenai import FakeOpenAI, Reply
    from tests.llm_helpers import interview_responder

    rng = random.Random(seed)
    counter = itertools.count(1)
    failed = {"n": 0}

    def responder(req):
        if next(counter) % 3 == 0:
            failed["n"] += 1
            return Reply.error(500, "soak: every third request fails")
        return Reply.slow(0.2, interview_responder(req))  # a reply takes a moment: kills land mid-reply too

    srv = FakeOpenAI(default=responder).start()
    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    home = tmp / "data"
    env = _env(home, srv.url)
    rs = [Rehearsal(i) for i in range(rehearsals)]
    stop = threading.Event()
    t0 = warm = time.monotonic()
    probes: dict = {"tried": 0, "refused": 0, "got_in": 0, "timed_out": 0, "other": []}
    kills = 0
    prober: threading.Thread | None = None
    probed: Rehearsal | None = None
    try:
        drivers = [threading.Thread(target=_driver, args=(r, env, stop, answers, think), daemon=True) for r in rs]
        for d in drivers:
            d.start()
        while time.monotonic() - t0 < warmup and not all(r.talking or r.acked for r in rs):
            time.sleep(0.2)
        warm = time.monotonic()
        next_kill = warm + kill_every
        next_probe = warm + kill_every / 2
        while time.monotonic() - warm < seconds and any(d.is_alive() for d in drivers):
            time.sleep(0.1)
            now = time.monotonic()
            live = [r for r in rs if r.proc is not None and r.proc.poll() is None and r.sid and r.talking]
            probing = probed if prober and prober.is_alive() else None
            killable = [r for r in live if r is not probing]
            if now >= next_kill and killable:
                victim = rng.choice(killable)
                victim.proc.send_signal(signal.SIGKILL)  # type: ignore[union-attr]
                victim.kills += 1
                kills += 1
                next_kill = now + kill_every
            if now >= next_probe and live and not (prober and prober.is_alive()):
                probed = rng.choice(live)
                prober = threading.Thread(target=_probe, args=(probed, env, probes), daemon=True)
                prober.start()
                next_probe = now + kill_every
        stop.set()
        if prober is not None:
            prober.join(timeout=70)  # its answer counts: the holder stays alive until it has one
        for d in drivers:
            d.join(timeout=10)
        enders = [threading.Thread(target=_finish, args=(r, env), daemon=True) for r in rs]  # resume all, and end them
        for e in enders:
            e.start()
        for e in enders:
            e.join(timeout=250)
    finally:
        stop.set()
        for r in rs:
            if r.proc is not None and r.proc.poll() is None:
                r.proc.kill()
        srv.stop()

    store = SessionStore(home)
    found = store.listing()
    by_id = {s.id: s for s in found.sessions}
    missing = duplicates = bad_indices = 0
    stored = 0
    for r in rs:
        s = by_id.get(r.sid or "")
        texts = [t.text for t in s.candidate_turns()] if s else []
        stored += sum(1 for t in texts if "[rehearsal" in t)
        missing += sum(1 for a in r.acked if a not in texts)
        duplicates += sum(texts.count(t) - 1 for t in set(texts) if t)
        if s and [t.index for t in s.turns] != list(range(len(s.turns))):
            bad_indices += 1
    result = {
        "rehearsals": rehearsals,
        "sessions": len(found.sessions),
        "finished": sum(1 for s in found.sessions if s.status == "finished"),
        "answers_sent": sum(len(r.sent) for r in rs),
        "answers_submitted": sum(len(r.acked) for r in rs),
        "answers_stored": stored,
        "submitted_missing": missing,
        "stored_twice": duplicates,
        "sessions_with_bad_turn_order": bad_indices,
        "corrupt_files": len(found.corrupt),
        "kills": kills,
        "starts": sum(r.starts for r in rs),
        "second_openers": probes["tried"],
        "second_openers_refused": probes["refused"],
        "second_openers_got_in": probes["got_in"],
        "second_openers_timed_out": probes["timed_out"],
        "second_openers_other": probes["other"],
        "not_finished": [f"{r.sid}: {r.why}" for r in rs if r.sid and not r.done],
        "model_requests_failed": failed["n"],
        "startup_seconds": round(warm - t0, 1),
        "wall_seconds": round(time.monotonic() - t0, 1),
    }
    return result


def _row(name: str, value: float, target: str, passed: bool | None, note: str, unit: str = "") -> dict:
    return {"name": name, "value": value, "unit": unit, "target": target, "passed": passed, "note": note}


def soak_rows(quick: bool = False) -> list[dict]:
    """Rows (as dicts of benchmarks/run.py's Row fields) for ``python benchmarks/run.py``."""
    r = soak(seconds=20.0 if quick else 45.0)
    counts = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("not_finished", "second_openers_other"))
    two = r["stored_twice"] + r["sessions_with_bad_turn_order"] + r["second_openers_got_in"]
    # proven only if second openers were tried and every one of them was refused by name (none timed out)
    proven = r["second_openers"] > 0 and r["second_openers_refused"] == r["second_openers"]
    return [
        _row("Soak: submitted answers missing from their session file", r["submitted_missing"], "<= 0", r["submitted_missing"] == 0,
             f"{r['answers_submitted']} submitted, {r['answers_stored']} stored; {r['kills']} kill -9, {r['starts']} process starts"),
        _row("Soak: corrupt session files", r["corrupt_files"], "<= 0", r["corrupt_files"] == 0, f"of {r['sessions']} session files"),
        _row("Soak: sessions with two writers", two, "<= 0", two == 0 and proven,
             f"second openers refused: {r['second_openers_refused']} of {r['second_openers']} while the holder ran "
             f"({r['second_openers_timed_out']} timed out, {r['second_openers_got_in']} got in)"),
        _row("Soak: counts (8 rehearsals, every 3rd model request fails)", r["wall_seconds"], "", None, counts, "s"),
    ]


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rehearsals", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=45.0, help="kills and probes, after start-up")
    ap.add_argument("--warmup", type=float, default=150.0, help="at most this long for every rehearsal to start")
    ap.add_argument("--kill-every", type=float, default=3.0)
    ap.add_argument("--answers", type=int, default=6, help="answers per rehearsal before it stops")
    ap.add_argument("--think", type=float, default=None, help="seconds before each answer (default: spread over --seconds)")
    args = ap.parse_args(argv)
    r = soak(args.rehearsals, args.seconds, args.kill_every, args.answers, warmup=args.warmup, think=args.think)
    print(json.dumps(r, indent=2))
    ok = r["submitted_missing"] == 0 and r["corrupt_files"] == 0 and r["stored_twice"] == 0 and r["second_openers_got_in"] == 0
    ok = ok and r["second_openers"] > 0 and r["second_openers_refused"] == r["second_openers"]
    print("OK" if ok else "FAILED", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
