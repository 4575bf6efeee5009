"""A model's grades held to the same truth checks as the offline report's (see ``evidence.py``).

A model grades each dimension with a score, quotes and feedback. Before they reach the report:

- a quote must be something the candidate said in an answer (verbatim, whitespace aside): one found nowhere in the
  transcript is dropped and counted; one from the warm-up or a question to the interviewer is not shown, as offline;
- quotes go through the same placement as the offline judge's: each is shown once, under the dimension it evidences
  best, and a quote whose dimension's detector finds nothing in it while another graded dimension's does moves there;
- feedback that says there is no evidence loses that sentence when the score is 3 or more, or when a quote sits beside
  it (the level's description stands in if nothing is left).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from interviewer.judges.base import ModelGrades
from interviewer.judges.text import normalise_ws
from interviewer.models import Dimension, Rubric, Session, Turn
from interviewer.report.evidence import LEVEL_WORDS, LITTLE_EVIDENCE, rests_on

_NO_EVIDENCE = re.compile(
    r"\b(?:no|little|insufficient|not enough|not any|lack of|lacks|lacking|without)\s+(?:\w+\s+){0,2}?evidence\b"
    r"|\bnot\s+(?:yet\s+)?(?:shown|demonstrated|evidenced)\b|\bnothing\s+(?:to\s+show|shown)\b",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _norm(q: str) -> str:
    q = normalise_ws(q).strip("\"'“”‘’ ")
    return q[:-1].rstrip() if q.endswith(("…", "...")) else q


def model_candidates(
    session: Session, answered: list[Turn], model: ModelGrades, offline: dict[str, list[tuple[Turn, str]]]
) -> tuple[dict[str, list[tuple[Turn, str]]], int]:
    """The quotes each dimension offers for placement: the model's (each tied to the answer it comes from) where the
    model graded the dimension, the offline judge's elsewhere; and how many of the model's were found nowhere."""
    out = dict(offline)
    dropped = 0
    answers = [(t, normalise_ws(t.text)) for t in answered]
    said = [normalise_ws(t.text) for t in session.turns if t.role == "candidate"]
    for dim_id, grade in model.grades.items():
        if dim_id not in offline:
            continue  # not a dimension this report shows
        quotes: list[tuple[Turn, str]] = []
        for raw in grade.evidence:
            q = _norm(raw)
            turn = next((t for t, text in answers if len(q) >= 3 and q in text), None)
            if turn is None:
                dropped += 0 if any(q in s for s in said) and len(q) >= 3 else 1  # the warm-up is not shown, as offline
                continue
            if q not in {x for _, x in quotes}:
                quotes.append((turn, q))
        out[dim_id] = quotes
    return out, dropped


def rehome(
    rubric: Rubric,
    graded: set[str],
    candidates: dict[str, list[tuple[Turn, str]]],
    placed: dict[str, list[tuple[Turn, str]]],
    fit: Callable[[Turn, str, Dimension], int],
) -> None:
    """A model's quote that placement took away from its dimension (its detector finds nothing in it) goes to the
    graded dimension whose detector finds the most in it, if one finds something: the model saw evidence, under the
    wrong heading."""
    shown = {q for items in placed.values() for _, q in items}
    dims = [d for d in rubric.dimensions if d.id in placed and d.id in graded]
    for dim_id in graded:
        for t, q in candidates.get(dim_id, []):
            if q in shown:
                continue
            best = max(dims, key=lambda d: (fit(t, q, d), -len(placed[d.id])), default=None)
            if best is not None and best.id != dim_id and fit(t, q, best) >= 2 and len(placed[best.id]) < 3:
                placed[best.id].append((t, q))
                shown.add(q)


def checked_feedback(feedback: str, score: int, quoted: int, dim: Dimension) -> str:
    """The model's feedback without a claim of no evidence beside a score of 3 or more, or beside a quote."""
    if score < 3 and not quoted:
        return feedback
    kept = [s for s in _SENTENCE.split(feedback.strip()) if s and not _NO_EVIDENCE.search(s)]
    if kept:
        return " ".join(kept)
    verdict = LITTLE_EVIDENCE if score == 1 and quoted else LEVEL_WORDS[score]
    return rests_on(verdict, quoted)  # not the rubric's level text: it would claim what was not shown
