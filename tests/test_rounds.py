"""The round index (header fields read without YAML or pydantic), the lazy catalog built on it, and the start-up
paths that rely on them importing only what they need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from interviewer.catalog import load_catalog
from interviewer.paths import package_data_dir
from interviewer.rounds import file_index, header, rounds_of

FIELDS = ("id", "name", "round", "minutes", "practises", "rubric")


def test_the_index_lists_the_rounds_the_catalog_validates_in_the_same_order() -> None:
    cat = load_catalog(include_user=False)
    index = rounds_of(file_index(include_user=False))
    full = list(cat.personas.values())  # a complete load
    assert [r.id for r in index] == [p.id for p in full]
    for r, p in zip(index, full):
        assert (r.name, r.round, r.minutes, r.practises, r.rubric) == (p.name, p.round, p.minutes, p.practises, p.rubric)
        assert r.kind == cat.rubrics[p.rubric].kind


def test_header_reads_each_field_as_yaml_does(tmp_path: Path) -> None:
    text = (
        "# a persona written by hand\n"
        "id: 'quoted-id'\n"
        "name: >-\n  Ada, Staff\n  Engineer\n"
        'round: "Design: the hard parts"\n'
        "practises: Plain text, with a comma\n"
        "minutes: 40\n"
        "style: |\n  name: not a top-level key\n"
        "questions:\n  - id: q1\n    text: 'rubric: nope'\n"
        "rubric: behavioral\n"
        "rubric: recruiter\n"  # given twice: YAML keeps the last
    )
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    expected = yaml.safe_load(text)
    got = header(path)
    assert {k: got.get(k) for k in FIELDS} == {k: expected.get(k) for k in FIELDS}


def test_a_round_is_read_from_its_own_files_only(tmp_path: Path) -> None:
    cat = load_catalog(include_user=False)
    persona = cat.persona("recruiter")
    read = sorted(f"{p.parent.name}/{p.name}" for p in cat._loader.done)  # type: ignore[union-attr]
    assert read == ["personas/recruiter.yaml", "rubrics/recruiter.yaml"]  # its own files, nothing else
    assert cat.rubric_for(persona).id == "recruiter"
    assert cat.problems == []  # a complete load keeps the objects already read
    assert cat.personas["recruiter"] is persona


def test_a_lazy_catalog_copies_as_a_whole() -> None:
    import copy
    import pickle

    cat = load_catalog(include_user=False)
    cat.persona("recruiter")
    for twin in (copy.deepcopy(cat), pickle.loads(pickle.dumps(cat))):
        assert list(twin.personas) == list(cat.personas) and twin.problems == cat.problems
        assert twin.persona("behavioral") == cat.persona("behavioral") and twin.persona("behavioral") is not cat.persona("behavioral")


def test_a_broken_user_round_is_a_problem_and_the_packaged_one_stays(tmp_path: Path) -> None:
    data = yaml.safe_load((package_data_dir("personas") / "recruiter.yaml").read_text(encoding="utf-8"))
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "recruiter.yaml").write_text(
        yaml.safe_dump(data | {"minutes": "forty"}), encoding="utf-8"
    )
    cat = load_catalog(extra_dirs=[tmp_path], include_user=False)
    persona = cat.persona("recruiter")  # lazily: the user's file fails, the packaged one is used
    assert persona.minutes == data["minutes"]
    assert [r.minutes for r in cat.rounds() if r.id == "recruiter"] == [data["minutes"]]  # Home lists it too
    assert [Path(p.path).parent for p in cat.problems] == [tmp_path / "personas"]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_app_module_and_homes_rounds_need_no_yaml_pydantic_or_engine() -> None:
    mods = _modules_after("import interviewer.tui.app\nfrom interviewer.rounds import round_index\nassert round_index()")
    assert not {"yaml", "pydantic", "interviewer.models", "interviewer.catalog", "interviewer.store", "litellm",
                "interviewer.engines"} & mods


def test_services_import_is_light_and_review_skips_the_interview_engine() -> None:
    assert not {"interviewer.catalog", "interviewer.engine.interview", "interviewer.judges.offline"} & _modules_after(
        "import interviewer.services"
    )
    mods = _modules_after(
        "from interviewer import services\n"
        "services.review('I fixed the outage myself: errors fell from 3% to 0.1%.', persona_id='behavioral')"
    )
    assert "interviewer.judges.offline" in mods
    assert not {"interviewer.engine.interview", "interviewer.engine.agent", "interviewer.tailoring", "litellm"} & mods
