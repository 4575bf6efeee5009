"""Benchmarks for `interviewer`: measured numbers against targets, one table.

    python benchmarks/run.py                 # full run
    python benchmarks/run.py --quick         # fewer repetitions
    python benchmarks/run.py --only judge    # rows whose key contains "judge" (repeatable, comma-separated)
    python benchmarks/run.py --json out.json # also write the rows as JSON
    python benchmarks/run.py --list          # the registered row keys

This is a report, not a test: it always exits 0. A row that crashes is shown as ERROR (FAIL) with the reason.

Adding a row: write a function ``def my_row(b: Bench) -> Row | list[Row]`` and decorate it with
``@register("my-key")``. Use ``b.reps(full, quick)`` for the repetition count, ``b.run_cli([...])`` to time the console
script in a subprocess with the benchmark environment, ``b.tmp()`` for a scratch folder, ``b.calibration()`` for the
labelled answers, and ``at_most`` / ``at_least`` / ``info`` to build rows. Rows appear in registration order.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- rows and the registry


sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@dataclass
class Row:
    name: str  # what is measured, as shown in the table
    value: float | None  # None: could not be measured (see note)
    unit: str  # "s", "ms", "%", "", ...
    target: str  # human-readable target, e.g. "<= 0.3 s"
    passed: bool | None  # None: informational row with no target
    note: str = ""  # details: N, spread, counts, the error of a crashed row
    key: str = ""  # registry key of the function that produced it (filled in by the runner)


def at_most(name: str, value: float, unit: str, limit: float, note: str = "") -> Row:
    return Row(name, value, unit, f"<= {_fmt(limit)} {unit}".rstrip(), value <= limit, note)


def at_least(name: str, value: float, unit: str, limit: float, note: str = "") -> Row:
    return Row(name, value, unit, f">= {_fmt(limit)} {unit}".rstrip(), value >= limit, note)


def info(name: str, value: float | None, unit: str = "", note: str = "") -> Row:
    return Row(name, value, unit, "report", None, note)


RowFn = Callable[["Bench"], "Row | list[Row]"]
ROWS: list[tuple[str, RowFn]] = []  # (key, function), in table order


def register(key: str) -> Callable[[RowFn], RowFn]:
    """Add a row-producing function to ``ROWS`` under ``key`` (used by ``--only``)."""

    def deco(fn: RowFn) -> RowFn:
        if any(k == key for k, _ in ROWS):
            raise ValueError(f"duplicate benchmark key {key!r}")
        ROWS.append((key, fn))
        return fn

    return deco


# --------------------------------------------------------------------------- the context every row gets


def shared_dir() -> Path:
    env = os.environ.get("INTERVIEWER_SHARED")
    return Path(env).expanduser() if env else Path(__file__).resolve().parents[2] / "shared"


# Anything that could make the product (or a library it imports) reach a model or the network.
_SCRUB_PREFIXES = ("INTERVIEWER_",)
_SCRUB_SUFFIXES = ("_API_KEY", "_API_BASE", "_BASE_URL")
_SCRUB_EXACT = {"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "OLLAMA_HOST", "LITELLM_MODEL"}


def bench_env(home: Path, config: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith(_SCRUB_PREFIXES) or k.endswith(_SCRUB_SUFFIXES) or k in _SCRUB_EXACT)
    }
    shared = os.environ.get("INTERVIEWER_SHARED")
    if shared:
        env["INTERVIEWER_SHARED"] = shared
    env.update(
        {
            "INTERVIEWER_HOME": str(home),  # sessions and reports go to a scratch folder
            "INTERVIEWER_CONFIG_DIR": str(config),  # no user personas/rubrics/config.toml
            # no network: any HTTP client that honours proxies fails at once; litellm must not fetch its cost map
            "HTTP_PROXY": "http://127.0.0.1:9",
            "HTTPS_PROXY": "http://127.0.0.1:9",
            "ALL_PROXY": "http://127.0.0.1:9",
            "http_proxy": "http://127.0.0.1:9",
            "https_proxy": "http://127.0.0.1:9",
            "NO_PROXY": "127.0.0.1,localhost",  # the local fake OpenAI server is reached directly
            "no_proxy": "127.0.0.1,localhost",
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",
            "HF_HUB_OFFLINE": "1",
            "TERM": "dumb",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cold start means "a fresh process", not "no bytecode cache"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def cli_command() -> list[str]:
    """The console script next to the interpreter, else ``python -m interviewer``."""
    bindir = Path(sys.executable).parent
    for name in ("interviewer", "interviewer.exe"):
        exe = bindir / name
        if exe.is_file() and os.access(exe, os.X_OK):
            return [str(exe)]
    return [sys.executable, "-m", "interviewer"]


@dataclass
class Timed:
    seconds: float
    proc: subprocess.CompletedProcess[str]


@dataclass
class Bench:
    quick: bool
    root: Path  # scratch root, removed at the end
    env: dict[str, str]
    cli: list[str]
    shared: Path
    _tmp_count: int = 0
    _cache: dict[str, Any] = field(default_factory=dict)

    def reps(self, full: int, quick: int) -> int:
        return quick if self.quick else full

    def tmp(self, prefix: str = "t") -> Path:
        self._tmp_count += 1
        p = self.root / f"{prefix}{self._tmp_count}"
        p.mkdir(parents=True)
        return p

    def run_cli(self, args: list[str], *, env: dict[str, str] | None = None, stdin: str | None = None, timeout: float = 120) -> Timed:
        """Run the console script once; wall time measured around ``subprocess.run``. Raises on a non-zero exit."""
        cmd = self.cli + args
        t0 = time.perf_counter()
        proc = subprocess.run(
            cmd, env=env or self.env, input=stdin, capture_output=True, text=True, timeout=timeout, cwd=self.root,
            stdin=None if stdin is not None else subprocess.DEVNULL,
        )
        dt = time.perf_counter() - t0
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise RuntimeError(f"`{' '.join(['interviewer', *args])}` exited {proc.returncode}: {' | '.join(tail)}")
        return Timed(dt, proc)

    def calibration(self) -> list[dict[str, Any]]:
        if "cal" not in self._cache:
            path = self.shared / "calibration" / "answers.jsonl"
            if not path.is_file():  # a fresh clone: the project's own calibration sample
                path = REPO / "tests" / "data" / "calibration" / "answers.jsonl"
            with open(path, encoding="utf-8") as fh:
                self._cache["cal"] = [json.loads(line) for line in fh if line.strip()]
        return self._cache["cal"]

    def catalog(self):
        if "catalog" not in self._cache:
            from interviewer.catalog import default_catalog

            self._cache["catalog"] = default_catalog()
        return self._cache["catalog"]


def median_spread(xs: list[float]) -> tuple[float, str]:
    """Median, and a note with N, min and max."""
    return statistics.median(xs), f"N={len(xs)}, min {_fmt(min(xs))}, max {_fmt(max(xs))}"


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if x == int(x) and abs(x) >= 1:
        return str(int(x))
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3f}".rstrip("0").rstrip(".") if abs(x) < 1 else f"{x:.2f}"


def words(text: str) -> int:
    return len(text.split())


# --------------------------------------------------------------------------- 1. cold start of --help


@register("cold-help")
def row_cold_help(b: Bench) -> Row:
    """Cold start of `interviewer --help` (subprocess wall time, median)."""
    b.run_cli(["--help"])  # warm the OS page cache and the bytecode cache once; not counted
    times = [b.run_cli(["--help"]).seconds for _ in range(b.reps(10, 3))]
    med, note = median_spread(times)
    return at_most("Cold start: `interviewer --help`", med, "s", 0.3, note)


# --------------------------------------------------------------------------- 2. cold start of review


@register("cold-review")
def row_cold_review(b: Bench) -> Row:
    """Cold start of `interviewer review FILE` on the ~300-word calibration answer (median)."""
    items = [it for it in b.calibration() if not it.get("adversarial")]
    item = min(items, key=lambda it: abs(words(it["answer"]) - 300))
    d = b.tmp("review")
    f = d / "answer.txt"
    f.write_text(item["answer"], encoding="utf-8")
    args = ["review", str(f), "--persona", item["persona"], "--question", item["question"]]
    b.run_cli(args)  # warm-up, not counted
    times = [b.run_cli(args).seconds for _ in range(b.reps(10, 3))]
    med, note = median_spread(times)
    return at_most(
        f"Cold start: `interviewer review FILE` ({words(item['answer'])}-word {item['id']})", med, "s", 0.5, note
    )


# --------------------------------------------------------------------------- 3. offline judge on 5,000 words


def long_answer(b: Bench, n_words: int = 5000) -> str:
    """About ``n_words`` words of real answer text: calibration answers (not the adversarial ones) concatenated."""
    pool = [it["answer"].strip() for it in b.calibration() if not it.get("adversarial")]
    parts: list[str] = []
    total = 0
    i = 0
    while total < n_words:
        a = pool[i % len(pool)]
        need = n_words - total
        if words(a) > need:
            a = " ".join(a.split()[:need]).rstrip(",;:") + "."
        parts.append(a)
        total += words(a)
        i += 1
    return "\n\n".join(parts)


@register("judge-5k")
def row_judge_5k(b: Bench) -> list[Row]:
    """OfflineJudge().assess on a 5,000-word answer, behavioral and system-design rubrics (in-process, median ms)."""
    from interviewer.judges.offline import OfflineJudge

    text = long_answer(b)
    n = words(text)
    cat = b.catalog()
    rows = []
    for rubric_id in ("behavioral", "system-design"):
        rubric = cat.rubrics[rubric_id]
        judge = OfflineJudge()
        judge.assess(text, rubric)  # warm the regex caches, not counted
        times = []
        for _ in range(b.reps(20, 5)):
            t0 = time.perf_counter()
            judge.assess(text, rubric)
            times.append((time.perf_counter() - t0) * 1000)
        med, note = median_spread(times)
        rows.append(at_most(f"Offline judge, {n:,}-word answer, {rubric_id} rubric", med, "ms", 50, note))
    return rows


# --------------------------------------------------------------------------- 4. a 45-minute rehearsal


def rehearsal_script(b: Bench, n_answers: int = 12) -> str:
    """A behavioral candidate who fills 45 minutes: ``n_answers`` answers of 200-240 s from the calibration set."""
    import yaml

    pool = [it["answer"].strip() for it in b.calibration() if it["persona"] == "behavioral" and not it.get("adversarial")]
    answers = [{"seconds": 200 + (i * 7) % 41, "text": pool[i % len(pool)] + "\n"} for i in range(n_answers)]
    return yaml.safe_dump({"persona": "behavioral", "minutes": 45, "answers": answers}, sort_keys=False, width=120)


@register("rehearse-45")
def row_rehearse(b: Bench) -> list[Row]:
    """`interviewer rehearse --script` of a 45-minute behavioral script (wall s) and the main questions asked."""
    d = b.tmp("rehearse")
    script = d / "script.yaml"
    script.write_text(rehearsal_script(b), encoding="utf-8")

    def once() -> tuple[float, dict[str, Any], str]:
        env = dict(b.env, INTERVIEWER_HOME=str(b.tmp("home")))  # a fresh data dir per run
        t = b.run_cli(["rehearse", "--script", str(script), "--format", "json"], env=env)
        return t.seconds, json.loads(t.proc.stdout), t.proc.stderr

    once()  # warm-up, not counted
    runs = [once() for _ in range(b.reps(5, 2))]
    med, note = median_spread([s for s, _, _ in runs])
    _, report, stderr = runs[-1]
    unused = re.search(r"closed with (\d+) scripted answer", stderr)
    timing = report.get("timing") or []
    asked = len(timing)
    used = sum(t.get("minutes_used", 0) for t in timing)
    return [
        at_most("Rehearsal: `interviewer rehearse --script` (45 min, 12 answers)", med, "s", 2.0, note),
        info(
            "Rehearsal: main questions asked",
            asked,
            "",
            f"{used:.1f} min on main questions; followups {[t.get('followups') for t in timing]}; "
            f"unused script answers {unused.group(1) if unused else 0}; overall {report.get('overall')}",
        ),
    ]


# --------------------------------------------------------------------------- 5. accuracy on the calibration set

from interviewer.evalset import LABEL_RANK, spearman  # noqa: E402 - one implementation, the one `eval` uses


def calibration_pairs(items: list[dict[str, Any]]) -> list[tuple[dict, dict]]:
    """(higher, lower) pairs: the first must score above the second, except adversarial pairs (see ``pair_ok``)."""
    pairs = []
    for i, a in enumerate(items):
        for c in items[i + 1 :]:
            if a["question"] == c["question"] and a["label"] != c["label"]:
                hi, lo = (a, c) if LABEL_RANK[a["label"]] > LABEL_RANK[c["label"]] else (c, a)
                pairs.append((hi, lo))
    for adv in (it for it in items if it.get("adversarial")):
        for weak in items:
            if weak["persona"] == adv["persona"] and weak["label"] == "weak" and not weak.get("adversarial"):
                pairs.append((weak, adv))  # the adversarial one must score <= the honest weak one
    return pairs


def pair_ok(hi: dict, lo: dict, score: dict[str, float]) -> bool:
    if lo.get("adversarial"):
        return score[lo["id"]] <= score[hi["id"]]
    return score[hi["id"]] > score[lo["id"]]


@register("calibration")
def row_calibration(b: Bench) -> list[Row]:
    """Offline judge on the calibration set via services.review: pairwise order accuracy and Spearman rho."""
    from interviewer import services

    items = b.calibration()
    score: dict[str, float] = {}
    for it in items:
        report, _notices = services.review(it["answer"], persona_id=it["persona"], question=it["question"])
        score[it["id"]] = report.overall
    pairs = calibration_pairs(items)
    wrong = [(hi, lo) for hi, lo in pairs if not pair_ok(hi, lo, score)]
    acc = 100.0 * (len(pairs) - len(wrong)) / len(pairs) if pairs else float("nan")
    wrong_note = "; ".join(
        f"{hi['id']} {score[hi['id']]:.2f} vs {lo['id']} {score[lo['id']]:.2f}" for hi, lo in wrong
    )
    acc_note = f"{len(pairs) - len(wrong)}/{len(pairs)} pairs" + (f"; wrong: {wrong_note}" if wrong else "")
    rho = spearman([score[it["id"]] for it in items], [LABEL_RANK[it["label"]] for it in items])
    by_label = {
        lab: sorted(round(score[it["id"]], 2) for it in items if it["label"] == lab) for lab in ("strong", "average", "weak")
    }
    rho_note = f"{len(items)} items; overall by label: " + ", ".join(f"{k} {v}" for k, v in by_label.items())
    return [
        at_least("Calibration: pairwise order accuracy (offline judge)", acc, "%", 100.0, acc_note),
        at_least("Calibration: Spearman rho, overall vs label", rho, "", 0.8, rho_note),
    ]


@register("devset")
def row_devset(b: Bench) -> list[Row]:
    """The offline judge on benchmarks/data/devset.jsonl (test split vs targets, dev split for information), next to word count."""
    import judge_bench

    return judge_bench.rows(b)


# --------------------------------------------------------------------------- 6. crash safety: covered by tests/


# --------------------------------------------------------------------------- the LLM path (issue 3)


@register("llm-turn")
def row_llm_turn(b: Bench) -> list[Row]:
    """Per-turn app overhead and prompt tokens, against the local fake OpenAI server (zero model delay)."""
    import llm_bench

    r = llm_bench.turn_overhead(turns=12 if b.quick else 30)
    rows = [
        at_most("LLM turn: answer submitted -> first token to the UI (p50)", round(r["first_token_p50"], 1), "ms", 30,
                f"p90 {r['first_token_p90']:.1f} ms over {r['turns']} turns; judge call + voice stream, fake server, zero delay"),
        at_most("LLM turn: last token -> ready for next answer (p50)", round(r["ready_p50"], 1), "ms", 30,
                f"p90 {r['ready_p90']:.1f} ms"),
    ]
    t = r["tokens"]
    for k in (5, 15, 30):
        if k in t:
            rows.append(info(f"Prompt tokens at turn {k} (judge + voice)", t[k]["judge"] + t[k]["voice"], "tokens",
                             f"judge {t[k]['judge']}, voice {t[k]['voice']}"))
    if 5 in t and 30 in t:
        ratio = (t[30]["judge"] + t[30]["voice"]) / (t[5]["judge"] + t[5]["voice"])
        rows.append(at_most("Prompt tokens, turn 30 / turn 5", round(ratio, 3), "x", 1.5, "litellm.token_counter on the requests sent"))
    return rows


@register("llm-grading")
def row_llm_grading(b: Bench) -> Row:
    import llm_bench

    r = llm_bench.grading_wall(delay=0.4)
    return at_most(f"Report grading, {r['dimensions']} dimensions / one call", round(r["ratio"], 2), "x", 1.5,
                   f"{r['wall']:.2f} s vs {r['single']:.2f} s for one call; 0.4 s model delay per call")


register("llm-pipeline")(lambda b: [Row(**r) for r in __import__("llm_bench").pipeline_rows()])
register("first-frame")(lambda b: [Row(**r) for r in __import__("tui_bench").first_frame_rows(b.reps(7, 3))])
register("slow-server")(lambda b: [Row(**r) for r in __import__("slow_bench").slow_rows()])


# --------------------------------------------------------------------------- the app (issue 4)


@register("tui")
def row_tui(b: Bench) -> list[Row]:
    import tui_bench

    runs = b.reps(7, 3)
    ttff = tui_bench.time_to_first_frame(runs=runs)
    fast = tui_bench.stream_throughput(tokens=2000)
    paced = tui_bench.stream_throughput(tokens=600, rate=200)
    return [
        at_most("App: time to first frame with Home's content", round(ttff, 3), "s", 0.5,
                f"median of {runs} fresh processes, spawn -> Home painted and accepting input"),
        at_least("App: streaming a long reply, tokens/s shown (unthrottled)", round(fast["tokens_per_s"]), "tokens/s", 200,
                 f"{fast.get('frames_per_s', 0):.0f} frames/s"),
        at_least("App: streaming at 200 tokens/s, tokens/s shown", round(paced["tokens_per_s"]), "tokens/s", 190,
                 f"{paced.get('frames_per_s', 0):.0f} frames/s, lag after last token {paced.get('lag_after_last_token_ms', 0):.0f} ms"),
    ]


# --------------------------------------------------------------------------- practice over time and cohorts (issue 10)


@register("progress")
def row_progress(b: Bench) -> list[Row]:
    import progress_bench

    return [Row(**r) for r in progress_bench.progress_rows(b.reps(7, 3))]


@register("batch")
def row_batch(b: Bench) -> list[Row]:
    import batch_bench

    return [Row(**r) for r in batch_bench.batch_rows()]


register("soak")(lambda b: [Row(**r) for r in __import__("soak_bench").soak_rows(b.quick)])  # issue 11: kill -9, resume
register("agent")(lambda b: __import__("agent_bench").rows(b, at_most))  # follow-up choice, story bank (agent_bench.py)
register("recognition")(lambda b: __import__("recognition_bench").rows(b))  # free-text questions -> topic (recognition_bench.py)


@register("coding")
def row_coding(b: Bench) -> list[Row]:
    import coding_bench

    return [Row(r["name"], r["value"], r["unit"], f"<= {r['target']:g} s", r["passed"], r["note"]) for r in coding_bench.rows(b.reps(3, 1))]


# --------------------------------------------------------------------------- the runner


def machine() -> dict[str, Any]:
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": nproc,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": cpu,
        "executable": sys.executable,
    }


def selected(only: list[str]) -> list[tuple[str, RowFn]]:
    if not only:
        return list(ROWS)
    wanted = [w.strip() for o in only for w in o.split(",") if w.strip()]
    return [(k, fn) for k, fn in ROWS if any(w == k or w in k for w in wanted)]


def run_rows(b: Bench, rows: list[tuple[str, RowFn]], progress: Callable[[str], None]) -> list[Row]:
    out: list[Row] = []
    for key, fn in rows:
        progress(f"running {key} ...")
        t0 = time.perf_counter()
        try:
            got = fn(b)
            got = got if isinstance(got, list) else [got]
        except Exception as exc:  # noqa: BLE001 - a report: one broken row must not hide the others
            got = [Row(key, None, "", "-", False, f"ERROR {type(exc).__name__}: {exc}")]
        for r in got:
            r.key = key
        out.extend(got)
        progress(f"  {key} done in {time.perf_counter() - t0:.1f}s")
    return out


def table(rows: list[Row]) -> str:
    head = ["Benchmark", "Value", "Target", "Result", "Notes"]
    body = []
    for r in rows:
        value = "ERROR" if r.value is None else f"{_fmt(r.value)} {r.unit}".rstrip()
        result = "-" if r.passed is None else ("PASS" if r.passed else "FAIL")
        body.append([r.name, value, r.target, result, r.note.replace("|", "/")])
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(head), sep, *(line(r) for r in body)])


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="interviewer-bench-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmarks for interviewer: measured numbers against targets.")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--only", action="append", default=[], metavar="NAME", help="only rows whose key contains NAME (repeatable, comma-separated)")
    ap.add_argument("--json", metavar="FILE", help="also write the machine and the rows as JSON to FILE")
    ap.add_argument("--list", action="store_true", help="print the registered row keys and exit")
    args = ap.parse_args(argv)

    if args.list:
        for key, fn in ROWS:
            print(f"{key:16} {(fn.__doc__ or fn.__name__).strip().splitlines()[0]}")
        return 0

    try:
        import interviewer  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(REPO))  # a source checkout run with an interpreter that lacks the editable install

    rows = selected(args.only)
    if not rows:
        print(f"no benchmark matches {args.only}; known: {', '.join(k for k, _ in ROWS)}", file=sys.stderr)
        return 0

    m = machine()
    print(f"Machine: nproc={m['nproc']}, Python {m['python']} ({m['implementation']}), {m['platform']}")
    if m["cpu"]:
        print(f"CPU: {m['cpu']}")
    print(f"Mode: {'quick' if args.quick else 'full'}; CLI: {' '.join(cli_command())}")
    print()

    with scratch() as root:
        home, config = root / "home", root / "config"
        home.mkdir()
        config.mkdir()
        env = bench_env(home, config)
        # the in-process rows see the same environment as the subprocesses
        for k in [k for k in os.environ if k not in env]:
            del os.environ[k]
        os.environ.update(env)
        b = Bench(quick=args.quick, root=root, env=env, cli=cli_command(), shared=shared_dir())
        results = run_rows(b, rows, lambda s: print(s, file=sys.stderr, flush=True))

    print(table(results))
    failed = [r for r in results if r.passed is False]
    print(f"\n{len(results) - len(failed)}/{len(results)} rows pass or report; {len(failed)} FAIL.")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            rows_json = [{k: (None if isinstance(v, float) and v != v else v) for k, v in asdict(r).items()} for r in results]
            json.dump({"machine": m, "quick": args.quick, "rows": rows_json}, fh, indent=2)  # NaN -> null
            fh.write("\n")
        print(f"Wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
