"""Evidence quotes are verbatim substrings of what the candidate wrote (whitespace-normalised): a quote that is not
found is dropped and counted."""

from __future__ import annotations

from interviewer.judges.text import normalise_ws


def _norm_quote(q: str) -> str:
    q = normalise_ws(q).strip("\"'“”‘’ ")
    return q[:-1].rstrip() if q.endswith(("…", "...")) else q


def verify_quotes(quotes: list[str], sources: list[str]) -> tuple[list[str], int]:
    """Keep quotes found verbatim (whitespace-normalised) in one of ``sources``; count the dropped ones."""
    hay = [normalise_ws(s) for s in sources]
    kept, dropped = [], 0
    for q in quotes:
        nq = _norm_quote(q)
        if len(nq) >= 3 and any(nq in h for h in hay):
            if nq not in kept:
                kept.append(nq)
        else:
            dropped += 1
    return kept, dropped
