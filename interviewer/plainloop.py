"""The onsite loop in the line chat: each round is a ``PlainChat``, with a break between rounds. A thin shell over
``loop_services``; every step is saved there, so Ctrl-C, a closed terminal or a kill loses nothing."""

from __future__ import annotations

import argparse
import asyncio
import sys

from interviewer import loop_services, services
from interviewer.catalog import Catalog, default_catalog
from interviewer.cli._common import ANSWER_HELP, CliError, engine
from interviewer.engine.clock import check_minutes
from interviewer.loop import LOOP_RULE, Loop
from interviewer.plainchat import PlainChat


def _resume_hint(loop: Loop) -> str:
    return f"continue the loop with: interviewer loop --resume {loop.id}"


class PlainLoop:
    def __init__(self, loop: Loop, store, catalog: Catalog, eng: dict, *, out=None, inp=None, tty: bool | None = None) -> None:
        self.loop, self.store, self.catalog, self.eng = loop, store, catalog, eng
        self.out = out or sys.stdout
        self.inp = inp or sys.stdin.buffer
        self.tty = sys.stdin.isatty() if tty is None else tty

    def say(self, text: str = "", err: bool = False) -> None:
        print(text, file=sys.stderr if err else self.out, flush=True)

    def _overview(self) -> None:
        lp = self.loop
        self.say(f"\nOnsite loop {lp.id}: {len(lp.playable)} rounds")
        for i, r in enumerate(lp.rounds):
            p = self.catalog.personas.get(r.persona_id)
            name = p.round if p else r.persona_id
            mins = r.minutes or (p.minutes if p else 0)
            state = {"finished": f"done: {r.overall:.2f} {r.recommendation}" if r.overall is not None else "done",
                     "active": "in progress", "pending": "", "unavailable": "not available yet"}[r.status]
            self.say(f"  {i + 1}. {name:<26} {mins:>4g} min  {state}".rstrip())
        for r in lp.rounds:
            if r.status == "unavailable":
                self.say(f"  (note: {r.note})", err=True)

    def _break(self, index: int) -> bool:
        """The break before round ``index``. False when the candidate stops here (input ended)."""
        p = self.catalog.persona(self.loop.rounds[index].persona_id)
        n, of = self.loop.position(index)
        minutes = self.loop.rounds[index].minutes or p.minutes
        self.say(f"\n--- Break ---  Next: round {n} of {of}, {p.round} with {p.name} ({minutes:g} min).")
        self.say("Take a few minutes: stretch, drink some water. Your progress is saved.")
        self.say("Press Enter when ready (or Ctrl-D to stop here and come back later).", err=not self.tty)
        if not self.inp.readline():
            self.say(f"\nStopped at the break; {_resume_hint(self.loop)}", err=True)
            return False
        return True

    async def run(self) -> int:
        lp, store, catalog, eng = self.loop, self.store, self.catalog, self.eng
        for note in await loop_services.reconcile(lp, store, catalog, eng.get("grader")):
            self.say(f"  (note: {note})", err=True)
        self._overview()
        while (index := lp.current) is not None:
            r = lp.rounds[index]
            started = any(x.status == "finished" for x in lp.rounds)
            if r.status == "pending" and started and not self._break(index):
                return 0
            plan = None
            if r.status == "pending":  # --job/--cv, kept in the loop file: each new round is tailored to them
                plan = await loop_services.round_plan(lp, r.persona_id, eng, store, catalog, lambda t: self.say(f"  (note: {t})", err=True))
            iv = loop_services.begin_round(
                lp, store, catalog, judge=eng.get("judge"), voice=eng.get("voice"), engine=eng.get("engine", "offline"),
                plan=plan,
            )
            n, of = lp.position(index)
            p = iv.persona
            self.say(f"\n=== Round {n} of {of}: {p.round} with {p.name} · {iv.session.minutes:g} minutes · session {iv.session.id}")
            if not iv.session.turns:
                self.say(ANSWER_HELP)
            chat = PlainChat(iv, store, grader=eng.get("grader"), out=self.out, inp=self.inp, tty=self.tty)
            await chat.loop()
            if not iv.finished:
                self.say(f"The round is saved; {_resume_hint(lp)}", err=True)
                return 0
            await loop_services.finish_round(lp, iv, store, catalog, eng.get("grader"))
        return self.finish()

    def finish(self) -> int:
        d = loop_services.debrief(self.loop, self.store, self.catalog)
        paths = loop_services.write_debrief(d, self.store)
        self.say(f"\n=== Onsite loop debrief: {d.overall:.2f} / 4 ({d.recommendation})")
        for i, row in enumerate(d.rounds, 1):
            score = f"{row.overall:.2f}  {row.recommendation}" if row.overall is not None else "not run"
            self.say(f"  {i}. {row.round:<26} {score}")
        if d.practice:
            self.say("\nPractise these first:")
            for i, item in enumerate(d.practice, 1):
                self.say(f"  {i}. {item.dimension} ({', '.join(item.rounds)}): {item.advice}")
        self.say(f"\nHow the verdict is decided: {LOOP_RULE}")
        self.say("\nDebrief:")
        for fmt, path in paths.items():
            self.say(f"  {fmt:<4} {path}")
        loop_services.release_loop(self.store, self.loop)
        return 0


