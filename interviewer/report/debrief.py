"""Render a loop's :class:`~interviewer.loop.Debrief` as Markdown, HTML or JSON (templates beside the reports')."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interviewer.atomic import atomic_write_bytes
from interviewer.loop import Debrief

_TEMPLATE_FOR = {"md": "debrief.md.j2", "html": "debrief.html.j2"}
STATUS_TEXT = {"pending": "not run yet", "active": "unfinished", "finished": "finished", "unavailable": "not available"}


def _context(d: Debrief) -> dict[str, Any]:
    return {
        "d": d,
        "overall": f"{d.overall:.2f}",
        "ran": sum(1 for r in d.rounds if r.overall is not None),
        "status_text": STATUS_TEXT,
    }


def render_debrief(d: Debrief, fmt: str) -> str:
    if fmt == "json":
        return d.model_dump_json(indent=2)
    if fmt not in _TEMPLATE_FOR:
        raise ValueError(f"unknown debrief format {fmt!r}; expected md, html or json")
    from interviewer.report.render import _environment

    env = _environment()
    env.filters.setdefault("basename", lambda p: Path(str(p)).name)
    return env.get_template(_TEMPLATE_FOR[fmt]).render(**_context(d))


def write_debrief(d: Debrief, path: Path, fmt: str) -> Path:
    """Render first, then write atomically (a template error never touches the disk)."""
    atomic_write_bytes(path, render_debrief(d, fmt).encode("utf-8"))
    return path
