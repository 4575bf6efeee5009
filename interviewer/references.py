"""The reference library: common interview topics a persona does not ask, with the same reference material as its bank
questions (what the question probes, key points, red flags).

A free-text question (``review --question``, or a question an interviewer adapted) is checked against the closest
bank question when one is close enough, and otherwise against the closest library topic. Each talking round has a file
``references/<persona-id>.yaml``::

    persona: ml-depth
    topics:
      - id: batch-norm
        text: How does batch normalisation help training, and what changes at inference time?
        also: [Why does batch norm make deep networks easier to train?]   # other phrasings, to recognise the question
        dimensions: [correctness, mechanism, tradeoffs, application, communication]
        tests: ...
        key_points: [{text: ..., terms: [...]}]
        red_flags: [{text: ..., terms: [...]}]

Topics are never asked as questions and never reach the interviewer's voice: they are reference material for judges.
Loaded on first use (a bank question never needs them), so start-up paths do not pay for them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError

from interviewer.errors import UserError
from interviewer.catalog_models import Question, _Strict
from interviewer.paths import package_data_dir


class Topic(Question):
    """A library topic: a question-shaped reference (``Question``'s fields, its other phrasings in ``also``)."""

    dimensions: list[str] = Field(default_factory=list)  # empty: the rubric's main dimensions


class Library(_Strict):
    persona: str
    topics: list[Topic] = Field(default_factory=list)


def library_dir() -> Path:
    return package_data_dir("references")


def read_library(path: Path) -> Library:
    """One library file, validated; a broken file is a clear error naming the file, not a traceback."""
    from interviewer.catalog import format_validation

    try:
        data = _cached_yaml(path)
    except (OSError, ValueError) as exc:
        raise UserError(f"{path}: {exc}") from None
    try:
        lib = Library.model_validate(data)
    except ValidationError as exc:
        raise UserError(f"{path}: not a valid reference library: {format_validation(exc)}") from None
    seen: set[str] = set()
    for t in lib.topics:
        if t.id in seen:
            raise UserError(f"{path}: topic id {t.id!r} appears twice")
        seen.add(t.id)
    return lib


def _cached_yaml(path: Path) -> dict:
    """The file's YAML, parsed once and kept as JSON in the user's cache folder (keyed by the file's name, size and
    modification time): JSON loads ~20x faster than YAML, and a free-text ``review`` reads a library file at start-up.
    A cache that cannot be read or written changes nothing but speed."""
    import json

    from interviewer.atomic import atomic_write_text
    from interviewer.catalog import _read_yaml
    from interviewer.paths import user_cache_dir

    cache: Path | None = None
    try:
        st = path.stat()
        cache = user_cache_dir() / "references" / f"{path.stem}-{st.st_size}-{st.st_mtime_ns}.json"
        data = json.loads(cache.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return data
    except (OSError, ValueError):
        pass  # no cache yet, or a broken one: parse the file
    data = _read_yaml(path)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(cache, json.dumps(data))
        except (OSError, TypeError, ValueError):
            pass
    return data


@lru_cache(maxsize=16)
def topics_for(persona_id: str) -> tuple[Topic, ...]:
    """The library topics of a persona (none when it has no library file)."""
    path = library_dir() / f"{persona_id}.yaml"
    if not path.is_file():
        return ()
    return tuple(read_library(path).topics)
