"""The honest judge benchmark (issue 7): the offline judge on the project's labelled development set.

On each split of ``benchmarks/data/devset.jsonl`` (``dev``: what the judge may be tuned on; ``test``: what is reported),
in the same run and on the same items: the offline judge's pairwise order accuracy and Spearman rho against the labels,
next to a word-count baseline, and the highest overall any adversarial item reached.

    python benchmarks/judge_bench.py            # the table, dev and test
    python benchmarks/run.py --only devset      # the same rows in the project's benchmark table
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO / "benchmarks" / "data" / "devset.jsonl"
# later dev batches, each scored once before anything was tuned on it (pairwise then), reported for information since
LATER = {REPO / "benchmarks" / "data" / "devset_third.jsonl": 0.854, REPO / "benchmarks" / "data" / "devset_fourth.jsonl": 0.880,
         REPO / "benchmarks" / "data" / "devset_fifth.jsonl": 0.843}

TARGET_PAIRWISE = 0.95
TARGET_RHO = 0.8
TARGET_RHO_MARGIN = 0.2
TARGET_ADVERSARIAL = 2.0


def run(path: Path = DEVSET):
    """SetResults for all / dev / test with the offline judge (see interviewer.evalset)."""
    from interviewer import evalset

    items = evalset.load_set(path)
    scores = evalset.score_offline(items)
    return evalset.results(items, scores, "offline")


def rows(b=None) -> list:
    """Rows for benchmarks/run.py: the test split against the targets, the dev split as information."""
    from run import Row, at_least, at_most, info  # benchmarks/run.py

    if not DEVSET.is_file():
        return [Row("Judge on the dev set", None, "", "-", False, f"ERROR {DEVSET.relative_to(REPO)} is missing")]
    by = {r.split: r for r in run()}
    out = []
    ms, n = distinct_5k_ms(3 if b is not None and b.quick else 7)
    out.append(at_most(f"Offline judge, {n:,} words of distinct answers, with key points", round(ms, 1), "ms", 50,
                       "dev-set answers concatenated: every detector and the key-point matcher run (no repetition short-cut)"))
    for split in ("test", "dev"):
        r = by.get(split)
        if r is None:
            continue
        j, w = r.judge, r.baseline
        tag = "reported split" if split == "test" else "tuning split, for information"
        note = f"{j.items} items, {j.pairs} pairs ({tag}); word count {w.pairwise:.3f}"
        if split == "test":
            out.append(at_least(f"Judge, {split} split: pairwise order accuracy", round(j.pairwise, 3), "", TARGET_PAIRWISE, note))
            out.append(at_least(f"Judge, {split} split: Spearman rho vs labels", round(j.rho, 3), "", TARGET_RHO,
                                f"word count rho {w.rho:.3f}"))
            out.append(at_least(f"Judge, {split} split: rho minus word-count rho", round(j.rho - w.rho, 3), "", TARGET_RHO_MARGIN,
                                f"{j.rho:.3f} - {w.rho:.3f}"))
            if j.adversarial:
                out.append(at_most(f"Judge, {split} split: highest overall of an adversarial item", j.adversarial_max, "",
                                   TARGET_ADVERSARIAL, f"{j.adversarial} adversarial items"))
        else:
            out.append(info(f"Judge, {split} split: pairwise order accuracy", round(j.pairwise, 3), "", note))
            out.append(info(f"Judge, {split} split: Spearman rho vs labels", round(j.rho, 3), "", f"word count rho {w.rho:.3f}"))
            if j.adversarial:
                out.append(info(f"Judge, {split} split: highest overall of an adversarial item", j.adversarial_max, "",
                                f"{j.adversarial} adversarial items"))
    for path, first in LATER.items():  # tuned on since first scored: information, not a measure of generalisation
        if path.is_file():
            s = run(path)[0]
            out.append(info(f"Judge, later dev batch {path.stem.split('_')[1]}: pairwise order accuracy", round(s.judge.pairwise, 3),
                            "", f"{s.judge.items} items, {s.judge.pairs} pairs; {first:.3f} when first scored, before "
                            f"tuning on it; word count {s.baseline.pairwise:.3f}"))
    return out


def distinct_5k_ms(reps: int = 7) -> tuple[float, int]:
    """The offline judge on 5,000 words of *different* dev-set answers (no repetition for it to short-cut), with the
    key points of a bank question: median ms and the word count."""
    import statistics
    import time

    from interviewer import evalset
    from interviewer.catalog import default_catalog
    from interviewer.judges.offline import OfflineJudge

    items = [it for it in evalset.load_set(DEVSET) if not it.get("adversarial")]
    parts, n = [], 0
    for it in items:
        if n >= 5000:
            break
        parts.append(it["answer"].strip())
        n += len(it["answer"].split())
    text = "\n\n".join(parts)
    cat = default_catalog()
    persona = cat.persona("system-design")
    rubric, question = cat.rubric_for(persona), persona.questions[0]
    judge = OfflineJudge()
    judge.assess(text, rubric, question=question)  # warm the caches
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        judge.assess(text, rubric, question=question)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), len(text.split())


def main() -> int:
    sys.path.insert(0, str(REPO))
    from interviewer import evalset

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEVSET
    results = run(path)
    print(evalset.table(results))
    for r in results:
        if r.split == "dev" and r.judge.wrong:  # the test split is reported, never inspected item by item
            shown = ", ".join(f"{a}>{b}" for a, b in r.judge.wrong[:12])
            print(f"\n{r.split}: {len(r.judge.wrong)} pair(s) out of order: {shown}{' …' if len(r.judge.wrong) > 12 else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
