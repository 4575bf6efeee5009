"""The offline judge: heuristic, explainable assessment with no network and no model.

Each rubric dimension names a *detector* (see ``base.detector``). A detector looks at the answer's content sentences
(sentences that are neither keyword lists, nor STAR labels with nothing behind them, nor instructions addressed to the
grader), finds the ones that match the dimension's signals and the structure the detector asks for, and turns what it
found into a level 1-4 with verbatim quotes and notes on what is missing. Padding does not pay: excluded sentences can
never be evidence.
"""

from __future__ import annotations

import re

from interviewer.judges.base import TurnContext
from interviewer.judges.offline.base import Ctx, Hit, uniq
from interviewer.judges.offline.star import _PAST_ACTION
from interviewer.judges.text import content_words, normalise_ws, quote_of, split_sentences, word_count
from interviewer.models import Assessment, DimensionEvidence, Rubric

ENGINE = "offline"


def _quotes(text: str, hits: list[Hit], n: int = 2) -> list[str]:
    # specific sentences first, then the detector's own order (it lists its strongest evidence first)
    ranked = sorted(enumerate(uniq(hits)), key=lambda p: (-min(p[1].sent.specifics, 2), p[0]))
    ranked = [h for _, h in ranked]
    out: list[str] = []
    for h in ranked:
        q = normalise_ws(quote_of(text, h.sent, h.match))
        if q and q not in out and len(q.split()) >= 3:
            out.append(q)
        if len(out) >= n:
            break
    return out


def build_context(text: str, rubric: Rubric) -> Ctx:
    sents = split_sentences(text)
    content, seen = [], set()
    for s in sents:
        key = " ".join(s.body.lower().split())
        if s.content and key not in seen:  # a sentence said again is padding: it counts once
            seen.add(key)
            content.append(s)
    return Ctx(
        text=text,
        sents=sents,
        content=content,
        words=word_count(text),
        rubric=rubric,
        i_count=sum(s.first_person for s in content),
        we_count=sum(s.we for s in content),
    )


_NON_ANSWER = re.compile(
    r"\b(don'?t|do not|can'?t|cannot|couldn'?t) (really )?(remember|recall|know|think of|say)\b|\bno idea\b|\bnot sure\b|"
    r"\b(i'?d|i would) rather (not|skip)\b|^\s*(pass|skip|no|nope|nothing)\W*$",
    re.I,
)
_TO_YOU = re.compile(r"\b(you|your|the team|the role|this role)\b", re.I)


def _asks_interviewer(ctx: Ctx) -> bool:
    """The reply is a question for the interviewer rather than an answer (short, ends in a question about them)."""
    if not ctx.sents or ctx.words > 40:
        return False
    last = ctx.sents[-1]
    return last.question and bool(_TO_YOU.search(last.text)) and not any(_PAST_ACTION.search(s.body) for s in ctx.sents)


class OfflineJudge:
    """Heuristic judge. ``assess`` is pure and fast (a 5,000-word answer in a few tens of milliseconds)."""

    name = ENGINE

    def assess(self, answer: str, rubric: Rubric, dimensions: list[str] | None = None) -> Assessment:
        dims = [d for d in rubric.dimensions if dimensions is None or d.id in dimensions]
        ctx = build_context(answer, rubric)
        flags: list[str] = []
        if not answer.strip():
            flags.append("empty")
        if any(s.injection for s in ctx.sents):
            flags.append("injection")
        listy = [s for s in ctx.sents if s.is_list]
        if listy and sum(s.words for s in listy) >= max(8, 0.3 * ctx.words):
            flags.append("keyword_list")
        if ctx.words and content_words(answer) < 14 and _NON_ANSWER.search(answer):
            flags.append("non_answer")
        if _asks_interviewer(ctx):
            flags.append("question_to_interviewer")
        result = Assessment(engine=ENGINE, words=ctx.words, flags=flags)
        for dim in dims:
            if "empty" in flags:
                result.dimensions[dim.id] = DimensionEvidence(dimension=dim.id, present=False, level=1)
                continue
            finding = ctx.detect(dim.detector, dim)
            result.dimensions[dim.id] = DimensionEvidence(
                dimension=dim.id,
                present=finding.level >= 2,
                level=finding.level,
                quotes=_quotes(answer, finding.hits) if finding.level >= 2 else [],
                notes=finding.notes,
            )
        return result

    async def assess_async(self, answer: str, ctx: TurnContext) -> Assessment:
        return self.assess(answer, ctx.rubric, ctx.dimensions)