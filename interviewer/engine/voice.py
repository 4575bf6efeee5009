"""The offline voice: the interviewer's words from the persona, the question bank and the rubric's probes.

Phrasing varies with the turn number, deterministically, so a rehearsal is reproducible and a transcript does not
read like a loop. It never mentions scores or what a good answer would contain.
"""

from __future__ import annotations

from interviewer.judges.base import TokenCallback, TurnContext
from interviewer.models import Move

_ACK = ["Thanks.", "Got it, thank you.", "Okay, thanks.", "Thank you, that's helpful.", "Understood."]
_NEXT = [
    "Let's move on to another topic.",
    "Let me ask you about something different.",
    "Next question.",
    "Let's switch gears.",
]
_TIME = [
    "In the interest of time, let's move on.",
    "I want to make sure we cover a few areas, so in the interest of time let's move on.",
]


def _pick(options: list[str], n: int) -> str:
    return options[n % len(options)]


class OfflineVoice:
    name = "offline"

    def phrase(self, move: Move, ctx: TurnContext) -> str:
        p = ctx.persona
        n = len(ctx.session.turns)
        if move.kind == "opening":
            lead = "Let's start." if not p.warmup else ""
            return " ".join(x for x in (p.opening.strip(), lead, (move.question_text or "").strip()) if x)
        if move.kind == "question":
            if move.reason == "start":
                lead = "Thanks for that. Let's get into it."
            elif move.reason == "time":
                lead = _pick(_TIME, n)
            elif move.reason == "skip":
                lead = "No problem, let's skip that one."
            elif move.reason == "empty":
                lead = "Let's leave that one and try a different question."
            else:
                lead = f"{_pick(_ACK, n)} {_pick(_NEXT, n // 2)}"
            return f"{lead}\n\n{move.question_text}"
        if move.kind == "followup":
            return f"{_pick(_ACK, n)} {move.probe}"
        if move.kind == "reprompt" and move.reason == "candidate":
            again = f" For now: {move.question_text}" if move.question_text else ""
            return "Good question; let's keep it for the end, when I'll leave time for your questions." + again
        if move.kind == "reprompt":
            again = f" To repeat: {move.question_text}" if move.question_text else ""
            return "I didn't get an answer there. Take your time; even a rough outline is a good start." + again
        if move.kind == "wrapup":
            if move.reason == "round_time":
                lead = "We're close to time, so let's wrap up here."
            else:
                lead = "That's all the questions I had for you."
            return f"{lead} Before we finish: what questions do you have for me?"
        if move.kind == "close":
            last = ctx.session.turns[-1] if ctx.session.turns else None
            asked = bool(last and last.role == "candidate" and "?" in last.text)
            if move.reason == "next" and asked:
                lead = "Thanks, those are good questions; the hiring team can go into them in more depth."
            elif move.reason == "next" and not p.closing.lower().startswith("thank"):
                lead = "Thanks."
            elif move.reason == "script_end":
                lead = "It sounds like we're done."
            elif move.reason == "candidate":
                lead = "Understood, let's stop here."
            else:
                lead = ""
            return " ".join(x for x in (lead, p.closing.strip()) if x)
        raise ValueError(f"unknown move {move.kind}")

    async def speak(self, move: Move, ctx: TurnContext, on_token: TokenCallback | None = None) -> str:
        text = self.phrase(move, ctx)
        if on_token:
            on_token(text)
        return text
