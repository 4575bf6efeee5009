"""Reading a streamed reply a network read at a time (``chunks.text_batches``) gives the same texts, in the same
order, with the same errors, as reading it one chunk at a time; the client's reply is the same whatever the batches.
And the fake server's chunks, now encoded from a template, are the bytes ``json.dumps`` gives for each whole chunk."""

from __future__ import annotations

import asyncio
import http.client
import json

import pytest

from interviewer.judges.llm.chunks import StreamError, text_batches
from interviewer.judges.llm.client import LLMClient
from tests.fakeopenai import FakeOpenAI, Reply


class _Response:
    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts

    async def aiter_bytes(self):
        for p in self.parts:
            yield p


def _event(text: str) -> bytes:
    return b"data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": text}}]}).encode() + b"\n\n"


def _read(parts: list[bytes]) -> tuple[list[list[str]], str | None]:
    """The batches read, and the error raised after them (if any)."""
    from interviewer.judges.llm import chunks

    got: list[list[str]] = []

    async def go() -> None:
        async for batch in text_batches(object()):
            got.append(batch)

    original = chunks._openai_response
    chunks._openai_response = lambda resp: _Response(parts)
    try:
        asyncio.run(go())
    except StreamError as exc:
        return got, str(exc)
    finally:
        chunks._openai_response = original
    return got, None


BODY = b"".join([
    b'data: {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}\n\n',
    _event("caf\u00e9 \u2014 "), _event('a "quoted" \\ text'), b": keep-alive\n\n", _event("\n"),
    b'data: {"choices": []}\n\n', _event("end"), b"data: [DONE]\n\n", _event("after done"),
])
WANT = ["", "caf\u00e9 \u2014 ", 'a "quoted" \\ text', "\n", "", "end"]


def test_one_read_is_one_batch_with_every_text_in_order() -> None:
    batches, error = _read([BODY])
    assert error is None
    assert batches == [WANT]  # nothing after [DONE]


def test_the_texts_are_the_same_however_the_bytes_are_split() -> None:
    for size in (1, 3, 17, 64):
        batches, error = _read([BODY[i : i + size] for i in range(0, len(BODY), size)])
        assert error is None
        assert [t for b in batches for t in b] == WANT, size
        assert all(batches), size  # a read that completes no event gives no batch


def test_a_bad_chunk_raises_after_the_texts_before_it() -> None:
    body = _event("one") + _event("two") + b"data: {not json\n\n" + _event("three")
    batches, error = _read([body])
    assert batches == [["one", "two"]] and error == "the server sent a chunk that is not JSON"
    batches, error = _read([b"data: \xff\xfe\n\n"])
    assert batches == [] and error == "the server sent a chunk that is not JSON"


def test_two_values_in_one_event_are_not_read_as_two_chunks() -> None:
    batches, error = _read([_event("one") + b"data: 1, 2\n\n" + _event("two")])
    assert batches == [["one"]] and error == "the server sent a chunk that is not JSON"


def test_an_error_event_raises_its_message_after_the_texts_before_it() -> None:
    body = _event("one") + b'data: {"error": {"message": "overloaded"}}\n\n' + _event("two")
    assert _read([body]) == ([["one"]], "overloaded")
    assert _read([b'data: {"error": "plain"}\n\n']) == ([], "plain")


def test_take_cuts_at_max_chars_and_hands_each_text_on() -> None:
    parts: list[str] = []
    seen: list[str] = []
    assert LLMClient._take(["ab", "", "cd"], parts, 0, seen.append, None) == 4
    assert LLMClient._take(["ef", "gh"], parts, 4, seen.append, 7) == -1
    assert parts == ["ab", "cd", "ef", "g"] and seen == parts
    assert LLMClient._take(["x"], [], 3, None, 3) == -1


@pytest.mark.parametrize("chunk_size", [1, 4, 1000])
def test_a_client_reply_is_the_whole_text(chunk_size: int) -> None:
    from interviewer.config import Settings

    text = 'A reply with "quotes", caf\u00e9, a \\ and a\nnew line. ' * 20
    with FakeOpenAI(default=Reply(text=text, chunk_size=chunk_size)) as srv:
        client = LLMClient(Settings(model="openai/fake-model", api_base=srv.url), "openai/fake-model")
        tokens: list[str] = []
        got = asyncio.run(client.stream([{"role": "user", "content": "hi"}], max_tokens=500, temperature=0.0,
                                        on_token=tokens.append, max_chars=10_000))
        cut = asyncio.run(client.stream([{"role": "user", "content": "hi"}], max_tokens=500, temperature=0.0,
                                        on_token=None, max_chars=25))
    assert got == text and "".join(tokens) == text
    assert cut == text[:25]


def test_the_fake_servers_chunks_are_each_chunk_encoded_whole() -> None:
    text = 'caf\u00e9 "x" \\ \u2014 ' * 5
    with FakeOpenAI(default=Reply(text=text, chunk_size=3)) as srv:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        body = {"model": "fake-model", "stream": True, "stream_options": {"include_usage": True},
                "messages": [{"role": "user", "content": "hi"}]}
        conn.request("POST", "/v1/chat/completions", json.dumps(body), {"Content-Type": "application/json"})
        raw = conn.getresponse().read().decode()
        conn.close()
    events = [line[6:] for line in raw.split("\n\n") if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    objs = [json.loads(e) for e in events[:-1]]
    assert [json.dumps(o) for o in objs] == events[:-1]  # the very bytes json.dumps gives for the whole chunk
    assert "".join(o["choices"][0]["delta"].get("content") or "" for o in objs if o["choices"]) == text
    content = [o for o in objs if o["choices"] and o["choices"][0]["delta"].get("content")]
    assert len(content) == len(range(0, len(text), 3))
    assert all(set(o) == {"id", "object", "created", "model", "system_fingerprint", "choices", "usage"} for o in content)
