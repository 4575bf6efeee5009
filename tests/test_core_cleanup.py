"""Issue 9's cleaner core: one exception base, a typed EngineSet, session files migrated forward, shared helpers."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from interviewer import errors, migrations
from interviewer.catalog import CatalogError
from interviewer.engine.clock import MAX_MINUTES, MIN_MINUTES, MINUTES_RANGE, check_minutes, fmt_clock, time_left_text
from interviewer.engine.interview import InterviewOver
from interviewer.engines import OFFLINE, EngineSet
from interviewer.judges.base import EngineFailure
from interviewer.locks import SessionLocked
from interviewer.models import Session
from interviewer.store import SessionStore, StoreError
from interviewer.batch import BatchError
from interviewer.evalset import SetError
from interviewer.loop import LoopError
from interviewer.runner import BankError
from interviewer.tailor.documents import DocumentError

V1_FILE = {
    "version": 1,
    "id": "20250301-101500-behavioral-ab12",
    "persona_id": "behavioral",
    "rubric_id": "star",
    "created": "2025-03-01T10:15:00",
    "updated": "",
    "minutes": 30.0,
    "status": "active",
    "stage": "question",
    "turns": [
        {"index": 0, "role": "interviewer", "text": "Tell me about a conflict.", "at": 0.0,
         "move": {"kind": "question", "expects_reply": True}},
        {"index": 1, "role": "candidate", "text": "I disagreed with my lead about retries.", "at": 40.0, "seconds": 40.0},
    ],
}


def test_a_version_1_session_file_is_migrated_forward(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    path = store.path_for(V1_FILE["id"])
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(V1_FILE))
    s = store.load(V1_FILE["id"])
    assert s.version == migrations.CURRENT == Session.model_fields["version"].default
    assert s.created.startswith("2025-03-01T10:15:00") and s.created[19:] != ""  # the offset is written out now
    assert s.updated == s.created
    assert [t.text for t in s.turns][1] == "I disagreed with my lead about retries."
    assert json.loads(path.read_text())["version"] == 1  # a read never writes
    store.save(s)
    assert json.loads(path.read_text())["version"] == migrations.CURRENT


def test_a_session_file_from_a_newer_version_is_refused_in_one_line(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    path = store.path_for("future")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({**V1_FILE, "id": "future", "version": migrations.CURRENT + 1}))
    with pytest.raises(StoreError, match="newer interviewer"):
        store.load("future")
    found = store.listing()
    assert found.sessions == [] and found.corrupt and "newer interviewer" in found.corrupt[0][1]


@pytest.mark.parametrize(
    "exc", [StoreError("x"), CatalogError("x"), EngineFailure("x"), InterviewOver("x"), errors.UserError("x"),
            errors.DataDirError("x"), SessionLocked("s", 1), migrations.NewerVersion("x"), LoopError("x"), BankError("x"),
            SetError("x"), BatchError("x"), DocumentError("x")],
)
def test_every_project_error_is_an_interviewer_error(exc) -> None:
    assert isinstance(exc, errors.InterviewerError)
    message, code = errors.describe(exc)
    assert code == exc.exit_code and "\n" not in message and not message.startswith("unexpected")
    assert errors.cause(exc) == exc.message  # the app and the CLI read the same isinstance path


def test_describe_and_cause_name_other_errors_plainly() -> None:
    assert errors.describe(errors.UserError("bad", 2)) == ("bad", 2)
    assert errors.cause(OSError(28, "No space left on device", "/x")) == "no space left on device (/x)"
    assert errors.cause(KeyError("k")) == "KeyError: 'k'"
    assert errors.describe(KeyError("k"))[1] == 70
    assert "the model failed: refused" in errors.describe(EngineFailure("refused"))[0]


def test_engine_set_is_typed_frozen_and_falsy_offline() -> None:
    assert not OFFLINE and OFFLINE.offline and EngineSet.of(None) is OFFLINE and EngineSet.of({}) is OFFLINE
    judge = object()
    eng = EngineSet.of({"judge": judge, "engine": "llm:x"})
    assert eng and eng.judge is judge and eng["judge"] is judge and eng.get("voice") is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        eng.judge = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        EngineSet.of({"jduge": judge})


def test_one_minutes_limit_and_one_clock_face() -> None:
    assert (MIN_MINUTES, MAX_MINUTES) == (1, 240)
    assert check_minutes(240) == 240.0
    with pytest.raises(ValueError, match="1 to 240"):
        check_minutes(241)
    assert fmt_clock(3725) == "62:05" and fmt_clock(-65) == "01:05"
    assert time_left_text(65) == "01:05 left" and time_left_text(-65) == "01:05 over time"


def test_every_entry_point_takes_the_one_minutes_limit() -> None:
    """The rehearsal scripts, a loop script's rounds, a saved plan, a persona file, `--minutes` of the commands and of
    `loop` all accept exactly MIN_MINUTES..MAX_MINUTES, and their errors name that range."""
    import argparse

    from pydantic import ValidationError

    from interviewer import loop_services, services
    from interviewer.catalog import default_catalog
    from interviewer.cli._common import CliError, minutes
    from interviewer.models import Persona, Plan
    from interviewer.plainloop import _parse_minutes

    persona = default_catalog().persona("behavioral").model_dump()
    models = [
        lambda m: services.RehearsalScript(persona="behavioral", minutes=m, answers=[]),
        lambda m: loop_services.LoopScriptRound(persona="behavioral", minutes=m, answers=[]),
        lambda m: Plan(minutes=m),
        lambda m: Persona.model_validate({**persona, "minutes": m}),
    ]
    for build in models:
        assert build(MIN_MINUTES) and build(MAX_MINUTES)
        for bad in (MIN_MINUTES - 0.5, MAX_MINUTES + 1):
            with pytest.raises(ValidationError):
                build(bad)
    assert minutes(str(MAX_MINUTES)) == MAX_MINUTES and _parse_minutes(f"{MIN_MINUTES},{MAX_MINUTES}") == [MIN_MINUTES, MAX_MINUTES]
    with pytest.raises(argparse.ArgumentTypeError, match=MINUTES_RANGE):
        minutes(str(MAX_MINUTES + 1))
    with pytest.raises(CliError, match=MINUTES_RANGE):
        _parse_minutes(f"30,{MAX_MINUTES + 1}")


def test_no_project_error_class_bypasses_the_one_base() -> None:
    """Every exception class in interviewer/ derives (directly or through a project class) from InterviewerError,
    except control flow that never leaves its module: private classes (``_Name``), the LLM stream's parse error
    (classified into an EngineFailure by the client) and the sandbox child's mismatch (the child runs alone)."""
    import ast

    root = Path(errors.__file__).resolve().parent
    internal = {("errors.py", "InterviewerError"), ("judges/llm/chunks.py", "StreamError"), ("runner/_child.py", "Mismatch")}
    builtin = {"Exception", "ValueError", "RuntimeError", "OSError", "KeyError", "TypeError", "LookupError"}
    stray = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
                continue
            bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
            if bases and bases <= builtin and (str(path.relative_to(root)), node.name) not in internal:
                stray.append(f"{path.relative_to(root)}:{node.lineno} {node.name}")
    assert not stray, stray


def test_best_level_per_dimension_is_read_in_one_place() -> None:
    """``models.best_levels``: the agent's per-question levels and the model's running notes both read it."""
    from interviewer.judges.llm.prompts import running_notes
    from interviewer.models import Assessment, DimensionEvidence, Turn, best_levels

    def answer(i: int, levels: dict[str, int]) -> Turn:
        dims = {d: DimensionEvidence(dimension=d, level=lv) for d, lv in levels.items()}
        return Turn(index=i, role="candidate", text="x", at=i, assessment=Assessment(dimensions=dims))

    turns = [answer(0, {"a": 2, "b": 1}), Turn(index=1, role="interviewer", text="q", at=1), answer(2, {"a": 1, "c": 3})]
    assert best_levels(turns) == {"a": 2, "b": 1, "c": 3}
    assert best_levels([]) == {}
    session = Session(id="s", persona_id="behavioral", rubric_id="star", created="", minutes=30, turns=turns)
    from interviewer.catalog import default_catalog

    rubric = default_catalog().rubric_for(default_catalog().persona("behavioral"))
    notes = running_notes(session.model_copy(update={"turns": []}), rubric)
    assert {n["status"] for n in notes} == {"not probed yet"}
