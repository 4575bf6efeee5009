"""Loads and validates personas and rubrics: the packaged ones, then the user's (which may add or override by id).

A broken file never stops the others from loading: it becomes a ``CatalogProblem`` naming the file and the field.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from interviewer.errors import InterviewerError
from interviewer.models import Persona, Rubric
from interviewer.reference import check_reference
from interviewer.rounds import FileIndex, file_index, rounds_of

try:  # the C loader is ~10x faster; fall back when libyaml is missing
    _YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _YamlLoader = yaml.SafeLoader


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


class Catalog:
    """Personas and rubrics by id. ``load_catalog`` gives one that reads and validates each file when it is first
    used (``persona(id)`` reads that persona's file and its rubric's); iterating ``personas`` or ``rubrics``, or
    reading ``problems`` or ``sources``, loads every file. ``Catalog(personas=..., rubrics=...)`` holds given models."""

    def __init__(
        self,
        personas: Mapping[str, Persona] | None = None,
        rubrics: Mapping[str, Rubric] | None = None,
        problems: list[CatalogProblem] | None = None,
        sources: dict[str, Path] | None = None,
    ) -> None:
        self.personas: Mapping[str, Persona] = personas if personas is not None else {}
        self.rubrics: Mapping[str, Rubric] = rubrics if rubrics is not None else {}
        self._problems = problems if problems is not None else []
        self._sources = sources if sources is not None else {}
        self._loader: _Loader | None = None

    def __getstate__(self) -> dict[str, Any]:
        """Copied or pickled as a plain catalog: every file loaded, no loader (it holds a lock)."""
        if self._loader is not None:
            self._loader.complete()
        return {"personas": dict(self.personas), "rubrics": dict(self.rubrics), "_problems": list(self._problems),
                "_sources": dict(self._sources), "_loader": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def problems(self) -> list[CatalogProblem]:
        if self._loader is not None:
            self._loader.complete()
        return self._problems

    @property
    def sources(self) -> dict[str, Path]:  # "persona:<id>" / "rubric:<id>" -> file
        if self._loader is not None:
            self._loader.complete()
        return self._sources

    def rounds(self) -> list:
        """The rounds to list (``rounds.RoundInfo``, or the personas once validated): read from the files' headers
        while nothing else is loaded, so listing them costs no YAML or validation."""
        loader = self._loader
        if loader is not None and not loader.completed:
            return rounds_of(loader.index)
        return list(self.personas.values())

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
        data = yaml.load(text, Loader=_YamlLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValueError(f"invalid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise ValueError("expected a mapping of fields at the top level")
    return data


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
    """Every persona and rubric, each read and validated when first used. Later folders override earlier ones by
    id; a file that does not load is a problem (``Catalog.problems``) and an earlier file of its id stays."""
    cat = Catalog()
    loader = _Loader(cat, file_index(extra_dirs, include_user))
    cat.personas, cat.rubrics, cat._loader = _Lazy(loader.persona), _Lazy(loader.rubric), loader
    return cat


class _Lazy(Mapping):
    """A read-only mapping whose values are loaded on first access; iterating it loads them all."""

    def __init__(self, get: Callable[[str], Any]) -> None:
        self._get = get
        self._all: dict[str, Any] | None = None

    def __getitem__(self, key: str) -> Any:
        if self._all is not None:
            return self._all[key]
        value = self._get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __repr__(self) -> str:
        return repr(dict(self))

    def _loaded(self) -> dict[str, Any]:
        if self._all is None:
            self._get(None)  # the loader fills ``_all``
        assert self._all is not None
        return self._all


class _Loader:
    """Reads and validates the catalog's files on demand, each once; ``complete`` reads every file in load order,
    exactly as an eager load would (same winners, same problems, same order)."""

    def __init__(self, cat: Catalog, index: FileIndex) -> None:
        self.cat, self.index = cat, index
        self.lock = threading.RLock()
        self.done: dict[Path, Persona | Rubric | CatalogProblem] = {}
        self.completed = False

    def _rubric_file(self, path: Path) -> Rubric | CatalogProblem:
        if path not in self.done:
            try:
                data = _read_yaml(path)
                data.setdefault("id", path.stem)
                rubric = Rubric.model_validate(data)
                _check_rubric(rubric)
                self.done[path] = rubric
            except ValidationError as exc:
                self.done[path] = CatalogProblem(path, format_validation(exc))
            except (ValueError, OSError) as exc:
                self.done[path] = CatalogProblem(path, str(exc))
        return self.done[path]

    def _persona_file(self, path: Path, packaged: bool) -> Persona | CatalogProblem:
        if path not in self.done:
            try:
                data = _read_yaml(path)
                data.setdefault("id", path.stem)
                persona = Persona.model_validate(data)
                _check_persona(persona, self.cat.rubrics, packaged)
                self.done[path] = persona
            except ValidationError as exc:
                self.done[path] = CatalogProblem(path, format_validation(exc))
            except (ValueError, OSError) as exc:
                self.done[path] = CatalogProblem(path, str(exc))
        return self.done[path]

    def rubric(self, rid: str | None) -> Rubric | None:
        with self.lock:
            if rid is None:
                self.complete()
                return None
            for path in reversed(self.index.rubrics.get(rid, [])):
                got = self._rubric_file(path)
                if isinstance(got, Rubric):
                    return got if got.id == rid else self._complete_get(self.cat.rubrics, rid)
            return None

    def persona(self, pid: str | None) -> Persona | None:
        with self.lock:
            if pid is None:
                self.complete()
                return None
            for path, packaged in reversed(self.index.personas.get(pid, [])):
                got = self._persona_file(path, packaged)
                if isinstance(got, Persona):
                    return got if got.id == pid else self._complete_get(self.cat.personas, pid)
            return None

    def _complete_get(self, mapping: Mapping, key: str) -> Any:
        """The id's model after a complete load: for a file whose YAML names another id than its ``id:`` line seems
        to (the round index reads that line alone)."""
        self.complete()
        return mapping.get(key)

    def complete(self) -> None:
        with self.lock:
            if self.completed:
                return
            rubrics: dict[str, Rubric] = {}
            personas: dict[str, Persona] = {}
            problems: list[CatalogProblem] = []
            sources: dict[str, Path] = {}
            rubric_files = [p for files in self.index.rubrics.values() for p in files]
            for path in sorted(rubric_files, key=self._order):
                got = self._rubric_file(path)
                if isinstance(got, CatalogProblem):
                    problems.append(got)
                else:
                    rubrics[got.id] = got
                    sources[f"rubric:{got.id}"] = path
            self.cat.rubrics._all = rubrics  # type: ignore[attr-defined]  # personas are checked against these
            persona_files = [e for files in self.index.personas.values() for e in files]
            for path, packaged in sorted(persona_files, key=lambda e: self._order(e[0])):
                got = self._persona_file(path, packaged)
                if isinstance(got, CatalogProblem):
                    problems.append(got)
                else:
                    personas[got.id] = got
                    sources[f"persona:{got.id}"] = path
            self.cat.personas._all = personas  # type: ignore[attr-defined]
            self.cat._problems[:], self.cat._sources = problems, sources
            self.completed = True

    def _order(self, path: Path) -> tuple[int, str]:
        """Load order: the folder's place among the roots, then the file name."""
        return (self.index.order.get(path.parent, 0), path.name)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return load_catalog()
