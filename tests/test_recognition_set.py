"""The question-recognition set (benchmarks/data/questions.jsonl) loads, and every label names a real bank question or
library topic of its persona; the benchmark's counts add up."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

from interviewer.catalog import default_catalog
from interviewer.references import topics_for

REPO = Path(__file__).resolve().parents[1]
SET = REPO / "benchmarks" / "data" / "questions.jsonl"


def _items() -> list[dict]:
    with open(SET, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _bench():
    spec = importlib.util.spec_from_file_location("recognition_bench", REPO / "benchmarks" / "recognition_bench.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules.setdefault("recognition_bench", mod)  # dataclasses look their module up there
    mod = sys.modules["recognition_bench"]
    spec.loader.exec_module(mod)
    return mod


def test_set_loads_with_its_fields_and_sizes():
    items = _items()
    assert len(items) >= 240
    assert len({it["id"] for it in items}) == len(items)
    for it in items:
        assert set(it) <= {"id", "persona", "question", "expected", "also_ok", "split", "style"}, it["id"]
        assert it["question"].strip() and it["split"] in {"dev", "test"}, it["id"]
    assert sum(it["expected"] is None for it in items) >= 40
    splits = Counter(it["split"] for it in items)
    assert abs(splits["dev"] - splits["test"]) <= len(items) // 10
    assert set(it["persona"] for it in items) == set(default_catalog().personas)


def test_every_label_exists_in_its_persona():
    cat = default_catalog()
    for it in _items():
        persona = cat.persona(it["persona"])
        known = {q.id for q in persona.questions} | {t.id for t in topics_for(persona.id)}
        for label in [it["expected"], *it.get("also_ok", [])]:
            assert label is None or label in known, f"{it['id']}: {label!r} is not a question or topic of {persona.id}"
        assert it["expected"] is not None or not it.get("also_ok"), it["id"]


def test_scores_count_every_item_once():
    bench = _bench()
    s = bench.Score()
    assert s.add({"expected": "a", "also_ok": ["b"]}, "b") == "ok"
    assert s.add({"expected": "a"}, "c") == "wrong"
    assert s.add({"expected": None}, "a") == "wrong"
    assert s.add({"expected": "a"}, None) == "missed"
    assert s.add({"expected": None}, None) == "ok"
    assert (s.items, s.correct, s.wrong, s.missed) == (5, 2, 2, 1)


def test_exact_baseline_finds_a_bank_question_word_for_word():
    bench = _bench()
    q = default_catalog().persona("recruiter").questions[0]
    assert bench.exact_baseline("recruiter", "  " + q.text.upper()) == q.id
    assert bench.exact_baseline("recruiter", "How was your weekend?") is None


def test_a_bank_question_is_recognised_from_each_of_its_other_phrasings():
    """A bank question's ``also`` phrasings (how interviewers really ask it) lead a free-text question to it, as a
    library topic's do; none repeats the question's own text."""
    from interviewer.judges.offline.closest import closest_reference

    checked = 0
    for persona in default_catalog().personas.values():
        for q in persona.questions:
            for phrasing in q.also:
                assert " ".join(phrasing.lower().split()) != " ".join(q.text.lower().split())
                match = closest_reference(persona, phrasing)
                assert match.question is not None and match.question.id == q.id, f"{phrasing!r} -> {match.question}"
                assert not match.exact and not match.library
                checked += 1
    assert checked >= 60


def test_an_interviewers_wording_reaches_the_bank_question_it_means():
    from interviewer.judges.offline.closest import closest_reference

    cat = default_catalog()
    for persona_id, asked, qid in [
        ("recruiter", "Honestly, what's your dream job at this point?", "looking-for"),
        ("ml-coding", "Can you code k-means from scratch for me, in plain Python?", "kmeans"),
        ("behavioral", "What is the biggest mistake you've made at work, and what did you learn?", "own-mistake"),
    ]:
        match = closest_reference(cat.persona(persona_id), asked)
        assert match.question is not None and match.question.id == qid, (asked, match.question)
