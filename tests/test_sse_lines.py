"""The server-sent-event lines of a streamed reply (``chunks._lines``), read from the response's bytes: however the
network splits them, the lines are the ones httpx's line reader gives (split at \\n, \\r\\n and \\r)."""

from __future__ import annotations

import asyncio

import httpx

from interviewer.judges.llm.chunks import _lines

BODY = (
    'data: {"choices": [{"delta": {"content": "caf\u00e9 \u2014 ok"}}]}\r\n\r\n'
    'data: {"choices": [{"delta": {"content": "two"}}]}\n\n'
    ": keep-alive comment\r"
    'data: {"choices": []}\n\n'
    "data: [DONE]"
).encode()


class _Parts:
    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts

    async def aiter_bytes(self):
        for p in self.parts:
            yield p


def _read(parts: list[bytes]) -> list[bytes]:
    async def go() -> list[bytes]:
        return [line async for line in _lines(_Parts(parts))]

    return asyncio.run(go())


def _httpx_lines(body: bytes) -> list[bytes]:
    return [line.encode() for line in httpx.Response(200, content=body).iter_lines()]


def test_lines_match_httpx_however_the_bytes_are_split() -> None:
    want = _httpx_lines(BODY)
    assert b"data: [DONE]" in want
    assert _read([BODY]) == want
    for size in (1, 2, 3, 7, 16, 50):
        assert _read([BODY[i : i + size] for i in range(0, len(BODY), size)]) == want, size


def test_a_last_line_without_newline_and_an_empty_body() -> None:
    assert _read([b"data: x"]) == [b"data: x"]
    assert _read([b"data: a\n", b"data:", b" b"]) == [b"data: a", b"data: b"]
    assert _read([]) == []
