"""Home's optional job description and resume fields: a round tailored to them (file paths: .txt, .md or .pdf)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static


class TailorFields(Horizontal):
    DEFAULT_CSS = """
    TailorFields { height: 1; margin: 1 0 0 0; }
    TailorFields .field-label { padding: 0 1 0 0; height: 1; width: auto; }
    TailorFields Input { width: 1fr; max-width: 34; margin: 0 2 0 0; }
    """

    def __init__(self, blink: bool = True) -> None:
        super().__init__(id="tailor")
        self.blink = blink

    def compose(self) -> ComposeResult:
        yield Static("Job", classes="field-label")
        job = Input("", id="job", compact=True, placeholder="job description file (optional)",
                    tooltip="A .txt, .md or .pdf job description: the questions are picked to match it")
        job.cursor_blink = self.blink
        yield job
        yield Static("Resume", classes="field-label")
        resume = Input("", id="resume-file", compact=True, placeholder="resume file (optional)",
                       tooltip="A .txt, .md or .pdf resume: adds deep-dive questions on your projects")
        resume.cursor_blink = self.blink
        yield resume

    def paths(self) -> tuple[str | None, str | None, str | None]:
        """(job, resume, problem): the typed paths, or a one-line problem when one does not exist."""
        job = self.query_one("#job", Input).value.strip() or None
        resume = self.query_one("#resume-file", Input).value.strip() or None
        for what, path in (("job description", job), ("resume", resume)):
            if path and not Path(path).expanduser().is_file():
                return job, resume, f"No {what} file at {path}."
        return (str(Path(job).expanduser()) if job else None, str(Path(resume).expanduser()) if resume else None, None)
