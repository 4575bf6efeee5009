"""Opening an interview on the Interview screen: the engine (a model is checked first), a new session (a tailored
round or a drill when asked) or a resumed one, the transcript so far, and the interviewer's first words."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work

from interviewer import services
from interviewer.tui.screens.errors import cause

if TYPE_CHECKING:
    from interviewer.tui.screens.interview import InterviewScreen


class InterviewStart:
    """The start of ``InterviewScreen`` (a mixin: the screen's state and widgets are ``self``'s)."""

    @work(exclusive=True, group="engine")
    async def boot(self: InterviewScreen) -> None:
        app = self.app
        self.busy = True
        checking = not self.offline and (self.model or app.model_hint()) and app.injected_engine_name() is None
        self.typing.start("Checking the model" if checking else "Getting the interviewer ready")
        try:
            self.engine = await app.resolve_engine(self.model, self.offline)
            if self.session_id:
                warning = await asyncio.to_thread(services.check_data_dir, app.store, resuming=True)
                if warning:
                    self.notify(warning, severity="warning", markup=False, timeout=15)
                iv = await asyncio.to_thread(
                    services.resume_interview, app.catalog, app.store, self.session_id, engine=self.engine, clock=app.clock
                )
            else:
                plan = await self._plan()
                iv = await asyncio.to_thread(
                    services.new_interview, app.catalog, self.persona_id or "",
                    minutes=None if plan and plan.minutes else self.minutes, store=app.store,
                    engine=self.engine, clock=app.clock, plan=plan, origin="app",
                )
        except Exception as exc:  # noqa: BLE001 - shown to the candidate, who goes back Home
            self.busy = False
            self.typing.stop()
            self.notify(f"Could not start the interview: {cause(exc)}", severity="error", markup=False, timeout=10)
            self.app.pop_screen()
            return
        self.interview = iv
        app.current_interview = iv
        you = "You"
        for t in iv.session.turns:
            await self.chat.add(t.role, self._speaker() if t.role == "interviewer" else you, t.text)
        self.tick()
        if iv.finished:
            self.busy = False
            self.typing.stop()
            await self.finish()
            return
        try:
            if services.needs_reply(iv):
                await self._speak(iv.recover)
        except Exception as exc:  # noqa: BLE001
            saved = "Your answers are saved" if services.is_saved(iv) else "Your last answer is NOT saved yet"
            self.notify(
                f"The interviewer could not reply: {cause(exc)}. {saved}; press Ctrl+S to try again.",
                severity="error", markup=False, timeout=10,
            )
        finally:
            self.busy = False
            self.typing.stop()
        await self._after_reply()

    async def _plan(self: InterviewScreen):
        """The plan of a tailored round (job/resume) or a drill, or None for the persona's bank."""
        from interviewer import tailoring

        app = self.app
        if self.drill:
            _pid, plan = tailoring.drill_for(self.persona_id, self.drill, catalog=app.catalog)
            return plan
        if not (self.job or self.resume):
            return None
        self.typing.start("Reading the job description and resume")
        job, resume = await asyncio.to_thread(tailoring.read_inputs, self.job, self.resume)
        return await tailoring.plan_for(
            self.persona_id or "", job=job, resume=resume, engine=self.engine, catalog=app.catalog,
            cache_dir=app.store.root / "tailored",
            on_notice=lambda s: self.notify(s, severity="warning", markup=False, timeout=10),
        )
