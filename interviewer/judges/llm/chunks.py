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


async def text_deltas(resp: Any) -> AsyncIterator[str]:
    """Each chunk's text ("" for a chunk without any, such as the first one that only names the role)."""
    response = _openai_response(resp)
    if response is None:
        async for chunk in resp:
            try:
                yield (chunk.choices[0].delta.content if chunk.choices else None) or ""
            except (AttributeError, IndexError):
                yield ""
        return
    async for line in _lines(response):
        if not line.startswith(b"data:"):
            continue  # blank separators, comments, "event:" lines
        data = line[5:].strip()
        if data.startswith(b"[DONE]"):
            return
        try:
            obj = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise StreamError("the server sent a chunk that is not JSON") from None
        if isinstance(obj, dict) and obj.get("error"):
            err = obj["error"]
            raise StreamError(str(err.get("message") if isinstance(err, dict) else err)[:200])
        try:
            yield obj["choices"][0]["delta"].get("content") or ""
        except (KeyError, IndexError, TypeError, AttributeError):
            yield ""  # no choices (usage or keep-alive chunks)


async def _lines(response: Any) -> AsyncIterator[bytes]:
    """The response body's lines as bytes (split at \\n, \\r\\n or \\r, as server-sent events are). Reading the bytes and
    splitting them here skips httpx's text and line decoders (a layer of async generators each per chunk); JSON is
    read from UTF-8 bytes as it is from text."""
    rest = b""
    async for part in response.aiter_bytes():
        buf = rest + part if rest else part
        cut = buf[:-1] if buf.endswith(b"\r") else buf  # a last \r may be the first half of \r\n: wait for the next part
        end = max(cut.rfind(b"\n"), cut.rfind(b"\r"))
        if end < 0:
            rest = buf
            continue
        rest = buf[end + 1 :]
        for line in buf[: end + 1].splitlines():
            yield line
    for line in rest.splitlines():
        yield line
