"""The parent side of the sandbox: start ``python -I _child.py`` in a temporary directory, feed it the job, read the
stamped results with a cap and a deadline, and kill the whole process group (and every process of the run's own
uid) when a test runs out of time. Candidate code never runs in this process.

A test that times out or takes its process down is recorded and the run goes on from the next test in a fresh
process, so one infinite loop costs one test, not the run.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from interviewer.runner.models import Limits, RunResult, TestResult

CHILD = Path(__file__).with_name("_child.py")
CHANNEL_CAP = 4 << 20  # bytes of results we are willing to read from one process
LINE_CAP = 256 << 10


@dataclass
class _Attempt:
    sandbox: dict[str, str] = field(default_factory=dict)
    plan: list[dict] | None = None
    load: dict | None = None
    ends: dict[int, TestResult] = field(default_factory=dict)
    current: int | None = None  # the test that was running when the process stopped
    current_seconds: float = 0.0
    done: bool = False
    timed_out: bool = False
    load_timed_out: bool = False
    flooded: bool = False
    returncode: int | None = None
    log: str = ""


def _secs(x: float) -> str:
    return f"{x:g}"


def _kill_uid(uid: int) -> None:
    """SIGKILL every process whose real uid is ``uid`` (the run's own): catches children that left the group."""
    for _ in range(3):
        found = False
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/status") as fh:
                    for line in fh:
                        if line.startswith("Uid:"):
                            if int(line.split()[1]) == uid:
                                os.kill(int(pid), signal.SIGKILL)
                                found = True
                            break
            except (OSError, ValueError):
                continue
        if not found:
            return


def _child_env(workdir: str) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": workdir}
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
        env[var] = "1"  # BLAS threads count against the process limit and the address space
    return env


def _attempt(job: dict, limits: Limits, deadline: float, uid: int | None) -> _Attempt:
    out = _Attempt()
    nonce = secrets.token_hex(16)
    job = {**job, "nonce": nonce}
    workdir = tempfile.mkdtemp(prefix="interviewer-run-")
    log_path = os.path.join(workdir, ".log")
    r, w = os.pipe()
    try:
        if uid is not None:
            os.chown(workdir, uid, uid)
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-I", str(CHILD), str(w)],
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=log,
                pass_fds=(w,),
                cwd=workdir,
                env=_child_env(workdir),
                start_new_session=True,
            )
        os.close(w)
        w = -1
        try:
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(job).encode())
            proc.stdin.close()
        except OSError:
            pass
        _read(proc, r, nonce, limits, deadline, out)
        _stop(proc, uid)
        out.returncode = proc.returncode
        try:
            with open(log_path, "rb") as fh:
                out.log = fh.read(2000).decode("utf-8", "replace")
        except OSError:
            pass
    finally:
        os.close(r)
        if w != -1:
            os.close(w)
        shutil.rmtree(workdir, ignore_errors=True)
    return out


def _read(proc: subprocess.Popen, fd: int, nonce: str, limits: Limits, deadline: float, out: _Attempt) -> None:
    buf = b""
    total = 0
    phase_end = time.monotonic() + limits.load_timeout  # interpreter start-up, confinement and the code's imports
    started = time.monotonic()
    loading = True
    eof = False
    while not out.done:
        now = time.monotonic()
        wait = min(phase_end, deadline) - now
        if wait <= 0:
            out.timed_out = True
            out.load_timed_out = loading
            out.current_seconds = now - started
            return
        if eof:
            try:
                proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            eof = True
            continue
        total += len(chunk)
        if total > CHANNEL_CAP:
            out.flooded = True
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            rec = _record(line, nonce)
            if rec is None:
                continue
            now = time.monotonic()
            kind = rec.get("e")
            if kind == "ready":
                out.sandbox = {str(k): str(v) for k, v in (rec.get("sandbox") or {}).items()}
            elif kind == "plan":
                out.plan = list(rec.get("tests") or [])
            elif kind == "load":
                out.load = rec
                loading = False
                phase_end = now + limits.timeout
            elif kind == "start":
                out.current, started, phase_end = int(rec["i"]), now, now + limits.timeout
            elif kind == "end":
                i = int(rec["i"])
                meta = (out.plan or [])[i] if out.plan and i < len(out.plan) else {}
                out.ends[i] = TestResult(
                    name=str(meta.get("name", f"test {i + 1}")),
                    outcome=rec.get("outcome", "error"),
                    detail=str(rec.get("detail", ""))[:1000],
                    input=str(meta.get("input", "")),
                    output=str(rec.get("output", ""))[:2000],
                    probe=meta.get("probe"),
                    seconds=round(now - started, 4),
                )
                out.current, phase_end = None, now + limits.timeout
            elif kind == "done":
                out.done = True
        if len(buf) > LINE_CAP:
            buf = b""  # a line this long is not ours


def _record(line: bytes, nonce: str) -> dict | None:
    try:
        rec = json.loads(line)
    except ValueError:
        return None
    if not isinstance(rec, dict) or rec.get("n") != nonce:
        return None  # not written by the harness: printing a "passing" line passes nothing
    return rec


def _stop(proc: subprocess.Popen, uid: int | None) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if uid is not None:
        _kill_uid(uid)
    proc.wait()


