"""Progress over time: per round and per dimension, the trend across finished sessions, from the history index.

``progress_view`` answers from SQLite (see ``history.py``); only "what to practise next" reads the question bank.
By default it shows the candidate's own practice: sessions answered from a script (``interviewer rehearse``, origin
``rehearse``) are left out and counted; with ``rehearsals=True`` they are included and counted per round.
Standard library only at import time, so ``interviewer progress`` starts fast. No Textual, no litellm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from interviewer.history import REHEARSE, HistoryIndex, SyncStats

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], lo: float = 1.0, hi: float = 4.0) -> str:
    """One block character per value, scaled from ``lo`` (lowest block) to ``hi`` (full block)."""
    out = []
    span = hi - lo or 1.0
    for v in values:
        x = min(max((float(v) - lo) / span, 0.0), 1.0)
        out.append(SPARKS[round(x * (len(SPARKS) - 1))])
    return "".join(out)


@dataclass
class Trend:
    """One dimension of one round across sessions, oldest first."""

    persona_id: str
    dimension: str
    name: str
    weight: float
    scores: list[int]
    sessions: list[str]

    @property
    def first(self) -> int:
        return self.scores[0]

    @property
    def latest(self) -> int:
        return self.scores[-1]

    @property
    def best(self) -> int:
        return max(self.scores)

    @property
    def change(self) -> int:
        return self.latest - self.first

    @property
    def recent(self) -> float:
        """The mean of the last three scores: what the candidate shows now, less noisy than one session."""
        tail = self.scores[-3:]
        return sum(tail) / len(tail)

    @property
    def spark(self) -> str:
        return sparkline(self.scores)


@dataclass
class RoundProgress:
    persona_id: str
    round: str
    overall: list[float]  # per session, oldest first
    created: list[str]
    trends: list[Trend]
    rehearsals: int = 0  # how many of the sessions are scripted rehearsals (only when they are included)

    @property
    def sessions(self) -> int:
        return len(self.overall)


@dataclass
class Suggestion:
    """What to practise next: the weakest dimension and the bank questions that mainly probe it."""

    persona_id: str
    round: str
    dimension: str
    name: str
    recent: float
    questions: list[tuple[str, str]] = field(default_factory=list)  # (question id, text)

    @property
    def drill_command(self) -> str:
        return f"interviewer drill --dimension {self.dimension} --persona {self.persona_id}"


@dataclass
class ProgressView:
    rounds: list[RoundProgress]
    suggestion: Suggestion | None
    sync: SyncStats
    rehearsals_left_out: int = 0  # finished scripted rehearsals not shown (the default view)

    @property
    def sessions(self) -> int:
        return sum(r.sessions for r in self.rounds)


def parse_since(text: str | None) -> float | None:
    """``YYYY-MM-DD`` (or a full ISO time) as a local timestamp; None for no filter. Raises ValueError."""
    if not text:
        return None
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return datetime(d.year, d.month, d.day).timestamp()
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        raise ValueError(f"--since wants a date such as 2026-11-01, not {text!r}") from None


def collect(
    index: HistoryIndex, persona: str | None = None, since: float | None = None, rehearsals: bool = False
) -> list[RoundProgress]:
    """The trends of every round with finished sessions (or of ``persona``), most practised round first: the
    candidate's own practice, and scripted rehearsals too when ``rehearsals``."""
    which = None if rehearsals else False
    rounds: dict[str, RoundProgress] = {}
    for sid, pid, round_name, created, overall, _kind, origin in index.sessions(persona, since, which):
        rp = rounds.get(pid)
        if rp is None:
            rp = rounds[pid] = RoundProgress(pid, round_name, [], [], [])
        rp.round = round_name or rp.round  # the newest name wins
        rp.overall.append(float(overall) if overall is not None else 1.0)
        rp.created.append(created)
        rp.rehearsals += origin == REHEARSE
    names = index.dimension_names(persona)
    trends: dict[tuple[str, str], Trend] = {}
    for pid, sid, dim, score in index.scores(persona, since, which):
        t = trends.get((pid, dim))
        if t is None:
            name, weight = names.get((pid, dim), (dim, 1.0))
            t = trends[(pid, dim)] = Trend(pid, dim, name, weight, [], [])
            rounds[pid].trends.append(t)
        t.scores.append(score)
        t.sessions.append(sid)
    return sorted(rounds.values(), key=lambda r: (-r.sessions, r.persona_id))


def weakest(rounds: list[RoundProgress]) -> tuple[RoundProgress, Trend] | None:
    """The dimension to work on: the lowest recent level; ties go to the heavier weight, then the lower best."""
    best: tuple[tuple, RoundProgress, Trend] | None = None
    for rp in rounds:
        for t in rp.trends:
            key = (t.recent, -t.weight, t.best, -len(t.scores), rp.persona_id, t.dimension)
            if best is None or key < best[0]:
                best = (key, rp, t)
    return (best[1], best[2]) if best else None


def questions_for(persona, dimension: str, asked: dict[str, int] | None = None, limit: int = 3) -> list:
    """Bank questions that mainly probe ``dimension``: where it is listed first, then second, ...; among equals the
    least asked so far first. Questions that do not probe it at all are left out (unless none lists it: see
    ``rank_for_dimension``)."""
    order = rank_for_dimension([(q.id, q.dimensions) for q in persona.questions], dimension, asked)
    by_id = {q.id: q for q in persona.questions}
    return [by_id[qid] for qid in order[:limit]]


