"""Use cases for tailored rounds and drills, shared by the CLI and the app: read the job description and resume,
plan the round (offline ranking, or model-written questions when a model is configured, cached per content hash),
and plan a drill on one dimension."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from interviewer.catalog import Catalog, default_catalog
from interviewer.models import Plan
from interviewer.services import UserError
from interviewer.tailor.documents import Document, DocumentError, read_document


def read_inputs(job: str | None, resume: str | None) -> tuple[Document | None, Document | None]:
    """The job description and resume named on the command line or in the app ("-" is stdin, for one of them)."""
    if job == "-" and resume == "-":
        raise UserError("only one of --job and --resume can read stdin ('-')")
    try:
        return (
            read_document(job, "job description") if job else None,
            read_document(resume, "resume") if resume else None,
        )
    except DocumentError as exc:
        raise UserError(str(exc)) from None


async def plan_for(
    persona_id: str,
    *,
    job: Document | None = None,
    resume: Document | None = None,
    engine: dict[str, Any] | None = None,
    catalog: Catalog | None = None,
    cache_dir: Path | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> Plan | None:
    """A tailored plan for ``persona_id``, or None with neither a job description nor a resume.

    With a model, it writes questions for this job and resume (one structured call, cached per content hash in
    ``cache_dir``); when that fails the offline plan is used and ``on_notice`` says why."""
    if job is None and resume is None:
        return None
    from interviewer.tailor.plan import plan_round

    catalog = catalog or default_catalog()
    persona = catalog.persona(persona_id)
    rubric = catalog.rubric_for(persona)
    generated, who = None, "offline"
    if engine and engine.get("judge") is not None:
        from interviewer.judges.base import EngineFailure

        try:
            from interviewer.tailor.generated import generate_cached

            generated = await generate_cached(engine["judge"].settings, persona, rubric, job, resume, cache_dir)
            who = engine.get("engine", "model")
        except EngineFailure as exc:
            if on_notice:
                on_notice(f"The model could not write tailored questions ({exc.reason}); using the best bank matches.")
        except ImportError:  # pragma: no cover - the model part is not installed in this build
            generated = None
    return plan_round(persona, rubric, job=job, resume=resume, generated=generated, engine=who)


def drill_for(persona_id: str | None, dimension: str, *, catalog: Catalog | None = None, asked: dict[str, int] | None = None, count: int = 3) -> tuple[str, Plan]:
    """The persona and plan of a drill on ``dimension``. Without a persona, the one round whose rubric has it."""
    from interviewer.tailor.plan import drill_plan

    catalog = catalog or default_catalog()
    if persona_id is None:
        owners = [p.id for p in catalog.personas.values() if dimension in catalog.rubric_for(p).ids]
        if not owners:
            known = sorted({d for p in catalog.personas.values() for d in catalog.rubric_for(p).ids})
            raise UserError(f"no round scores a dimension '{dimension}' (dimensions: {', '.join(known)})")
        if len(owners) > 1:
            raise UserError(f"several rounds score '{dimension}': pass --persona ({', '.join(owners)})")
        persona_id = owners[0]
    persona = catalog.persona(persona_id)
    try:
        return persona.id, drill_plan(persona, catalog.rubric_for(persona), dimension, asked, count)
    except ValueError as exc:
        raise UserError(str(exc)) from None
