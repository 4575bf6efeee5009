"""Prompts are code: every instruction to a model lives in ``prompts/*.j2``. This module renders them and builds the
context every request shares (the stable system prompt, recent history, the agent's running notes)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from interviewer.judges.base import TurnContext
from interviewer.models import Persona, Rubric, Session, best_levels
from interviewer.paths import package_data_dir

HISTORY_CHARS = 2000  # per turn of recent history; the answer being judged is always sent whole


@lru_cache(maxsize=1)
def _env():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package_data_dir("prompts"))),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )


def render_prompt(name: str, **ctx: Any) -> str:
    return _env().get_template(name).render(**ctx).strip() + "\n"


_TAG = re.compile(r"<\s*/?\s*(candidate_answer|interviewer|example)\b[^>]*>", re.I)


def as_data(text: str) -> str:
    """Candidate text as inert data: it can never close or open the tags that delimit it."""
    return _TAG.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)


@lru_cache(maxsize=32)
def _system_prompt_cached(persona_json: str, rubric_json: str, minutes: float) -> str:
    persona = Persona.model_validate_json(persona_json)
    rubric = Rubric.model_validate_json(rubric_json)
    return render_prompt("system.j2", persona=persona, rubric=rubric, minutes=minutes)


def system_prompt(persona: Persona, rubric: Rubric, minutes: float) -> str:
    """The stable prefix: identical bytes for every request of a session."""
    return _system_prompt_cached(persona.model_dump_json(), rubric.model_dump_json(), float(minutes))


def history(session: Session, n: int) -> list[dict[str, str]]:
    out = []
    for t in session.turns[-n:]:
        text = t.text if len(t.text) <= HISTORY_CHARS else t.text[:HISTORY_CHARS] + " […]"
        out.append({"role": t.role, "text": as_data(text) if t.role == "candidate" else text})
    return out


def running_notes(session: Session, rubric: Rubric) -> list[dict[str, str]]:
    """The agent's structured notes: the evidence so far per dimension (bounded size, however long the interview)."""
    best = best_levels(session.turns)
    words = {0: "not probed yet", 1: "no evidence yet", 2: "partial evidence", 3: "solid evidence", 4: "strong evidence"}
    return [{"name": d.name, "status": words[best.get(d.id, 0)]} for d in rubric.dimensions]


def messages(ctx: TurnContext, user: str) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": system_prompt(ctx.persona, ctx.rubric, ctx.session.minutes)},
        {"role": "user", "content": user},
    ]
