"""`interviewer progress` with 2,000 sessions on disk.

Sessions come from a few real offline rehearsals (strong, average and weak candidates in two rounds), copied with new
ids and creation times, each with its report JSON: realistic files, 2,000 of them. Nine in ten copies stand for the
candidate's own practice (origin ``chat``), one in ten stays a scripted rehearsal (origin ``rehearse``), which
`progress` leaves out and counts by default. Measured as a user runs it, a
fresh process each time:

- warm index: `interviewer progress` (median of several runs) against the 0.3 s target;
- cold rebuild: the first `progress` after the index is deleted (every session and report read once);
- baseline, same run: what the command would cost without an index, a fresh process reading every session file
  through the store (``SessionStore.listing()``) and every report JSON.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

N_SESSIONS = 2000
GOOD = (
    "At my last company I owned the checkout service. In March our payment error rate jumped from 0.2% to 3% two days "
    "before a sale. I traced it myself to a retry loop and I wrote a fix with a circuit breaker and a 200 ms timeout; "
    "errors fell to 0.1% and the sale took 1.2 million orders. I learned to load-test every retry policy."
)
MEH = "We had an outage and I helped fix it by changing the retry settings. It was fine after that and we moved on."
BAD = "We fixed it."


def _seed(root: Path) -> list[str]:
    """A few real rehearsals to copy: three candidates in two rounds."""
    from interviewer import services
    from interviewer.store import SessionStore

    store = SessionStore(root)
    ids = []
    for persona in ("behavioral", "system-design"):
        for text in (GOOD, MEH, BAD):
            script = services.RehearsalScript(persona=persona, minutes=20,
                                              answers=[services.ScriptAnswer(seconds=200, text=text)] * 6)
            ids.append(asyncio.run(services.rehearse(script, store=store)).interview.session.id)
    return ids


def make_sessions(root: Path, n: int = N_SESSIONS) -> None:
    """``n`` session files (and their report JSON) under ``root``, spread over the last n hours."""
    seeds = _seed(root / "seed")
    sessions, reports = root / "sessions", root / "reports"
    sessions.mkdir(parents=True, exist_ok=True)
    reports.mkdir(parents=True, exist_ok=True)
    seed_data = [
        ((root / "seed" / "sessions" / f"{s}.json").read_text(), (root / "seed" / "reports" / f"{s}.json").read_text())
        for s in seeds
    ]
    start = datetime.now().astimezone() - timedelta(hours=n)
    for i in range(n):
        s_text, r_text = seed_data[(i * 7 + i // 5) % len(seed_data)]
        session, report = json.loads(s_text), json.loads(r_text)
        created = (start + timedelta(hours=i)).isoformat(timespec="seconds")
        sid = f"{(start + timedelta(hours=i)):%Y%m%d-%H%M%S}-{session['persona_id']}-{i:04x}"
        session.update(id=sid, created=created, updated=created, origin="rehearse" if i % 10 == 9 else "chat")
        report.update(session_id=sid, created=created)
        (sessions / f"{sid}.json").write_text(json.dumps(session, indent=1))
        (reports / f"{sid}.json").write_text(json.dumps(report, indent=2))


_BASELINE = """
import json, sys
from pathlib import Path
from interviewer.store import SessionStore
root = Path(sys.argv[1])
found = SessionStore(root).listing()
sessions, corrupt = found.sessions, found.corrupt
reports = [json.loads((root / "reports" / (s.id + ".json")).read_bytes()) for s in sessions]
print(len(sessions), len(reports))
"""


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, str, float]:
    """(wall seconds, stdout, CPU seconds of the child: user + system). Runs are sequential, so the growth of the
    reaped children's CPU total is this child's."""
    before = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=str(ROOT))
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[-3:])} exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return dt, proc.stdout, _children_cpu() - before


def progress_rows(reps: int = 7) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="progress-bench-") as tmp:
        home = Path(tmp) / "data"
        env = {k: v for k, v in os.environ.items() if not k.startswith("INTERVIEWER_")}
        env.update(INTERVIEWER_HOME=str(home), INTERVIEWER_CONFIG_DIR=str(Path(tmp) / "config"))
        os.environ["INTERVIEWER_CONFIG_DIR"] = env["INTERVIEWER_CONFIG_DIR"]
        make_sessions(home)
        cli = [sys.executable, "-m", "interviewer", "progress"]
        index = home / "history.sqlite3"
        cold, out, cold_cpu = _run(cli, env)  # no index yet: built from every file
        assert "sessions" in out and "Not counted: 200 scripted rehearsals" in out, out[-300:]
        warm_runs = [_run(cli, env) for _ in range(reps)]
        warm, warm_cpu = [w for w, _o, _c in warm_runs], [c for _w, _o, c in warm_runs]
        base_runs = [_run([sys.executable, "-c", _BASELINE, str(home)], env) for _ in range(max(2, reps // 3))]
        base = [w for w, _o, _c in base_runs]
        size = index.stat().st_size / 1e6
        med = statistics.median(warm)
        return [
            dict(name=f"`interviewer progress`, {N_SESSIONS:,} sessions, index warm (fresh process)", value=round(med, 3),
                 unit="s", target="<= 0.3 s", passed=med <= 0.3,
                 note=f"median of {reps}, min {min(warm):.3f}, max {max(warm):.3f}; CPU (user+sys) median "
                      f"{statistics.median(warm_cpu):.3f} s; baseline without an index (store.listing() + every report "
                      f"JSON): {statistics.median(base):.2f} s"),
            dict(name=f"`interviewer progress`, {N_SESSIONS:,} sessions, cold rebuild of the index", value=round(cold, 2),
                 unit="s", target="report", passed=None,
                 note=f"CPU {cold_cpu:.2f} s; index {size:.1f} MB; once, then incremental by file mtime/size"),
            dict(name="Baseline: reading every session and report JSON (store.listing())", value=round(statistics.median(base), 2),
                 unit="s", target="report", passed=None, note="a fresh process, what `progress` would cost with no index"),
        ]


if __name__ == "__main__":
    for row in progress_rows():
        print(row)
