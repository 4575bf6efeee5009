"""Each question's reference material (tests, key points, red flags): complete in the packaged banks, well formed
everywhere, and a broken field is a catalog problem naming the file and the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from interviewer.catalog import Catalog, load_catalog
from interviewer.models import Persona
from interviewer.paths import package_data_dir
from interviewer.reference import check_reference, term_problem


def packaged(name: str) -> dict:
    return yaml.safe_load((package_data_dir("personas") / f"{name}.yaml").read_text(encoding="utf-8"))


def write_persona(root: Path, name: str, data: dict) -> Path:
    folder = root / "personas"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problem_for(cat: Catalog, path: Path) -> str:
    msgs = [p.message for p in cat.problems if Path(p.path) == path]
    assert len(msgs) == 1, [str(p) for p in cat.problems]
    return msgs[0]


def test_every_packaged_question_carries_complete_reference(catalog: Catalog) -> None:
    assert catalog.problems == []
    for persona in catalog.personas.values():
        for q in persona.questions:
            where = f"{persona.id}/{q.id}"
            assert q.tests.strip() and "\n" not in q.tests.strip(), where
            assert 4 <= len(q.key_points) <= 8, where
            assert q.red_flags, where
            for kp in q.key_points:
                assert kp.text.strip() and len(kp.terms) >= 2, f"{where}: {kp.text}"
                assert all(term_problem(t) is None for t in kp.terms), where
            for rf in q.red_flags:
                assert all(term_problem(t) is None for t in rf.terms), where


def test_every_packaged_persona_has_wrapup_facts(catalog: Catalog) -> None:
    for persona in catalog.personas.values():
        assert {"role", "team", "process", "location", "next_steps"} <= set(persona.facts), persona.id
        assert all(v.strip() for v in persona.facts.values()), persona.id


def test_key_point_texts_are_distinct_within_a_question(catalog: Catalog) -> None:
    for persona in catalog.personas.values():
        for q in persona.questions:
            texts = [kp.text.lower() for kp in q.key_points]
            assert len(set(texts)) == len(texts), f"{persona.id}/{q.id}"


@pytest.mark.parametrize(
    ("term", "problem"),
    [
        ("shared counter", None),
        ("l1 + sparse", None),
        ("c++", None),
        (r"re:\b\d{2,3}\s?k\b", None),
        ("", "empty term"),
        ("re:", "empty regular expression"),
        ("re:(unclosed", "invalid regular expression"),
        ("l1 + ", "both sides"),
    ],
)
def test_term_syntax(term: str, problem: str | None) -> None:
    got = term_problem(term)
    if problem is None:
        assert got is None
    else:
        assert got is not None and problem in got


def test_packaged_bank_without_reference_is_rejected() -> None:
    data = packaged("recruiter")
    data["questions"][2] = {k: v for k, v in data["questions"][2].items() if k not in ("tests", "key_points", "red_flags")}
    persona = Persona.model_validate(data)
    with pytest.raises(ValueError, match=r"field 'questions\.2\.tests'"):
        check_reference(persona, required=True)
    check_reference(persona, required=False)  # a user's persona may leave it out


def test_user_persona_without_reference_still_loads(tmp_path: Path) -> None:
    data = packaged("behavioral") | {"id": "plain-behavioral"}
    for q in data["questions"]:
        for key in ("tests", "key_points", "red_flags"):
            q.pop(key, None)
    write_persona(tmp_path, "plain-behavioral", data)
    cat = load_catalog(extra_dirs=[tmp_path], include_user=False)
    assert cat.problems == []
    assert cat.personas["plain-behavioral"].questions[0].key_points == []


def _too_few_key_points(data: dict) -> tuple[str, ...]:
    data["questions"][1]["key_points"] = data["questions"][1]["key_points"][:2]
    return "'questions.1.key_points'", "2 key points"


def _too_many_key_points(data: dict) -> tuple[str, ...]:
    data["questions"][0]["key_points"] = data["questions"][0]["key_points"] * 2
    return "'questions.0.key_points'", "give 4 to 8"


def _no_red_flag(data: dict) -> tuple[str, ...]:
    data["questions"][4]["red_flags"] = []
    return "'questions.4.red_flags'", "at least one red flag"


def _blank_tests(data: dict) -> tuple[str, ...]:
    data["questions"][3]["tests"] = "  "
    return ("'questions.3.tests'",)


def _bad_regex_term(data: dict) -> tuple[str, ...]:
    data["questions"][2]["key_points"][1]["terms"].append("re:[unclosed")
    n = len(data["questions"][2]["key_points"][1]["terms"]) - 1
    return f"'questions.2.key_points.1.terms.{n}'", "regular expression"


def _dangling_plus(data: dict) -> tuple[str, ...]:
    data["questions"][5]["red_flags"][0]["terms"] = ["manager + "]
    return "'questions.5.red_flags.0.terms.0'", "both sides"


def _key_point_without_terms(data: dict) -> tuple[str, ...]:
    data["questions"][6]["key_points"][0]["terms"] = []
    return ("'questions.6.key_points.0.terms'",)


BROKEN = {
    "too-few-key-points": _too_few_key_points,
    "too-many-key-points": _too_many_key_points,
    "no-red-flag": _no_red_flag,
    "blank-tests": _blank_tests,
    "bad-regex-term": _bad_regex_term,
    "dangling-plus": _dangling_plus,
    "key-point-without-terms": _key_point_without_terms,
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_reference_is_a_problem_naming_file_and_field(tmp_path: Path, case: str) -> None:
    data = packaged("recruiter") | {"id": f"broken-{case}"}
    needles = BROKEN[case](data)
    path = write_persona(tmp_path, f"broken-{case}", data)
    cat = load_catalog(extra_dirs=[tmp_path], include_user=False)
    msg = problem_for(cat, path)
    for needle in needles:
        assert needle in msg, msg
    assert f"broken-{case}" not in cat.personas
    assert "recruiter" in cat.personas  # the packaged one still loads


def test_regex_terms_in_the_bank_match_what_they_are_for() -> None:
    """A spot check that the numeric patterns in the salary key point catch the ways people write a range."""
    salary = next(q for q in Persona.model_validate(packaged("recruiter")).questions if q.id == "salary-expectations")
    patterns = [t[3:] for t in salary.key_points[0].terms if t.startswith("re:")]
    for said in ("around 140k base", "between 95,000 and 110,000", "€120k", "somewhere in 130 to 150 thousand"):
        assert any(re.search(p, said, re.I) for p in patterns), said
    assert not any(re.search(p, "I'd rather hear your range first", re.I) for p in patterns)


# --------------------------------------------------------------------------- negative claims and percentages


def test_a_red_flag_that_is_itself_a_negative_claim_fires_and_a_distanced_mention_does_not() -> None:
    from interviewer.judges.offline.coverage import measure
    from interviewer.judges.offline.reference import Reference, _points
    from interviewer.judges.text import split_sentences
    from interviewer.models import KeyPoint, RedFlag

    ref = Reference(
        question="What does label noise do to a classifier?",
        key_points=_points([KeyPoint(text="say noisy labels cap accuracy", terms=["noisy labels + accuracy"])]),
        red_flags=_points([
            RedFlag(text="says label noise does not matter", terms=["label noise + doesn't matter", "label noise + does not matter"]),
            RedFlag(text="trusts accuracy alone on imbalanced data", terms=["accuracy + imbalanced"]),
        ]),
        vocab=frozenset({"label", "nois", "classifi"}),
        source="bank",
    )

    def flags(text: str) -> list[str]:
        content = [s for s in split_sentences(text) if s.content]
        return [p.text for p, _ in measure(ref, content).flags]

    assert flags("Honestly label noise doesn't matter much once you have enough data.") == ["says label noise does not matter"]
    # naming an anti-pattern to avoid it is not committing it
    assert flags("I would not trust accuracy on imbalanced data; I'd look at recall per class.") == []
    assert flags("Accuracy on imbalanced data is what I report to the team.") == ["trusts accuracy alone on imbalanced data"]


def test_bank_percentage_terms_match_a_number_followed_by_a_percent_sign() -> None:
    from interviewer.catalog import default_catalog
    from interviewer.judges.offline.reference import Words, compile_term

    persona = default_catalog().persona("behavioral")
    terms = [t for q in persona.questions for kp in q.key_points for t in kp.terms if "percent" in t and t.startswith("re:")]
    assert terms
    for raw in terms:
        term = compile_term(raw)
        assert term is not None and term.matches(Words.of("it cut errors by 12% that quarter"), "it cut errors by 12% that quarter"), raw
