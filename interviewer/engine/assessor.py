"""Every answer is read twice: the offline judge at once (its reading steers the next move, so the interviewer can
start replying without waiting for a model) and the model judge in the background (its reading replaces the offline
one in the session when it arrives: for the record, the grading, and every later move).

Nothing is lost if the process dies while a model reading is pending: the answer and the offline reading are on disk,
marked ``provisional``; on resume the model reads the answer again, or, offline, the offline reading is kept as final.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable

from interviewer.judges.base import EngineFailure, Judge, TurnContext, background_work
from interviewer.judges.offline import OfflineJudge
from interviewer.models import Assessment, FallbackRecord, Session, Turn


END_BUDGET = 90.0  # seconds of model readings worth waiting for at the end, on a one-request-at-a-time server
SKIPPED = "read by the model in the end-of-round grading instead (the server serves one request at a time)"


def too_slow(pending: int, durations: list[float], budget: float = END_BUDGET) -> bool:
    """Whether ``pending`` more readings, at the mean time of those so far, would take longer than ``budget``."""
    return bool(durations) and pending * sum(durations) / len(durations) > budget


class Assessor:
    def __init__(self, judge: Judge, offline: OfflineJudge, session: Session, save: Callable[[], None]) -> None:
        self.judge = judge
        self.offline = offline
        self.session = session
        self.save = save
        self.tasks: dict[int, asyncio.Task] = {}  # candidate turn index -> the model's reading in flight
        self.notices: list[str] = []  # said with the next reply (a model reading that failed meanwhile)
        self.durations: list[float] = []  # seconds each model reading took, queue included
        self.skipped = False  # settle() is cancelling the readings still queued

    @property
    def uses_model(self) -> bool:
        return self.judge is not self.offline

    def instant(self, text: str, ctx: TurnContext) -> Assessment:
        """The offline judge's reading: milliseconds, always available. Provisional while a model will read too."""
        assessment = self.offline.assess_turn(text, ctx)
        if ctx.session.stage == "wrapup":  # questions for the interviewer are what the wrap-up asks for
            assessment.flags = [f for f in assessment.flags if f != "question_to_interviewer"]
        assessment.provisional = self.uses_model
        return assessment

    def start(self, turn: Turn, ctx: TurnContext) -> asyncio.Task | None:
        """Send the answer to the model judge in the background (once per turn)."""
        if not self.uses_model or not turn.text:
            return None
        task = self.tasks.get(turn.index)
        if task is None or task.done() and turn.assessment is not None and turn.assessment.provisional:
            if ctx.session is self.session:  # a snapshot: the move chosen next must not change what it reads
                ctx = dataclasses.replace(ctx, session=as_of(ctx.session))
            task = asyncio.get_running_loop().create_task(self._read(turn, ctx))
            self.tasks[turn.index] = task
        return task

    async def _read(self, turn: Turn, ctx: TurnContext) -> None:
        wrapup = ctx.session.stage == "wrapup"
        extra = [f for f in (turn.assessment.flags if turn.assessment else []) if f == "truncated"]
        background_work.set(True)  # this task's requests give way to the interviewer's replies
        t0 = time.monotonic()
        try:
            assessment = await self.judge.assess_async(turn.text, ctx)
        except asyncio.CancelledError:
            if not self.skipped:
                raise
            self._keep_offline(turn, SKIPPED)
            raise
        except EngineFailure as exc:
            self.session.fallbacks.append(FallbackRecord(turn=turn.index, role="judge", reason=exc.reason))
            if not exc.quiet:  # a server known to be down was announced once already
                self.notices.append(f"The model could not assess an answer ({exc.reason}); the offline judge scored it.")
            if turn.assessment is not None:
                turn.assessment.provisional = False  # the offline reading is final
            self.save()
            return
        self.durations.append(time.monotonic() - t0)
        if wrapup:
            assessment.flags = [f for f in assessment.flags if f != "question_to_interviewer"]
        assessment.flags += [f for f in extra if f not in assessment.flags]
        turn.assessment = assessment
        self.save()

    def _keep_offline(self, turn: Turn, reason: str) -> None:
        self.session.fallbacks.append(FallbackRecord(turn=turn.index, role="judge", reason=reason))
        if turn.assessment is not None:
            turn.assessment.provisional = False
        self.save()

    async def wait(self, turn_index: int, seconds: float) -> bool:
        """Wait up to ``seconds`` for the model's reading of one turn; True if it has arrived (or failed)."""
        task = self.tasks.get(turn_index)
        if task is None:
            return True
        if seconds > 0 and not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), seconds)
            except asyncio.TimeoutError:
                pass
        return task.done()

    async def settle(self) -> None:
        """Wait for every model reading in flight (before grading: the report uses them). On a server that serves one
        request at a time, where the grading reads every answer in one call anyway, readings still queued are left
        to it once the readings so far show they would take more than ``END_BUDGET`` seconds in all: those answers
        keep the offline reading, and the fallbacks say so."""
        while pending := [t for t in self.tasks.values() if not t.done()]:
            if self.serial and too_slow(len(pending), self.durations):
                self.skipped = True
                for t in pending:
                    t.cancel()
            await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        self.skipped = False

    @property
    def serial(self) -> bool:
        client = getattr(self.judge, "client", None)
        return bool(client is not None and client.gate.serial)

    def pending(self) -> list[int]:
        return sorted(i for i, t in self.tasks.items() if not t.done())

    def take_notices(self) -> list[str]:
        out, self.notices = self.notices, []
        return out

    def cancel(self) -> None:
        for t in self.tasks.values():
            t.cancel()



def as_of(session: Session, question_index: int | None = None, stage: str | None = None) -> Session:
    """The session as it stood when an answer was given, while the live one moves on: its stage and current question
    (the judge reads the question's reference material and the stage from it). A shallow copy, never written. With
    ``question_index`` (an earlier answer, read again after a restart) the questions after it are left out."""
    questions = list(session.questions) if question_index is None else list(session.questions[: question_index + 1])
    return session.model_copy(update={"questions": questions, "turns": list(session.turns), "stage": stage or session.stage})


async def assess_with_fallback(
    judge: Judge, offline: OfflineJudge, text: str, ctx: TurnContext, turn_index: int, session: Session, notices: list[str]
) -> Assessment:
    """The judge's assessment, or the offline judge's when the model fails (recorded as a fallback, with a notice)."""
    if judge is offline:
        return offline.assess_turn(text, ctx)
    try:
        return await judge.assess_async(text, ctx)
    except EngineFailure as exc:
        session.fallbacks.append(FallbackRecord(turn=turn_index, role="judge", reason=exc.reason))
        notices.append(f"The model could not assess this answer ({exc.reason}); the offline judge scored it.")
        return offline.assess_turn(text, ctx)
