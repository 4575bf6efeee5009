"""Benchmark of the ml-coding round's runner: the wall time of running a question's reference solution against all
its hidden tests in the sandbox, per question, beside a baseline measured in the same run: a bare `python -I -c pass`.

    python benchmarks/coding_bench.py            # the table for every question
    python benchmarks/coding_bench.py --reps 3   # median of 3 runs per question

The reference solutions live in tests/coding_solutions/ (used only by tests and this benchmark).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = REPO / "tests" / "coding_solutions"
TARGET_S = 1.0


def bare_python(reps: int = 5) -> float:
    """Median seconds of `python -I -c pass`: the floor any sandboxed run pays."""
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-c", "pass"], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def question_times(reps: int = 1) -> dict[str, dict]:
    """{question id: {seconds (median), passed, total}} for every question of the ml-coding round."""
    sys.path.insert(0, str(REPO))
    from interviewer.catalog import load_catalog
    from interviewer.runner import load_spec, run_tests

    out: dict[str, dict] = {}
    for q in load_catalog(include_user=False).personas["ml-coding"].questions:
        code = (SOLUTIONS / f"{q.id.replace('-', '_')}.py").read_text()
        spec = load_spec(q.id)
        times, result = [], None
        for _ in range(reps):
            t = time.perf_counter()
            result = run_tests(spec, code)
            times.append(time.perf_counter() - t)
        assert result is not None
        out[q.id] = {"seconds": statistics.median(times), "passed": result.passed, "total": len(result.tests)}
    return out


def rows(reps: int = 1) -> list[dict]:
    """Table rows: the slowest question against the target, then one row per question; each names the baseline."""
    base = bare_python()
    per = question_times(reps)
    slowest = max(per, key=lambda k: per[k]["seconds"])
    broken = [k for k, v in per.items() if v["passed"] != v["total"]]
    note = f"baseline python -I -c pass: {base * 1000:.0f} ms; slowest: {slowest}"
    if broken:
        note += f"; NOT ALL PASSING: {', '.join(broken)}"
    out = [{"name": "Coding: run a solution against its hidden tests (max over questions)", "value": round(per[slowest]["seconds"], 3),
            "unit": "s", "target": TARGET_S, "passed": per[slowest]["seconds"] <= TARGET_S and not broken, "note": note}]
    for qid, v in per.items():
        out.append({"name": f"Coding: {qid} ({v['passed']}/{v['total']} tests)", "value": round(v["seconds"], 3), "unit": "s",
                    "target": TARGET_S, "passed": v["seconds"] <= TARGET_S and v["passed"] == v["total"],
                    "note": f"{v['seconds'] / base:.0f}x the bare interpreter ({base * 1000:.0f} ms)"})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=1)
    args = ap.parse_args()
    for r in rows(args.reps):
        mark = "ok" if r["passed"] else "FAIL"
        print(f"{r['name']:<72} {r['value']:>7.3f} {r['unit']}  <= {r['target']} s  {mark}  {r['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