def _run_uid() -> int | None:
    """A fresh unprivileged uid for each run (no two runs share a process count), when we are root."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    return 1_000_000_000 + secrets.randbelow(1_000_000_000)


def run(
    source: str,
    *,
    function: str,
    tests_source: str | None = None,
    examples: list[dict] | None = None,
    limits: Limits | None = None,
) -> RunResult:
    """Run ``source`` against the hidden tests (``tests_source``) or the shown ``examples``."""
    limits = limits or Limits()
    t0 = time.monotonic()
    deadline = t0 + limits.total_seconds
    uid = _run_uid()
    job = {
        "source": source,
        "function": function,
        "tests_source": tests_source,
        "examples": examples or [],
        "limits": limits.model_dump(),
        "box": {"uid": uid},
        "start": 0,
    }
    results: dict[int, TestResult] = {}
    plan: list[dict] = []
    sandbox: dict[str, str] = {}
    load_output = ""
    while True:
        a = _attempt(job, limits, deadline, uid)
        sandbox = a.sandbox or sandbox
        plan = a.plan if a.plan is not None else plan
        if a.load is None or not a.load.get("ok"):
            return _not_loaded(a, plan, sandbox, limits, time.monotonic() - t0)
        load_output = load_output or str(a.load.get("output", ""))
        results.update(a.ends)
        if a.done:
            break
        nxt = max(results, default=job["start"] - 1) + 1
        if a.current is not None:
            results[a.current] = _stopped(a, plan, limits)
            nxt = a.current + 1
        if nxt >= len(plan):
            break
        if time.monotonic() >= deadline - 0.05:
            for i in range(nxt, len(plan)):
                results[i] = _row(plan, i, "error", f"not run: the run's budget of {_secs(limits.total_seconds)} s was used up")
            break
        job = {**job, "start": nxt}
    tests = [results.get(i) or _row(plan, i, "error", "no result was reported for this test") for i in range(len(plan))]
    return _result(tests, sandbox, load_output, time.monotonic() - t0)


def _row(plan: list[dict], i: int, outcome: str, detail: str) -> TestResult:
    meta = plan[i] if i < len(plan) else {}
    return TestResult(
        name=str(meta.get("name", f"test {i + 1}")), outcome=outcome, detail=detail, input=str(meta.get("input", "")), probe=meta.get("probe")  # type: ignore[arg-type]
    )


def _death(a: _Attempt, limits: Limits) -> str:
    rc = a.returncode
    if a.flooded:
        return "flooded the results channel"
    if rc is not None and rc < 0:
        sig = -rc
        if sig == signal.SIGXCPU:
            return f"used more than {limits.cpu_seconds} s of CPU time"
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else f"signal {sig}"
        hint = " (likely the memory limit)" if sig in (signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS) else ""
        return f"the process was killed by {name}{hint}"
    return f"the process exited (code {rc}) without reporting, e.g. os._exit() or a crash"


def _stopped(a: _Attempt, plan: list[dict], limits: Limits) -> TestResult:
    i = a.current or 0
    if a.timed_out:
        row = _row(plan, i, "timed_out", f"timed out after {_secs(limits.timeout)} s on test {i + 1}")
        row.seconds = round(a.current_seconds, 3)
        return row
    why = _death(a, limits)
    outcome = "timed_out" if "CPU time" in why else "error"
    return _row(plan, i, outcome, f"{why} on test {i + 1}; nothing it did counts")


def _not_loaded(a: _Attempt, plan: list[dict], sandbox: dict[str, str], limits: Limits, seconds: float) -> RunResult:
    if a.load is not None:
        detail = f"your code did not load: {a.load.get('detail', 'unknown error')}"
        status = "error"
    elif a.plan is not None and a.timed_out:
        detail = f"timed out after {_secs(limits.load_timeout)} s while loading your code (before test 1)"
        status = "timed_out"
    elif a.plan is not None:
        detail = f"{_death(a, limits)} while loading your code (before test 1)"
        status = "timed_out" if "CPU time" in detail else "error"
    else:
        tail = a.log.strip().splitlines()[-1:] or ["no output"]
        detail = f"the sandbox failed to start: {tail[0][:200]}"
        status = "error"
    outcome = "timed_out" if status == "timed_out" else "error"
    tests = [_row(plan, i, outcome, detail) for i in range(len(plan))]
    return RunResult(
        status=status,  # type: ignore[arg-type]
        summary=detail[0].upper() + detail[1:],
        tests=tests,
        load_output=str((a.load or {}).get("output", "")),
        sandbox=sandbox,
        seconds=round(seconds, 3),
    )


def _result(tests: list[TestResult], sandbox: dict[str, str], load_output: str, seconds: float) -> RunResult:
    passed = sum(t.outcome == "passed" for t in tests)
    summary = f"{passed} of {len(tests)} tests passed"
    first = next((t for t in tests if t.outcome != "passed"), None)
    if first is not None:
        summary += f"; {first.name}: {first.detail}"
    status = "passed" if tests and passed == len(tests) else "failed"
    return RunResult(status=status, summary=summary, tests=tests, load_output=load_output, sandbox=sandbox, seconds=round(seconds, 3))
