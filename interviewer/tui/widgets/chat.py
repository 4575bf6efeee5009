"""The chat log: one widget per message. The interviewer's words are Markdown and may arrive token by token."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Markdown, Static


class ChatMessage(Vertical):
    """A message: the speaker's name over the text.

    The interviewer's text is a Markdown widget. While it streams, ``feed`` takes each chunk synchronously (the
    engine's ``on_token`` callback is a plain function) and a small pump task appends whatever has accumulated since
    the last frame, so a fast stream is coalesced into a few Markdown updates instead of one per token.
    """

    def __init__(self, role: str, speaker: str, text: str = "", *, pending: bool = False) -> None:
        classes = f"message -{role}" + (" -pending" if pending else "")
        super().__init__(classes=classes)
        self.role = role
        self.speaker = speaker
        self._initial = text
        self._pending: list[str] = []
        self._wake = asyncio.Event()
        self._pump_task: asyncio.Task[None] | None = None
        self._closing = False
        self.updates = 0  # Markdown appends done (the benchmark reads it)
        self.received = 0  # chunks fed

    def compose(self) -> ComposeResult:
        yield Static(self.speaker, classes="speaker", markup=False)
        if self.role == "interviewer":
            yield Markdown(self._initial, classes="body")
        else:
            yield Static(self._initial, classes="body", markup=False)

    @property
    def text(self) -> str:
        body = self.query_one(".body")
        if isinstance(body, Markdown):
            return body.source
        return str(body.render())

    # ------------------------------------------------------------------ streaming

    def feed(self, chunk: str) -> None:
        """Append a chunk of the interviewer's reply (sync; safe to call from the engine's token callback)."""
        if not chunk:
            return
        self.received += 1
        if self.has_class("-pending"):
            self.remove_class("-pending")
        self._pending.append(chunk)
        self._wake.set()
        if self._pump_task is None:
            self._pump_task = asyncio.get_running_loop().create_task(self._pump())

    async def _pump(self) -> None:
        body = self.query_one(".body", Markdown)
        while True:
            await self._wake.wait()
            self._wake.clear()
            if self._pending:
                chunk = "".join(self._pending)
                self._pending.clear()
                await body.append(chunk)
                self.updates += 1
            if self._closing and not self._pending:
                return

    async def finish(self, final_text: str | None = None) -> None:
        """Wait until everything fed is shown, then make sure the message reads exactly ``final_text``."""
        self._closing = True
        self._wake.set()
        if self._pump_task is not None:
            await self._pump_task
            self._pump_task = None
        self.remove_class("-pending")
        if final_text is not None and self.role == "interviewer":
            body = self.query_one(".body", Markdown)
            if body.source != final_text:
                await body.update(final_text)

    async def on_unmount(self) -> None:
        if self._pump_task is not None and not self._pump_task.done():
            self._pump_task.cancel()


class ChatLog(VerticalScroll):
    """The transcript. It stays scrolled to the bottom while messages arrive, unless the candidate scrolls up."""

    can_focus = True

    def on_mount(self) -> None:
        self.anchor()

    async def add(self, role: str, speaker: str, text: str = "", *, pending: bool = False) -> ChatMessage:
        msg = ChatMessage(role, speaker, text, pending=pending)
        await self.mount(msg)
        self.anchor()
        return msg


class TypingIndicator(Static):
    """'<name> is typing…' while the interviewer thinks or speaks. Animated dots unless ``animate`` is off."""

    DOTS = ("   ", ".  ", ".. ", "...")

    def __init__(self, *, animate: bool = True, id: str | None = "typing") -> None:
        super().__init__("", id=id, markup=False)
        self._animate = animate
        self._label = ""
        self._step = 0
        self._timer = None

    def on_mount(self) -> None:
        self.display = False
        if self._animate:
            self._timer = self.set_interval(0.4, self._next, pause=True)

    def start(self, label: str) -> None:
        self._label = label
        self._step = len(self.DOTS) - 1
        self.update(self._label + self.DOTS[self._step])
        self.display = True
        if self._timer is not None:
            self._timer.resume()

    def stop(self) -> None:
        self.display = False
        if self._timer is not None:
            self._timer.pause()

    def _next(self) -> None:
        self._step = (self._step + 1) % len(self.DOTS)
        self.update(self._label + self.DOTS[self._step])
