"""The interview state machine and its follow-up policy.

opening -> question -> follow-ups -> next question ... -> wrap-up ("any questions for me?") -> close

The agent decides *what* happens from rubric state and time; a voice decides how it is said. Given the same
assessments and the same clock it makes the same moves, so it is tested with a fake clock. It never reveals scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.engine.followups import Ledger, choose_probe
from interviewer.engine.pacing import fit_questions, plan_slots, question_budget
from interviewer.engine.sameness import closest, is_story
from interviewer.engine.wrapup import answer_questions, questions_for_later, words_besides_questions
from interviewer.judges.offline.nonanswer import is_non_answer
from interviewer.models import Move, Persona, Question, QuestionRecord, Rubric, Session, best_levels

SOLID = 3  # a dimension at this level or above needs no follow-up


@dataclass(frozen=True)
class Budget:
    """Time budgets for one round, in seconds."""

    round_seconds: float
    wrapup_reserve: float  # kept free for "any questions for me?" and the close
    target_questions: int  # main questions the round plans for at this length
    # when the questions carry time estimates (a coding round): the planned questions and their slots, in order
    planned: list[tuple[str, float]] = field(default_factory=list)

    @property
    def question_seconds(self) -> float:
        """The time the round has for main questions."""
        return max(self.round_seconds - self.wrapup_reserve, 60.0)

    @property
    def nominal(self) -> float:
        """The time a question gets when the round runs to plan."""
        return self.question_seconds / self.target_questions

    @property
    def slots(self) -> list[float]:
        """The plan: each main question's budget in whole or half minutes, decided up front (never more questions)."""
        if self.planned:
            return [seconds for _, seconds in self.planned]
        return plan_slots(self.question_seconds, self.target_questions)

    @classmethod
    def for_round(cls, persona: Persona, minutes: float) -> Budget:
        seconds = minutes * 60.0
        reserve = min(max(120.0, seconds * 0.1), 600.0)
        if seconds - reserve < 120:
            reserve = max(seconds * 0.25, 30.0)
        scaled = round(persona.questions_per_round * minutes / persona.minutes)
        target = max(1, min(scaled, len(persona.questions)))
        estimates = [(q.id, q.minutes * 60.0) for q in persona.questions if q.minutes]
        if len(estimates) == len(persona.questions):  # questions of different lengths: plan the ones that fit
            planned = fit_questions(estimates, max(seconds - reserve, 60.0), target)
            return cls(seconds, reserve, len(planned), planned)
        return cls(seconds, reserve, target)


def question_plan(persona: Persona, session: Session, budget: Budget | None = None) -> list[str]:
    """The ids of the main questions the session's round plans, in order: those asked, then those the agent asks
    next (the ones planned to fit the round's time, then the bank's order) until the round's count is reached.
    ``persona`` is the one the round runs (``tailor.plan.persona_for_session``). The agent asks the first one not
    asked; the report counts an incomplete round against the whole (``report.completeness``)."""
    budget = budget or Budget.for_round(persona, session.minutes)
    asked = list(dict.fromkeys([*(q.question_id for q in session.questions), *session.asked_ids]))
    known = {q.id for q in persona.questions}
    order = dict.fromkeys([*(qid for qid, _ in budget.planned), *(q.id for q in persona.questions)])
    upcoming = [qid for qid in order if qid in known and qid not in asked]
    return [*asked, *upcoming[: max(budget.target_questions - len(asked), 0)]]


SPECIFIC_STORY_PROBE = (
    "Could you walk me through one specific time this happened: when it was, what was at stake, and what you did "
    "yourself?"
)


