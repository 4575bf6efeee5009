"""The onsite loop: a sequence of rounds run as one onsite, and the debrief over their reports.

A loop is a list of sessions. ``Loop`` is stored beside the sessions (``loops/<id>.json``), written atomically like
them, and references one session per round, so a loop can be resumed days later: the sessions hold the turns, the
loop holds the plan and where it stands.

The debrief is a report over reports. Its recommendation follows a documented rule (``LOOP_RULE``), never a guess.
No Textual, litellm or Jinja imports here.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from interviewer.atomic import atomic_write_text
from interviewer.errors import UserError
from interviewer.locks import FileLock, LoopLocked, SessionLocked
from interviewer.models import Report, recommendation_for

DEFAULT_ROUNDS: tuple[str, ...] = ("recruiter", "ml-coding", "ml-system-design", "ml-depth", "behavioral")

RoundStatus = Literal["pending", "active", "finished", "unavailable"]

LOOP_RULE = (
    "The loop's score is the mean of the rounds' overall scores, and its recommendation starts from the same "
    "thresholds as a round (3.5 Strong Hire, 3.0 Hire, 2.5 Lean Hire, 2.0 Lean No Hire, else No Hire). Then: "
    "any round at No Hire caps the loop at Lean No Hire; two or more rounds at No Hire make it No Hire; "
    "Strong Hire needs every round at Hire or better (otherwise the loop is capped at Hire). As in a round, missing "
    "evidence caps the verdict: a loop with a round not run, or a round with a question not attempted, reads at most "
    "Lean Hire, and one with fewer than half of its rounds giving a verdict reads Not enough evidence."
)

_ORDER = ["No Hire", "Lean No Hire", "Lean Hire", "Hire", "Strong Hire"]
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class LoopError(UserError):
    """A loop cannot be found, is ambiguous or corrupt, or cannot go on. ``str(err)`` is one line for the user."""


# --------------------------------------------------------------------------- the loop file


class LoopRound(BaseModel):
    persona_id: str
    minutes: float | None = None  # None: the persona's own budget
    status: RoundStatus = "pending"
    session_id: str | None = None
    overall: float | None = None
    recommendation: str | None = None
    note: str = ""  # why a round did not run ("no persona 'ml-coding' yet")


class Loop(BaseModel):
    version: int = 1
    id: str
    created: str
    updated: str = ""
    engine: str = "offline"
    status: Literal["active", "finished"] = "active"
    rounds: list[LoopRound] = Field(min_length=1)
    # the job description and resume the loop was started with (--job/--cv): every round, resumed ones included,
    # is tailored to the same documents
    job: str = ""
    job_name: str = ""
    resume: str = ""
    resume_name: str = ""

    @property
    def tailored(self) -> bool:
        return bool(self.job or self.resume)

    @property
    def current(self) -> int | None:
        """The index of the round in progress, or of the next one to run; None when every round is done."""
        for i, r in enumerate(self.rounds):
            if r.status in ("pending", "active"):
                return i
        return None

    @property
    def playable(self) -> list[int]:
        return [i for i, r in enumerate(self.rounds) if r.status != "unavailable"]

    def position(self, index: int) -> tuple[int, int]:
        """(n, of): the round's number among the rounds that can run."""
        playable = self.playable
        return (playable.index(index) + 1 if index in playable else 0), len(playable)

    def round_for_session(self, session_id: str) -> int | None:
        return next((i for i, r in enumerate(self.rounds) if r.session_id == session_id), None)


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


_HELD_LOOPS: dict[Path, FileLock] = {}  # the loops this process runs (lock file -> its lock)


