"""Planning a round for this candidate: the bank ranked against a job description (BM25), resume deep-dives, model
questions when a model generated some, or a drill on one dimension. The plan is saved with the session.
"""

from __future__ import annotations

from collections import Counter

from interviewer.models import Persona, Plan, PlanNote, Question, Report, Rubric, Session, TailoredRow
from interviewer.tailor.documents import Document
from interviewer.tailor.resume import deep_dive_question, rank_items, resume_items
from interviewer.tailor.text import BM25, JOB_BOILERPLATE, content_stems, phrases, terms

MIN_SCORE = 0.5  # a bank question with a lower BM25 score than this does not "match" the job


def question_document(q: Question) -> str:
    """What BM25 reads of a question: its text, what it tests, its key points and their plain terms."""
    parts = [q.text, q.tests]
    for kp in q.key_points:
        parts.append(kp.text)
        parts.extend(t for t in kp.terms if not t.startswith("re:"))
    return "\n".join(p.replace(" + ", " ") for p in parts if p)


def job_skills(job: str, limit: int = 12) -> list[str]:
    """The job's skill phrases, most emphasised first: phrases of 1-3 content words, counted (a phrase inside a longer
    repeated one counts for it), longer phrases preferred at equal count."""
    found = phrases(job, extra_stop=JOB_BOILERPLATE)
    counts: Counter[tuple[str, ...]] = Counter(p.key for p in found)
    text_of: dict[tuple[str, ...], str] = {}
    for p in found:
        text_of.setdefault(p.key, p.text)
    ranked = sorted(counts, key=lambda k: (-(counts[k] * (1 + 0.6 * (len(k) - 1))), -len(k), k))
    out: list[str] = []
    for k in ranked:
        if len(out) >= limit:
            break
        text = text_of[k]
        if any(text in o for o in out) or len(text) < 3:
            continue
        out.append(text)
    return out


def _why(job_phrases: list, emphasis: Counter, doc: str, bm: BM25) -> str:
    """The most telling job phrase the question's document contains: several words before one, then the phrase the
    job stresses most, then the rarest in the bank."""
    doc_stems = content_stems(doc)
    joined = " " + " ".join(doc_stems) + " "
    best: tuple[tuple, str] | None = None
    for p in job_phrases:
        if " " + " ".join(p.key) + " " not in joined:
            continue
        rarity = bm.idf.get("_".join(p.key), 0.0) if len(p.key) <= 2 else sum(bm.idf.get(s, 0.0) for s in p.key)
        key = (len(p.key) > 1, emphasis[p.key], rarity, len(p.key))
        if best is None or key > best[0]:
            best = (key, p.text)
    return f"matches '{best[1]}' in the job description" if best else ""


def rank_bank(persona: Persona, job: str) -> list[tuple[Question, float, str]]:
    """Every bank question with its BM25 score against the job and the phrase that explains the match."""
    docs = [question_document(q) for q in persona.questions]
    bm = BM25([terms(d) for d in docs])
    query = terms(job, JOB_BOILERPLATE)
    scores = bm.scores(query)
    found = phrases(job, extra_stop=JOB_BOILERPLATE)
    emphasis = Counter(p.key for p in found)
    job_phrases = sorted(set(found), key=lambda p: p.text)
    ranked = sorted(range(len(docs)), key=lambda i: (-scores[i], i))
    return [(persona.questions[i], scores[i], _why(job_phrases, emphasis, docs[i], bm)) for i in ranked]


