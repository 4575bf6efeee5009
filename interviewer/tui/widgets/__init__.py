"""Widgets of the interviewer app. They display state and post messages (see ``interviewer.tui.messages``); none
of them calls the engine.

Names are imported lazily so that Home (the first frame) does not pay for the Markdown chat widgets.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "AnswerBox": "answer_box",
    "ChatLog": "chat",
    "ChatMessage": "chat",
    "TypingIndicator": "chat",
    "PersonaList": "home",
    "SessionTable": "sessions",
    "ExportBar": "report",
    "StatusBar": "status",
    "fmt_clock": "status",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(name)