def _parse_minutes(text: str | None) -> list[float] | None:
    if not text:
        return None
    out = []
    for part in text.split(","):
        try:
            v = float(part)
        except ValueError:
            raise CliError(f"--minutes: '{part}' is not a number of minutes", 2) from None
        try:
            out.append(check_minutes(v))
        except ValueError as exc:
            raise CliError(f"--minutes: {exc}", 2) from None
    return out


def resume_target(args: argparse.Namespace) -> str | None:
    """For `interviewer resume REF`: the loop to continue when REF is a loop id or a round of an unfinished loop
    (then ``args`` is set up for ``run_loop``), else None (an ordinary session)."""
    from interviewer.loop import LoopError

    store = services.open_store(args.data_dir)
    loops = loop_services.loop_store(store)
    try:
        lp = loops.load(args.ref) if args.ref.startswith("loop-") else None
    except LoopError as exc:
        raise CliError(str(exc)) from None
    if lp is None:
        try:
            sid = store.load(args.ref).id
        except Exception:  # noqa: BLE001 - not a session either: `resume` reports it the usual way
            return None
        lp = next((x for x in loops.list() if x.status != "finished" and x.round_for_session(sid) is not None), None)
    if lp is None:
        return None
    args.resume, args.rounds, args.minutes = lp.id, None, None
    return lp.id


def run_loop(args: argparse.Namespace) -> int:
    catalog = default_catalog()
    for prob in catalog.problems:
        print(f"warning: skipped {prob}", file=sys.stderr)
    store = services.open_store(args.data_dir)
    tailor = None
    if getattr(args, "job", None) or getattr(args, "resume_file", None):
        from interviewer import tailoring

        tailor = tailoring.read_inputs(args.job, args.resume_file)
    if args.resume:
        lp = loop_services.load_loop(store, args.resume)
        loop_services.hold_loop(store, lp)  # one window runs a loop: a second one gets "open in another window (pid N)"
        lp = loop_services.load_loop(store, lp.id)  # read again under the lock
        if lp.status == "finished":
            print(f"Loop {lp.id} is already finished; here is its debrief.", file=sys.stderr)
        elif tailor:
            loop_services.set_tailor(lp, tailor)
            loop_services.loop_store(store).save(lp)
            print("note: the loop's next rounds are tailored to the job description and resume given now", file=sys.stderr)
        elif lp.tailored:
            print(f"note: rounds are tailored to {lp.job_name or lp.resume_name}, as when the loop began", file=sys.stderr)
    else:
        rounds = [r for r in args.rounds.split(",")] if args.rounds else None
        planned, notices = loop_services.plan_rounds(catalog, rounds, _parse_minutes(args.minutes))
        for n in notices:
            print(f"note: {n}", file=sys.stderr)
    eng = engine(args)
    if not args.resume:
        lp = loop_services.new_loop(store, planned, eng.get("engine", "offline"), tailor)
    return run_plain_loop(PlainLoop(lp, store, catalog, eng))


def run_plain_loop(pl: PlainLoop) -> int:
    try:
        return asyncio.run(pl.run())
    except KeyboardInterrupt:
        print(f"\nInterrupted. Everything is saved; {_resume_hint(pl.loop)}", file=sys.stderr)
        return 130