class Agent:
    def __init__(self, persona: Persona, rubric: Rubric, minutes: float | None = None) -> None:
        self.persona = persona
        self.rubric = rubric
        self.minutes = float(minutes or persona.minutes)
        self.budget = Budget.for_round(persona, self.minutes)
        self._questions = {q.id: q for q in persona.questions}
        self._style_dims = {d.id for d in rubric.dimensions if d.phase == "all"}
        self._tested_dims = {d.id for d in rubric.dimensions if d.detector == "code_correctness"}
        self._wrapup_dims = [d.id for d in rubric.dimensions if d.phase == "wrapup"]
        # stories told in earlier rounds of a loop, as (the question they answered, the story's text)
        self.known_stories: list[tuple[str, str]] = []

    def remember_stories(self, stories: list[tuple[str, str]]) -> None:
        """Stories the candidate told in earlier sessions (a loop's previous rounds; see ``interviewer.stories``):
        telling one of them again for a new question gets a request for a different example."""
        self.known_stories = [(q, t) for q, t in stories if t.strip()]

    # ------------------------------------------------------------------ what to assess

    def dimensions_for_reply(self, session: Session) -> list[str]:
        """The dimensions the judge reads the candidate's next reply for."""
        if session.stage == "wrapup":
            return list(self._wrapup_dims)
        q = session.current_question
        if q is None:  # the warm-up: anything main-phase the candidate volunteers counts
            return [d.id for d in self.rubric.dimensions if d.phase == "main"]
        return list(dict.fromkeys([*q.dimensions, *self._style_dims]))

    # ------------------------------------------------------------------ moves

    def opening(self, session: Session, now: float) -> Move:
        if self.persona.warmup:
            return Move(kind="opening", reason="start", question_text=self.persona.warmup)
        q = self._next_question(session)
        assert q is not None  # a persona has at least 8 questions
        return Move(kind="opening", reason="start", question_id=q.id, question_text=q.text)

    def next_move(self, session: Session, now: float) -> Move:
        """The move after the candidate's latest reply (already recorded in ``session``)."""
        last = session.turns[-1] if session.turns else None
        if session.stage == "closed":
            return Move(kind="close", reason="next", expects_reply=False)
        if session.stage == "wrapup":
            wrapup = self._last_move(session)
            already = wrapup.answers if wrapup and wrapup.kind == "wrapup" else []
            answers = answer_questions(last.text, self.persona.facts, already) if last and last.role == "candidate" else []
            return Move(kind="close", reason="next", expects_reply=False, answers=answers)
        assessment = last.assessment if last and last.role == "candidate" else None
        if assessment and "empty" in assessment.flags:
            if session.empty_streak < 1:  # the first empty reply gets a reprompt; a second one in a row moves on
                return Move(kind="reprompt", reason="empty", question_text=self._last_prompt(session))
            return self._advance(session, now, reason="empty", ended_by="skip")
        if assessment and "question_to_interviewer" in assessment.flags and words_besides_questions(last.text) < 6:
            # a question instead of an answer (an answer that ends with a question back is an answer: it goes on, and
            # the question is answered in the wrap-up)
            prev = self._last_move(session)
            if not (prev and prev.kind == "reprompt" and prev.reason == "candidate"):
                return Move(kind="reprompt", reason="candidate", question_text=self._last_prompt(session))
            return self._advance(session, now, reason="next", ended_by="followups_done" if session.questions else "")
        if session.stage == "opening":
            return self._advance(session, now, reason="start", ended_by="")

        q = session.current_question
        assert q is not None
        if now >= self.budget.question_seconds:
            return self._wrapup(session, reason="round_time")
        reused = self.reused_story(session)
        if reused is not None:
            return Move(kind="reprompt", reason="story_reused", question_id=q.question_id, question_text=q.text, reused_from=reused)
        if now - q.started_at >= q.budget_seconds:
            return self._advance(session, now, reason="time", ended_by="time")
        if assessment and is_non_answer(assessment.flags):  # nothing to probe: the judge read no answer
            return self._advance(session, now, reason="next", ended_by="followups_done")
        if assessment and "no_story" in assessment.flags and q.followups < self.persona.max_followups:
            # habits and beliefs instead of a time it happened: ask for the story before probing its parts
            scene = next((d.id for d in self.rubric.dimensions if d.detector == "star_situation" and d.id not in q.probed), None)
            if scene is not None:
                return self._followup(session, scene, SPECIFIC_STORY_PROBE)
        if q.followups < self.persona.max_followups:
            choice = self.followup_choice(session)
            if choice is not None:
                return self._followup(session, *choice)
            # no gap left to probe: either everything is solid, or every gap has been probed once already
            solid = all(
                lv >= SOLID for d, lv in self.question_levels(session, q).items() if d not in self._style_dims
            )
            return self._advance(session, now, reason="next", ended_by="solid" if solid else "followups_done")
        return self._advance(session, now, reason="next", ended_by="followups_done")

    def skip(self, session: Session, now: float) -> Move:
        """The candidate asked to skip the current question."""
        if session.stage == "wrapup":
            return Move(kind="close", reason="skip", expects_reply=False)
        if now >= self.budget.question_seconds:
            return self._wrapup(session, reason="round_time")
        return self._advance(session, now, reason="skip", ended_by="skip")

    # ------------------------------------------------------------------ state

    def apply(self, session: Session, move: Move, now: float) -> None:
        """Update the session's interview state for ``move`` (the voice's words are recorded separately)."""
        q = session.current_question
        if move.kind in ("question", "wrapup", "close") or (move.kind == "opening" and move.question_id):
            if q is not None and q.ended_at is None:
                q.ended_at = now
                if not q.ended_by:
                    q.ended_by = _ended_by_for(move)
        if move.kind == "reprompt":
            if move.reason == "empty":
                session.empty_streak += 1
            if move.reason == "story_reused":
                last = session.turns[-1] if session.turns else None
                if last is not None and last.role == "candidate" and last.assessment is not None:
                    last.assessment.flags.append("reused_story")  # not this question's answer: another was asked for
            return
        session.empty_streak = 0
        if move.kind == "opening":
            if move.question_id:
                self._open_question(session, move.question_id, now)
                session.stage = "question"
            else:
                session.stage = "opening"
        elif move.kind == "question":
            assert move.question_id
            self._open_question(session, move.question_id, now)
            session.stage = "question"
        elif move.kind == "followup":
            assert q is not None and move.dimension
            q.followups += 1
            q.probed.append(move.dimension)
            session.stage = "followup"
        elif move.kind == "wrapup":
            session.stage = "wrapup"
        elif move.kind == "close":
            session.stage = "closed"

    def mark_ending(self, session: Session, ended_by: str) -> None:
        """Record why the open question ended, before the move that ends it is applied."""
        q = session.current_question
        if q is not None and q.ended_at is None:
            q.ended_by = ended_by  # type: ignore[assignment]

    # ------------------------------------------------------------------ policy

    def question_levels(self, session: Session, q: QuestionRecord) -> dict[str, int]:
        """The best level each of the question's dimensions reached over its answers so far."""
        best = best_levels(
            t for t in session.turns
            if t.question_index == q.index and not (t.assessment and "reused_story" in t.assessment.flags)
        )
        return {d: best.get(d, 1) for d in q.dimensions}

    def followup_target(self, session: Session) -> str | None:
        """The dimension the next follow-up targets, or None (see ``followup_choice``)."""
        choice = self.followup_choice(session)
        return choice[0] if choice else None

    def followup_choice(self, session: Session) -> tuple[str, str] | None:
        """The weakest relevant dimension below solid that this question has not probed yet, with a probe that asks
        for something the candidate has not already given (engine/followups.py), or None.

        A hidden test that still fails comes first: the case it fails is the most concrete gap there is. Ties go to
        the heavier dimension, then to the rubric's order (the order a real interviewer covers them in:
        requirements before the deep dive). A dimension whose every probe is spent (already asked in this round, or
        already answered) is passed over for the next gap.
        """
        q = session.current_question
        if q is None:
            return None
        levels = self.question_levels(session, q)
        weights = {d.id: d.weight for d in self.rubric.dimensions}
        order = {d.id: i for i, d in enumerate(self.rubric.dimensions)}
        failing = self.failing_tests(session, q)
        candidates = sorted(
            (d not in failing, levels[d], -weights.get(d, 1.0), order.get(d, len(order)), d)
            for d in q.dimensions
            if d not in self._style_dims and d not in q.probed and (levels[d] < SOLID or d in failing)
        )
        if not candidates:
            return None
        ledger = Ledger.of(session, q.index)
        for *_, dim_id in candidates:
            probe = choose_probe(self.rubric.dimension(dim_id).probes, q.index + q.followups, ledger, first_followup=q.followups == 0)
            if probe is not None:
                return dim_id, probe
        return None

    def failing_tests(self, session: Session, q: QuestionRecord) -> set[str]:
        """The tests-verdict dimensions of a coding question whose latest hidden-test run still fails a test: one
        follow-up about the failing case is owed even when the pass rate reads as solid (8 of 10 is a 3)."""
        if not self._tested_dims:
            return set()
        last = next((r for r in reversed(session.code_runs) if r.question_id == q.question_id and r.kind == "tests"), None)
        if last is None or last.result.all_passed:
            return set()
        return self._tested_dims & set(q.dimensions)

    def reused_story(self, session: Session) -> str | None:
        """In a behavioral round, the question whose story the candidate's first answer to this question tells again
        (from this session or ``known_stories``), or None. Asked once per question: a second telling is accepted."""
        q = session.current_question
        last = session.turns[-1] if session.turns else None
        if self.rubric.kind != "behavioral" or q is None or last is None or last.role != "candidate":
            return None
        if sum(1 for t in session.turns if t.role == "candidate" and t.question_index == q.index) != 1:
            return None
        if not is_story(last.text):
            return None
        earlier = [
            (r.text, " ".join(t.text for t in session.turns if t.role == "candidate" and t.question_index == r.index))
            for r in session.questions
            if r.index != q.index
        ]
        hit = closest(last.text, [*earlier, *self.known_stories])
        return hit[0] if hit else None

    def _followup(self, session: Session, dim_id: str, probe: str) -> Move:
        q = session.current_question
        assert q is not None
        return Move(kind="followup", reason="gap", dimension=dim_id, probe=probe, question_id=q.question_id, question_text=q.text)

    def _advance(self, session: Session, now: float, reason: str, ended_by: str) -> Move:
        """Leave the current question (if any) for the next one, or wrap up when time or questions run out."""
        if ended_by:
            self.mark_ending(session, ended_by)
        remaining = self.budget.question_seconds - now
        asked = len(session.questions)
        if remaining < 0.5 * self.budget.nominal:
            if ended_by and ended_by not in ("time", "skip"):
                self.mark_ending(session, "round_time")
            return self._wrapup(session, reason="round_time")
        if asked >= self.budget.target_questions:  # the plan is done: never more questions than the counter said
            return self._wrapup(session, reason="round_time" if reason == "time" else "next")
        q = self._next_question(session)
        if q is None:
            return self._wrapup(session, reason="bank_empty")
        return Move(kind="question", reason=reason, question_id=q.id, question_text=q.text)  # type: ignore[arg-type]

    def _wrapup(self, session: Session, reason: str) -> Move:
        """Wrap up; questions the candidate asked earlier (and was told to keep for the end) are answered now."""
        deferred = [
            q
            for t in session.turns
            if t.role == "candidate" and t.text
            for q in questions_for_later(
                t.text, self.persona.facts, flagged=bool(t.assessment and "question_to_interviewer" in t.assessment.flags)
            )
        ]
        answers = answer_questions("\n".join(deferred), self.persona.facts) if deferred else []
        return Move(kind="wrapup", reason=reason, answers=answers)  # type: ignore[arg-type]

    def _next_question(self, session: Session) -> Question | None:
        plan = question_plan(self.persona, session, self.budget)
        return next((self._questions[qid] for qid in plan if qid not in session.asked_ids and qid in self._questions), None)

    def _open_question(self, session: Session, question_id: str, now: float) -> None:
        q = self._questions[question_id]
        asked = len(session.questions)
        remaining = max(self.budget.question_seconds - now, 0.0)
        budget = question_budget(self.budget.slots, asked, remaining)
        session.questions.append(
            QuestionRecord(
                index=asked,
                question_id=q.id,
                text=q.text,
                dimensions=list(q.dimensions),
                started_at=now,
                budget_seconds=round(budget, 1),
            )
        )
        session.asked_ids.append(q.id)

    def _last_move(self, session: Session) -> Move | None:
        for t in reversed(session.turns):
            if t.role == "interviewer":
                return t.move
        return None

    def _last_prompt(self, session: Session) -> str | None:
        for t in reversed(session.turns):
            if t.role == "interviewer" and t.move and t.move.kind != "reprompt":
                return t.move.probe or t.move.question_text
        return None


def _ended_by_for(move: Move) -> str:
    if move.kind == "close":
        return {"candidate": "end", "skip": "end", "script_end": "script_end"}.get(move.reason, "round_time")
    if move.reason == "time":
        return "time"
    if move.reason == "round_time":
        return "round_time"
    return "followups_done"

