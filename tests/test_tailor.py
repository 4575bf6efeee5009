"""Tailoring offline: reading job descriptions and resumes (text and PDF), BM25 ranking, resume deep-dives, planned
rounds that survive a resume, drills, and the report's "why" for each tailored question."""

from __future__ import annotations

import asyncio

import pytest

from interviewer import services
from interviewer.engine.interview import Interview
from interviewer.models import Persona, Question
from interviewer.store import SessionStore
from interviewer.tailor.documents import Document, DocumentError, read_document
from interviewer.tailor.plan import drill_plan, job_skills, plan_round, rank_bank
from interviewer.tailor.resume import resume_items
from interviewer.tailor.text import BM25, stem, terms

JOB = """Senior ML Engineer, Real-time ML Platform

We are building a streaming feature store that serves fresh features to our fraud and ranking models.
Responsibilities:
- Design and operate the streaming feature store (Kafka, Flink) and its online serving layer
- Keep training and serving features consistent so models see no training-serving skew
- Partner with the fraud detection team to ship real-time models
Requirements: experience with distributed systems, feature pipelines and low-latency model serving.
"""

RESUME = """Jane Doe
Senior Machine Learning Engineer, Acme Payments (2021 - present)
- Led the fraud-scoring migration from nightly batch to streaming, cutting time-to-detect from 12 hours to 90 seconds.
- Built a feature backfill tool used by 6 teams.
ML Engineer at Shoply, 2018-2021
- Designed the search ranking pipeline, improving NDCG by 4%.
"""


def _pdf(lines: list[str]) -> bytes:
    """A tiny valid PDF (one page, Helvetica) written by hand, with a correct cross-reference table."""
    text = " ".join(f"({ln.replace('(', '[').replace(')', ']')}) Tj T*" for ln in lines)
    stream = f"BT /F1 11 Tf 14 TL 72 720 Td {text} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _feature_store_persona(catalog) -> Persona:
    """An ML design round whose bank has one streaming-features question among unrelated ones (the test's own data)."""
    base = catalog.persona("ml-system-design")
    dims = base.questions[0].dimensions
    texts = {
        "photo-tagging": "Design an ML system that suggests tags for photos uploaded to a photo sharing site.",
        "churn": "Design an ML system that predicts which subscribers will cancel next month.",
        "realtime-features": "Design the real-time feature pipeline for a fraud model: streaming features computed from "
        "payment events and served online from a feature store with low latency.",
        "translation": "Design a system that translates product reviews into ten languages.",
        "forecast": "Design an ML system that forecasts weekly demand for a grocery chain's stores.",
        "ocr": "Design an ML system that reads totals from photos of receipts.",
        "toxicity": "Design an ML system that flags toxic comments in a forum.",
        "pricing": "Design an ML system that sets nightly prices for hotel rooms.",
    }
    return base.model_copy(update={"questions": [Question(id=k, text=v, dimensions=dims) for k, v in texts.items()]})


# --------------------------------------------------------------------------- text and BM25


def test_stems_and_terms():
    assert stem("stores") == stem("store") == "store"
    assert stem("streaming") == "stream" and stem("features") == "feature"
    assert "feature_store" in terms("a streaming feature store") and "stream_feature" in terms("a streaming feature store")
    assert "fraud" in terms("the fraud-scoring migration")  # hyphenated words match their parts


def test_bm25_prefers_the_document_with_the_rare_shared_terms():
    docs = [terms(t) for t in ("cache the feed in redis", "a streaming feature store for fraud", "feed ranking")]
    scores = BM25(docs).scores(terms("we run a streaming feature store"))
    assert scores[1] > 0 and scores[1] == max(scores) and scores[0] == scores[2] == 0


def test_job_skills_put_the_repeated_phrase_first():
    skills = job_skills(JOB)
    assert "streaming feature store" in skills[:3]
    assert not {"experience", "requirements", "responsibilities"} & set(skills)


# --------------------------------------------------------------------------- the round plan


def test_a_feature_store_job_puts_its_skills_in_the_planned_questions(catalog):
    persona = _feature_store_persona(catalog)
    rubric = catalog.rubric_for(persona)
    plan = plan_round(persona, rubric, job=Document("job.md", JOB))
    first = plan.questions[0]
    assert first.id == "realtime-features"
    assert "feature store" in first.text and "streaming" in first.text
    why = {n.question_id: n.why for n in plan.notes}
    assert why["realtime-features"] == "matches 'feature store' in the job description"
    assert plan.job == JOB.strip() or plan.job == JOB


def test_the_packaged_bank_is_ranked_against_the_job(catalog):
    persona = catalog.persona("ml-system-design")
    ranked = rank_bank(persona, JOB)
    q, score, why = ranked[0]
    assert score > ranked[-1][1]
    phrase = why.split("'")[1]
    assert phrase in JOB.lower()  # the explanation quotes the job itself