class LoopStore:
    """Loop files under ``<data dir>/loops``; reports (the debrief) go with the sessions' reports."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.loops_dir = self.root / "loops"

    def path_for(self, loop_id: str) -> Path:
        if not _SAFE_ID.match(loop_id):
            raise LoopError(f"invalid loop id {loop_id!r}")
        return self.loops_dir / f"{loop_id}.json"

    def lock(self, loop_id: str) -> FileLock | None:
        """Become the one process running the loop (until ``release`` or the end of the process, however it ends).
        Raises LoopLocked naming the other process's pid. None when no lock file can be made (a read-only data dir:
        nothing can be written there anyway)."""
        path = self.path_for(loop_id).with_name(f".{loop_id}.lock")
        if path in _HELD_LOOPS:
            return _HELD_LOOPS[path]
        lock = FileLock(path, loop_id)
        try:
            _HELD_LOOPS[path] = lock.acquire()
        except SessionLocked as exc:
            raise LoopLocked(loop_id, exc.pid) from None
        except OSError:
            return None
        return lock

    def release(self, loop_id: str) -> None:
        lock = _HELD_LOOPS.pop(self.path_for(loop_id).with_name(f".{loop_id}.lock"), None)
        if lock is not None:
            lock.release()

    def new_id(self) -> str:
        stem = f"loop-{datetime.now():%Y%m%d-%H%M%S}"
        while True:
            candidate = f"{stem}-{secrets.token_hex(2)}"
            if not self.path_for(candidate).exists():
                return candidate

    def save(self, loop: Loop) -> Path:
        path = self.path_for(loop.id)
        loop.updated = now_iso()
        atomic_write_text(path, loop.model_dump_json(indent=1))
        return path

    def _read(self, path: Path) -> Loop:
        try:
            return Loop.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            raise LoopError(f"no loop file at {path}") from None
        except OSError as exc:
            raise LoopError(f"cannot read loop file {path}: {exc.strerror or exc}") from None
        except (ValidationError, ValueError) as exc:
            first = str(exc).splitlines()[0]
            raise LoopError(f"loop file {path} is corrupt: {first}") from None

    def _files(self) -> list[Path]:
        if not self.loops_dir.is_dir():
            return []
        return sorted(p for p in self.loops_dir.glob("*.json") if not p.name.startswith("."))

    def load(self, ref: str) -> Loop:
        """By full id, unique id prefix, or path to a loop file."""
        if ref.endswith(".json") or "/" in ref:
            return self._read(Path(ref).expanduser())
        if not ref:
            raise LoopError("no loop id given (see `interviewer loop --list`)")
        exact = self.loops_dir / f"{ref}.json"
        if _SAFE_ID.match(ref) and exact.is_file():
            return self._read(exact)
        matches = [p for p in self._files() if p.stem.startswith(ref) or p.stem.startswith(f"loop-{ref}")]
        if not matches:
            raise LoopError(f"no loop matches {ref!r} (see `interviewer loop --list`)")
        if len(matches) > 1:
            raise LoopError(f"{ref!r} is ambiguous: matches {', '.join(p.stem for p in matches[:5])}")
        return self._read(matches[0])

    def list(self) -> list[Loop]:
        """Readable loops, newest first (unreadable files are skipped; `load` names the problem)."""
        loops = []
        for p in self._files():
            try:
                loops.append(self._read(p))
            except LoopError:
                continue
        return sorted(loops, key=lambda lp: (lp.created, lp.id), reverse=True)

    def latest_unfinished(self) -> Loop | None:
        return next((lp for lp in self.list() if lp.status != "finished"), None)

    def loop_of_session(self, session_id: str) -> Loop | None:
        return next((lp for lp in self.list() if lp.round_for_session(session_id) is not None), None)


# --------------------------------------------------------------------------- the debrief


class DebriefRound(BaseModel):
    persona: str
    round: str
    status: RoundStatus
    session_id: str | None = None
    overall: float | None = None
    recommendation: str | None = None
    minutes_used: float = 0.0
    minutes_budget: float = 0.0
    reports: dict[str, str] = Field(default_factory=dict)  # format -> path of the round's report
    note: str = ""


class PracticeItem(BaseModel):
    dimension: str
    rounds: list[str]  # round names where it scored low
    score: int
    advice: str


class Debrief(BaseModel):
    loop_id: str
    created: str
    engine: str
    complete: bool
    overall: float
    recommendation: str
    rule: str = LOOP_RULE
    reasons: list[str] = Field(default_factory=list)  # which part of the rule decided the recommendation
    rounds: list[DebriefRound]
    practice: list[PracticeItem] = Field(default_factory=list)


def loop_recommendation(recommendations: list[str], overall: float) -> tuple[str, list[str]]:
    """The loop's recommendation from the rounds' recommendations and the loop's mean score (``LOOP_RULE``)."""
    rec = recommendation_for(overall)
    reasons = [f"mean of the rounds {overall:.2f} reads as {rec}"]
    recommendations = [r for r in recommendations if r in _ORDER]  # "Not enough evidence" ranks nowhere
    no_hires = recommendations.count("No Hire")
    if no_hires >= 2:
        if rec != "No Hire":
            reasons.append(f"{no_hires} rounds at No Hire make the loop No Hire")
        return "No Hire", reasons
    if no_hires == 1 and _ORDER.index(rec) > _ORDER.index("Lean No Hire"):
        reasons.append("a round at No Hire caps the loop at Lean No Hire")
        rec = "Lean No Hire"
    if rec == "Strong Hire" and any(_ORDER.index(r) < _ORDER.index("Hire") for r in recommendations):
        reasons.append("Strong Hire needs every round at Hire or better: capped at Hire")
        rec = "Hire"
    return rec, reasons


