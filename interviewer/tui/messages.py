"""Messages that cross widgets. Widgets post these; screens and the app act on them (and call the engine).

No widget calls the engine: a widget says what the candidate asked for, and the screen that owns the interview (or
the app, for navigation) decides what happens.
"""

from __future__ import annotations

from textual.message import Message


class StartInterview(Message):
    """The candidate chose a round on Home."""

    def __init__(
        self, persona_id: str, minutes: int | None = None, model: str | None = None, offline: bool = False,
        *, job: str | None = None, resume: str | None = None, drill: str | None = None,
    ) -> None:
        super().__init__()
        self.persona_id = persona_id
        self.minutes = minutes
        self.model = model  # a model override typed on Home (None: the configured one)
        self.offline = offline  # the candidate cleared the model field: use the offline engine
        self.job = job  # a job description file: the round is tailored to it
        self.resume = resume  # a resume file: deep-dive questions on its projects
        self.drill = drill  # a rubric dimension: a short round of the questions that probe it


class ResumeInterview(Message):
    """Continue an unfinished session."""

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id


class OpenReport(Message):
    """Show the report of a stored session."""

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id


class SendAnswer(Message):
    """The candidate sent the text of the answer box."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class SkipQuestion(Message):
    """The candidate asked to skip the current question."""


class EndInterview(Message):
    """The candidate asked to end the interview now (before confirmation)."""


class ExportReport(Message):
    """Write the report shown on the Report screen in one format (md, html, json)."""

    def __init__(self, fmt: str) -> None:
        super().__init__()
        self.fmt = fmt


class OpenProgress(Message):
    """Show the Progress screen."""


class GoHome(Message):
    """Back to the Home screen."""


class StartLoop(Message):
    """The candidate asked for the onsite loop on Home: the unfinished one if any (unless ``fresh``), else a new
    loop with the default rounds."""

    def __init__(self, fresh: bool = False) -> None:
        super().__init__()
        self.fresh = fresh


class StartLoopRound(Message):
    """Start (or continue) the current round of a loop."""

    def __init__(self, loop_id: str) -> None:
        super().__init__()
        self.loop_id = loop_id


class InterviewFinished(Message):
    """An Interview screen graded its round and wrote the report; the app decides what comes next."""

    def __init__(self, session_id: str, report, markdown: str, paths: dict) -> None:
        super().__init__()
        self.session_id = session_id
        self.report = report
        self.markdown = markdown
        self.paths = paths
