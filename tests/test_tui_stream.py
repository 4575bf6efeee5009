"""The chat's streaming Markdown (issue 9, streaming benchmark): the last paragraph is marked without a :last-child
rule, a reply saved with its trailing space trimmed is not drawn again, and a real difference still is."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Markdown

from interviewer.tui.widgets.chat import ChatLog, ChatMarkdown, _renders_alike


class _Chat(App):
    CSS_PATH = "../interviewer/tui/interview.tcss"

    def compose(self) -> ComposeResult:
        yield ChatLog()


def _last_marked(body: Markdown) -> list[str]:
    """The top-level blocks of ``body``: their kind, and '*' after the one with the class -last."""
    return [type(b).__name__.removeprefix("Markdown") + ("*" if b.has_class("-last") else "") for b in body.children]


async def test_only_the_last_top_level_paragraph_is_marked_as_the_stream_grows() -> None:
    app = _Chat()
    async with app.run_test(size=(80, 40)) as pilot:
        msg = await app.query_one(ChatLog).add("interviewer", "Daniel", pending=True)
        body = msg.query_one(ChatMarkdown)
        for chunk in ("First words", " of a paragraph.\n\n", "A second one.", "\n\n- a point\n- another\n\n", "Last."):
            msg.feed(chunk)
            await pilot.pause()
        await msg.finish()
        await pilot.pause()
        assert _last_marked(body) == ["Paragraph", "Paragraph", "BulletList", "Paragraph*"]
        assert msg.text == "First words of a paragraph.\n\nA second one.\n\n- a point\n- another\n\nLast."
        paragraphs = [b for b in body.children if type(b).__name__ == "MarkdownParagraph"]
        assert [p.styles.margin.bottom for p in paragraphs] == [1, 1, 0]  # no blank line after the last one

        await body.update("Only a list:\n\n- one\n- two\n")
        await pilot.pause()
        assert _last_marked(body) == ["Paragraph", "BulletList"]  # a list last: no paragraph is marked


async def test_a_reply_saved_with_trimmed_spaces_is_not_drawn_again(monkeypatch) -> None:
    app = _Chat()
    async with app.run_test(size=(80, 30)) as pilot:
        msg = await app.query_one(ChatLog).add("interviewer", "Daniel", pending=True)
        updates: list[str] = []
        original = Markdown.update

        def counting_update(self, markdown: str):
            updates.append(markdown)
            return original(self, markdown)

        monkeypatch.setattr(Markdown, "update", counting_update)
        for chunk in ("We shipped it ", "\n\nTell me about a time you disagreed."):
            msg.feed(chunk)
        saved = "We shipped it\n\nTell me about a time you disagreed."  # the engine trims before the question
        await msg.finish(saved)
        await pilot.pause()
        assert updates == []  # the same Markdown on screen: not parsed and mounted again
        assert msg.text == saved

        other = await app.query_one(ChatLog).add("interviewer", "Daniel", pending=True)
        await pilot.pause()
        updates.clear()  # the new message's empty start
        other.feed("A partial repl")
        await other.finish("The reply the engine saved instead.")
        await pilot.pause()
        assert updates == ["The reply the engine saved instead."]  # a real difference is drawn
        assert other.query_one(ChatMarkdown).source == "The reply the engine saved instead."


def test_renders_alike_only_ignores_spaces_at_the_end_of_a_paragraph() -> None:
    assert _renders_alike("a \n\nb", "a\n\nb")
    assert _renders_alike("a\n\nb  ", "a\n\nb")
    assert not _renders_alike("a  \nb", "a\nb")  # two spaces before a line break inside a paragraph: a hard break
    assert not _renders_alike("a\n\nb", "a\n\nc")
    assert not _renders_alike("a b", "ab")
