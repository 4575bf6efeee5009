"""Screens of the interviewer app: Home, Interview, Report, and the modals.

Names are imported lazily so that Home (the first frame) does not pay for the engine and the Markdown widgets.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "HomeScreen": "home",
    "InterviewScreen": "interview",
    "ReportScreen": "report",
    "LoopScreen": "loop",
    "ConfirmScreen": "modals",
    "HelpScreen": "modals",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(name)
