"""Model-written questions for a job and resume: validated like the bank's and cached per content hash, so a second
session on the same job and resume needs no generation call.

Cache: ``<data dir>/tailored/<sha256>.json``, keyed by the round, its rubric's dimensions, the model, the prompt and
the exact job and resume text. Delete the folder to regenerate.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import ValidationError

from interviewer.judges.base import EngineFailure
from interviewer.models import KeyPoint, Question, RedFlag, Rubric
from interviewer.tailor.documents import Document

CACHE_VERSION = 1
MAX_QUESTIONS = 4


def cache_key(persona, rubric: Rubric, model: str, job: Document | None, resume: Document | None) -> str:
    from interviewer.paths import package_data_dir

    try:
        prompt = (package_data_dir("prompts") / "tailor.j2").read_bytes()
    except OSError:
        prompt = b""
    h = hashlib.sha256()
    for part in (
        f"v{CACHE_VERSION}", persona.id, ",".join(rubric.ids), model, hashlib.sha256(prompt).hexdigest(),
        job.digest if job else "-", resume.digest if resume else "-",
    ):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


def validate(written, rubric: Rubric, limit: int = MAX_QUESTIONS) -> tuple[list[tuple[Question, str]], list[str]]:
    """The usable questions (as bank questions, with their reason) and why the others were dropped. A question must
    name known main dimensions and carry complete reference material, as the catalog requires of a packaged bank."""
    from interviewer.reference import MAX_KEY_POINTS, MIN_KEY_POINTS, term_problem

    main = {d.id for d in rubric.dimensions if d.phase == "main"}
    good: list[tuple[Question, str]] = []
    dropped: list[str] = []
    seen: set[str] = set()
    for i, w in enumerate(written.questions, 1):
        text = " ".join(w.text.split())
        dims = [d for d in dict.fromkeys(w.dimensions) if d in main]
        kps = [k for k in w.key_points if k.text.strip() and k.terms and not any(term_problem(t) for t in k.terms)]
        flags = [f for f in w.red_flags if f.text.strip() and not any(term_problem(t) for t in f.terms)]
        problem = None
        if len(text) < 15 or text.lower() in seen:
            problem = "empty or repeated question"
        elif not dims:
            problem = f"no known dimension in {w.dimensions}"
        elif len(kps) < MIN_KEY_POINTS:
            problem = f"{len(kps)} usable key points (needs {MIN_KEY_POINTS})"
        elif not flags:
            problem = "no usable red flag"
        if problem:
            dropped.append(f"question {i}: {problem}")
            continue
        seen.add(text.lower())
        try:
            q = Question(
                id=f"tailored-{len(good) + 1}",
                text=text,
                dimensions=dims,
                tests=" ".join(w.tests.split()) or "Written for this job and resume.",
                key_points=[KeyPoint(text=k.text.strip(), terms=k.terms) for k in kps[:MAX_KEY_POINTS]],
                red_flags=[RedFlag(text=f.text.strip(), terms=f.terms) for f in flags[:3]],
            )
        except ValidationError as exc:  # pragma: no cover - the checks above cover the model's constraints
            dropped.append(f"question {i}: {exc.errors()[0]['msg']}")
            continue
        good.append((q, " ".join(w.why.split())[:160] or "written for this job and resume"))
        if len(good) >= limit:
            break
    return good, dropped


def _load(path: Path) -> list[tuple[Question, str]] | None:
    try:
        data = json.loads(path.read_bytes())
        return [(Question.model_validate(x["question"]), str(x.get("why", ""))) for x in data["questions"]]
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return None  # missing or damaged: generate again


def _save(path: Path, questions: list[tuple[Question, str]]) -> None:
    from interviewer.atomic import atomic_write_text

    body = {"questions": [{"question": q.model_dump(mode="json"), "why": why} for q, why in questions]}
    try:
        atomic_write_text(path, json.dumps(body, indent=1))
    except OSError:
        pass  # a cache that cannot be written costs a call next time, nothing else


async def generate_cached(settings, persona, rubric: Rubric, job: Document | None, resume: Document | None,
                          cache_dir: Path | None) -> list[tuple[Question, str]]:
    """The model's questions for this round, job and resume: from the cache, or one call (then cached)."""
    model = settings.effective_judge_model or ""
    path = Path(cache_dir) / f"{cache_key(persona, rubric, model, job, resume)}.json" if cache_dir else None
    if path is not None and path.exists():
        cached = _load(path)
        if cached:
            return cached
    from interviewer.judges.llm.tailor import write_questions

    count = min(max(persona.questions_per_round, 2), MAX_QUESTIONS)
    written = await write_questions(settings, persona, rubric, job.text if job else "", resume.text if resume else "", count)
    good, dropped = validate(written, rubric, count)
    if not good:
        raise EngineFailure("none of the model's questions were usable (" + "; ".join(dropped[:3]) + ")")
    if path is not None:
        _save(path, good)
    return good
