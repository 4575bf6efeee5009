"""`interviewer eval --set FILE`: how well a judge orders labelled answers, next to counting words.

A labelled set is JSONL, one answer a line: ``{"id", "persona", "question_id"?, "question", "answer",
"label": "strong"|"average"|"weak", "reason"?, "split"?: "dev"|"test", "tags"?, "adversarial"?}`` (the calibration
sample's ``{id, persona, question, answer, label, adversarial}`` is a subset). Each answer is reviewed on its own with
the configured engine, and the set is summarised by:

- pairwise order accuracy: within each question, every pair of answers with different labels, the share the judge
  puts in the label's order (a tie counts as half);
- Spearman's rho between the overall score and the label (strong 3, average 2, weak 1), ties averaged;
- the highest overall any adversarial item reached (target: 2.0 or less);

and the same numbers for a baseline that scores an answer by its word count, on the same items.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from interviewer.errors import UserError

LABEL_RANK = {"strong": 3, "average": 2, "weak": 1}
ADVERSARIAL_MAX = 2.0


class SetError(UserError):
    """A labelled set that cannot be read; the message names the file and line."""


def load_set(path: str | Path) -> list[dict]:
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SetError(f"cannot read {p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SetError(f"{p} is not UTF-8 text") from None
    out, seen = [], set()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SetError(f"{p}:{n}: not valid JSON ({exc.msg})") from None
        if not isinstance(item, dict):
            raise SetError(f"{p}:{n}: expected a JSON object")
        missing = [k for k in ("persona", "answer", "label") if not item.get(k)]
        if missing:
            raise SetError(f"{p}:{n}: missing {', '.join(missing)}")
        if item["label"] not in LABEL_RANK:
            raise SetError(f"{p}:{n}: label must be strong, average or weak (got {item['label']!r})")
        item.setdefault("id", f"line{n}")
        if item["id"] in seen:
            raise SetError(f"{p}:{n}: duplicate id {item['id']!r}")
        seen.add(item["id"])
        item.setdefault("question", "")
        out.append(item)
    if not out:
        raise SetError(f"{p} has no labelled answers")
    return out


def words(text: str) -> int:
    return len(text.split())


# --------------------------------------------------------------------------- statistics


def average_ranks(xs: list[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rho: the Pearson correlation of the average ranks (correct with ties); nan when undefined."""
    if len(xs) < 2:
        return float("nan")
    rx, ry = average_ranks(xs), average_ranks(ys)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return float("nan")
    return cov / (vx * vy) ** 0.5


def _group_key(item: dict) -> tuple[str, str]:
    return (item["persona"], item.get("question_id") or " ".join(item.get("question", "").lower().split()))


def pairs_of(items: list[dict]) -> list[tuple[dict, dict]]:
    """(better, worse) pairs: same question, different labels."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for it in items:
        groups.setdefault(_group_key(it), []).append(it)
    out = []
    for group in groups.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a["label"] != b["label"]:
                    out.append((a, b) if LABEL_RANK[a["label"]] > LABEL_RANK[b["label"]] else (b, a))
    return out


@dataclass
class Metrics:
    items: int
    pairs: int
    pairwise: float  # share of pairs in the right order (ties count half); nan without pairs
    rho: float
    wrong: list[tuple[str, str]] = field(default_factory=list)  # (better id, worse id) put in the wrong order
    adversarial: int = 0
    adversarial_max: float | None = None


def measure(items: list[dict], score: dict[str, float]) -> Metrics:
    pairs = pairs_of(items)
    right = 0.0
    wrong = []
    for hi, lo in pairs:
        a, b = score[hi["id"]], score[lo["id"]]
        if a > b:
            right += 1
        elif a == b:
            right += 0.5
            wrong.append((hi["id"], lo["id"]))
        else:
            wrong.append((hi["id"], lo["id"]))
    adv = [it for it in items if it.get("adversarial")]
    return Metrics(
        items=len(items),
        pairs=len(pairs),
        pairwise=right / len(pairs) if pairs else float("nan"),
        rho=spearman([score[it["id"]] for it in items], [LABEL_RANK[it["label"]] for it in items]),
        wrong=wrong,
        adversarial=len(adv),
        adversarial_max=max((score[it["id"]] for it in adv), default=None),
    )


# --------------------------------------------------------------------------- scoring a set


@dataclass
class SetResult:
    engine: str
    split: str  # "all", "dev", "test"
    judge: Metrics
    baseline: Metrics  # word count on the same items
    scores: dict[str, float]


def score_offline(items: Iterable[dict], catalog=None, on_item: Callable[[int], None] | None = None) -> dict[str, float]:
    """Each answer's overall from ``services.review`` with the offline judge."""
    from interviewer import services

    out = {}
    for n, it in enumerate(items, 1):
        report, _ = services.review(it["answer"], persona_id=it["persona"], question=it.get("question") or None, catalog=catalog)
        out[it["id"]] = report.overall
        if on_item:
            on_item(n)
    return out


async def score_with_engine(items: Iterable[dict], engine: dict, catalog=None, on_item: Callable[[int], None] | None = None) -> dict[str, float]:
    """Each answer's overall from ``services.review_async`` with a model's judge and grader."""
    from interviewer import services

    out = {}
    for n, it in enumerate(items, 1):
        report, _ = await services.review_async(
            it["answer"], persona_id=it["persona"], question=it.get("question") or None, catalog=catalog,
            judge=engine.get("judge"), grader=engine.get("grader"),
        )
        out[it["id"]] = report.overall
        if on_item:
            on_item(n)
    return out


def results(items: list[dict], scores: dict[str, float], engine: str) -> list[SetResult]:
    """The metrics on the whole set and, when it is split, on each split."""
    baseline = {it["id"]: float(words(it["answer"])) for it in items}
    splits = [("all", items)]
    for name in sorted({it.get("split") for it in items if it.get("split")}):
        splits.append((name, [it for it in items if it.get("split") == name]))
    return [SetResult(engine, name, measure(part, scores), measure(part, baseline), scores) for name, part in splits]


def _f(x: float | None, digits: int = 3) -> str:
    if x is None or x != x:
        return "-"
    return f"{x:.{digits}f}"


def table(rows: list[SetResult]) -> str:
    """The judge next to the word-count baseline, per split."""
    head = ["split", "items", "pairs", "pairwise (judge)", "pairwise (words)", "rho (judge)", "rho (words)", "adversarial max"]
    body = []
    for r in rows:
        adv = f"{_f(r.judge.adversarial_max, 2)} of {r.judge.adversarial}" if r.judge.adversarial else "-"
        body.append([
            r.split, str(r.judge.items), str(r.judge.pairs), _f(r.judge.pairwise), _f(r.baseline.pairwise),
            _f(r.judge.rho), _f(r.baseline.rho), adv,
        ])
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(head), line(["-" * w for w in widths]), *(line(b) for b in body)])


def as_json(rows: list[SetResult]) -> dict:
    def m(x: Metrics) -> dict:
        nan = lambda v: None if isinstance(v, float) and v != v else v  # noqa: E731
        return {"items": x.items, "pairs": x.pairs, "pairwise": nan(x.pairwise), "rho": nan(x.rho),
                "adversarial": x.adversarial, "adversarial_max": x.adversarial_max, "wrong_pairs": [list(p) for p in x.wrong]}

    return {
        "engine": rows[0].engine if rows else "",
        "splits": [{"split": r.split, "judge": m(r.judge), "word_count": m(r.baseline)} for r in rows],
        "scores": rows[0].scores if rows else {},
    }
