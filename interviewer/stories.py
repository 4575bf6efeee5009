"""The story bank: every behavioral story the candidate has told, with its STAR parts, its scores and the questions it
answered, derived from the session files (the source of truth; a history index can store these rows later).

A *telling* is one story as told for one question in one session: the answer and its follow-up answers. Tellings of
the same story (decided by content overlap, so a paraphrase is still the same story: ``engine/sameness.py``) are one
*story*; ``interviewer stories`` shows each story once, with its best-scored telling.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from interviewer.catalog import Catalog
from interviewer.engine.sameness import is_story, same_story
from interviewer.models import Rubric, Session, Turn

PARTS = ("situation", "task", "action", "result", "reflection")
_NOT_A_TELLING = {"empty", "question_to_interviewer", "non_answer", "keyword_list", "injection"}


@dataclass
class Telling:
    """One story as told for one question."""

    session_id: str
    persona_id: str
    created: str
    question_id: str
    question: str
    text: str
    levels: dict[str, int]  # the question's dimensions, best level over the telling's answers
    score: float  # weighted mean of those levels (1-4)
    parts: dict[str, int]  # STAR part -> level
    quotes: dict[str, list[str]]  # STAR part -> the judge's quotes for it
    reused: bool = False  # the interviewer asked for a different story (it was already used for another question)
    title: str = ""  # the story's opening words, from its first substantial answer


@dataclass
class Story:
    id: str
    tellings: list[Telling] = field(default_factory=list)

    @property
    def best(self) -> Telling:
        return max(self.tellings, key=lambda t: (t.score, t.created))

    @property
    def questions(self) -> list[str]:
        return list(dict.fromkeys(t.question for t in self.tellings))

    @property
    def title(self) -> str:
        return self.tellings[0].title or headline(self.tellings[0].text)

    def to_dict(self) -> dict:
        best = self.best
        return {
            "id": self.id,
            "title": self.title,
            "times_told": len(self.tellings),
            "questions": self.questions,
            "best": {
                "session_id": best.session_id,
                "created": best.created,
                "question": best.question,
                "score": best.score,
                "parts": best.parts,
                "quotes": best.quotes,
                "text": best.text,
            },
            "tellings": [
                {"session_id": t.session_id, "created": t.created, "question": t.question, "score": t.score, "reused": t.reused}
                for t in self.tellings
            ],
        }


def headline(text: str, n: int = 90) -> str:
    first = " ".join(text.split()).split(". ")[0].rstrip(".")
    return first if len(first) <= n else first[: n - 1].rsplit(" ", 1)[0] + "…"


def _part_of(rubric: Rubric) -> dict[str, str]:
    """Dimension id -> STAR part, from the detector name (star_situation...) or the id."""
    out = {}
    for d in rubric.dimensions:
        for part in PARTS:
            if part in d.detector or d.id.startswith(part[:4]):
                out[d.id] = part
                break
    return out


def tellings_of(session: Session, rubric: Rubric) -> list[Telling]:
    """The stories in one behavioral session, one telling per question (a story the interviewer turned down as
    already used is its own telling, of that question)."""
    if rubric.kind != "behavioral":
        return []
    weights = {d.id: d.weight for d in rubric.dimensions}
    part_of = _part_of(rubric)
    out: list[Telling] = []
    for q in session.questions:
        turns = [
            t for t in session.turns
            if t.role == "candidate" and t.question_index == q.index and t.text and t.assessment
            and not _NOT_A_TELLING & set(t.assessment.flags)
        ]
        groups: list[list[Turn]] = []
        for t in turns:
            if "reused_story" in t.assessment.flags or not groups or "reused_story" in groups[-1][-1].assessment.flags:  # type: ignore[union-attr]
                groups.append([t])
            else:
                groups[-1].append(t)
        for g in groups:
            text = "\n".join(t.text for t in g)
            if not is_story(text):
                continue
            dims = [d for d in q.dimensions if d in weights and d in part_of] or [d for d in q.dimensions if d in weights]
            levels = {d: max(t.assessment.level(d) for t in g) for d in dims}  # type: ignore[union-attr]
            total = sum(weights[d] for d in dims)
            score = round(sum(levels[d] * weights[d] for d in dims) / total, 2) if total else 1.0
            parts = {part_of[d]: levels[d] for d in dims if d in part_of}
            quotes: dict[str, list[str]] = {}
            for d in dims:
                if d in part_of:
                    best = max(g, key=lambda t: t.assessment.level(d))  # type: ignore[union-attr]
                    ev = best.assessment.dimensions.get(d)  # type: ignore[union-attr]
                    quotes[part_of[d]] = list(ev.quotes[:2]) if ev else []
            out.append(
                Telling(
                    session_id=session.id, persona_id=session.persona_id, created=session.created, question_id=q.question_id,
                    question=q.text, text=text, levels=levels, score=score, parts=parts, quotes=quotes,
                    reused="reused_story" in g[0].assessment.flags,  # type: ignore[union-attr]
                    title=headline(next((t.text for t in g if len(t.text.split()) >= 12), max((t.text for t in g), key=len))),
                )
            )
    return out


def group(tellings: Iterable[Telling]) -> list[Story]:
    """Tellings of the same story (content overlap) as one story each, in the order first told."""
    stories: list[Story] = []
    for t in sorted(tellings, key=lambda t: (t.created, t.session_id)):
        # a story's first telling and its latest two stand for it (a story told fifty times is not compared fifty times)
        home = next((s for s in stories if any(same_story(t.text, o.text) for o in {id(x): x for x in (s.tellings[0], *s.tellings[-2:])}.values())), None)
        if home is None:
            home = Story(id=hashlib.sha1(t.text.encode("utf-8")).hexdigest()[:8])
            stories.append(home)
        home.tellings.append(t)
    return stories


def rubric_of(catalog: Catalog, session: Session) -> Rubric | None:
    """The session's rubric, or None when the catalog no longer has it."""
    try:
        persona = catalog.persona(session.persona_id)
        return catalog.rubric_for_session(session.rubric_id, persona)
    except Exception:  # noqa: BLE001 - an unknown persona or rubric: the session has no stories we can read
        return catalog.rubrics.get(session.rubric_id)


