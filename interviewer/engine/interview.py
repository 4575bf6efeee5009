"""One interview, turn by turn: record, assess, decide, speak, record. The UI-free heart of the product.

Every turn is persisted the moment it happens (before any judge or LLM call), so killing the process at any point
loses no submitted answer and ``resume`` continues where it stopped.

The model judge is off the critical path: the next move is decided from the offline judge's instant reading of the
answer plus the model's readings of earlier answers that have arrived (see ``engine/assessor.py``), so the
interviewer starts replying at once. A judge with ``wait`` > 0 seconds is waited for up to that long first
(``float("inf")`` is the old serial pipeline: judge, then decide, then speak).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from interviewer.catalog import Catalog
from interviewer.engine.agent import Agent
from interviewer.engine.assessor import Assessor
from interviewer.engine import coding as coding_round
from interviewer.engine.clock import Clock, SystemClock, check_minutes
from interviewer.engine.context import current_context, earlier_context
from interviewer.engine.question_check import missing_question
from interviewer.engine.pacing import round_opening
from interviewer.engine.voice import OfflineVoice
from interviewer.errors import InterviewerError
from interviewer.judges.base import EngineFailure, Judge, TokenCallback, TurnContext, Voice
from interviewer.judges.offline import OfflineJudge
from interviewer.judges.text import clean_answer
from interviewer.models import Assessment, FallbackRecord, Move, Persona, Plan, Rubric, Session, Turn
from interviewer.store import SessionStore
from interviewer.tailor.plan import persona_for_session


@dataclass
class Reply:
    """What the UI shows after the candidate's input: the interviewer's turn and any notices."""

    turn: Turn | None
    notices: list[str] = field(default_factory=list)
    # the model's streamed reply broke off and the offline voice replaced it: a UI that showed the partial text should
    # replace it with ``turn.text`` (the transcript holds only the replacement, never both)
    replaced_partial: bool = False

    @property
    def finished(self) -> bool:
        return bool(self.turn and self.turn.move and self.turn.move.kind == "close")


class Interview:
    def __init__(
        self,
        session: Session,
        persona: Persona,
        rubric: Rubric,
        *,
        store: SessionStore | None = None,
        clock: Clock | None = None,
        judge: Judge | None = None,
        voice: Voice | None = None,
    ) -> None:
        self.session = session
        # the opening states this round's real length, not the persona's default
        self.persona = persona.model_copy(update={"opening": round_opening(persona.opening, persona.minutes, session.minutes)})
        self.rubric = rubric
        self.store = store
        self.clock = clock or SystemClock(offset=session.turns[-1].at if session.turns else 0.0)
        self.offline_judge = OfflineJudge()
        self.offline_voice = OfflineVoice()
        self.judge: Judge = judge or self.offline_judge
        self.voice: Voice = voice or self.offline_voice
        self.agent = Agent(persona, rubric, session.minutes)
        if rubric.kind == "coding":  # correctness from the sandbox's test runs; a model judge reads the code too
            self.offline_judge, self.judge = coding_round.judges(persona, session, judge)  # type: ignore[assignment]
        self.assessor = Assessor(self.judge, self.offline_judge, session, self._save)
        # seconds to wait for the judge's reading of an answer before deciding the next move. A model judge says
        # (``wait``, 0 by default: never); a judge in this process (offline, scripted) is instant, so it is awaited
        self.judge_wait = float(getattr(self.judge, "wait", float("inf")))
        self._warming: asyncio.Handle | None = None

    # ------------------------------------------------------------------ construction

    @classmethod
    def new(
        cls,
        catalog: Catalog,
        persona_id: str,
        *,
        minutes: float | None = None,
        store: SessionStore | None = None,
        clock: Clock | None = None,
        judge: Judge | None = None,
        voice: Voice | None = None,
        engine: str = "offline",
        plan: Plan | None = None,
    ) -> Interview:
        persona = catalog.persona(persona_id)
        rubric = catalog.rubric_for(persona)
        persona = persona_for_session(persona, plan=plan)  # a tailored round or a drill asks its planned questions
        if minutes is not None:
            check_minutes(minutes)
        # milliseconds: sessions started within the same second still sort (and chart) in the order they began
        now = datetime.now().astimezone().isoformat(timespec="milliseconds")
        sid = store.new_id(persona.id) if store else f"{datetime.now():%Y%m%d-%H%M%S}-{persona.id}"
        session = Session(
            id=sid,
            persona_id=persona.id,
            rubric_id=rubric.id,
            created=now,
            updated=now,
            minutes=float(minutes or persona.minutes),
            engine=engine,
            plan=plan,
        )
        return cls(session, persona, rubric, store=store, clock=clock, judge=judge, voice=voice)

    @classmethod
    def resume(cls, catalog: Catalog, session: Session, **kw) -> Interview:
        persona = catalog.persona(session.persona_id)
        rubric = catalog.rubric_for_session(session.rubric_id, persona)
        return cls(session, persona_for_session(persona, session), rubric, **kw)

    # ------------------------------------------------------------------ state

    @property
    def finished(self) -> bool:
        return self.session.stage == "closed"

    @property
    def awaiting_reply(self) -> bool:
        return self.session.awaiting_reply and not self.finished

    def now(self) -> float:
        return self.clock.now()

    def seconds_left(self) -> float:
        return self.agent.budget.round_seconds - self.now()

    def stage_label(self) -> str:
        s = self.session
        q = s.current_question
        if s.stage == "opening":
            return "warm-up"
        if s.stage == "wrapup":
            return "wrap-up"
        if s.stage == "closed":
            return "finished"
        n = max(self.agent.budget.target_questions, len(s.questions))
        label = f"question {q.index + 1} of {n}" if q else "question"
        if s.stage == "followup" and q:
            label += f", follow-up {q.followups}"
        return label

    def last_interviewer_turn(self) -> Turn | None:
        for t in reversed(self.session.turns):
            if t.role == "interviewer":
                return t
        return None

    def _save(self) -> None:
        if self.store is not None:
            self.store.save(self.session)

    def _resume_readings(self) -> None:
        """Answers whose model reading was pending when the process stopped: read them again in the background, or,
        with no model, keep the offline reading as final."""
        for t in self.session.turns:
            if t.role != "candidate" or t.assessment is None or not t.assessment.provisional or t.index in self.assessor.tasks:
                continue
            if self.assessor.uses_model:
                self.assessor.start(t, earlier_context(self, t))
            else:
                t.assessment.provisional = False
                self._save()

    async def settle(self) -> None:
        """Wait for the model's readings still in flight (the report is built from them)."""
        self._resume_readings()
        await self.assessor.settle()

    def pending_readings(self) -> list[int]:
        return self.assessor.pending()

    # ------------------------------------------------------------------ turns

    async def start(self, on_token: TokenCallback | None = None) -> Reply:
        """The opening (only for a new session; a resumed one already has it)."""
        if self.session.turns:
            return Reply(self.last_interviewer_turn())
        move = self.agent.opening(self.session, self.now())
        reply = await self._interviewer_turn(move, on_token)
        self._warm_up()
        return reply

    def _warm_up(self) -> None:
        """Ready the offline judge (its first reading compiles its patterns) while the candidate reads the question,
        so the first answer's reply is not slower than the rest."""
        if self._warming is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return
            # on the loop, not in a thread: the judge's lazy caches are not shared across threads
            # and a separate instance, so no reading of this interview's can ever depend on it
            self._warming = loop.call_soon(OfflineJudge().assess, "A short warm-up answer.", self.rubric, None)

    async def recover(self, on_token: TokenCallback | None = None) -> Reply:
        """Pick up a session where it stopped: the opening if it has none, the interviewer's missing reply if the
        process died between the candidate's answer and the reply, otherwise the last question again."""
        if not self.session.turns:
            return await self.start(on_token)
        last = self.session.turns[-1]
        if last.role == "interviewer" or self.finished:
            self._warm_up()
            return Reply(self.last_interviewer_turn())
        notices: list[str] = []
        if last.assessment is None or last.assessment.provisional:
            if last.code and self.rubric.kind == "coding" and not any(r.turn == last.index for r in self.session.code_runs):
                notices += await coding_round.submit(self, last.code, last)  # the process died before the code ran
            if last.text or last.code:
                await self._assess(last, current_context(self), notices)
            else:
                last.assessment = Assessment(engine="offline", flags=["empty"])
            self._save()
        move = self.agent.next_move(self.session, self.now())
        reply = await self._interviewer_turn(move, on_token)
        self._resume_readings()
        reply.notices[:0] = notices
        return reply

    async def answer(
        self, raw: str | bytes, seconds: float | None = None, on_token: TokenCallback | None = None, code: str | None = None
    ) -> Reply:
        """Record the candidate's reply (with ``code`` in a coding round), assess it, and produce the next turn."""
        if self.finished:
            raise InterviewOver("the interview is over; open the report with `interviewer report`")
        cleaned = clean_answer(raw)
        code = code if code and code.strip() else None
        last_turn = self.session.turns[-1] if self.session.turns else None
        if (
            last_turn is not None
            and last_turn.role == "candidate"
            and (cleaned.text or code)
            and (last_turn.text, last_turn.code) == (cleaned.text, code)
        ):
            # the same answer sent again after the interviewer's reply failed: it is saved already, reply to it
            return await self.recover(on_token)
        now = self.now()
        last = self.last_interviewer_turn()
        took = seconds if seconds is not None else (now - last.at if last else 0.0)
        turn = Turn(
            index=len(self.session.turns),
            role="candidate",
            text=cleaned.text,
            at=round(now, 3),
            seconds=round(max(took, 0.0), 3),
            question_index=self.session.current_question.index if self.session.current_question else None,
            notice=" ".join(cleaned.notices) or None,
            code=code,
        )
        self.session.turns.append(turn)
        self._save()  # the answer is on disk before anything can fail

        notices = list(cleaned.notices)
        if code is not None and self.rubric.kind == "coding":
            notices += await coding_round.submit(self, code, turn)
        ctx = current_context(self)
        if not cleaned.text and code is None:
            turn.assessment = Assessment(engine="offline", flags=["empty"])
            notices.append("That answer was empty, so there was nothing to score.")
        else:
            turn.assessment = await self._assess(turn, ctx, notices, truncated=cleaned.truncated)
        self._save()
        move = self.agent.next_move(self.session, self.now())
        reply = await self._interviewer_turn(move, on_token)
        if cleaned.text:  # after the reply: a local server that serves one request at a time replies first
            self.assessor.start(turn, ctx)
        self._resume_readings()
        reply.notices[:0] = notices
        return reply

    async def run_examples(self, code: str):
        """Run ``code`` against the current question's shown examples (recorded as a code run, not a turn)."""
        return await coding_round.run_examples(self, code)

    async def skip(self, on_token: TokenCallback | None = None) -> Reply:
        if self.finished:
            raise InterviewOver("the interview is over")
        move = self.agent.skip(self.session, self.now())
        return await self._interviewer_turn(move, on_token)

    async def end(self, on_token: TokenCallback | None = None, reason: str = "candidate") -> Reply:
        """Close the interview now (the candidate ended it, or a script ran out of answers)."""
        if self.finished:
            return Reply(self.last_interviewer_turn())
        move = Move(kind="close", reason=reason, expects_reply=False)  # type: ignore[arg-type]
        return await self._interviewer_turn(move, on_token)

    async def _assess(self, turn: Turn, ctx: TurnContext, notices: list[str], truncated: bool = False) -> Assessment:
        """The reading that decides the next move: the offline judge's at once, or the judge's if it arrives within
        ``judge_wait`` seconds. A model's reading replaces the offline one whenever it arrives."""
        if turn.assessment is None:
            turn.assessment = self.assessor.instant(turn.text, ctx)
            if truncated:
                turn.assessment.flags.append("truncated")
        if self.judge_wait > 0 and self.assessor.uses_model and turn.assessment.provisional:
            self._save()  # the answer and its offline reading are on disk while the judge reads
            task = self.assessor.start(turn, ctx)
            await self.assessor.wait(turn.index, self.judge_wait)
            if task is not None and task.done() and not task.cancelled() and task.exception() is not None:
                raise task.exception()  # not a model failure (those fall back): a bug or a crash, never hidden
        notices += self.assessor.take_notices()
        return turn.assessment

    async def _interviewer_turn(self, move: Move, on_token: TokenCallback | None) -> Reply:
        replaced = False
        now = self.now()
        if self.rubric.kind == "coding":
            move = coding_round.tailor(move, self.session)  # a failing test's case becomes the follow-up
        self.agent.apply(self.session, move, now)
        ctx = current_context(self)
        notices: list[str] = []
        engine = self.voice.name
        index = len(self.session.turns)
        try:
            text = await self.voice.speak(move, ctx, on_token)
        except EngineFailure as exc:
            engine = self.offline_voice.name
            self.session.fallbacks.append(FallbackRecord(turn=index, role="voice", reason=exc.reason))
            if not getattr(exc, "quiet", False):  # a server known to be down is said once, not every turn
                notices.append(f"The model's reply failed ({exc.reason}); continuing with the offline interviewer.")
            text = self.offline_voice.phrase(move, ctx)
            replaced = bool(exc.partial)
            if on_token and not replaced:
                on_token(text)
        question = missing_question(move, text)
        if question is not None:  # the model said something generic: the chosen question still reaches the candidate
            text = f"{text.rstrip()}\n\n{question}"
            if on_token:
                on_token(f"\n\n{question}")
        if move.kind == "opening" and not self.session.turns:
            now = self._start_clock()
        turn = Turn(
            index=index,
            role="interviewer",
            text=text,
            at=round(now, 3),
            move=move,
            question_index=self.session.current_question.index if self.session.current_question else None,
            engine=engine,
            notice=" ".join(notices) or None,
        )
        self.session.turns.append(turn)
        if move.kind == "close":
            self.session.status = "finished"
        self._save()
        notices += self.assessor.take_notices()
        return Reply(turn, notices, replaced_partial=replaced)

    def _start_clock(self) -> float:
        """The round's clock starts when the opening question is on screen: start-up work (the model check, loading
        the model, the opening's own generation) never counts against the candidate's time."""
        restart = getattr(self.clock, "restart", None)
        if restart is not None:
            restart()
        return round(self.now(), 3)


class InterviewOver(InterviewerError):
    """An answer, skip or end sent to an interview that is over."""

