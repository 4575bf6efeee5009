"""Question recognition (issue 7): does a free-text question find the bank question or library topic it is?

``interviewer review --question "..."`` reads an answer against the key points of the bank question or reference
library topic the question is (``closest.closest_reference``). A missed topic leaves only generic signals; a wrong
topic can call a good answer off-topic, which is worse. ``benchmarks/data/questions.jsonl`` holds questions written
the way interviewers ask them, each labelled with the persona and the bank question or topic id it is (``expected``,
with ``also_ok`` for a near-twin that reads the answer the same way), or ``null`` when nothing covers it.

For each split (``dev``: phrasings may be tuned on it; ``test``: reported), in the same run and on the same items:
    accuracy        the right topic, or none when none was right
    wrong topic     a topic chosen when another one, or none, was right (the harmful error)
    no topic        none chosen when a topic was right
(the three add up to 1) for the matcher and two baselines: exact text (the question is a bank question or a listed
phrasing, word for word) and topic-word Jaccard (the bank question or phrasing sharing the largest share of topic
words, from a fixed 0.3).

    python benchmarks/recognition_bench.py             # the table, dev and test
    python benchmarks/recognition_bench.py --errors    # the dev split's misses, one a line (never the test split)
    python benchmarks/run.py --only recognition        # the rows in the project's benchmark table
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "benchmarks" / "data" / "questions.jsonl"
JACCARD_AT = 0.3  # fixed before any result was seen


def load(path: Path = QUESTIONS) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def accepted(item: dict) -> set[str]:
    """The ids that count as right for an item (empty: no topic is right)."""
    if item.get("expected") is None:
        return set()
    return {item["expected"], *item.get("also_ok", [])}


@dataclass
class Score:
    items: int = 0
    correct: int = 0
    wrong: int = 0  # a topic chosen when another one, or none, was right
    missed: int = 0  # none chosen when a topic was right

    def add(self, item: dict, chosen: str | None) -> str:
        self.items += 1
        ok = accepted(item)
        if (chosen is None and not ok) or (chosen is not None and chosen in ok):
            self.correct += 1
            return "ok"
        if chosen is None:
            self.missed += 1
            return "missed"
        self.wrong += 1
        return "wrong"

    def rate(self, n: int) -> float:
        return n / self.items if self.items else float("nan")


# --------------------------------------------------------------------------- the matcher and the baselines


def _persona(persona_id: str):
    from interviewer.catalog import default_catalog

    return default_catalog().persona(persona_id)


def matcher(persona_id: str, question: str) -> str | None:
    """What ``review --question`` checks the answer against (before it looks at the answer)."""
    from interviewer.judges.offline.closest import closest_reference

    match = closest_reference(_persona(persona_id), question)
    return match.question.id if match.question is not None else None


def _candidates(persona_id: str) -> list[tuple[str, str]]:
    """(id, text) for every phrasing (text and ``also``) of every bank question and library topic of a persona."""
    from interviewer.references import topics_for

    out = [(q.id, p) for q in _persona(persona_id).questions for p in [q.text, *getattr(q, "also", [])]]
    out += [(t.id, p) for t in topics_for(persona_id) for p in t.phrasings]
    return out


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def exact_baseline(persona_id: str, question: str) -> str | None:
    q = _norm(question)
    return next((i for i, text in _candidates(persona_id) if _norm(text) == q), None)


def jaccard_baseline(persona_id: str, question: str) -> str | None:
    from interviewer.judges.offline.closest import _asked

    asked = _asked(question)
    best, best_j = None, 0.0
    for i, text in _candidates(persona_id):
        other = _asked(text)
        union = asked | other
        j = len(asked & other) / len(union) if union else 0.0
        if j > best_j:
            best, best_j = i, j
    return best if best_j >= JACCARD_AT else None


METHODS = {"matcher": matcher, "exact text": exact_baseline, "topic-word Jaccard": jaccard_baseline}


def run(path: Path = QUESTIONS, splits: tuple[str, ...] = ("dev", "test")) -> dict[str, dict[str, Score]]:
    """{split: {method: Score}}, every method on the same items."""
    items = load(path)
    out: dict[str, dict[str, Score]] = {}
    for split in splits:
        chosen = [it for it in items if it.get("split") == split]
        out[split] = {}
        for name, fn in METHODS.items():
            s = Score()
            for it in chosen:
                s.add(it, fn(it["persona"], it["question"]))
            out[split][name] = s
    return out


def rows(b=None) -> list:
    """Rows for benchmarks/run.py: the matcher on each split, the baselines in the notes (no target: a report)."""
    from run import Row, info  # benchmarks/run.py

    if not QUESTIONS.is_file():
        return [Row("Question recognition", None, "", "-", False, f"ERROR {QUESTIONS.relative_to(REPO)} is missing")]
    res = run()
    out = []
    for split in ("test", "dev"):
        m = res[split]["matcher"]
        ex, ja = res[split]["exact text"], res[split]["topic-word Jaccard"]
        tag = "reported split" if split == "test" else "tuning split"
        out.append(info(f"Question recognition, {split} split: accuracy", round(m.rate(m.correct), 3), "",
                        f"{m.items} questions ({tag}); exact text {ex.rate(ex.correct):.3f}, topic-word Jaccard {ja.rate(ja.correct):.3f}"))
        out.append(info(f"Question recognition, {split} split: wrong topic", round(m.rate(m.wrong), 3), "",
                        f"lower is better; exact text {ex.rate(ex.wrong):.3f}, topic-word Jaccard {ja.rate(ja.wrong):.3f}"))
        out.append(info(f"Question recognition, {split} split: no topic when one was right", round(m.rate(m.missed), 3), "",
                        f"exact text {ex.rate(ex.missed):.3f}, topic-word Jaccard {ja.rate(ja.missed):.3f}"))
    return out


def table(res: dict[str, dict[str, Score]]) -> str:
    lines = ["| split | method | questions | accuracy | wrong topic | no topic |", "|---|---|---|---|---|---|"]
    for split, by in res.items():
        for name, s in by.items():
            lines.append(f"| {split} | {name} | {s.items} | {s.rate(s.correct):.3f} | {s.rate(s.wrong):.3f} | {s.rate(s.missed):.3f} |")
    return "\n".join(lines)


def errors(path: Path = QUESTIONS) -> list[str]:
    """The matcher's misses on the dev split (the tuning split only: the test split is never listed)."""
    out = []
    for it in load(path):
        if it.get("split") != "dev":
            continue
        chosen = matcher(it["persona"], it["question"])
        kind = Score().add(it, chosen)
        if kind != "ok":
            out.append(f"{kind:6} {it['id']}: expected {it.get('expected')} got {chosen}: {it['question']}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--errors", action="store_true", help="list the dev split's misses (never the test split)")
    ap.add_argument("--set", type=Path, default=QUESTIONS, help="a question set (default: benchmarks/data/questions.jsonl)")
    args = ap.parse_args(argv)
    if args.errors:
        print("\n".join(errors(args.set)) or "no misses on the dev split")
        return 0
    print(table(run(args.set)))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
