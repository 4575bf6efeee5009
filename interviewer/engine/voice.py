"""The offline voice: the interviewer's words from the persona, the question bank and the rubric's probes.

Phrasing varies with the turn number, deterministically, so a rehearsal is reproducible and a transcript does not
read like a loop. It never mentions scores or what a good answer would contain.
"""

from __future__ import annotations

import re

from interviewer.judges.base import TokenCallback, TurnContext
from interviewer.judges.offline.nonanswer import is_non_answer
from interviewer.engine.wrapup import questions_for_later, questions_in, words_besides_questions
from interviewer.models import Move, Turn

# Acknowledgements fit what was said: "helpful" only for an answer with substance, something neutral for a short or
# thin one, and no thanks at all for a non-answer. They never say how good an answer was.
_ACK_SUBSTANCE = ["Thanks.", "Got it, thank you.", "Okay, thanks.", "Thank you, that's helpful.", "Understood, thanks."]
_ACK_SHORT = ["Okay.", "Got it.", "Right.", "Okay, noted."]
_ACK_NON_ANSWER = ["That's fine.", "No problem.", "That's okay."]
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
_NOT_ANSWERS = {"empty", "non_answer", "question_to_interviewer", "keyword_list", "injection"}
# a reply that earned nothing for its question: it gives the closing nothing to thank the candidate for
_NO_SUBSTANCE = _NOT_ANSWERS | {"off_topic", "reused_story"}
# a sentence of a persona's closing that praises the conversation ("a good discussion", "I enjoyed…")
_PRAISE = re.compile(r"\b(good|great|enjoy\w*|appreciat\w*|helpful|pleasure|lovely|nice|impressive)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _pick(options: list[str], n: int) -> str:
    return options[n % len(options)]


def _last_candidate(ctx: TurnContext) -> Turn | None:
    last = ctx.session.turns[-1] if ctx.session.turns else None
    return last if last is not None and last.role == "candidate" else None


def _last_interviewer_text(ctx: TurnContext) -> str:
    for t in reversed(ctx.session.turns):
        if t.role == "interviewer":
            return t.text
    return ""


def acknowledgement(ctx: TurnContext, n: int) -> str:
    """A few words that fit the candidate's last reply (never the same opening words twice in a row)."""
    last = _last_candidate(ctx)
    a = last.assessment if last else None
    flags = set(a.flags) if a else set()
    if is_non_answer(flags):  # the judge's reading, as the report names it
        options = _ACK_NON_ANSWER
    elif flags & _NOT_ANSWERS or a is None or a.words < 25 or not any(ev.present for ev in a.dimensions.values()):
        options = _ACK_SHORT
    else:
        options = _ACK_SUBSTANCE
    previous = _last_interviewer_text(ctx)
    for k in range(len(options)):
        ack = _pick(options, n + k)
        if not previous.startswith(ack):
            return ack
    return options[0]


def substantive(turn: Turn) -> bool:
    """Whether a reply answered its question in the judge's reading (not a non-answer, unreadable or off the topic)."""
    a = turn.assessment
    return a is not None and not is_non_answer(a.flags) and not _NO_SUBSTANCE & set(a.flags)


def closing_fits_praise(ctx: TurnContext) -> bool:
    """Whether the round gives the persona's warm closing ("a good discussion") something to stand on: at least half
    of the main questions asked got a reply with substance. Non-answers, unreadable or off-topic replies do not."""
    asked = {q.index for q in ctx.session.questions}
    answered = {
        t.question_index for t in ctx.session.turns
        if t.role == "candidate" and t.question_index in asked and substantive(t)
    }
    return bool(asked) and 2 * len(answered) >= len(asked)


def closing(ctx: TurnContext) -> str:
    """The persona's closing, or, when the round gave it nothing to praise, the same closing without the sentences
    that praise it (after a plain thanks for the candidate's time): never "a good discussion" after "I don't know"."""
    text = " ".join(ctx.persona.closing.split())
    if closing_fits_praise(ctx):
        return text
    kept = [s for s in _SENTENCE.split(text) if s and not _PRAISE.search(s)]
    if not kept or not kept[0].lower().startswith("thank"):
        kept.insert(0, "Thank you for your time.")
    return " ".join(kept)


def clarifying_reply(ctx: TurnContext) -> str:
    """What the interviewer says to a reply that is only a question about the problem ("how many users are we talking
    about?"), which a design or case round invites: it is answered, as an interviewer would, by handing the choice
    back. "" for anything else (an answer, or a question about the role, the team or the band, kept for the wrap-up)."""
    last = _last_candidate(ctx)
    if last is None or ctx.rubric.kind not in ("design", "case"):
        return ""
    asked = questions_in(last.text)
    if not asked or words_besides_questions(last.text) >= 6 or questions_for_later(last.text, ctx.persona.facts, flagged=False):
        return ""
    what = "Good questions" if len(asked) > 1 else "Good question"
    return f"{what}: that's yours to decide, so say what you would assume and build on it."


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def _answers(move: Move) -> str:
    return " ".join(a.strip() for a in move.answers if a.strip())


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
            elif (last := _last_candidate(ctx)) and last.assessment and is_non_answer(last.assessment.flags):
                lead = f"{acknowledgement(ctx, n)} Let's try a different one."
            else:
                lead = f"{acknowledgement(ctx, n)} {_pick(_NEXT, n // 2)}"
            return f"{lead}\n\n{move.question_text}"
        if move.kind == "followup":
            return f"{clarifying_reply(ctx) or acknowledgement(ctx, n)} {move.probe}"
        if move.kind == "reprompt" and move.reason == "story_reused":
            where = f" for “{_short(move.reused_from)}”" if move.reused_from else ""
            return (
                f"That sounds like the same story you told me{where}. For this one I'd like to hear a different "
                f"example, if you have one; take a moment if you need it.\n\n{move.question_text}"
            )
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
            if move.answers:  # questions the candidate asked earlier, kept for the end
                return f"{lead} To come back to what you asked earlier: {_answers(move)} Now, what other questions do you have for me?"
            return f"{lead} Before we finish: what questions do you have for me?"
        if move.kind == "close":
            end = closing(ctx)
            last = ctx.session.turns[-1] if ctx.session.turns else None
            asked = bool(last and last.role == "candidate" and "?" in last.text)
            if move.reason == "next" and move.answers:
                several = bool(last and len(questions_in(last.text)) > 1)
                lead = f"{'Good questions' if several else 'Good question'}. {_answers(move)}"
            elif move.reason == "next" and asked:
                lead = "Thanks, those are good questions; the hiring team can go into them in more depth."
            elif move.reason == "next" and not end.lower().startswith("thank"):
                lead = "Thanks."
            elif move.reason == "script_end":
                lead = "It sounds like we're done."
            elif move.reason == "candidate":
                lead = "Understood, let's stop here."
            else:
                lead = ""
            return " ".join(x for x in (lead, end) if x)
        raise ValueError(f"unknown move {move.kind}")

    async def speak(self, move: Move, ctx: TurnContext, on_token: TokenCallback | None = None) -> str:
        text = self.phrase(move, ctx)
        if on_token:
            on_token(text)
        return text