def _missing_evidence(rows: list[DebriefRound], rec: str, reasons: list[str], partial: list[str]) -> str:
    """The loop's recommendation once rounds not run, or run with not enough evidence, are counted (``LOOP_RULE``)."""
    from interviewer.report.completeness import NOT_ENOUGH, capped

    planned = [row for row in rows if row.status != "unavailable"]  # a round with no persona was left out of the plan
    not_run = [row.round for row in planned if row.status != "finished" or row.overall is None]
    thin = [row.round for row in planned if row.recommendation == NOT_ENOUGH]
    partial = [name for name in partial if name not in thin]
    if not not_run and not thin and not partial:
        return rec
    if not_run:
        reasons.append(f"incomplete: {', '.join(not_run)} not run")
    if thin:
        reasons.append(f"not enough evidence in {', '.join(thin)}")
    if partial:
        reasons.append(f"questions not attempted (or not answered) in {', '.join(partial)}")
    verdicts = len(planned) - len(not_run) - len(thin)
    if verdicts * 2 < len(planned):
        reasons.append(f"{verdicts} of {len(planned)} rounds gave a verdict: not enough evidence for the loop")
        return NOT_ENOUGH
    if capped(rec) != rec:
        reasons.append("a loop with missing evidence reads at most Lean Hire")
    return capped(rec)


def practice_first(reports: list[tuple[str, Report]], n: int = 3) -> list[PracticeItem]:
    """The ``n`` things to practise first across rounds: the lowest-scored dimensions, heaviest first.

    A dimension that scored low in several rounds (communication, trade-offs) is one item naming every round."""
    found: dict[str, dict] = {}
    for round_name, report in reports:
        for d in report.dimensions:
            if d.score >= 4:
                continue
            gap = (4 - d.score) * d.weight
            item = found.setdefault(d.name.lower(), {"name": d.name, "rounds": [], "score": d.score, "gap": 0.0, "advice": ""})
            item["rounds"].append(round_name)
            item["gap"] += gap
            if d.score <= item["score"] or not item["advice"]:
                item["score"] = min(item["score"], d.score)
                item["advice"] = _advice_of(report, d.name) or d.what_a_4_looks_like or item["advice"]
    ranked = sorted(found.values(), key=lambda i: (-i["gap"], i["score"], i["name"]))[:n]
    return [PracticeItem(dimension=i["name"], rounds=i["rounds"], score=i["score"], advice=i["advice"]) for i in ranked]


def _advice_of(report: Report, name: str) -> str:
    """The round report's own advice for a dimension (its "what to work on" line), not the whole feedback paragraph."""
    from interviewer.report.evidence import advice_in

    line = next((i.split(": ", 1)[1] for i in report.improvements if i.startswith(f"{name} (") and ": " in i), "")
    return line or next((advice_in(d.feedback) for d in report.dimensions if d.name == name), "")


def build_debrief(
    loop: Loop, reports: dict[int, Report], round_names: dict[str, str], report_paths: dict[int, dict[str, Path]]
) -> Debrief:
    """The debrief of ``loop`` from the reports of its finished rounds (by round index)."""
    rows: list[DebriefRound] = []
    done: list[tuple[str, Report]] = []
    for i, r in enumerate(loop.rounds):
        name = round_names.get(r.persona_id, r.persona_id)
        rep = reports.get(i)
        row = DebriefRound(persona=r.persona_id, round=name, status=r.status, session_id=r.session_id, note=r.note)
        if rep is not None:
            row.overall, row.recommendation = rep.overall, rep.recommendation
            c = rep.completeness
            if c is not None and c.missing:  # not attempted, or asked and not answered
                row.note = f"{c.answered} of {c.planned} questions answered"
            row.minutes_used, row.minutes_budget = rep.minutes_used, rep.minutes_budget
            row.reports = {fmt: str(p) for fmt, p in report_paths.get(i, {}).items()}
            done.append((name, rep))
        rows.append(row)
    overall = round(sum(rep.overall for _, rep in done) / len(done), 2) if done else 1.0
    rec, reasons = loop_recommendation([rep.recommendation for _, rep in done], overall)
    complete = all(r.status == "finished" for r in loop.rounds)
    partial = [name for name, rep in done if rep.completeness is not None and rep.completeness.missing]
    rec = _missing_evidence(rows, rec, reasons, partial)
    return Debrief(
        loop_id=loop.id,
        created=now_iso(),
        engine=loop.engine,
        complete=complete,
        overall=overall,
        recommendation=rec,
        reasons=reasons,
        rounds=rows,
        practice=practice_first(done),
    )
