"""A fake OpenAI chat-completions server for tests and manual runs (standard library only).

It is a real HTTP server on 127.0.0.1, so the real client code paths (litellm, the
openai SDK, httpx) are exercised end to end, including streaming, HTTP errors,
timeouts and broken connections.

In tests::

    from tests.fakeopenai import FakeOpenAI, Reply, fake_openai  # fixture

    def test_something(fake_openai):
        fake_openai.queue("Hello!", Reply.rate_limited(retry_after=1), Reply.json({"a": 1}))
        ...  # litellm.completion(model="openai/fake-model", api_base=fake_openai.url, api_key="sk-x")
        assert fake_openai.requests[-1].json["messages"][0]["role"] == "system"

Standalone (foreground, Ctrl-C to stop)::

    python tests/fakeopenai.py --port 8765 [--script replies.json] [--reject-json-schema 500]
    INTERVIEWER_MODEL=openai/fake-model OPENAI_API_BASE=http://127.0.0.1:8765/v1 ...

Replies
-------
A reply (queued with ``queue()`` or used as ``default``) can be:

* a :class:`Reply`;
* a ``str`` (the assistant text);
* a ``dict``/``list`` (sent as JSON text, like ``Reply.json(obj)``);
* a callable ``(request_json) -> reply`` returning any of the above (or None for the
  default text). :func:`schema_example_responder` is a ready-made one that answers a
  ``json_schema`` response_format with a minimal object valid for the schema.

Queued replies are consumed FIFO, one per chat-completions request; when the queue is
empty the ``default`` responder answers. A request rejected by ``reject_json_schema`` /
``reject_json_object`` does NOT consume a queued reply (so a client that degrades to a
weaker response_format and retries gets the scripted reply).

Stream framing: SSE over HTTP/1.1 chunked transfer encoding, like the real API. A cut
stream (``Reply.cut(n)``) sends the role chunk plus ``n`` content chunks and then closes
the socket without the terminating zero-length chunk (and without ``data: [DONE]``),
which clients see as a protocol error (incomplete chunked read), like a dropped network
connection.
"""

from __future__ import annotations

import argparse
import json
import select
import signal
import socket
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable

__all__ = [
    "FakeOpenAI",
    "Reply",
    "RecordedRequest",
    "fake_openai",
    "schema_example",
    "schema_example_responder",
]

DEFAULT_TEXT = "This is a scripted reply from the fake OpenAI server."

_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    422: "invalid_request_error",
    429: "rate_limit_error",
}


# --------------------------------------------------------------------------- replies


_MARK = "\x00piece\x00"  # stands for a content chunk's text in its encoded JSON (see _Handler._stream)


