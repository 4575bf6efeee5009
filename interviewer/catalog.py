"""Loads and validates personas and rubrics: the packaged ones, then the user's (which may add or override by id).

A broken file never stops the others from loading: it becomes a ``CatalogProblem`` naming the file and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from interviewer.errors import InterviewerError
from interviewer.models import Persona, Rubric
from interviewer.paths import package_data_dir, user_config_dir
from interviewer.reference import check_reference

try:  # the C loader is ~10x faster; fall back when libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader



def known_detectors() -> set[str]:
    """The detector names a rubric may use: the offline judge's registry (one decorator per detector) and the names
    other judges implement. Imported on first use: loading the catalog must stay cheap."""
    from interviewer.judges.offline import known_detectors as registered

    return registered()


@dataclass(frozen=True)
class CatalogProblem:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Catalog:
    personas: dict[str, Persona] = field(default_factory=dict)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    problems: list[CatalogProblem] = field(default_factory=list)
    sources: dict[str, Path] = field(default_factory=dict)  # "persona:<id>" / "rubric:<id>" -> file

    def persona(self, persona_id: str) -> Persona:
        try:
            return self.personas[persona_id]
        except KeyError:
            known = ", ".join(sorted(self.personas)) or "none"
            raise CatalogError(f"unknown persona '{persona_id}' (available: {known})") from None

    def rubric_for(self, persona: Persona) -> Rubric:
        return self.rubrics[persona.rubric]

    def rubric_for_session(self, rubric_id: str, persona: Persona) -> Rubric:
        """The rubric a stored session was run with, or the persona's current one if that rubric is gone."""
        return self.rubrics.get(rubric_id) or self.rubric_for(persona)


class CatalogError(InterviewerError):
    """A persona or rubric is missing or invalid."""


def format_validation(err: ValidationError) -> str:
    parts = []
    for e in err.errors()[:3]:
        loc = ".".join(str(x) for x in e["loc"]) or "(top level)"
        parts.append(f"field '{loc}': {e['msg']}")
    more = len(err.errors()) - 3
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)


def _read_yaml(path: Path) -> dict:
    with path.open("rb") as fh:
        raw = fh.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValueError(f"invalid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise ValueError("expected a mapping of fields at the top level")
    return data


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))


def _check_rubric(rubric: Rubric) -> None:
    known = known_detectors()
    for i, dim in enumerate(rubric.dimensions):
        if dim.detector not in known:
            raise ValueError(
                f"field 'dimensions.{i}.detector': unknown detector '{dim.detector}' "
                f"(use one of: {', '.join(sorted(known))})"
            )
        for j, pattern in enumerate(dim.signals):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"field 'dimensions.{i}.signals.{j}': invalid regular expression: {exc}") from None


def _check_persona(persona: Persona, rubrics: dict[str, Rubric], packaged: bool = False) -> None:
    rubric = rubrics.get(persona.rubric)
    if rubric is None:
        raise ValueError(f"field 'rubric': unknown rubric '{persona.rubric}' (available: {', '.join(sorted(rubrics))})")
    ids = set(rubric.ids)
    for i, q in enumerate(persona.questions):
        bad = [d for d in q.dimensions if d not in ids]
        if bad:
            raise ValueError(
                f"field 'questions.{i}.dimensions': unknown dimension(s) {', '.join(bad)} for rubric '{rubric.id}'"
            )
    # the packaged banks must carry complete reference material; a user's persona may omit it (see reference.py)
    check_reference(persona, required=packaged)


def load_catalog(extra_dirs: list[Path] | None = None, include_user: bool = True) -> Catalog:
    """Load every persona and rubric. Later folders override earlier ones by id."""
    roots = [(package_data_dir("personas"), package_data_dir("rubrics"))]
    if include_user:
        user = user_config_dir()
        roots.append((user / "personas", user / "rubrics"))
    for d in extra_dirs or []:
        roots.append((d / "personas", d / "rubrics"))

    cat = Catalog()
    raw_personas: list[tuple[Path, dict, bool]] = []
    for n, (persona_dir, rubric_dir) in enumerate(roots):
        for path in _yaml_files(rubric_dir):
            try:
                data = _read_yaml(path)
                data.setdefault("id", path.stem)
                rubric = Rubric.model_validate(data)
                _check_rubric(rubric)
            except ValidationError as exc:
                cat.problems.append(CatalogProblem(path, format_validation(exc)))
                continue
            except (ValueError, OSError) as exc:
                cat.problems.append(CatalogProblem(path, str(exc)))
                continue
            cat.rubrics[rubric.id] = rubric
            cat.sources[f"rubric:{rubric.id}"] = path
        for path in _yaml_files(persona_dir):
            try:
                data = _read_yaml(path)
                data.setdefault("id", path.stem)
            except (ValueError, OSError) as exc:
                cat.problems.append(CatalogProblem(path, str(exc)))
                continue
            raw_personas.append((path, data, n == 0))

    for path, data, packaged in raw_personas:  # after all rubrics, so a user persona may use a user rubric
        try:
            persona = Persona.model_validate(data)
            _check_persona(persona, cat.rubrics, packaged)
        except ValidationError as exc:
            cat.problems.append(CatalogProblem(path, format_validation(exc)))
            continue
        except ValueError as exc:
            cat.problems.append(CatalogProblem(path, str(exc)))
            continue
        cat.personas[persona.id] = persona
        cat.sources[f"persona:{persona.id}"] = path
    return cat


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return load_catalog()