def rank_for_dimension(questions: list[tuple[str, list[str]]], dimension: str, asked: dict[str, int] | None = None) -> list[str]:
    """The ids of ``(id, dimensions)`` pairs that probe ``dimension``, the ones that probe it most first. A dimension
    no question lists is one every answer is read on (communication): then every question, least asked first."""
    asked = asked or {}
    ranked = [(dims.index(dimension), asked.get(qid, 0), i, qid) for i, (qid, dims) in enumerate(questions) if dimension in dims]
    if not ranked:
        ranked = [(0, asked.get(qid, 0), i, qid) for i, (qid, _dims) in enumerate(questions)]
    ranked.sort()
    return [r[3] for r in ranked]


def progress_view(
    root: Path | str, *, persona: str | None = None, since: str | None = None, catalog=None, suggest: bool = True,
    index: HistoryIndex | None = None, rehearsals: bool = False,
) -> ProgressView:
    """Everything ``interviewer progress`` and the Progress screen show: the candidate's own practice, or with
    ``rehearsals`` the scripted rehearsals as well (counted per round)."""
    since_ts = parse_since(since)
    own = index is None
    index = index or HistoryIndex(root, catalog=catalog)
    try:
        stats = index.sync()
        rounds = collect(index, persona, since_ts, rehearsals)
        left_out = 0 if rehearsals else len(index.sessions(persona, since_ts, True))
        suggestion = None
        pick = weakest(rounds) if suggest else None
        if pick is not None:
            rp, t = pick
            suggestion = Suggestion(rp.persona_id, rp.round, t.dimension, t.name, t.recent)
            suggestion.questions = _suggested_questions(index, rp.persona_id, t.dimension, catalog)
    finally:
        if own:
            index.close()
    return ProgressView(rounds, suggestion, stats, left_out)


def _suggested_questions(index: HistoryIndex, persona_id: str, dimension: str, catalog) -> list[tuple[str, str]]:
    bank = index.bank(persona_id)
    text = {qid: t for qid, t, _dims in bank}
    order = rank_for_dimension([(qid, dims) for qid, _t, dims in bank], dimension, index.asked_counts(persona_id))
    return [(qid, text[qid]) for qid in order[:3]]


# --------------------------------------------------------------------------- text rendering (the CLI's view)


def rehearsals_note(view: ProgressView) -> str:
    """One line on the scripted rehearsals the view leaves out, or ""."""
    n = view.rehearsals_left_out
    if not n:
        return ""
    return (f"Not counted: {n} scripted rehearsal{'s' if n != 1 else ''} (`interviewer rehearse`); "
            "`interviewer progress --rehearsals` includes them.")


def render_text(view: ProgressView, *, width: int = 100) -> str:
    note = rehearsals_note(view)
    if not view.rounds:
        text = "No finished sessions yet: practise a round (`interviewer chat`) and your progress shows here.\n"
        return text + (note + "\n" if note else "")
    lines: list[str] = []
    for rp in view.rounds:
        n = rp.sessions
        first, last = rp.created[0][:10], rp.created[-1][:10]
        scripted = f" ({rp.rehearsals} of them scripted rehearsals)" if rp.rehearsals else ""
        lines.append(f"{rp.round} ({rp.persona_id}): {n} session{'s' if n != 1 else ''}{scripted}, {first} to {last}")
        ov = rp.overall
        lines.append(
            f"  {'overall':<28} first {ov[0]:.2f}  latest {ov[-1]:.2f}  best {max(ov):.2f}  {sparkline(ov[-40:])}"
        )
        lines.append(f"  {'DIMENSION':<28} {'FIRST':>5} {'LATEST':>6} {'BEST':>4} {'CHANGE':>6}  TREND")
        for t in sorted(rp.trends, key=lambda t: (t.recent, t.name)):
            change = f"{t.change:+d}" if t.change else "="
            lines.append(
                f"  {_cut(t.name, 28):<28} {t.first:>5} {t.latest:>6} {t.best:>4} {change:>6}  {sparkline(t.scores[-40:])}"
            )
        lines.append("")
    s = view.suggestion
    if s is not None:
        lines.append(f"What to practise next: {s.name} in the {s.round} round (recent level {s.recent:.1f} / 4).")
        for qid, text in s.questions:
            lines.append(f"  - {_cut(text, width - 4)}  [{qid}]")
        lines.append(f"  Drill it: {s.drill_command}")
    if note:
        lines += ["", note]
    return "\n".join(lines).rstrip() + "\n"


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------- history for one report


def report_history(
    root: Path | str, session_id: str, persona_id: str, scores: dict[str, int], rehearsal: bool = False
) -> dict[str, list[int]]:
    """Each dimension's scores in the earlier finished sessions of this round (oldest first), ending with ``scores``
    (this session's). Dimensions this session did not score are left out. The candidate's own sessions chart their
    own practice; a scripted rehearsal (``rehearsal``) charts the rehearsals before it."""
    with HistoryIndex(root) as index:
        rows = index.scores(persona_id, rehearsals=rehearsal)
    before: dict[str, list[int]] = {}
    for _pid, sid, dim, score in rows:
        if sid == session_id:
            break  # rows are in time order: everything after this session is newer
        before.setdefault(dim, []).append(int(score))
    return {dim: before.get(dim, []) + [score] for dim, score in scores.items()}