@dataclass
class Reply:
    """One scripted answer to a chat-completions request.

    text:          assistant content (streamed in ``chunk_size``-character pieces).
    status:        HTTP status; >= 400 sends an OpenAI-style error JSON (``text`` is the message).
    headers:       extra response headers (e.g. ``{"Retry-After": "1"}``).
    delay:         seconds to wait before sending anything (interruptible by ``stop()``
                   and abandoned when the client disconnects).
    chunk_delay:   seconds between SSE chunks (streaming only).
    cut_after:     streaming only: after the role chunk and this many content chunks,
                   close the connection abruptly (no finish chunk, no ``[DONE]``).
    body:          raw body override (sent as-is with ``status``; ``b""`` for empty). For a
                   streaming request the body replaces the whole SSE stream.
    chunk_size:    characters per SSE content chunk.
    finish_reason: finish_reason of the choice ("stop", "length", ...).
    not_json:      (``Reply.malformed()``) non-streaming: a body that is not JSON;
                   streaming: one ``data:`` line that is not JSON (after the role chunk).
    first_token_delay: streaming: the headers and the role chunk go out at once, then this many
                   seconds pass before the first content chunk (a local server reading the prompt).
                   Non-streaming: added to ``delay``.
    gate:          a ``threading.Event`` the reply waits for before sending anything (a test holds a
                   request "in the model" for as long as it likes, with no timing involved).
    stall_after:   streaming only: after this many content chunks, go silent (keep the connection open,
                   send nothing) until ``gate`` is set or the server stops: a model that stalls mid-reply.
    """

    text: str = ""
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0
    chunk_delay: float = 0
    cut_after: int | None = None
    body: bytes | None = None
    chunk_size: int = 4
    finish_reason: str = "stop"
    not_json: bool = False
    first_token_delay: float = 0
    gate: Any = None
    stall_after: int | None = None

    # ---- shortcuts
    @classmethod
    def error(cls, status: int = 500, message: str | None = None, **kw: Any) -> "Reply":
        return cls(text=message or f"fake server error {status}", status=status, **kw)

    @classmethod
    def rate_limited(cls, retry_after: float | int = 1, message: str | None = None, **kw: Any) -> "Reply":
        ra = str(int(retry_after)) if float(retry_after).is_integer() else str(retry_after)
        headers = {"Retry-After": ra, **kw.pop("headers", {})}
        return cls(
            text=message or "Rate limit reached for requests (fake). Please try again later.",
            status=429,
            headers=headers,
            **kw,
        )

    @classmethod
    def slow(cls, seconds: float, text: str = DEFAULT_TEXT, **kw: Any) -> "Reply":
        return cls(text=text, delay=seconds, **kw)

    @classmethod
    def cut(cls, after_chunks: int, text: str | None = None, **kw: Any) -> "Reply":
        if text is None:
            text = "This stream will be cut off before it finishes. " * 3
        return cls(text=text, cut_after=after_chunks, **kw)

    @classmethod
    def malformed(cls, text: str = "this is not json", **kw: Any) -> "Reply":
        return cls(text=text, not_json=True, **kw)

    @classmethod
    def empty(cls, **kw: Any) -> "Reply":
        return cls(text="", **kw)

    @classmethod
    def json(cls, obj: Any, **kw: Any) -> "Reply":
        return cls(text=json.dumps(obj), **kw)


Responder = Callable[[dict], Any]


def _to_reply(spec: Any, request: dict, default_text: str = DEFAULT_TEXT) -> Reply:
    """Normalise a reply spec (Reply, str, dict/list, callable, None) into a Reply."""
    for _ in range(8):  # a callable may return another callable; don't loop forever
        if callable(spec) and not isinstance(spec, (Reply, type)):
            spec = spec(request)
            continue
        break
    if spec is None:
        return Reply(text=default_text)
    if isinstance(spec, Reply):
        return spec
    if isinstance(spec, str):
        return Reply(text=spec)
    if isinstance(spec, bytes):
        return Reply(body=spec)
    if isinstance(spec, (dict, list, int, float, bool)):
        return Reply.json(spec)
    raise TypeError(f"cannot turn {spec!r} into a Reply")


def reply_from_spec(spec: Any) -> Any:
    """Build a reply from a JSON script entry (used by ``--script``).

    A string is the text; an object with Reply field names builds a Reply, with two extras:
    ``"json": obj`` (text = json.dumps(obj)) and ``"body": "..."`` (encoded to bytes);
    ``"schema_example": true`` answers json_schema requests with a valid example object.
    """
    if isinstance(spec, str):
        return spec
    if not isinstance(spec, dict):
        return Reply.json(spec)
    spec = dict(spec)
    if spec.pop("schema_example", False):
        fallback = reply_from_spec(spec) if spec else None
        return schema_example_responder(fallback)
    if "json" in spec:
        spec["text"] = json.dumps(spec.pop("json"))
    if isinstance(spec.get("body"), str):
        spec["body"] = spec["body"].encode()
    unknown = set(spec) - set(Reply.__dataclass_fields__)
    if unknown:
        raise ValueError(f"unknown reply fields in script: {sorted(unknown)}")
    return Reply(**spec)


