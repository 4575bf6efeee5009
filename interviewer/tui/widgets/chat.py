"""The chat log: one widget per message. The interviewer's words are Markdown and may arrive token by token."""

from __future__ import annotations

import asyncio
import re

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Markdown, Static


class ChatMarkdown(Markdown):
    """The interviewer's words. Its last paragraph has the class ``-last`` (no blank line after it), set here as blocks
    are added: with a ``:last-child`` rule instead, Textual would restyle every paragraph of the message each time a
    block is added, many times while a long reply streams in."""

    def mount(self, *widgets, before=None, after=None):  # type: ignore[no-untyped-def, override]
        if widgets and before is None and after is None:  # blocks added at the end: all Markdown adds
            for old in self.query_children(".-last"):
                old.remove_class("-last")
            if isinstance(widgets[-1], _PARAGRAPH):
                widgets[-1].add_class("-last")
        return super().mount(*widgets, before=before, after=after)


_PARAGRAPH = Markdown.BLOCKS["paragraph_open"]


class ChatMessage(Vertical):
    """A message: the speaker's name over the text.

    The interviewer's text is a Markdown widget. While it streams, ``feed`` takes each chunk synchronously (the
    engine's ``on_token`` callback is a plain function) and a small pump task appends whatever has accumulated,
    at most ``UPDATE_INTERVAL`` apart, so a fast stream is coalesced into a few Markdown updates a second instead of
    one per token (each update re-parses the last block and lays the chat out again).
    """

    UPDATE_INTERVAL = 1 / 30  # seconds between Markdown updates while streaming (the last words show at once)

    def __init__(self, role: str, speaker: str, text: str = "", *, pending: bool = False) -> None:
        classes = f"message -{role}" + (" -pending" if pending else "")
        super().__init__(classes=classes)
        self.role = role
        self.speaker = speaker
        self._first_text = text
        self._chunks: list[str] = []
        self._chunk_ready = asyncio.Event()
        self._flush = asyncio.Event()  # the stream is over: show what is left without waiting
        self._pumper: asyncio.Task[None] | None = None
        self._stream_done = False
        self._final_text: str | None = None  # the reply's text as saved, once it is complete
        self.updates = 0  # Markdown appends done (the benchmark reads it)
        self.received = 0  # chunks fed

    def compose(self) -> ComposeResult:
        yield Static(self.speaker, classes="speaker", markup=False)
        if self.role == "interviewer":
            yield ChatMarkdown(self._first_text, classes="body")
        else:
            yield Static(self._first_text, classes="body", markup=False)

    @property
    def text(self) -> str:
        body = self.query_one(".body")
        if isinstance(body, Markdown):
            return body.source if self._final_text is None else self._final_text
        return str(body.render())

    # ------------------------------------------------------------------ streaming

    def feed(self, chunk: str) -> None:
        """Append a chunk of the interviewer's reply (sync; safe to call from the engine's token callback)."""
        if not chunk:
            return
        self.received += 1
        if self.has_class("-pending"):
            self.remove_class("-pending")
        self._chunks.append(chunk)
        self._chunk_ready.set()
        if self._pumper is None:
            self._pumper = asyncio.get_running_loop().create_task(self._pump())

    async def _pump(self) -> None:
        body = self.query_one(".body", Markdown)
        loop = asyncio.get_running_loop()
        shown_at = -1.0
        while True:
            await self._chunk_ready.wait()
            gap = shown_at + self.UPDATE_INTERVAL - loop.time()
            if gap > 0 and not self._stream_done:  # let the next words gather (finish wakes this at once)
                try:
                    await asyncio.wait_for(self._flush.wait(), gap)
                except TimeoutError:
                    pass
            self._chunk_ready.clear()
            if self._chunks:
                chunk = "".join(self._chunks)
                self._chunks.clear()
                await body.append(chunk)
                shown_at = loop.time()
                self.updates += 1
            if self._stream_done and not self._chunks:
                return

    async def finish(self, final_text: str | None = None) -> None:
        """Wait until everything fed is shown, then make sure the message reads exactly ``final_text``."""
        self._stream_done = True
        self._flush.set()
        self._chunk_ready.set()
        if self._pumper is not None:
            await self._pumper
            self._pumper = None
        self.remove_class("-pending")
        if final_text is not None and self.role == "interviewer":
            body = self.query_one(".body", Markdown)
            if body.source != final_text and not _renders_alike(body.source, final_text):
                await body.update(final_text)
            self._final_text = final_text

    def on_resize(self) -> None:
        if isinstance(self.parent, ChatLog):
            self.parent.follow()

    async def on_unmount(self) -> None:
        if self._pumper is not None and not self._pumper.done():
            self._pumper.cancel()


_PARAGRAPH_END_SPACE = re.compile(r"[ \t]+(?=\n[ \t]*\n|\s*\Z)")


def _renders_alike(shown: str, final: str) -> bool:
    """Whether two Markdown texts differ only in spaces at the end of a paragraph, which Markdown drops: the engine
    saves a reply with its words' trailing space trimmed before the question it adds, after the words streamed."""
    return _PARAGRAPH_END_SPACE.sub("", shown) == _PARAGRAPH_END_SPACE.sub("", final)


class ChatLog(VerticalScroll):
    """The transcript. It follows new text (stays scrolled to the end) unless the candidate scrolled up to reread;
    scrolling back to the end makes it follow again."""

    can_focus = True

    def __init__(self, *, id: str | None = "chat") -> None:
        super().__init__(id=id)
        self._stick_to_end = True

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._stick_to_end = new_value >= self.max_scroll_y - 1

    def follow(self) -> None:
        """Scroll to the end after the next layout, if the candidate is reading the end."""
        if self._stick_to_end:
            self.call_after_refresh(self.scroll_end, animate=False, immediate=True, x_axis=False)

    async def add(self, role: str, speaker: str, text: str = "", *, pending: bool = False) -> ChatMessage:
        msg = ChatMessage(role, speaker, text, pending=pending)
        await self.mount(msg)
        self.follow()
        return msg


class TypingIndicator(Static):
    """'<name> is typing…' while the interviewer thinks or speaks. Animated dots unless ``animate`` is off."""

    DOTS = ("   ", ".  ", ".. ", "...")

    def __init__(self, *, animate: bool = True, id: str | None = "typing") -> None:
        super().__init__("", id=id, markup=False)
        self._dots_on = animate
        self._typing_label = ""
        self._dot_step = 0
        self._dots_timer = None

    def on_mount(self) -> None:
        self.display = False
        if self._dots_on:
            self._dots_timer = self.set_interval(0.4, self._next, pause=True)

    def start(self, label: str) -> None:
        self._typing_label = label
        self._dot_step = len(self.DOTS) - 1
        self.update(self._typing_label + self.DOTS[self._dot_step])
        self.display = True
        if self._dots_timer is not None:
            self._dots_timer.resume()

    def stop(self) -> None:
        self.display = False
        if self._dots_timer is not None:
            self._dots_timer.pause()

    def _next(self) -> None:
        self._dot_step = (self._dot_step + 1) % len(self.DOTS)
        self.update(self._typing_label + self.DOTS[self._dot_step])
