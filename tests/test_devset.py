"""The project's labelled development set (benchmarks/data/devset.jsonl): format, labels, grouping, the split rule
and the share of questions where length runs against quality. See benchmarks/data/README.md."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from interviewer.catalog import Catalog

DEVSET = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "devset.jsonl"
ROUNDS = {"recruiter", "behavioral", "system-design", "ml-system-design", "ml-depth", "case-study"}
LABELS = {"strong", "average", "weak"}
ADVERSARIAL = {"keyword_stuffing", "prompt_injection", "padding", "gibberish", "off_topic"}
REQUIRED = {"id": str, "persona": str, "question": str, "answer": str, "label": str, "reason": str, "split": str,
            "tags": list}
OPTIONAL = {"question_id": str, "adversarial": str}


def load() -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(DEVSET.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"line {n} is blank"
        items.append(json.loads(line))
    return items


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    return load()


@pytest.fixture(scope="module")
def groups(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_q: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for it in items:
        by_q[it["question"]].append(it)
    return dict(by_q)


def split_rule(question: str) -> str:
    """The documented rule: a hash of the question, so every answer to one question lands in the same split."""
    digest = hashlib.sha256(("interviewer-devset:" + " ".join(question.lower().split())).encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % 2 == 0 else "test"


def words(text: str) -> int:
    return len(text.split())


def length_against_quality(group: list[dict[str, Any]]) -> bool:
    """The longest real answer is labelled weak and every strong answer is shorter than every average answer and
    than that longest weak one. Injections, keyword lists, padding and gibberish are not answers and do not count."""
    real = [i for i in group if i.get("adversarial") in (None, "off_topic")]
    if not real:
        return False
    longest = max(real, key=lambda i: words(i["answer"]))
    strong = [words(i["answer"]) for i in real if i["label"] == "strong"]
    others = [words(i["answer"]) for i in real if i["label"] == "average"] + [words(longest["answer"])]
    return longest["label"] == "weak" and bool(strong) and max(strong) < min(others)


def test_every_line_has_the_fields_and_values_of_the_format(items: list[dict[str, Any]]) -> None:
    assert len(items) >= 220
    for it in items:
        for key, typ in REQUIRED.items():
            assert isinstance(it.get(key), typ), (it.get("id"), key)
        for key, typ in OPTIONAL.items():
            assert key not in it or isinstance(it[key], typ), (it["id"], key)
        assert set(it) <= set(REQUIRED) | set(OPTIONAL), it["id"]
        assert it["persona"] in ROUNDS and it["label"] in LABELS and it["split"] in {"dev", "test"}, it["id"]
        assert it["answer"].strip() and it["reason"].strip() and "\n" not in it["reason"], it["id"]
        if "adversarial" in it:
            assert it["adversarial"] in ADVERSARIAL and it["label"] == "weak", it["id"]
    ids = [it["id"] for it in items]
    assert len(set(ids)) == len(ids)


def test_every_round_has_every_label_in_both_splits(items: list[dict[str, Any]]) -> None:
    seen = {(it["persona"], it["label"], it["split"]) for it in items}
    for persona in ROUNDS:
        for label in LABELS:
            for split in ("dev", "test"):
                assert (persona, label, split) in seen, (persona, label, split)


def test_question_groups_are_labelled_and_split_by_question(groups: dict[str, list[dict[str, Any]]]) -> None:
    for question, group in groups.items():
        assert len({i["label"] for i in group}) >= 2, question
        assert {i["split"] for i in group} == {split_rule(question)}, question
        assert len({i["persona"] for i in group}) == 1, question
    # The hash splits the questions about evenly; questions added later to grow the tuning side are chosen to hash to
    # `dev` (README), so the share of `dev` grows, but every round keeps at least five questions on each side and the
    # reported side never becomes a token one.
    sides: dict[tuple[str, str], int] = defaultdict(int)
    for question, group in groups.items():
        sides[(group[0]["persona"], split_rule(question))] += 1
    for persona in ROUNDS:
        for split in ("dev", "test"):
            assert sides[(persona, split)] >= 5, (persona, split, sides[(persona, split)])
    test = sum(1 for q in groups if split_rule(q) == "test")
    assert 0.3 <= test / len(groups) <= 0.6, test


def test_bank_question_ids_exist_and_many_questions_are_not_in_the_bank(
    catalog: Catalog, groups: dict[str, list[dict[str, Any]]]
) -> None:
    outside = 0
    for question, group in groups.items():
        qid = group[0].get("question_id")
        if qid is None:
            outside += 1
            continue
        bank = {q.id: q.text for q in catalog.persona(group[0]["persona"]).questions}
        assert bank.get(qid) == question, (qid, question)
    assert outside / len(groups) >= 0.3


def test_length_runs_against_quality_for_at_least_40_percent_of_questions(
    groups: dict[str, list[dict[str, Any]]]
) -> None:
    flagged = [q for q, g in groups.items() if length_against_quality(g)]
    assert len(flagged) / len(groups) >= 0.40, f"{len(flagged)}/{len(groups)}"
    for question, group in groups.items():  # the tag says what the data shows
        tagged = {"length_against_quality" in i["tags"] for i in group}
        assert tagged == {question in flagged}, question


def test_the_kinds_of_answer_the_issue_asks_for_are_there(items: list[dict[str, Any]]) -> None:
    tags = defaultdict(int)
    for it in items:
        for t in it["tags"]:
            tags[t] += 1
    for tag in ("question_back", "hedged", "non_native", "fluent_wrong", "first_person"):
        assert tags[tag] >= 4, tag
    kinds = {it["adversarial"] for it in items if "adversarial" in it}
    assert kinds == ADVERSARIAL
    depth_wrong = [it for it in items if it["persona"] == "ml-depth" and "fluent_wrong" in it["tags"]]
    assert depth_wrong and all(it["label"] == "weak" for it in depth_wrong)


@pytest.mark.parametrize("name", ["devset_third.jsonl", "devset_fourth.jsonl", "devset_fifth.jsonl"])
def test_a_later_batch_adds_dev_answers_only(items: list[dict[str, Any]], name: str) -> None:
    """Later batches: answers to questions of the dev split, never to a reported question, with ids of their own."""
    from interviewer.evalset import load_set

    data = Path(__file__).resolve().parents[1] / "benchmarks" / "data"
    third = load_set(data / name)
    others = [it for other in ("devset_third.jsonl", "devset_fourth.jsonl", "devset_fifth.jsonl") if other != name for it in load_set(data / other)]
    assert len(third) >= 40 and not {it["id"] for it in third} & {it["id"] for it in others}
    dev_questions = {it["question"] for it in items if it["split"] == "dev"}
    assert not {it["id"] for it in third} & {it["id"] for it in items}
    by_q: dict[str, set[str]] = defaultdict(set)
    for it in third:
        assert it["split"] == "dev" == split_rule(it["question"]) and it["question"] in dev_questions, it["id"]
        assert it["answer"].strip() and it["reason"].strip() and it["label"] in LABELS, it["id"]
        by_q[it["question"]].add(it["label"])
    assert all(labels == set(LABELS) for labels in by_q.values())