def plan_round(
    persona: Persona,
    rubric: Rubric,
    *,
    job: Document | None = None,
    resume: Document | None = None,
    generated: list[tuple[Question, str]] | None = None,
    engine: str = "offline",
) -> Plan:
    """The round's questions, in the order they will be asked.

    Model questions (when given) come first, then resume deep-dives and the bank questions that match the job best
    (the best match opens the round); the rest of the bank follows in its order, in case time allows more."""
    n = persona.questions_per_round
    notes: list[PlanNote] = []
    items = rank_items(resume_items(resume.text), job.text if job else None) if resume is not None and rubric.kind != "coding" else []
    wanted_deep = min(len(items), 1 if n <= 3 or generated else 2)
    chosen: list[Question] = []
    for q, why in (generated or [])[: max(n - wanted_deep, 1)]:
        chosen.append(q)
        notes.append(PlanNote(question_id=q.id, source="model", why=why or "written for this job and resume"))
    deep: list[Question] = []
    for i, item in enumerate(items[:wanted_deep], 1):
        deep.append(deep_dive_question(item, rubric, i))
        notes.append(PlanNote(question_id=f"resume-{i}", source="resume", why=f"from your resume: “{_cut(item.line, 90)}”"))
    slots = max(n - len(chosen) - len(deep), 1 if not chosen else 0)
    matches: list[Question] = []
    if job is not None and slots:
        for q, score, why in rank_bank(persona, job.text):
            if len(matches) >= slots or score < MIN_SCORE:
                break
            matches.append(q)
            notes.append(PlanNote(question_id=q.id, source="bank", why=why or "closest to the job description"))
    # the best match (written or from the bank) opens the round, a deep-dive follows, then the others
    lead = chosen or matches
    ordered = lead[:1] + deep + lead[1:] + (matches if chosen else [])
    return Plan(
        kind="tailored",
        questions=ordered,
        notes=notes,
        job=job.text if job else "",
        job_name=job.name if job else "",
        resume=resume.text if resume else "",
        resume_name=resume.name if resume else "",
        engine=engine,
    )


def drill_plan(persona: Persona, rubric: Rubric, dimension: str, asked: dict[str, int] | None = None, count: int = 3) -> Plan:
    """A short round of the bank questions that mainly probe ``dimension`` (least practised first). Each question
    keeps only that dimension (and the rubric's always-on ones, such as communication), so follow-ups dig into it."""
    from interviewer.progress import questions_for

    if dimension not in rubric.ids:
        raise ValueError(
            f"the {persona.id} round has no dimension '{dimension}' (its dimensions: {', '.join(rubric.ids)})"
        )
    picked = questions_for(persona, dimension, asked, limit=count)
    if not picked:
        raise ValueError(f"no question in the {persona.id} bank probes '{dimension}'")
    style = [d.id for d in rubric.dimensions if d.phase == "all"]
    questions = [q.model_copy(update={"dimensions": list(dict.fromkeys([dimension, *style]))}) for q in picked]
    name = rubric.dimension(dimension).name
    return Plan(
        kind="drill",
        questions=questions,
        notes=[PlanNote(question_id=q.id, source="drill", why=f"mainly probes {name}") for q in questions],
        questions_per_round=len(questions),
        only_planned=True,
        minutes=drill_minutes(persona, len(questions)),
        dimension=dimension,
    )


def drill_minutes(persona: Persona, count: int) -> float:
    """A drill's length: the persona's time per question, for the drill's questions, plus a short wrap-up."""
    per_question = persona.minutes * 0.9 / max(persona.questions_per_round, 1)
    return float(max(5, min(round(per_question * count + 2), persona.minutes)))


def persona_for_session(persona: Persona, session: Session | None = None, plan: Plan | None = None) -> Persona:
    """The persona as the session's plan shapes it: the planned questions first (then, unless the plan says only
    those, the rest of the bank). Without a plan, the persona as it is."""
    plan = plan or (session.plan if session is not None else None)
    if plan is None or not plan.questions:
        return persona
    planned = {q.id for q in plan.questions}
    questions = list(plan.questions)
    update: dict = {"questions": questions}
    if not plan.only_planned:
        questions += [q for q in persona.questions if q.id not in planned]
    else:  # a drill goes straight to its questions
        update["warmup"] = None
    if plan.questions_per_round:
        update["questions_per_round"] = plan.questions_per_round
    if plan.minutes:
        update["minutes"] = int(round(plan.minutes))
    return persona.model_copy(update=update)


def tailored_rows(session: Session) -> list[TailoredRow]:
    """The asked questions the plan chose, and why (for the report)."""
    plan = session.plan
    if plan is None:
        return []
    why = {n.question_id: n for n in plan.notes}
    rows = []
    for q in session.questions:
        note = why.get(q.question_id)
        if note is not None:
            rows.append(TailoredRow(question=q.text, source=note.source, why=note.why))
    return rows


def annotate(report: Report, session: Session) -> Report:
    report.tailored = tailored_rows(session)
    return report


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