# --------------------------------------------------------------------------- schema examples


def schema_example(schema: dict, _root: dict | None = None, _depth: int = 0) -> Any:
    """A minimal instance of a JSON schema (handles $ref/$defs, anyOf/oneOf/allOf, enum,
    const, required properties, minItems, minimum, minLength). Good enough for pydantic
    ``model_json_schema()`` output; not a general-purpose generator."""
    root = _root if _root is not None else schema
    if _depth > 20 or not isinstance(schema, dict):
        return None
    if "$ref" in schema:
        ref = schema["$ref"]
        node: Any = root
        if ref.startswith("#/"):
            for part in ref[2:].split("/"):
                node = node.get(part, {}) if isinstance(node, dict) else {}
        return schema_example(node, root, _depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            options = [o for o in schema[key] if not (isinstance(o, dict) and o.get("type") == "null")]
            return schema_example((options or schema[key])[0], root, _depth + 1)
    if schema.get("allOf"):
        merged: dict = {}
        for part in schema["allOf"]:
            merged.update(part if isinstance(part, dict) else {})
        return schema_example(merged, root, _depth + 1)
    typ = schema.get("type")
    if isinstance(typ, list):
        typ = next((t for t in typ if t != "null"), "null")
    if typ is None:
        typ = "object" if "properties" in schema else "string"
    if typ == "object":
        props = schema.get("properties", {})
        required = schema.get("required", list(props))
        return {k: schema_example(props.get(k, {}), root, _depth + 1) for k in required}
    if typ == "array":
        n = max(int(schema.get("minItems", 1)), 1)
        return [schema_example(schema.get("items", {}), root, _depth + 1) for _ in range(n)]
    if typ in ("integer", "number"):
        lo = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        if "exclusiveMinimum" in schema and "minimum" not in schema:
            lo = lo + 1
        hi = schema.get("maximum")
        val = lo if hi is None else min(lo, hi)
        return int(val) if typ == "integer" else val
    if typ == "boolean":
        return False
    if typ == "null":
        return None
    text = "example"
    min_len = int(schema.get("minLength", 0))
    if len(text) < min_len:
        text = text + "x" * (min_len - len(text))
    if "maxLength" in schema:
        text = text[: int(schema["maxLength"])]
    return text


def schema_example_responder(fallback: Any = None) -> Responder:
    """A responder answering ``response_format: json_schema`` with a valid example object,
    ``json_object`` with ``{}`` and anything else with ``fallback`` (a reply spec)."""

    def respond(request: dict) -> Any:
        rf = request.get("response_format") or {}
        if rf.get("type") == "json_schema":
            return Reply.json(schema_example((rf.get("json_schema") or {}).get("schema") or {}))
        if rf.get("type") == "json_object":
            return Reply.json({})
        return fallback

    return respond


# --------------------------------------------------------------------------- records


class Headers(dict):
    """A dict of request headers with lower-cased keys and case-insensitive lookup."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()):
        super().__init__((k.lower(), v) for k, v in items)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: Headers
    json: Any  # parsed body, or None if absent / not JSON
    body: bytes
    time: float  # time.time() when the request was received

    @property
    def messages(self) -> list:
        return (self.json or {}).get("messages", []) if isinstance(self.json, dict) else []

    @property
    def stream(self) -> bool:
        return bool(isinstance(self.json, dict) and self.json.get("stream"))


# --------------------------------------------------------------------------- server


def _content_text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content)


def _prompt_tokens(request: dict) -> int:
    msgs = request.get("messages") or []
    return sum(len(_content_text(m.get("content"))) for m in msgs if isinstance(m, dict)) // 4


class _ClientGone(Exception):
    pass


class FakeOpenAI:
    """The fake server. Use as a context manager, via start()/stop(), or the ``fake_openai``
    fixture.

    models:             names listed by GET /v1/models (any name is accepted on completions).
    default:            reply spec used when the queue is empty (see module docstring).
    reject_json_schema: True -> 500 (like llama-cpp-python's server) when
                        ``response_format.type == "json_schema"``; an int -> that status.
    reject_json_object: the same for ``response_format.type == "json_object"``.
    single_slot:        serve one completion at a time, like llama-cpp-python's server: a request
                        waits for the one before it to finish.
    keep_working:       a request whose client hung up keeps its slot for the rest of its delay (a
                        server that does not notice), so a retry would queue behind it.
    ``in_flight`` / ``max_in_flight`` count completions being served at once.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        models: Iterable[str] = ("fake-model",),
        default: Any = DEFAULT_TEXT,
        reject_json_schema: bool | int = False,
        reject_json_object: bool | int = False,
        verbose: bool = False,
        single_slot: bool = False,
        keep_working: bool = False,
    ) -> None:
        self.single_slot = single_slot
        self.keep_working = keep_working
        self._slot = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.host = host
        self._requested_port = port
        self.models = list(models)
        self.default = default
        self.reject_json_schema = reject_json_schema
        self.reject_json_object = reject_json_object
        self.verbose = verbose
        self.requests: list[RecordedRequest] = []
        self._queue: list[Any] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._conns: set[socket.socket] = set()

    # ---- scripting
    def queue(self, *replies: Any) -> "FakeOpenAI":
        """Append replies (Reply, str, dict/list, callable) consumed FIFO by completions."""
        with self._lock:
            self._queue.extend(replies)
        return self

    @property
    def pending(self) -> int:
        """How many queued replies have not been consumed yet."""
        with self._lock:
            return len(self._queue)

    def reset(self) -> None:
        """Forget recorded requests and queued replies (options are kept)."""
        with self._lock:
            self._queue.clear()
            self.requests.clear()

    def _next_reply_spec(self) -> Any:
        with self._lock:
            if self._queue:
                return self._queue.pop(0)
        return self.default

    # ---- inspection helpers
    @property
    def completions(self) -> list[RecordedRequest]:
        """Recorded chat-completions requests only (not GET /models etc.)."""
        with self._lock:
            return [r for r in self.requests if r.path.rstrip("/").endswith("/chat/completions")]

    @property
    def last(self) -> RecordedRequest:
        with self._lock:
            return self.requests[-1]

    def _record(self, rec: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(rec)

    # ---- lifecycle
    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """The OpenAI-style base URL, e.g. http://127.0.0.1:PORT/v1 (pass as api_base)."""
        return f"{self.base_url}/v1"

    def start(self) -> "FakeOpenAI":
        if self._httpd is not None:
            return self
        self._stopping.clear()
        handler = type("_BoundHandler", (_Handler,), {"fake": self})
        httpd = _Server((self.host, self._requested_port), handler)
        httpd.fake = self  # type: ignore[attr-defined]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fakeopenai", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Run in the foreground (standalone mode) until KeyboardInterrupt."""
        self.start()
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(0.2)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop quickly: cancels pending delays and drops open connections."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()  # returns within poll_interval
        with self._lock:
            conns = list(self._conns)
            self._conns.clear()
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(1)
            self._thread = None

    def __enter__(self) -> "FakeOpenAI":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._httpd is not None else "stopped"
        return f"<FakeOpenAI {where} queued={self.pending} requests={len(self.requests)}>"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # never join handler threads on close
    allow_reuse_address = True
    request_queue_size = 64

    def process_request(self, request, client_address):  # type: ignore[override]
        fake: FakeOpenAI = self.fake  # type: ignore[attr-defined]
        try:  # like real API servers: no Nagle delay on small writes (headers, SSE chunks)
            request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        with fake._lock:
            fake._conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):  # type: ignore[override]
        fake: FakeOpenAI = self.fake  # type: ignore[attr-defined]
        with fake._lock:
            fake._conns.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address):  # type: ignore[override]
        # Clients hanging up mid-reply (timeouts, cut streams) are expected; stay quiet.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, _ClientGone, OSError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeOpenAI/1.0"
    sys_version = ""
    timeout = 30  # idle keep-alive connections
    fake: FakeOpenAI  # set on the bound subclass

    # ---- plumbing
    def log_message(self, fmt: str, *args: Any) -> None:
        if self.fake.verbose:
            sys.stderr.write("fakeopenai: " + (fmt % args) + "\n")

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _record(self, body: bytes) -> RecordedRequest:
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        rec = RecordedRequest(
            method=self.command,
            path=self.path.split("?", 1)[0],
            headers=Headers(self.headers.items()),
            json=parsed,
            body=body,
            time=time.time(),
        )
        self.fake._record(rec)
        return rec

    def _client_gone(self) -> bool:
        """True if the client closed its side (readable with EOF)."""
        try:
            r, _, _ = select.select([self.connection], [], [], 0)
            if not r:
                return False
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def _sleep(self, seconds: float) -> None:
        """Wait, but give up early if the server stops or the client disconnects (unless ``keep_working``: then
        the slot stays busy for the whole delay, as on a server that does not notice the client left)."""
        deadline = time.monotonic() + seconds
        gone = False
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if gone:
                    raise _ClientGone("client disconnected")
                return
            if self.fake._stopping.wait(min(remaining, 0.05)):
                raise _ClientGone("server stopping")
            if not gone and self._client_gone():
                gone = True
                if not self.fake.keep_working:
                    raise _ClientGone("client disconnected")

    def _wait_gate(self, gate: Any) -> None:
        while not gate.wait(0.05):
            if self.fake._stopping.is_set():
                raise _ClientGone("server stopping")
            if not self.fake.keep_working and self._client_gone():
                raise _ClientGone("client disconnected")

    def _send(self, status: int, body: bytes, content_type: str = "application/json", headers: dict | None = None) -> None:
        self.send_response(status, _REASONS.get(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()

    def _send_json(self, status: int, obj: Any, headers: dict | None = None) -> None:
        self._send(status, json.dumps(obj).encode(), headers=headers)

    def _send_error_json(self, status: int, message: str, headers: dict | None = None, code: Any = None) -> None:
        err = {
            "error": {
                "message": message,
                "type": _ERROR_TYPES.get(status, "server_error"),
                "param": None,
                "code": code if code is not None else ("rate_limit_exceeded" if status == 429 else status),
            }
        }
        self._send_json(status, err, headers)

    # ---- routes
    def do_GET(self) -> None:  # noqa: N802
        self._record(b"")
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ("/v1/models", "/models"):
            created = int(time.time())
            data = [{"id": m, "object": "model", "created": created, "owned_by": "fakeopenai"} for m in self.fake.models]
            self._send_json(200, {"object": "list", "data": data})
            return
        if path.startswith(("/v1/models/", "/models/")):
            name = path.split("/models/", 1)[1]
            self._send_json(200, {"id": name, "object": "model", "created": int(time.time()), "owned_by": "fakeopenai"})
            return
        if path in ("", "/", "/health", "/v1"):
            self._send_json(200, {"status": "ok"})
            return
        from tests.fakebatch import handle_get  # the Files and Batches endpoints (provider batch API)

        if handle_get(self, path):
            return
        self._send_error_json(404, f"Unknown path {self.path}")

    def do_POST(self) -> None:  # noqa: N802
        body = self._read_body()
        rec = self._record(body)
        path = rec.path.rstrip("/")
        from tests.fakebatch import handle_post  # the Files and Batches endpoints (provider batch API)

        if handle_post(self, path, body):
            return
        if path not in ("/v1/chat/completions", "/chat/completions"):
            self._send_error_json(404, f"Unknown path {self.path}")
            return
        if not isinstance(rec.json, dict):
            self._send_error_json(400, "We could not parse the JSON body of your request.")
            return
        fake = self.fake
        if fake.single_slot:
            while not fake._slot.acquire(timeout=0.05):  # queue behind the request being served
                if fake._stopping.is_set():
                    self.close_connection = True
                    return
        with fake._lock:
            fake.in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
        try:
            self._chat(rec.json)
        except (_ClientGone, ConnectionError, BrokenPipeError):
            self.close_connection = True
        finally:
            with fake._lock:
                fake.in_flight -= 1
            if fake.single_slot:
                fake._slot.release()

    def _chat(self, request: dict) -> None:
        fake = self.fake
        rf = request.get("response_format") or {}
        rf_type = rf.get("type") if isinstance(rf, dict) else None
        for kind, reject in (("json_schema", fake.reject_json_schema), ("json_object", fake.reject_json_object)):
            if rf_type == kind and reject:
                status = 500 if reject is True else int(reject)
                self._send_error_json(
                    status,
                    f"response_format type '{kind}' is not supported by this server",
                    code=None if status == 500 else "unsupported_response_format",
                )
                return

        reply = _to_reply(fake._next_reply_spec(), request)
        if reply.gate is not None and reply.stall_after is None:
            self._wait_gate(reply.gate)
        delay = reply.delay + (0 if request.get("stream") else reply.first_token_delay)
        if delay:
            self._sleep(delay)

        if reply.status >= 400 and reply.body is None:
            self._send_error_json(reply.status, reply.text or f"error {reply.status}", reply.headers)
            return
        if reply.body is not None:
            ctype = reply.headers.get("Content-Type", "application/json")
            extra = {k: v for k, v in reply.headers.items() if k.lower() != "content-type"}
            self._send(reply.status, reply.body, ctype, extra)
            return

        model = request.get("model") or (fake.models[0] if fake.models else "fake-model")
        cid = "chatcmpl-" + uuid.uuid4().hex[:24]
        created = int(time.time())
        if request.get("stream"):
            self._stream(request, reply, model, cid, created)
            return
        if reply.not_json:
            self._send(reply.status, b'{"id": "chatcmpl-broken", "choices": [ <<not json', headers=reply.headers)
            return
        prompt_tokens = _prompt_tokens(request)
        completion_tokens = len(reply.text) // 4
        self._send_json(
            reply.status,
            {
                "id": cid,
                "object": "chat.completion",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_fakeopenai",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply.text, "refusal": None},
                        "logprobs": None,
                        "finish_reason": reply.finish_reason,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            },
            reply.headers,
        )

    # ---- streaming
    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _event(self, payload: str) -> None:
        self._write_chunk(f"data: {payload}\n\n".encode())

    def _abort(self) -> None:
        """Drop the connection mid-body (no terminating chunk)."""
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _stream(self, request: dict, reply: Reply, model: str, cid: str, created: int) -> None:
        include_usage = bool((request.get("stream_options") or {}).get("include_usage"))

        def chunk(delta: dict, finish: str | None = None, **extra: Any) -> str:
            obj: dict = {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_fakeopenai",
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
            }
            if include_usage:
                obj["usage"] = None
            obj.update(extra)
            return json.dumps(obj)

        self.send_response(reply.status, _REASONS.get(reply.status))
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        for k, v in reply.headers.items():
            self.send_header(k, str(v))
        self.end_headers()

        self._event(chunk({"role": "assistant", "content": "", "refusal": None}))
        if reply.first_token_delay:
            self._sleep(reply.first_token_delay)
        if reply.not_json:
            if reply.chunk_delay:
                self._sleep(reply.chunk_delay)
            self._event('{"id": "chatcmpl-broken", "choices": [ <<not json')

        size = max(1, int(reply.chunk_size))
        pieces = [reply.text[i : i + size] for i in range(0, len(reply.text), size)]
        # a content chunk is the same JSON each time but for its text: encoded once, the text put in (the same bytes
        # as encoding each chunk whole, at a fraction of the server's CPU, which a benchmark's client shares)
        head, tail = chunk({"content": _MARK}).split(json.dumps(_MARK), 1)
        for n, piece in enumerate(pieces):
            if reply.stall_after is not None and n == reply.stall_after:
                self._wait_gate(reply.gate or threading.Event())
            if reply.cut_after is not None and n >= reply.cut_after:
                self._abort()
                return
            if reply.chunk_delay:
                self._sleep(reply.chunk_delay)
            self._event(head + json.dumps(piece) + tail)
        if reply.cut_after is not None:
            # cut_after >= number of content chunks: cut right before the finish chunk
            self._abort()
            return

        if reply.chunk_delay:
            self._sleep(reply.chunk_delay)
        self._event(chunk({}, reply.finish_reason))
        if include_usage:
            prompt_tokens = _prompt_tokens(request)
            completion_tokens = len(reply.text) // 4
            usage = {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            }
            obj = json.loads(chunk({}))
            obj["choices"] = []
            obj["usage"] = usage
            self._event(json.dumps(obj))
        self._event("[DONE]")
        self._write_chunk(b"")  # zero-length chunk ends the body


# --------------------------------------------------------------------------- pytest fixture

try:
    import pytest
except ImportError:  # standalone use without pytest installed
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    @pytest.fixture
    def fake_openai():
        """A started FakeOpenAI (model "fake-model"); stopped after the test."""
        server = FakeOpenAI()
        server.start()
        try:
            yield server
        finally:
            server.stop()


# --------------------------------------------------------------------------- standalone


def _load_script(path: str) -> tuple[list, Any]:
    """Script JSON: a string/reply object (the default), a list (queued in order; the last
    entry then stays as the default), or {"queue": [...], "default": ...}."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if isinstance(data, dict) and ("queue" in data or "default" in data):
        queued = [reply_from_spec(s) for s in data.get("queue", [])]
        default = reply_from_spec(data["default"]) if "default" in data else DEFAULT_TEXT
        return queued, default
    if isinstance(data, list):
        if not data:
            return [], DEFAULT_TEXT
        replies = [reply_from_spec(s) for s in data]
        return replies[:-1], replies[-1]
    return [], reply_from_spec(data)


def _reject_arg(value: str) -> bool | int:
    return True if value.lower() in ("", "true", "yes") else int(value)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Fake OpenAI chat-completions server (for manual testing).")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8765, help="0 = random free port")
    ap.add_argument("--model", action="append", dest="models", help="model name for /v1/models (repeatable)")
    ap.add_argument("--script", help="JSON file of replies (see _load_script)")
    ap.add_argument("--text", help="default reply text (ignored with --script)")
    ap.add_argument(
        "--no-schema-example",
        action="store_true",
        help="don't answer json_schema/json_object requests with a generated example object",
    )
    ap.add_argument("--reject-json-schema", nargs="?", const="true", type=_reject_arg, default=False, metavar="STATUS")
    ap.add_argument("--reject-json-object", nargs="?", const="true", type=_reject_arg, default=False, metavar="STATUS")
    ap.add_argument("--quiet", action="store_true", help="don't log requests")
    args = ap.parse_args(argv)

    queued: list = []
    default: Any = args.text or DEFAULT_TEXT
    if args.script:
        queued, default = _load_script(args.script)
    if not args.no_schema_example and not callable(default):
        default = schema_example_responder(default)

    server = FakeOpenAI(
        host=args.host,
        port=args.port,
        models=args.models or ["fake-model"],
        default=default,
        reject_json_schema=args.reject_json_schema,
        reject_json_object=args.reject_json_object,
        verbose=not args.quiet,
    )
    server.queue(*queued)

    def _terminate(signum, frame):  # SIGTERM stops like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    server.start()
    print(f"fake OpenAI server on {server.url}  (models: {', '.join(server.models)}; Ctrl-C to stop)", flush=True)
    print(f"  e.g. --model openai/{server.models[0]} with OPENAI_API_BASE={server.url} OPENAI_API_KEY=sk-fake", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
