"""The fake OpenAI server, exercised through the real client code paths (litellm and openai).

These tests double as documentation of what litellm 1.106 does for each fault, which the
app's fault handling relies on (observed behaviour, asserted precisely):

* HTTP 500 / 503 / 400 / 422 / 401 / 404 / 429 -> litellm.InternalServerError /
  ServiceUnavailableError / BadRequestError / BadRequestError / AuthenticationError /
  NotFoundError / RateLimitError (Retry-After is in ``exc.litellm_response_headers``), raised by the
  completion() call itself (also when stream=True: the status is checked before a stream
  wrapper is returned).
* By default a 5xx/429 is retried by the openai SDK under litellm (max_retries=2: 3 requests
  in all); ``num_retries=0`` or ``max_retries=0`` makes it a single request. 4xx other than
  429 are not retried.
* A slow reply with ``timeout=0.5`` -> litellm.Timeout (status_code 408; a subclass of
  openai.APITimeoutError, NOT of litellm.APIConnectionError), after ~0.5 s.
* A 200 whose body is not JSON (or empty) -> litellm.InternalServerError (status_code 500).
* A stream cut mid-body (no [DONE], incomplete chunked read), a stream with a non-JSON chunk,
  or a stream stalling longer than the timeout between chunks -> the chunks received so far
  are yielded, then iteration raises litellm.exceptions.MidStreamFallbackError (a subclass of
  litellm.ServiceUnavailableError, status_code 500) whose ``generated_content`` is the text
  streamed so far and whose ``original_exception`` is a litellm.APIConnectionError
  (NOT litellm.Timeout for a mid-stream stall). litellm does not retry a broken stream.
"""

from __future__ import annotations

import os

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"  # before litellm is imported: no network fetch

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import litellm
import openai
import pytest
from litellm.exceptions import MidStreamFallbackError  # not exported as litellm.MidStreamFallbackError
from pydantic import BaseModel, Field

from tests.fakeopenai import FakeOpenAI, Reply, fake_openai, schema_example, schema_example_responder  # noqa: F401

litellm.suppress_debug_info = True  # no "Give Feedback / Get Help" banners on stdout

MODEL = "openai/fake-model"
KEY = "sk-test-fake"
MESSAGES = [
    {"role": "system", "content": "You are a strict interviewer."},
    {"role": "user", "content": "Tell me about a time you disagreed with a teammate."},
]
PROMPT_CHARS = sum(len(m["content"]) for m in MESSAGES)
LONG_TEXT = "Situation, Task, Action, Result — ünïcødé ✓ and a\nnewline. " * 3


# --------------------------------------------------------------------------- helpers


def kwargs(server: FakeOpenAI, **extra):
    base = dict(model=MODEL, api_base=server.url, api_key=KEY, messages=MESSAGES)
    base.update(extra)
    return base


def collect(stream) -> tuple[str, list]:
    chunks = list(stream)
    text = "".join((c.choices[0].delta.content or "") for c in chunks if c.choices)
    return text, chunks


def raw_post(server: FakeOpenAI, body: dict, path: str = "/v1/chat/completions") -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def sse_events(raw: bytes) -> list[str]:
    text = raw.decode()
    assert text.endswith("\n\n")
    events = text.split("\n\n")[:-1]
    assert all(e.startswith("data: ") for e in events), events
    return [e[len("data: ") :] for e in events]


class Verdict(BaseModel):
    score: int = Field(ge=1, le=5)
    evidence: list[str]
    follow_up: str | None


class Question(BaseModel):
    text: str


def by_schema_name(request: dict):
    """A responder returning JSON that matches the requested schema's name."""
    rf = request.get("response_format") or {}
    name = (rf.get("json_schema") or {}).get("name")
    if name == "Verdict":
        return Reply.json({"score": 4, "evidence": ["owned the rollback"], "follow_up": None})
    if name == "Question":
        return Reply.json({"text": "What would you do differently?"})
    if rf.get("type") == "json_object":
        return Reply.json({"mode": "json_object"})
    return "plain text"


def test_network_guard_is_active():
    with pytest.raises(AssertionError, match="reach the network"):
        socket.create_connection(("192.0.2.1", 443), timeout=0.1)


# --------------------------------------------------------------------------- raw protocol


