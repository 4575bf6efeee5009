"""Red flags the candidate put right later in the same question.

A red flag is read over all of a question's answers, so "I'd take the first 7 characters of an md5 hash" in the main
answer stays flagged even after the follow-up says how collisions are checked. The report still names it (the first
answer did say it, and was scored on it) but says it was corrected: a key point on the same subject (a word of its
own in common, beyond the question's words) is shown by the answers after the one that said it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from interviewer.judges.offline.judge import build_context
from interviewer.judges.offline.reference import Reference, content_stems
from interviewer.models import Rubric

CORRECTED = " (you put this right in a later answer to the same question)"


def corrected_flags(cov, texts: list[str], rubric: Rubric, ref: Reference, generic: Iterable[str] = ()) -> set[int]:
    """The ids of ``cov.flags`` points corrected later. ``cov`` was measured on ``texts`` (one question's readable
    answers, in order) joined by a blank line."""
    if len(texts) < 2 or not cov.flags:
        return set()
    starts = [sum(len(t) + 2 for t in texts[:k]) for k in range(len(texts))]
    ignore = set(content_stems(ref.question)) | set(generic)
    later: dict[int, list[set[str]]] = {}  # turn k -> the subjects of the key points the answers after it show

    def shown_after(k: int) -> list[set[str]]:
        if k not in later:
            after = build_context("\n\n".join(texts[k + 1 :]), rubric, ref).cov
            later[k] = [set(content_stems(p.text)) - ignore for p, _ in [*after.hits, *after.soft]] if after else []
        return later[k]

    out = set()
    for flag, hit in cov.flags:
        k = bisect_right(starts, hit.sent.start) - 1
        subject = set(content_stems(flag.text)) - ignore
        if k + 1 < len(texts) and any(subject & words for words in shown_after(k)):
            out.add(id(flag))
    return out
