"""Words, stems, phrases and BM25 ranking for matching a job description against the question bank.

BM25 (Okapi, k1 = 1.5, b = 0.75, the non-negative idf ``ln(1 + (N - n + 0.5) / (n + 0.5))``, and the
query-term saturation ``(k3 + 1) qf / (k3 + qf)`` with k3 = 8, since a job description is a long query) is small enough to
write correctly here; the maintained libraries (rank-bm25, bm25s) pull numpy/scipy into a terminal app for a bank of
a few dozen questions, which buys nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[.'][a-z0-9+#]+)*")  # hyphens split: "fraud-scoring" is two words
_BREAK = re.compile(r"[\n.;:!?()\[\]{}•|/,]")

STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between both
    but by can could did do does doing down during each etc few for from further had has have having he her here hers him
    his how i if in into is it its itself just like may me might more most must my no nor not now of off on once only or
    other our ours out over own per same she should so some such than that the their theirs them then there these they
    this those through to too under until up upon us very via was we were what when where which while who whom why will
    with within without would you your yours e.g i.e eg ie vs""".split()
)
# words every job description uses that say nothing about the skills it asks for
JOB_BOILERPLATE = frozenset(
    """ability able applicant apply benefit bonus candidate collaborate collaborative company competitive culture deep
    degree demonstrated desired drive employer environment equal equity excellent experience expert expertise familiar
    familiarity fast-paced great help hire hiring ideal including job join knowledge looking love mission nice opportunity
    passion passionate plus position preferred proficiency proficient proven qualification qualifications related
    required requirement requirements responsibilities responsibility role salary skill skills solid strong success
    successful team teams understanding want work working world year years youll we're you'll etc build building
    built keep keeping partner partnering operate operating ship shipping own owning drive driving deliver delivering
    use using make making grow growing new day across closely""".split()
)


def stem(word: str) -> str:
    """A light suffix stripper (plurals, -ing, -ed), enough to match "stores" with "store" and "streaming" with
    "stream". Not Porter: it keeps words readable for the explanations shown to the user."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
        return w[:-1] if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" else w
    if len(w) > 4 and w.endswith("ed") and not w.endswith("eed"):
        w = w[:-2]
        return w[:-1] if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" else w
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def content_stems(text: str, extra_stop: frozenset[str] = frozenset()) -> list[str]:
    """The stems of the words that carry meaning (no stop words, no bare numbers)."""
    out = []
    for w in words(text):
        if w in STOP or w in extra_stop or w.isdigit() or len(w) < 2:
            continue
        out.append(stem(w))
    return out


@dataclass(frozen=True)
class Phrase:
    """A run of 1-3 content words as written (``text``) and as stems (``key``)."""

    text: str
    key: tuple[str, ...]


def phrases(text: str, max_len: int = 3, extra_stop: frozenset[str] = frozenset()) -> list[Phrase]:
    """Every 1-3 word phrase of content words that stands together in ``text`` (no stop word or punctuation inside)."""
    out: list[Phrase] = []
    for segment in _BREAK.split(text.lower().replace("’", "'")):
        run: list[str] = []
        for w in words(segment) + [""]:
            if w and w not in STOP and w not in extra_stop and not w.isdigit() and len(w) > 1:
                run.append(w)
                continue
            for n in range(1, max_len + 1):
                for i in range(len(run) - n + 1):
                    part = run[i : i + n]
                    out.append(Phrase(" ".join(part), tuple(stem(p) for p in part)))
            run = []
    return out


def terms(text: str, extra_stop: frozenset[str] = frozenset()) -> list[str]:
    """BM25 terms: content stems plus the stem pairs that stand together ("feature_store"), so a document that says
    "feature store" outranks one that only says "store"."""
    return ["_".join(p.key) for p in phrases(text, max_len=2, extra_stop=extra_stop)]


class BM25:
    """Okapi BM25 over a small list of documents (each a list of stems)."""

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75, k3: float = 8.0) -> None:
        self.k1, self.b, self.k3 = k1, b, k3
        self.tf = [Counter(d) for d in docs]
        self.lengths = [len(d) for d in docs]
        self.avgdl = (sum(self.lengths) / len(docs)) if docs else 0.0
        df: Counter[str] = Counter()
        for c in self.tf:
            df.update(c.keys())
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def score(self, query: Iterable[str], i: int) -> float:
        tf, dl = self.tf[i], self.lengths[i]
        norm = self.k1 * (1 - self.b + self.b * dl / self.avgdl) if self.avgdl else self.k1
        total = 0.0
        for term, qf in Counter(query).items():
            f = tf.get(term, 0)
            if f:
                total += self.idf.get(term, 0.0) * f * (self.k1 + 1) / (f + norm) * (self.k3 + 1) * qf / (self.k3 + qf)
        return total

    def scores(self, query: Iterable[str]) -> list[float]:
        q = list(query)
        return [self.score(q, i) for i in range(len(self.tf))]