def test_nonstream_wire_format(fake_openai):
    fake_openai.queue("Hello there, candidate.")
    status, headers, body = raw_post(fake_openai, {"model": "anything-goes", "messages": MESSAGES})
    assert status == 200 and headers["Content-Type"] == "application/json"
    data = json.loads(body)
    assert data["id"].startswith("chatcmpl-")
    assert data["object"] == "chat.completion"
    assert isinstance(data["created"], int) and abs(data["created"] - time.time()) < 5
    assert data["model"] == "anything-goes"
    assert data["choices"] == [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Hello there, candidate.", "refusal": None},
            "logprobs": None,
            "finish_reason": "stop",
        }
    ]
    assert data["usage"] == {
        "prompt_tokens": PROMPT_CHARS // 4,
        "completion_tokens": len("Hello there, candidate.") // 4,
        "total_tokens": PROMPT_CHARS // 4 + len("Hello there, candidate.") // 4,
    }


def test_stream_wire_format_with_usage(fake_openai):
    fake_openai.queue(Reply("abcdefghij", chunk_size=3, finish_reason="length"))
    status, headers, body = raw_post(
        fake_openai,
        {"model": "m", "messages": MESSAGES, "stream": True, "stream_options": {"include_usage": True}},
        path="/chat/completions",  # the path without /v1 is accepted too
    )
    assert status == 200 and headers["Content-Type"].startswith("text/event-stream")
    assert headers["Transfer-Encoding"] == "chunked"
    events = sse_events(body)
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert {c["id"] for c in chunks} == {chunks[0]["id"]} and chunks[0]["id"].startswith("chatcmpl-")
    assert all(c["object"] == "chat.completion.chunk" and c["model"] == "m" for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert [c["choices"][0]["delta"].get("content") for c in chunks[1:4]] == ["abc", "def", "ghi"]
    assert chunks[4]["choices"][0]["delta"]["content"] == "j"
    assert chunks[5]["choices"][0] == {"index": 0, "delta": {}, "logprobs": None, "finish_reason": "length"}
    assert chunks[6]["choices"] == [] and chunks[6]["usage"]["completion_tokens"] == 10 // 4
    assert all(c["usage"] is None for c in chunks[:6])
    assert len(chunks) == 7


def test_stream_without_include_usage_has_no_usage_chunk(fake_openai):
    fake_openai.queue("abcd")
    _, _, body = raw_post(fake_openai, {"model": "m", "messages": MESSAGES, "stream": True})
    events = sse_events(body)
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert len(chunks) == 3 and all("usage" not in c for c in chunks)
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


def test_models_endpoint_and_unknown_paths():
    with FakeOpenAI(models=["fake-model", "other-model"]) as server:
        with urllib.request.urlopen(server.url + "/models", timeout=5) as resp:
            data = json.load(resp)
        assert data["object"] == "list"
        assert [m["id"] for m in data["data"]] == ["fake-model", "other-model"]
        client = openai.OpenAI(base_url=server.url, api_key=KEY, max_retries=0)
        assert [m.id for m in client.models.list()] == ["fake-model", "other-model"]
        status, _, body = raw_post(server, {"x": 1}, path="/v1/embeddings")
        assert status == 404 and "error" in json.loads(body)
        status, _, _ = raw_post(server, [1, 2])  # body is not an object
        assert status == 400
        assert [r.path for r in server.requests] == ["/v1/models", "/v1/models", "/v1/embeddings", "/v1/chat/completions"]
        assert server.requests[0].method == "GET"


# --------------------------------------------------------------------------- scripting & recording


def test_queue_is_fifo_then_default_and_reset():
    server = FakeOpenAI(default="the default")
    with server:
        server.queue("one", {"two": 2}, lambda req: f"three ({len(req['messages'])} messages)")
        assert server.pending == 3
        client = openai.OpenAI(base_url=server.url, api_key=KEY, max_retries=0)
        got = [client.chat.completions.create(model="m", messages=MESSAGES).choices[0].message.content for _ in range(5)]
        assert got == ["one", '{"two": 2}', "three (2 messages)", "the default", "the default"]
        assert server.pending == 0 and len(server.requests) == 5 and len(server.completions) == 5
        server.queue("left over")
        server.reset()
        assert server.pending == 0 and server.requests == []
        assert client.chat.completions.create(model="m", messages=MESSAGES).choices[0].message.content == "the default"


def test_requests_are_recorded_with_headers(fake_openai):
    fake_openai.queue("ok")
    before = time.time()
    litellm.completion(**kwargs(fake_openai, temperature=0.2))
    (rec,) = fake_openai.requests
    assert rec.method == "POST" and rec.path == "/v1/chat/completions"
    assert rec.headers["Authorization"] == f"Bearer {KEY}"  # case-insensitive lookup
    assert rec.headers["authorization"] == f"Bearer {KEY}" and "AUTHORIZATION" in rec.headers
    assert rec.json["model"] == "fake-model"  # litellm strips the "openai/" prefix
    assert rec.json["messages"] == MESSAGES and rec.messages == MESSAGES
    assert rec.json["temperature"] == 0.2 and rec.stream is False
    assert before - 1 <= rec.time <= time.time()
    assert fake_openai.last is rec


def test_empty_reply(fake_openai):
    fake_openai.queue(Reply.empty())
    resp = litellm.completion(**kwargs(fake_openai, num_retries=0))
    assert resp.choices[0].message.content == ""
    assert resp.choices[0].finish_reason == "stop"


# --------------------------------------------------------------------------- litellm happy paths


def test_litellm_completion(fake_openai):
    fake_openai.queue("Tell me more about the outcome.")
    resp = litellm.completion(**kwargs(fake_openai))
    assert resp.choices[0].message.content == "Tell me more about the outcome."
    assert resp.choices[0].finish_reason == "stop"
    assert resp.id.startswith("chatcmpl-") and resp.model == "fake-model"
    assert resp.usage.prompt_tokens == PROMPT_CHARS // 4
    assert resp.usage.completion_tokens == len("Tell me more about the outcome.") // 4


@pytest.mark.parametrize("chunk_size", [1, 4, 7, 1000])
def test_litellm_stream_reassembles_exactly(fake_openai, chunk_size):
    fake_openai.queue(Reply(LONG_TEXT, chunk_size=chunk_size))
    text, chunks = collect(litellm.completion(**kwargs(fake_openai, stream=True)))
    assert text == LONG_TEXT
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert fake_openai.last.stream is True


def test_litellm_stream_include_usage(fake_openai):
    fake_openai.queue("abcdefghij")
    text, chunks = collect(litellm.completion(**kwargs(fake_openai, stream=True, stream_options={"include_usage": True})))
    assert text == "abcdefghij"
    usages = [c.usage for c in chunks if getattr(c, "usage", None)]
    assert usages and usages[-1].prompt_tokens == PROMPT_CHARS // 4 and usages[-1].completion_tokens == 10 // 4
    assert fake_openai.last.json["stream_options"] == {"include_usage": True}


async def test_litellm_acompletion(fake_openai):
    fake_openai.queue("async hello", Reply(LONG_TEXT, chunk_size=5))
    resp = await litellm.acompletion(**kwargs(fake_openai))
    assert resp.choices[0].message.content == "async hello"
    stream = await litellm.acompletion(**kwargs(fake_openai, stream=True))
    parts = [c.choices[0].delta.content or "" async for c in stream]
    assert "".join(parts) == LONG_TEXT
    assert [r.stream for r in fake_openai.completions] == [False, True]


def test_openai_client_directly(fake_openai):
    fake_openai.queue("direct", Reply(LONG_TEXT, chunk_size=3))
    client = openai.OpenAI(base_url=fake_openai.url, api_key=KEY, max_retries=0)
    resp = client.chat.completions.create(model="fake-model", messages=MESSAGES)
    assert resp.choices[0].message.content == "direct" and resp.usage.prompt_tokens == PROMPT_CHARS // 4
    stream = client.chat.completions.create(
        model="fake-model", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    chunks = list(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == LONG_TEXT
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].usage.completion_tokens == len(LONG_TEXT) // 4
    assert fake_openai.requests[0].headers["authorization"] == f"Bearer {KEY}"


# --------------------------------------------------------------------------- structured output


def test_json_schema_passthrough_with_callable_responder(fake_openai):
    fake_openai.default = by_schema_name
    schema = {
        "type": "json_schema",
        "json_schema": {"name": "Question", "schema": Question.model_json_schema(), "strict": True},
    }
    resp = litellm.completion(**kwargs(fake_openai, response_format=schema))
    assert Question.model_validate_json(resp.choices[0].message.content).text == "What would you do differently?"
    assert fake_openai.last.json["response_format"] == schema

    # a pydantic class: litellm turns it into a strict json_schema named after the class
    resp = litellm.completion(**kwargs(fake_openai, response_format=Verdict))
    verdict = Verdict.model_validate_json(resp.choices[0].message.content)
    assert verdict.score == 4
    rf = fake_openai.last.json["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["name"] == "Verdict"
    assert rf["json_schema"]["strict"] is True and "score" in rf["json_schema"]["schema"]["properties"]

    resp = litellm.completion(**kwargs(fake_openai, response_format={"type": "json_object"}))
    assert json.loads(resp.choices[0].message.content) == {"mode": "json_object"}


async def test_json_schema_stream_async(fake_openai):
    fake_openai.queue(by_schema_name)
    stream = await litellm.acompletion(**kwargs(fake_openai, response_format=Verdict, stream=True))
    text = "".join([c.choices[0].delta.content or "" async for c in stream])
    assert Verdict.model_validate_json(text).evidence == ["owned the rollback"]


def test_schema_example_responder_matches_pydantic_schema(fake_openai):
    fake_openai.default = schema_example_responder("no format requested")
    resp = litellm.completion(**kwargs(fake_openai, response_format=Verdict))
    Verdict.model_validate_json(resp.choices[0].message.content)
    assert litellm.completion(**kwargs(fake_openai)).choices[0].message.content == "no format requested"

    class Nested(BaseModel):
        verdicts: list[Verdict] = Field(min_length=2)
        kind: str = Field(pattern="^x")  # patterns are not honoured; the default-less str is "example"
        level: int | None = None

    example = schema_example(Nested.model_json_schema())
    assert len(example["verdicts"]) == 2 and example["verdicts"][0]["score"] == 1


def test_reject_json_schema_true_gives_500_but_json_object_works():
    with FakeOpenAI(reject_json_schema=True, default=by_schema_name) as server:
        server.queue(Reply.json({"queued": True}))
        with pytest.raises(litellm.InternalServerError) as ei:
            litellm.completion(**kwargs(server, response_format=Verdict, num_retries=0))
        assert ei.value.status_code == 500 and "json_schema" in str(ei.value)
        assert server.pending == 1  # a rejected request does not consume the queued reply
        resp = litellm.completion(**kwargs(server, response_format={"type": "json_object"}, num_retries=0))
        assert json.loads(resp.choices[0].message.content) == {"queued": True}
        # no response_format at all is fine too
        assert litellm.completion(**kwargs(server, num_retries=0)).choices[0].message.content == "plain text"
        assert [r.json.get("response_format", {}).get("type") for r in server.completions] == [
            "json_schema",
            "json_object",
            None,
        ]


def test_reject_with_explicit_status():
    with FakeOpenAI(reject_json_schema=400, reject_json_object=422) as server:
        with pytest.raises(litellm.BadRequestError):
            litellm.completion(**kwargs(server, response_format=Verdict))  # 4xx: never retried
        with pytest.raises(litellm.BadRequestError) as ei:  # 422 maps to BadRequestError too
            litellm.completion(**kwargs(server, response_format={"type": "json_object"}))
        assert type(ei.value) is litellm.BadRequestError and ei.value.status_code == 422
        assert len(server.requests) == 2
        assert litellm.completion(**kwargs(server)).choices[0].message.content


# --------------------------------------------------------------------------- faults


@pytest.mark.parametrize(
    "reply, exc",
    [
        (Reply.error(500), litellm.InternalServerError),
        (Reply.error(503), litellm.ServiceUnavailableError),
        (Reply.rate_limited(retry_after=1), litellm.RateLimitError),
        (Reply.error(400), litellm.BadRequestError),
        (Reply.error(401), litellm.AuthenticationError),
        (Reply.error(404), litellm.NotFoundError),
    ],
    ids=["500", "503", "429", "400", "401", "404"],
)
@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_http_errors_map_to_litellm_exceptions(fake_openai, reply, exc, stream):
    fake_openai.queue(reply)
    with pytest.raises(exc) as ei:
        litellm.completion(**kwargs(fake_openai, num_retries=0, stream=stream))  # raised by the call itself
    assert ei.value.status_code == reply.status
    assert type(ei.value) is exc  # exactly this class (MidStreamFallbackError is only for broken streams)
    assert len(fake_openai.requests) == 1


def test_rate_limit_sends_retry_after_and_openai_error_json(fake_openai):
    fake_openai.queue(Reply.rate_limited(retry_after=1))
    status, headers, body = raw_post(fake_openai, {"model": "m", "messages": MESSAGES})
    assert status == 429 and headers["Retry-After"] == "1"
    assert json.loads(body)["error"]["type"] == "rate_limit_error"
    fake_openai.queue(Reply.rate_limited(retry_after=1))
    with pytest.raises(litellm.RateLimitError) as ei:
        litellm.completion(**kwargs(fake_openai, max_retries=0))
    # the provider's response headers (Retry-After included) are on litellm_response_headers;
    # ei.value.response is a synthetic httpx.Response with no headers
    assert ei.value.litellm_response_headers["retry-after"] == "1"
    assert "retry-after" not in ei.value.response.headers
    assert "Rate limit reached" in str(ei.value)


async def test_async_http_errors(fake_openai):
    fake_openai.queue(Reply.error(500), Reply.rate_limited(1))
    with pytest.raises(litellm.InternalServerError):
        await litellm.acompletion(**kwargs(fake_openai, num_retries=0))
    with pytest.raises(litellm.RateLimitError):
        await litellm.acompletion(**kwargs(fake_openai, num_retries=0, stream=True))
    assert len(fake_openai.requests) == 2


def test_litellm_retries_5xx_by_default(fake_openai):
    """Without num_retries/max_retries the openai SDK under litellm retries twice (3 requests)."""
    fake_openai.queue(Reply.error(500), Reply.error(500), "third time lucky")
    resp = litellm.completion(**kwargs(fake_openai))
    assert resp.choices[0].message.content == "third time lucky"
    assert len(fake_openai.requests) == 3


def test_slow_reply_times_out(fake_openai):
    fake_openai.queue(Reply.slow(5))
    start = time.monotonic()
    with pytest.raises(litellm.Timeout) as ei:
        litellm.completion(**kwargs(fake_openai, timeout=0.5, num_retries=0))
    assert time.monotonic() - start < 2
    # litellm.Timeout subclasses openai.APITimeoutError (-> openai.APIConnectionError), NOT litellm.APIConnectionError
    assert isinstance(ei.value, openai.APITimeoutError) and not isinstance(ei.value, litellm.APIConnectionError)
    assert ei.value.status_code == 408
    assert len(fake_openai.requests) == 1


async def test_slow_reply_times_out_async(fake_openai):
    fake_openai.queue(Reply.slow(5))
    start = time.monotonic()
    with pytest.raises(litellm.Timeout):
        await litellm.acompletion(**kwargs(fake_openai, timeout=0.5, num_retries=0, stream=True))
    assert time.monotonic() - start < 2


def test_cut_stream_yields_partial_text_then_raises(fake_openai):
    fake_openai.queue(Reply.cut(2, text="abcdefghijklmnop"))
    got = []
    with pytest.raises(MidStreamFallbackError) as ei:
        for chunk in litellm.completion(**kwargs(fake_openai, stream=True, num_retries=0)):
            got.append(chunk.choices[0].delta.content or "")
    assert got == ["", "abcd", "efgh"]  # role chunk, then the two content chunks
    err = ei.value
    assert isinstance(err, litellm.ServiceUnavailableError) and err.status_code == 500
    assert err.generated_content == "abcdefgh"
    assert err.is_pre_first_chunk is False
    assert isinstance(err.original_exception, litellm.APIConnectionError)
    assert "incomplete chunked read" in str(err)
    assert len(fake_openai.requests) == 1  # no retry of a broken stream


def test_cut_stream_right_before_finish(fake_openai):
    fake_openai.queue(Reply.cut(100, text="abcdefghij"))
    got = []
    with pytest.raises(MidStreamFallbackError) as ei:
        for chunk in litellm.completion(**kwargs(fake_openai, stream=True, num_retries=0)):
            got.append(chunk.choices[0].delta.content or "")
    assert "".join(got) == "abcdefghij" == ei.value.generated_content


async def test_cut_stream_async(fake_openai):
    fake_openai.queue(Reply.cut(1, text="abcdefgh"))
    got = []
    stream = await litellm.acompletion(**kwargs(fake_openai, stream=True, num_retries=0))
    with pytest.raises(MidStreamFallbackError) as ei:
        async for chunk in stream:
            got.append(chunk.choices[0].delta.content or "")
    assert got == ["", "abcd"] and ei.value.generated_content == "abcd"


def test_cut_stream_with_openai_client_raises_httpx_error(fake_openai):
    import httpx

    fake_openai.queue(Reply.cut(1, text="abcdefgh"))
    client = openai.OpenAI(base_url=fake_openai.url, api_key=KEY, max_retries=0)
    with pytest.raises(httpx.RemoteProtocolError, match="incomplete chunked read"):
        list(client.chat.completions.create(model="m", messages=MESSAGES, stream=True))


def test_stalled_stream_raises_midstream_error_not_timeout(fake_openai):
    fake_openai.queue(Reply("abcdefgh", chunk_delay=2))
    start = time.monotonic()
    with pytest.raises(MidStreamFallbackError) as ei:
        for _ in litellm.completion(**kwargs(fake_openai, stream=True, timeout=0.5, num_retries=0)):
            pass
    assert time.monotonic() - start < 2
    assert not isinstance(ei.value, litellm.Timeout)
    assert type(ei.value.original_exception) is litellm.APIConnectionError
    assert "timed out" in str(ei.value)


@pytest.mark.parametrize("reply", [Reply.malformed(), Reply(body=b"")], ids=["not-json", "empty-body"])
def test_malformed_body_raises(fake_openai, reply):
    fake_openai.queue(reply)
    with pytest.raises(litellm.InternalServerError) as ei:
        litellm.completion(**kwargs(fake_openai, num_retries=0))
    assert ei.value.status_code == 500
    assert "Expecting value" in str(ei.value)


def test_malformed_stream_chunk_raises(fake_openai):
    fake_openai.queue(Reply.malformed(text="abcdefgh"))
    got = []
    with pytest.raises(MidStreamFallbackError) as ei:
        for chunk in litellm.completion(**kwargs(fake_openai, stream=True, num_retries=0)):
            got.append(chunk.choices[0].delta.content or "")
    assert got == [""] and ei.value.generated_content == ""
    assert "Expecting value" in str(ei.value)


def test_raw_body_override_and_headers(fake_openai):
    fake_openai.queue(Reply(body=b"<html>bad gateway</html>", status=502, headers={"Content-Type": "text/html", "X-Fake": "1"}))
    status, headers, body = raw_post(fake_openai, {"model": "m", "messages": MESSAGES})
    assert (status, headers["Content-Type"], headers["X-Fake"], body) == (502, "text/html", "1", b"<html>bad gateway</html>")


# --------------------------------------------------------------------------- lifecycle


def test_stop_does_not_hang_with_pending_slow_reply():
    server = FakeOpenAI().start()
    server.queue(Reply.slow(30))
    errors = []

    def call():
        client = openai.OpenAI(base_url=server.url, api_key=KEY, max_retries=0, timeout=30)
        try:
            client.chat.completions.create(model="m", messages=MESSAGES)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    deadline = time.monotonic() + 5
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.requests, "request never arrived"
    start = time.monotonic()
    server.stop()
    assert time.monotonic() - start < 1
    thread.join(5)
    assert not thread.is_alive()
    assert errors and isinstance(errors[0], openai.APIConnectionError)
    server.stop()  # idempotent


def test_context_manager_and_ports():
    with FakeOpenAI() as a, FakeOpenAI() as b:
        assert a.port != b.port and a.port > 0
        assert a.url == f"http://127.0.0.1:{a.port}/v1"
    with pytest.raises(RuntimeError):
        _ = a.port  # stopped


def test_standalone_main_with_script(tmp_path):
    script = tmp_path / "script.json"
    script.write_text(json.dumps(["first reply", {"json": {"n": 2}}, {"text": "default", "chunk_size": 2}]))
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("fakeopenai.py")), "--port", "0", "--script", str(script), "--quiet"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        url = line.split(" on ", 1)[1].split()[0]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        client = openai.OpenAI(base_url=url, api_key=KEY, max_retries=0, timeout=5)
        got = [client.chat.completions.create(model="m", messages=MESSAGES).choices[0].message.content for _ in range(4)]
        assert got == ["first reply", '{"n": 2}', "default", "default"]
        # in standalone mode json_schema requests get a valid example unless --no-schema-example
        resp = client.chat.completions.create(
            model="m",
            messages=MESSAGES,
            response_format={"type": "json_schema", "json_schema": {"name": "Verdict", "schema": Verdict.model_json_schema()}},
        )
        Verdict.model_validate_json(resp.choices[0].message.content)
    finally:
        proc.terminate()
        proc.wait(5)
