"""The interviewer's words: a streamed completion from ``prompts/interviewer.j2``."""

from __future__ import annotations

import re

from interviewer.config import Settings
from interviewer.judges.base import EngineFailure, TokenCallback, TurnContext
from interviewer.judges.llm import budgets
from interviewer.judges.llm.client import LLMClient
from interviewer.judges.llm.prompts import history, messages, render_prompt, running_notes
from interviewer.models import Move, Persona

MAX_VOICE_CHARS = 1500

_PREFIX = re.compile(r"^\s*(\*\*)?(interviewer|[A-Z][a-z]+)(\*\*)?\s*:\s*", re.I)


def clean_voice(text: str, persona: Persona) -> str:
    text = text.strip()
    first = persona.name.split(",")[0].strip()
    m = _PREFIX.match(text)
    if m and m.group(2).lower() in ("interviewer", first.lower()):
        text = text[m.end() :]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'“”":
        text = text[1:-1].strip()
    return text


class LLMVoice:
    def __init__(self, settings: Settings, model: str | None = None, client: LLMClient | None = None) -> None:
        self.settings = settings
        self.client = client or LLMClient(settings, model or settings.effective_voice_model or "")
        self.name = f"llm:{self.client.model}"

    @staticmethod
    def sentences(move: Move) -> int:
        return 5 if move.kind == "opening" else 3

    def build_messages(self, move: Move, ctx: TurnContext) -> list[dict[str, str]]:
        dim = ctx.rubric.dimension(move.dimension) if move.dimension else None
        user = render_prompt(
            "interviewer.j2",
            persona=ctx.persona,
            move=move,
            dimension=dim,
            minutes_left=max(int(ctx.seconds_left // 60), 0),
            notes=running_notes(ctx.session, ctx.rubric),
            history=history(ctx.session, self.settings.history_turns),
            max_sentences=self.sentences(move),
        )
        return messages(ctx, user)

    async def speak(self, move: Move, ctx: TurnContext, on_token: TokenCallback | None = None) -> str:
        text = await self.client.stream(
            self.build_messages(move, ctx),
            max_tokens=budgets.voice(self.sentences(move), self.settings.voice_max_tokens),
            temperature=self.settings.temperature,
            on_token=on_token,
            max_chars=MAX_VOICE_CHARS,
        )
        cleaned = clean_voice(text, ctx.persona)
        if not cleaned:
            raise EngineFailure("the model's reply was empty", partial=text)
        return cleaned