def test_resume_deep_dives_name_the_candidates_projects(catalog):
    items = resume_items(RESUME)
    subjects = [i.subject for i in items if i.kind == "project"]
    assert subjects[0] == "the fraud-scoring migration from nightly batch to streaming"
    assert "Senior Machine Learning Engineer at Acme Payments" in [i.subject for i in items if i.kind == "role"]
    persona = catalog.persona("behavioral")
    plan = plan_round(persona, catalog.rubric_for(persona), job=Document("job.md", JOB), resume=Document("cv.md", RESUME))
    deep = [q for q in plan.questions if q.id.startswith("resume-")]
    assert deep[0].text == (
        "You list the fraud-scoring migration from nightly batch to streaming: what was your part, "
        "and what was the hardest decision?"
    )
    assert deep[0].key_points and set(deep[0].dimensions) <= set(catalog.rubric_for(persona).ids)
    notes = {n.question_id: n for n in plan.notes}
    assert notes["resume-1"].source == "resume" and "fraud-scoring migration" in notes["resume-1"].why


def test_documents_text_pdf_and_errors(tmp_path, monkeypatch):
    (tmp_path / "job.md").write_text(JOB, encoding="utf-8")
    assert "streaming feature store" in read_document(tmp_path / "job.md").text
    pdf = tmp_path / "cv.pdf"
    pdf.write_bytes(_pdf(RESUME.splitlines()))
    doc = read_document(pdf, "resume")
    assert "fraud-scoring migration" in doc.text and doc.name == "cv.pdf"
    assert resume_items(doc.text)  # the PDF's lines still read as projects and roles
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(DocumentError, match="bad.pdf"):
        read_document(tmp_path / "bad.pdf", "resume")
    with pytest.raises(DocumentError, match="cannot read the job description"):
        read_document(tmp_path / "missing.txt", "job description")
    (tmp_path / "empty.txt").write_text("  \n")
    with pytest.raises(DocumentError, match="almost no text"):
        read_document(tmp_path / "empty.txt")


# --------------------------------------------------------------------------- rounds that use the plan


def _script(persona: str, n: int = 4) -> services.RehearsalScript:
    answer = (
        "I led the migration myself: I chose Flink over Spark Streaming because we needed per-event latency under "
        "100 ms, and I wrote the backfill so training and serving read the same feature definitions. Latency fell "
        "from 12 hours to 90 seconds. In hindsight I would have added data contracts earlier."
    )
    return services.RehearsalScript(persona=persona, answers=[services.ScriptAnswer(seconds=240, text=answer)] * n)


def test_a_tailored_rehearsal_asks_the_plan_resumes_with_it_and_reports_why(tmp_path, catalog):
    store = SessionStore(tmp_path)
    persona = catalog.persona("behavioral")
    plan = plan_round(persona, catalog.rubric_for(persona), job=Document("job.md", JOB), resume=Document("cv.md", RESUME))
    result = asyncio.run(services.rehearse(_script("behavioral", 8), store=store, catalog=catalog, plan=plan))
    session = store.load(result.interview.session.id)
    assert session.plan is not None and session.plan.resume_name == "cv.md" and "feature store" in session.plan.job
    asked = [q.question_id for q in session.questions]
    assert asked == [q.id for q in plan.questions][: len(asked)]
    rows = result.report.tailored
    assert rows and rows[0].question == plan.questions[0].text and rows[0].why.startswith("matches '")
    md = (tmp_path / "reports" / f"{session.id}.md").read_text()
    assert "Questions chosen for you" in md and rows[0].why in md
    # a resumed session keeps the planned questions, even those that are not in the bank
    reopened = Interview.resume(catalog, session)
    assert [q.id for q in reopened.persona.questions][: len(plan.questions)] == [q.id for q in plan.questions]


def test_a_drill_asks_only_questions_that_mainly_probe_the_dimension(tmp_path, catalog):
    store = SessionStore(tmp_path)
    persona = catalog.persona("behavioral")
    rubric = catalog.rubric_for(persona)
    plan = drill_plan(persona, rubric, "result")
    assert plan.kind == "drill" and plan.minutes and plan.minutes < persona.minutes
    result = asyncio.run(services.rehearse(_script("behavioral", 10), store=store, catalog=catalog, plan=plan))
    session = result.interview.session
    assert session.minutes == plan.minutes
    assert session.questions and all(q.dimensions[0] == "result" for q in session.questions)
    assert {q.question_id for q in session.questions} <= {q.id for q in plan.questions}
    # picked because they list the dimension earliest: no question left out lists it earlier than a picked one
    picked = {q.id for q in plan.questions}
    rank = {q.id: q.dimensions.index("result") for q in persona.questions if "result" in q.dimensions}
    assert max(rank[i] for i in picked) <= min((r for i, r in rank.items() if i not in picked), default=99)
    with pytest.raises(ValueError, match="no dimension 'charisma'"):
        drill_plan(persona, rubric, "charisma")


def test_a_drill_on_a_dimension_every_answer_is_read_on_uses_the_least_asked_questions(catalog):
    """Communication is read on every answer and listed by no question: `progress` can name it as the thing to
    practise, so its drill must not fail with "no question probes it"."""
    persona = catalog.persona("behavioral")
    rubric = catalog.rubric_for(persona)
    assert not any("communication" in q.dimensions for q in persona.questions)
    asked = {q.id: 1 for q in persona.questions[:3]}
    plan = drill_plan(persona, rubric, "communication", asked=asked, count=2)
    assert [q.id for q in plan.questions] == [q.id for q in persona.questions[3:5]]
    assert all(q.dimensions[0] == "communication" for q in plan.questions)
