"""The round index: which rounds there are (id, round name, interviewer, minutes, what each practises) and which file
holds each persona and rubric, read from the header fields of the YAML files only.

Home's first frame, ``services`` (is this a coding round?) and the lazy catalog (which file to validate for a given
id) read this instead of the whole catalog: no YAML library, no pydantic, a few milliseconds for every file. A field
this reader is not sure about (a quoted, folded or multi-line value, a YAML keyword) is read with the YAML library,
that field alone. The catalog (``interviewer.catalog``) still validates each file when it is first used, and its
``problems`` name the files that do not load.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from interviewer.paths import package_data_dir, user_config_dir

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_KEYWORD = re.compile(r"(?i:y|yes|n|no|true|false|on|off|null)$")  # YAML reads these as booleans or null
_HEADER_FIELDS = ("id", "name", "round", "practises", "minutes", "rubric", "kind")
_NEXT_TOP = re.compile(r"\n[^\s#]")  # the next line that is neither indented, blank nor a comment


class RoundInfo(NamedTuple):
    """One round as Home lists it: the persona's header fields (same names as ``models.Persona``)."""

    id: str
    name: str
    round: str
    minutes: int
    practises: str
    rubric: str
    kind: str  # the rubric's kind ("behavioral", "coding", ...), "" when the rubric file is missing
    path: Path


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files of a catalog folder, in load order (temp and hidden files skipped)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))


def catalog_roots(extra_dirs: list[Path] | None = None, include_user: bool = True) -> list[tuple[Path, Path]]:
    """``(personas folder, rubrics folder)`` in load order: packaged, the user's, then ``extra_dirs``. Later ones
    override earlier ones by id."""
    roots = [(package_data_dir("personas"), package_data_dir("rubrics"))]
    if include_user:
        user = user_config_dir()
        roots.append((user / "personas", user / "rubrics"))
    for d in extra_dirs or []:
        roots.append((d / "personas", d / "rubrics"))
    return roots


def header(path: Path, fields: tuple[str, ...] = _HEADER_FIELDS) -> dict[str, object]:
    """The top-level ``fields`` of a YAML mapping file, as YAML would read them; missing ones are left out. A file
    that cannot be read gives ``{}`` (the catalog reports why when it loads it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    out: dict[str, object] = {}
    text = "\n" + text.replace("\r\n", "\n")  # every line, the first too, starts after a newline
    for found in _field_starts(fields).finditer(text):  # a key given twice: the last one counts, as in YAML
        start = found.start() + 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        m = _TOP_KEY.match(text[start:end])
        if m is None:
            continue
        key, value = m.group(1), m.group(2) or ""
        nxt = _NEXT_TOP.search(text, end)  # the key's block ends where the next top-level line starts
        block = text[start : nxt.start() if nxt else len(text)].split("\n")
        continued = any(b.strip() and not b.lstrip().startswith("#") for b in block[1:])
        if value and not continued and _plain(value):
            out[key] = int(value) if key == "minutes" and value.isdigit() else value
        else:
            got = _yaml_field("\n".join(block), key)
            if got is not None:
                out[key] = got
    return out


@lru_cache(maxsize=8)
def _field_starts(fields: tuple[str, ...]) -> re.Pattern[str]:
    """A newline and one of ``fields`` as a top-level key: a scan in C with a literal first character, much faster
    than a regular expression per line over a persona file's hundreds of lines of questions."""
    return re.compile(r"\n(?:" + "|".join(map(re.escape, fields)) + r")[ \t]*:")


def _plain(value: str) -> bool:
    """Whether YAML reads ``value`` as this very text (a plain one-line scalar with nothing special in it)."""
    if value.isdigit():
        return True
    if not (value[0].isalpha() or value[0] == "("):
        return False
    return not (": " in value or " #" in value or value.endswith(":") or _KEYWORD.match(value))


def _yaml_field(block: str, key: str) -> object | None:
    import yaml

    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return None
    return data.get(key) if isinstance(data, dict) else None


def _ids(folder: Path) -> list[tuple[str, Path, dict[str, object]]]:
    """``(id, path, header)`` of every file in ``folder``: the id is the file's ``id`` field, else its name."""
    out = []
    for path in yaml_files(folder):
        h = header(path)
        fid = h.get("id")
        out.append((fid if isinstance(fid, str) and fid else path.stem, path, h))
    return out


class FileIndex(NamedTuple):
    """Every persona and rubric file by id, in load order (the last one of an id is the one that counts)."""

    personas: dict[str, list[tuple[Path, bool]]]  # id -> [(path, packaged)]
    rubrics: dict[str, list[Path]]
    headers: dict[Path, dict[str, object]]
    order: dict[Path, int]  # folder -> its place among the roots


def file_index(extra_dirs: list[Path] | None = None, include_user: bool = True) -> FileIndex:
    personas: dict[str, list[tuple[Path, bool]]] = {}
    rubrics: dict[str, list[Path]] = {}
    headers: dict[Path, dict[str, object]] = {}
    order: dict[Path, int] = {}
    for n, (persona_dir, rubric_dir) in enumerate(catalog_roots(extra_dirs, include_user)):
        order.setdefault(persona_dir, n)
        order.setdefault(rubric_dir, n)
        for rid, path, h in _ids(rubric_dir):
            rubrics.setdefault(rid, []).append(path)
            headers[path] = h
        for pid, path, h in _ids(persona_dir):
            personas.setdefault(pid, []).append((path, n == 0))
            headers[path] = h
    return FileIndex(personas, rubrics, headers, order)


def rounds_of(index: FileIndex) -> list[RoundInfo]:
    """The rounds, in the catalog's order, from the files' headers. Of several files for one id the last whose header
    has every field the catalog requires counts (a broken override leaves the earlier one, as in the catalog)."""
    out: list[RoundInfo] = []
    for pid, files in index.personas.items():
        info = next((i for path, _ in reversed(files) if (i := _round(pid, path, index)) is not None), None)
        if info is not None:
            out.append(info)
    return out


def _round(pid: str, path: Path, index: FileIndex) -> RoundInfo | None:
    h = index.headers[path]
    name, round_name, minutes, rubric = h.get("name"), h.get("round"), h.get("minutes"), h.get("rubric")
    if not (isinstance(name, str) and isinstance(round_name, str) and isinstance(rubric, str)):
        return None
    if not isinstance(minutes, int) or isinstance(minutes, bool) or rubric not in index.rubrics:
        return None
    kind = index.headers[index.rubrics[rubric][-1]].get("kind")
    practises = h.get("practises")
    return RoundInfo(pid, name, round_name, minutes, practises if isinstance(practises, str) else "", rubric,
                     kind if isinstance(kind, str) else "", path)


@lru_cache(maxsize=1)
def round_index() -> tuple[RoundInfo, ...]:
    """The rounds of the default catalog (packaged and the user's), cached for the process."""
    return tuple(rounds_of(file_index()))


def round_info(persona_id: str) -> RoundInfo | None:
    return next((r for r in round_index() if r.id == persona_id), None)