def bank(sessions: Iterable[Session], catalog: Catalog, persona: str | None = None) -> list[Story]:
    """Every story in ``sessions``, once each, best-scored first."""
    tellings = []
    for s in sessions:
        if persona and s.persona_id != persona:
            continue
        rubric = rubric_of(catalog, s)
        if rubric is not None:
            tellings += tellings_of(s, rubric)
    stories = group(tellings)
    return sorted(stories, key=lambda s: (-s.best.score, s.tellings[0].created))


def known_stories(sessions: Iterable[Session], catalog: Catalog) -> list[tuple[str, str]]:
    """(question, text) of every story told in ``sessions``: what ``Agent.remember_stories`` takes, so that a loop's
    later behavioral round notices a story told in an earlier one."""
    out = []
    for s in sessions:
        rubric = rubric_of(catalog, s)
        if rubric is not None:
            out += [(t.question, t.text) for t in tellings_of(s, rubric)]
    return out


def bank_from_index(root, persona: str | None = None, on_progress=None) -> tuple[list[Story], list[tuple[str, str]]]:
    """The story bank read from the history index beside the session files (synced first: only changed files are
    read), and the files it had to skip. Fast however many sessions there are."""
    import json

    from interviewer.history import open_index
    from interviewer.stories_index import COLUMNS

    with open_index(root) as idx:
        stats = idx.sync(on_progress=on_progress)
        where, params = ("WHERE persona_id = ?", [persona]) if persona else ("", [])
        rows = idx.query(f"SELECT {COLUMNS} FROM tellings {where} ORDER BY created, session_id, position", params)
    tellings = [
        Telling(
            session_id=sid, persona_id=pid, created=created, question_id=qid, question=question, text=text, title=title,
            score=score, reused=bool(reused), levels=json.loads(levels), parts=json.loads(parts), quotes=json.loads(quotes),
        )
        for sid, pid, created, qid, question, text, title, score, reused, levels, parts, quotes in rows
    ]
    stories = sorted(group(tellings), key=lambda s: (-s.best.score, s.tellings[0].created))
    return stories, list(stats.skipped)
