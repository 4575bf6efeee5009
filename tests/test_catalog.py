"""The catalog: packaged personas and rubrics, user overrides, and broken files that never stop the others."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from interviewer.catalog import Catalog, CatalogError, load_catalog
from interviewer.paths import package_data_dir

PERSONAS = {"behavioral", "recruiter", "system-design", "ml-system-design", "ml-depth", "case-study", "ml-coding"}


def packaged(kind: str, name: str) -> dict:
    return yaml.safe_load((package_data_dir(kind) / f"{name}.yaml").read_text(encoding="utf-8"))


def write(folder: Path, name: str, data: dict | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems_for(cat: Catalog, path: Path) -> list[str]:
    return [p.message for p in cat.problems if Path(p.path) == path]


def test_packaged_catalog_is_clean(catalog: Catalog) -> None:
    assert set(catalog.personas) == PERSONAS
    assert catalog.problems == []
    for p in catalog.personas.values():
        rubric = catalog.rubric_for(p)
        for q in p.questions:
            assert set(q.dimensions) <= set(rubric.ids)


def test_unknown_persona_is_a_clear_error(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="unknown persona 'nope'.*behavioral"):
        catalog.persona("nope")


# --------------------------------------------------------------------------- broken files


def _broken_yaml(root: Path) -> tuple[Path, list[str]]:
    path = write(root / "personas", "broken.yaml", "id: broken\nname: [unclosed\nround: x\n")
    return path, ["invalid YAML", "line"]


def _unknown_rubric(root: Path) -> tuple[Path, list[str]]:
    data = packaged("personas", "recruiter") | {"id": "ghost-rubric", "rubric": "no-such-rubric"}
    return write(root / "personas", "ghost-rubric.yaml", data), ["'rubric'", "no-such-rubric"]


def _bad_regex(root: Path) -> tuple[Path, list[str]]:
    data = packaged("rubrics", "recruiter") | {"id": "bad-regex"}
    data["dimensions"][1]["signals"] = [*data["dimensions"][1]["signals"][:2], r"\b(unclosed group"]
    return write(root / "rubrics", "bad-regex.yaml", data), ["'dimensions.1.signals.2'", "regular expression"]


def _unknown_dimension(root: Path) -> tuple[Path, list[str]]:
    data = packaged("personas", "behavioral") | {"id": "typo-dim"}
    data["questions"][3]["dimensions"] = ["situation", "resullt"]
    return write(root / "personas", "typo-dim.yaml", data), ["'questions.3.dimensions'", "resullt"]


def _missing_level(root: Path) -> tuple[Path, list[str]]:
    data = packaged("rubrics", "behavioral") | {"id": "three-levels"}
    del data["dimensions"][2]["levels"][3]
    return write(root / "rubrics", "three-levels.yaml", data), ["'dimensions.2.levels'", "levels"]


def _unknown_detector(root: Path) -> tuple[Path, list[str]]:
    data = packaged("rubrics", "behavioral") | {"id": "bad-detector"}
    data["dimensions"][0]["detector"] = "telepathy"
    return write(root / "rubrics", "bad-detector.yaml", data), ["'dimensions.0.detector'", "telepathy"]


def _too_few_questions(root: Path) -> tuple[Path, list[str]]:
    data = packaged("personas", "recruiter") | {"id": "short-bank"}
    data["questions"] = data["questions"][:3]
    return write(root / "personas", "short-bank.yaml", data), ["'questions'"]


def _not_a_mapping(root: Path) -> tuple[Path, list[str]]:
    return write(root / "rubrics", "list.yaml", "- just\n- a list\n"), ["mapping"]


def _not_utf8(root: Path) -> tuple[Path, list[str]]:
    path = root / "personas" / "latin1.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("id: latin1\nname: Jos\xe9\n".encode("latin-1"))
    return path, ["UTF-8"]


BROKEN = {
    "yaml-syntax": _broken_yaml,
    "unknown-rubric": _unknown_rubric,
    "bad-regex": _bad_regex,
    "unknown-dimension": _unknown_dimension,
    "levels-missing-3": _missing_level,
    "unknown-detector": _unknown_detector,
    "too-few-questions": _too_few_questions,
    "not-a-mapping": _not_a_mapping,
    "not-utf8": _not_utf8,
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_file_is_a_problem_naming_file_and_field(tmp_path: Path, case: str) -> None:
    path, needles = BROKEN[case](tmp_path)
    cat = load_catalog(extra_dirs=[tmp_path], include_user=False)
    msgs = problems_for(cat, path)
    assert len(msgs) == 1, [str(p) for p in cat.problems]
    for needle in needles:
        assert needle in msgs[0], msgs[0]
    assert str(path) in str(next(p for p in cat.problems if Path(p.path) == path))
    # the broken file is skipped; every packaged persona and rubric still loads
    assert set(cat.personas) == PERSONAS
    assert {"behavioral", "recruiter", "system-design", "ml-system-design"} <= set(cat.rubrics)
    assert len(cat.problems) == 1


def test_many_broken_files_at_once(tmp_path: Path) -> None:
    paths = [make(tmp_path)[0] for make in BROKEN.values()]
    good = packaged("personas", "recruiter") | {"id": "recruiter-short", "minutes": 15}
    write(tmp_path / "personas", "recruiter-short.yaml", good)
    cat = load_catalog(extra_dirs=[tmp_path], include_user=False)
    assert sorted(Path(p.path) for p in cat.problems) == sorted(paths)
    assert set(cat.personas) == PERSONAS | {"recruiter-short"}


def test_a_persona_may_use_a_broken_rubric_only_by_failing_itself(tmp_path: Path) -> None:
    rubric_path, _ = _missing_level(tmp_path)
    persona = packaged("personas", "behavioral") | {"id": "uses-broken", "rubric": "three-levels"}
    persona_path = write(tmp_path / "personas", "uses-broken.yaml", persona)
    cat = load_catalog(extra_dirs=[tmp_path], include_user=False)
    assert problems_for(cat, rubric_path)
    assert any("three-levels" in m for m in problems_for(cat, persona_path))
    assert "uses-broken" not in cat.personas and set(cat.personas) == PERSONAS


# --------------------------------------------------------------------------- the user's folder


def test_user_persona_is_loaded_from_the_config_dir(tmp_home) -> None:
    data = packaged("personas", "recruiter") | {"id": "my-screen", "name": "Sam, Recruiter", "minutes": 20}
    path = write(tmp_home.config / "personas", "my-screen.yaml", data)
    cat = load_catalog()
    assert cat.problems == []
    assert cat.persona("my-screen").name == "Sam, Recruiter"
    assert cat.sources["persona:my-screen"] == path
    assert set(cat.personas) == PERSONAS | {"my-screen"}
    assert "my-screen" not in load_catalog(include_user=False).personas


def test_user_persona_overrides_a_packaged_one_by_id(tmp_home) -> None:
    data = packaged("personas", "behavioral") | {"name": "Alex, Director", "minutes": 30}
    path = write(tmp_home.config / "personas", "behavioral.yaml", data)
    cat = load_catalog()
    p = cat.persona("behavioral")
    assert (p.name, p.minutes) == ("Alex, Director", 30)
    assert cat.sources["persona:behavioral"] == path
    assert set(cat.personas) == PERSONAS


def test_id_defaults_to_the_file_name(tmp_home) -> None:
    data = packaged("personas", "recruiter")
    del data["id"]
    write(tmp_home.config / "personas", "night-owl.yaml", data)
    assert "night-owl" in load_catalog().personas


def test_user_rubric_overrides_and_user_persona_can_use_it(tmp_home) -> None:
    rubric = packaged("rubrics", "recruiter") | {"id": "my-rubric", "name": "Mine"}
    write(tmp_home.config / "rubrics", "my-rubric.yaml", rubric)
    persona = packaged("personas", "recruiter") | {"id": "mine", "rubric": "my-rubric"}
    write(tmp_home.config / "personas", "mine.yaml", persona)
    cat = load_catalog()
    assert cat.problems == []
    assert cat.rubric_for(cat.persona("mine")).name == "Mine"


def test_broken_user_override_keeps_the_packaged_one(tmp_home) -> None:
    path = write(tmp_home.config / "rubrics", "behavioral.yaml", "id: behavioral\nname: [broken\n")
    cat = load_catalog()
    assert problems_for(cat, path)
    assert cat.rubrics["behavioral"].name == load_catalog(include_user=False).rubrics["behavioral"].name
    assert set(cat.personas) == PERSONAS


def test_hidden_and_non_yaml_files_are_ignored(tmp_home) -> None:
    write(tmp_home.config / "personas", ".swap.yaml", "not: [valid")
    write(tmp_home.config / "personas", "notes.txt", "not: [valid")
    cat = load_catalog()
    assert cat.problems == [] and set(cat.personas) == PERSONAS


def test_cli_personas_warns_about_a_broken_user_file(tmp_home) -> None:
    import subprocess
    import sys

    bad = write(tmp_home.config / "personas", "broken.yaml", "id: broken\nname: [unclosed\n")
    p = subprocess.run(
        [sys.executable, "-m", "interviewer", "personas"], capture_output=True, env=tmp_home.env(), timeout=60
    )
    assert p.returncode == 0
    assert str(bad) in p.stderr.decode() and "Traceback" not in p.stderr.decode()
    ids = [line.split()[0] for line in p.stdout.decode().splitlines()[1:] if line.strip()]
    assert sorted(ids) == sorted(PERSONAS)
