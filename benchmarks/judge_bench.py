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
    return out


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
