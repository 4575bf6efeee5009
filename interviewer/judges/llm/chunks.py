"""The text of a streamed reply, chunk by chunk.

litellm makes the request (provider, auth, parameters, the Router). Reading the stream of an OpenAI-compatible
server through litellm's stream wrapper costs about 1-2 ms of CPU per chunk (each chunk becomes several pydantic
objects twice, once by the openai SDK and once by litellm), which adds up to a core's worth when hundreds of answers
are scored at once. When the stream underneath is the openai SDK's, its server-sent events are read directly from
the HTTP response here (``data: {json}`` lines, ``data: [DONE]`` at the end); any other provider's stream is read
through litellm's wrapper as before.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any


class StreamError(Exception):
    """The server reported an error inside the stream."""


def _openai_response(resp: Any):
    """The HTTP response under litellm's wrapper when it is an openai SDK stream, else None."""
    raw = getattr(resp, "completion_stream", None)
    if raw is None:
        return None
    try:
        from openai import AsyncStream
    except ImportError:  # pragma: no cover - openai is a dependency
        return None
    if not isinstance(raw, AsyncStream):
        return None
    response = getattr(raw, "response", None)
    return response if response is not None and hasattr(response, "aiter_lines") else None


async def text_batches(resp: Any) -> AsyncIterator[list[str]]:
    """Each chunk's text ("" for a chunk without any, such as the first one that only names the role), in lists:
    all the chunks that came in one read from the network at once. Dozens of chunks usually come together (a server
    writes them faster than a busy client reads), and reading them as one list costs one step of the event loop and
    one JSON parse instead of one each; with hundreds of answers in flight, fewer steps also mean each reply is read
    through before the next one's (its next request goes out sooner) rather than all of them a chunk at a time. An
    error in the stream is raised after the texts of the chunks before it, as one at a time would."""
    response = _openai_response(resp)
    if response is None:
        async for chunk in resp:
            try:
                yield [(chunk.choices[0].delta.content if chunk.choices else None) or ""]
            except (AttributeError, IndexError):
                yield [""]
        return
    async for lines in _line_batches(response):
        events: list[bytes] = []
        done = False
        for line in lines:
            if not line.startswith(b"data:"):
                continue  # blank separators, comments, "event:" lines
            data = line[5:].strip()
            if data.startswith(b"[DONE]"):
                done = True
                break
            events.append(data)
        if events:
            texts, error = _decode(events)
            if texts:
                yield texts
            if error is not None:
                raise error
        if done:
            return


def _decode(events: list[bytes]) -> tuple[list[str], StreamError | None]:
    """The texts of ``data:`` payloads, parsed as one JSON array; the error of the first bad payload, if any (with
    the texts before it)."""
    try:
        objs = json.loads(b"[" + b",".join(events) + b"]")
    except (json.JSONDecodeError, UnicodeDecodeError):
        objs = None
    if objs is None or len(objs) != len(events):  # one of them is not a single JSON value: find which, in order
        objs = []
        for data in events:
            try:
                obj = json.loads(data)
            except (json.JSONDecodeError, UnicodeDecodeError):
                return [_text(o) for o in objs], StreamError("the server sent a chunk that is not JSON")
            objs.append(obj)
    texts: list[str] = []
    for obj in objs:
        if isinstance(obj, dict) and obj.get("error"):
            err = obj["error"]
            return texts, StreamError(str(err.get("message") if isinstance(err, dict) else err)[:200])
        texts.append(_text(obj))
    return texts, None


def _text(obj: Any) -> str:
    try:
        return obj["choices"][0]["delta"].get("content") or ""
    except (KeyError, IndexError, TypeError, AttributeError):
        return ""  # no choices (usage or keep-alive chunks)


async def _lines(response: Any) -> AsyncIterator[bytes]:
    """The response body's lines as bytes, one at a time (see ``_line_batches``)."""
    async for lines in _line_batches(response):
        for line in lines:
            yield line


async def _line_batches(response: Any) -> AsyncIterator[list[bytes]]:
    """The response body's lines as bytes (split at \\n, \\r\\n or \\r, as server-sent events are), as a list for each
    read from the network that completes any. Reading the bytes and splitting them here skips httpx's text and line
    decoders (a layer of async generators each per chunk); JSON is read from UTF-8 bytes as it is from text."""
    rest = b""
    async for part in response.aiter_bytes():
        buf = rest + part if rest else part
        cut = buf[:-1] if buf.endswith(b"\r") else buf  # a last \r may be the first half of \r\n: wait for the next part
        end = max(cut.rfind(b"\n"), cut.rfind(b"\r"))
        if end < 0:
            rest = buf
            continue
        rest = buf[end + 1 :]
        yield buf[: end + 1].splitlines()
    if rest:
        yield rest.splitlines()
