"""Checks on each question's reference material: ``tests``, ``key_points`` and ``red_flags`` (see models.py).

The packaged question banks must carry complete material: a one-line ``tests``, 4-8 key points and at least one red
flag per question. A persona the user writes may leave the material out (the judges then use generic signals), but
whatever it does give must be well formed. Problems are raised as ``ValueError`` naming the field, like the rest of
the catalog.
"""

from __future__ import annotations

import re

from interviewer.models import Persona

MIN_KEY_POINTS = 4
MAX_KEY_POINTS = 8


def term_problem(term: str) -> str | None:
    """Why ``term`` is not valid term syntax, or None when it is."""
    if not term.strip():
        return "empty term"
    if term.startswith("re:"):
        pattern = term[3:]
        if not pattern.strip():
            return "empty regular expression after 're:'"
        try:
            re.compile(pattern)
        except re.error as exc:
            return f"invalid regular expression: {exc}"
        return None
    if "+" in term and any(not part.strip() for part in term.split(" + ")):
        return "'a + b' needs a phrase on both sides of ' + '"
    return None


def _check_terms(where: str, terms: list[str]) -> None:
    for k, term in enumerate(terms):
        problem = term_problem(term)
        if problem:
            raise ValueError(f"field '{where}.terms.{k}': {problem} ({term!r})")


def check_reference(persona: Persona, *, required: bool) -> None:
    """Raise ``ValueError`` for the first question whose reference material is missing (when required) or broken."""
    for i, q in enumerate(persona.questions):
        where = f"questions.{i}"
        given = bool(q.tests.strip() or q.key_points or q.red_flags)
        if required or given:
            if not q.tests.strip():
                raise ValueError(f"field '{where}.tests': say in one line what question '{q.id}' probes")
            n = len(q.key_points)
            if not MIN_KEY_POINTS <= n <= MAX_KEY_POINTS:
                raise ValueError(
                    f"field '{where}.key_points': question '{q.id}' has {n} key points "
                    f"(give {MIN_KEY_POINTS} to {MAX_KEY_POINTS})"
                )
            if not q.red_flags:
                raise ValueError(f"field '{where}.red_flags': question '{q.id}' needs at least one red flag")
        for j, kp in enumerate(q.key_points):
            if not kp.text.strip():
                raise ValueError(f"field '{where}.key_points.{j}.text': empty")
            _check_terms(f"{where}.key_points.{j}", kp.terms)
        for j, rf in enumerate(q.red_flags):
            if not rf.text.strip():
                raise ValueError(f"field '{where}.red_flags.{j}.text': empty")
            _check_terms(f"{where}.red_flags.{j}", rf.terms)
