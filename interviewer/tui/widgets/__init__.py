"""Widgets of the interviewer app. They display state and post messages (see ``interviewer.tui.messages``); none
of them calls the engine."""

from interviewer.tui.widgets.answer_box import AnswerBox
from interviewer.tui.widgets.chat import ChatLog, ChatMessage, TypingIndicator
from interviewer.tui.widgets.home import PersonaList, SessionTable
from interviewer.tui.widgets.report import ExportBar
from interviewer.tui.widgets.status import StatusBar, fmt_clock

__all__ = [
    "AnswerBox",
    "ChatLog",
    "ChatMessage",
    "ExportBar",
    "PersonaList",
    "SessionTable",
    "StatusBar",
    "TypingIndicator",
    "fmt_clock",
]
