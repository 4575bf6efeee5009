"""The litellm client: the only place that imports litellm (lazily), names failures, redacts secrets and retries.

Time limits fit slow local models: every request is streamed, with a limit on the time to the first token and a
limit on the silence between tokens, never a total timeout, so a model that is still writing is never cut off. A
request that timed out is not retried on the same server (it may still be working on it, and a retry would queue
behind it); a refused connection, a 429 or a 5xx answer is (the server is not working on it). Consecutive connection
failures open a circuit breaker (``ServerHealth``): the session goes offline for a while, says so once, then tries
again.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from interviewer.config import Settings
from interviewer.judges.base import EngineFailure, TokenCallback, background_work
from interviewer.judges.llm.failures import _retry_after, _status, connection_problem, describe_failure  # noqa: F401


@lru_cache(maxsize=1)
def _litellm():
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # never fetch the cost map at import
    os.environ.setdefault("LITELLM_LOG", "ERROR")
    import litellm

    litellm.suppress_debug_info = True
    litellm.drop_params = True
    litellm.telemetry = False
    return litellm


# --------------------------------------------------------------------------- secrets


async def _route(litellm, **kw: Any):
    """``litellm.acompletion``, or a litellm Router's when the model is ``router/<name>`` (see ``router.py``)."""
    from interviewer.judges.llm.router import acompletion

    return await acompletion(litellm, **kw)


def _secrets(settings: Settings | None) -> list[str]:
    out = []
    if settings and settings.api_key:
        out.append(settings.api_key.get_secret_value())
    for k, v in os.environ.items():
        if v and len(v) >= 8 and re.search(r"(KEY|TOKEN|SECRET)", k, re.I):
            out.append(v)
    return sorted(set(out), key=len, reverse=True)


def redact(text: str, settings: Settings | None = None) -> str:
    for s in _secrets(settings):
        text = text.replace(s, "***")
    return re.sub(r"\b(sk|pk|key)-[A-Za-z0-9_\-]{12,}", "***", text)


# --------------------------------------------------------------------------- failures


class _Transient(Exception):
    """A failure after which the server is not working on the request: a retry is safe."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _GaveWay(Exception):
    """A background request gave its place at a one-request-at-a-time server to a reply the candidate waits for: it
    was cancelled, and is sent again after that reply (see ``gate.py``)."""


class _TimedOut(Exception):
    """No first token in time, or the model went silent: the server may still be working, so no retry there."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------- the circuit breaker


class ServerHealth:
    """A circuit breaker shared by the clients of one engine set. After ``threshold`` connection failures in a row
    the server counts as down for ``cooloff`` seconds: calls fail at once (quietly: it was said once) and the
    interview goes on offline. After the cool-off one call tries again; a success closes the breaker."""

    def __init__(self, threshold: int = 3, cooloff: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.threshold = threshold
        self.cooloff = cooloff
        self.clock = clock
        self.failures = 0
        self.open_until: float | None = None
        self.reason = ""
        self.announced = False  # the candidate has been told the session is offline
        self.gate = None  # the server's request queue (gate.ServerGate), made by the first client that sends

    @property
    def is_open(self) -> bool:
        return self.open_until is not None and self.clock() < self.open_until

    def refuse(self) -> EngineFailure | None:
        """The failure to raise at once while the breaker is open, else None (go ahead)."""
        if not self.is_open:
            return None
        left = max(int((self.open_until or 0) - self.clock() + 0.999), 1)
        if not self.announced and not background_work.get():  # said once, with a reply the candidate sees
            self.announced = True
            return EngineFailure(f"{self.reason}; continuing offline, the model will be tried again in {left} s")
        return EngineFailure(f"{self.reason}; the model is offline for now (next try in {left} s)", quiet=True)

    def connection_failed(self, reason: str) -> bool:
        """Count one connection failure; True if the breaker opens now."""
        self.failures += 1
        self.reason = reason
        if self.failures >= self.threshold:
            self.open_until = self.clock() + self.cooloff
            return True
        return False

    def succeeded(self) -> None:
        self.failures = 0
        self.open_until = None
        self.announced = False


# --------------------------------------------------------------------------- the client


class LLMClient:
    def __init__(self, settings: Settings, model: str, health: ServerHealth | None = None) -> None:
        from interviewer.judges.llm.structured import FormatMemory

        self.settings = settings
        self.model = model
        self.formats = FormatMemory()  # which response_format this model accepts, learned by this client
        self.health = health or ServerHealth()

    @property
    def where(self) -> str:
        return self.settings.api_base or f"the {self.model.split('/', 1)[0]} API"

    def _kwargs(self) -> dict[str, Any]:
        # the transport's limit on waiting for bytes: the response headers must come within the first-token limit
        # (the client's own set-up, such as litellm's lazy imports on a first call, is not counted); after them the
        # stream's own limits apply: the first token, then the silence between tokens
        kw: dict[str, Any] = {"model": self.model, "timeout": self.settings.timeout, "num_retries": 0, "max_retries": 0}
        if self.settings.api_base:
            kw["api_base"] = self.settings.api_base
        if self.settings.api_key:
            kw["api_key"] = self.settings.api_key.get_secret_value()
        elif self.settings.api_base and self.model.startswith(("openai/", "text-completion-openai/")) and not os.environ.get("OPENAI_API_KEY"):
            kw["api_key"] = "no-key-needed"  # local OpenAI-compatible servers need none, the client needs one
        return kw

    def _fail(self, reason: str, partial: str = "") -> EngineFailure:
        return EngineFailure(redact(reason, self.settings), partial=partial)

    async def _with_retries(self, attempt_fn: Callable[[], Any], *, final_statuses: tuple[int, ...] = ()):
        """Run ``attempt_fn``, retrying failures after which the server is not working on the request (refused
        connections, 429, 5xx, empty replies) with backoff (bounded). A timeout is not retried. A status in
        ``final_statuses`` is not retried either: the caller has a better answer to it (a simpler format)."""
        attempt = 0
        while True:
            refused = self.health.refuse()
            if refused is not None:
                raise refused
            status = None
            connection = False
            try:
                result = await attempt_fn()
                self.health.succeeded()
                return result
            except _GaveWay:
                continue  # not a failure: sent again when the reply the candidate waits for is done
            except EngineFailure:
                raise
            except _TimedOut as exc:
                reason, retry_after, retryable = exc.reason, None, False
            except _Transient as exc:
                reason, retry_after, retryable = exc.reason, exc.retry_after, True
            except Exception as exc:  # noqa: BLE001 - classified below
                reason, retryable = describe_failure(exc, self.model, self.where)
                if reason == "the model timed out":  # the transport's limit: no response headers in time
                    reason = f"the model sent nothing within {self.settings.timeout:g} s"
                retry_after = _retry_after(exc)
                status = _status(exc)
                connection = connection_problem(exc, self.where) is not None and reason.startswith(("connection", "could not", "cannot"))
            if connection and self.health.connection_failed(reason):
                failure = self._fail(
                    f"{reason} ({self.health.failures} times in a row); continuing offline, "
                    f"the model will be tried again in {self.health.cooloff:g} s"
                )
                failure.status = status
                if background_work.get():
                    failure.quiet = True  # a background reading: the next reply says it
                else:
                    self.health.announced = True
                raise failure
            if not retryable or status in final_statuses or attempt >= self.settings.retries:
                failure = self._fail(reason if connection or not attempt else f"{reason} after {attempt + 1} attempts")
                failure.status = status
                raise failure
            delay = retry_after if retry_after is not None else 0.4 * (2**attempt) * (1 + random.random() * 0.25)
            await asyncio.sleep(min(max(delay, 0.0), 10.0))
            attempt += 1

    async def complete(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int,
        temperature: float,
        response_format: dict | None = None,
        final_statuses: tuple[int, ...] = (),
    ) -> str:
        """A whole reply (streamed underneath, so the time limits are the same as for the voice)."""
        kw: dict[str, Any] = {"messages": messages, "max_tokens": max_tokens, "temperature": temperature}
        if response_format is not None:
            kw["response_format"] = response_format
        return await self._with_retries(lambda: self._stream_once(kw, None, None, []), final_statuses=final_statuses)

    async def stream(
        self, messages: list[dict[str, str]], *, max_tokens: int, temperature: float, on_token: TokenCallback | None, max_chars: int
    ) -> str:
        """Stream a reply, handing each chunk to ``on_token``. Failures before the first token are retried when
        that is safe; after it, the partial text goes back in the ``EngineFailure`` so the caller can discard it
        (never duplicate it)."""
        kw = {"messages": messages, "max_tokens": max_tokens, "temperature": temperature}
        parts: list[str] = []
        return await self._with_retries(lambda: self._stream_once(kw, on_token, max_chars, parts))

    @property
    def gate(self):
        """The queue of this client's server (shared through ``health`` by the clients of one engine set)."""
        gate = getattr(self.health, "gate", None)
        if gate is None:
            from interviewer.judges.llm.gate import ServerGate, server_limit

            gate = self.health.gate = ServerGate(server_limit(self.settings))
        return gate

    def allow(self, n: int) -> None:
        """Let ``n`` requests go to the server at once, unless ``max_concurrency`` says otherwise."""
        if self.settings.max_concurrency is None:
            self.gate.limit = n

    async def _stream_once(self, body: dict[str, Any], on_token: TokenCallback | None, max_chars: int | None, parts: list[str]) -> str:
        """One request, sent when the server's queue lets it go (replies first; see ``gate.py``). A background
        request that must give its place to a reply is cancelled and raises ``_GaveWay`` (sent again after it)."""
        gate = self.gate
        foreground = not background_work.get()
        ticket = await gate.acquire(foreground)
        try:
            if foreground or gate.limit is None:
                return await self._stream_request(body, on_token, max_chars, parts)
            request = asyncio.ensure_future(self._stream_request(body, on_token, max_chars, parts))
            preempted = asyncio.ensure_future(ticket.preempted.wait())
            try:
                await asyncio.wait({request, preempted}, return_when=asyncio.FIRST_COMPLETED)
            except asyncio.CancelledError:
                request.cancel()
                raise
            finally:
                preempted.cancel()
            if request.done():
                return request.result()
            request.cancel()  # closes the stream: the server stops working on it
            try:
                await request
            except BaseException:  # noqa: BLE001 - it was cancelled on purpose
                pass
            raise _GaveWay()
        finally:
            gate.release(ticket)

    @staticmethod
    def _take(batch: list[str], parts: list[str], size: int, on_token: TokenCallback | None, max_chars: int | None) -> int:
        """Add a batch of chunk texts to ``parts`` (handing each to ``on_token``); the size of the text so far, or -1
        when ``max_chars`` is reached (the last text is cut to fit and the rest of the reply is not read)."""
        for delta in batch:
            if not delta:
                continue
            if max_chars is not None and size + len(delta) > max_chars:  # far too long: keep what we have
                delta = delta[: max_chars - size]
                parts.append(delta)
                if on_token and delta:
                    on_token(delta)
                return -1
            parts.append(delta)
            size += len(delta)
            if on_token:
                on_token(delta)
        return size

    async def _stream_request(self, body: dict[str, Any], on_token: TokenCallback | None, max_chars: int | None, parts: list[str]) -> str:
        litellm = _litellm()
        loop = asyncio.get_running_loop()
        first_limit = self.settings.timeout
        idle_limit = min(self.settings.idle_timeout, self.settings.timeout)  # the transport's read limit caps it
        parts.clear()
        # the transport's read limit covers the wait for the response headers (the client's own set-up, such as
        # litellm's lazy imports on a first call, is not the server's time); then our limits take over
        resp = await _route(litellm, **(self._kwargs() | body | {"stream": True}))  # litellm's, or the Router's for router/<name>
        from interviewer.judges.llm.chunks import text_batches

        deltas = text_batches(resp)  # the chunks that came in one read, as one list
        size = 0
        moved = 0.0
        try:
            # one deadline, moved on by the chunks: the first token within first_limit, then no silence over idle_limit
            # (moved at most every 50 ms: chunks come in bursts, and moving a timer costs more than reading a chunk)
            async with asyncio.timeout(first_limit) as deadline:
                async for batch in deltas:
                    if parts and (now := loop.time()) - moved >= 0.05:
                        deadline.reschedule(now + idle_limit)
                        moved = now
                    size = self._take(batch, parts, size, on_token, max_chars)
                    if size < 0:
                        break
                    if parts and not moved:  # the first token: from now on, the silence limit
                        moved = loop.time()
                        deadline.reschedule(moved + idle_limit)
        except TimeoutError:
            if not deadline.expired():
                raise
            if parts:
                raise self._fail(f"the model went silent for {idle_limit:g} s mid-reply", partial="".join(parts)) from None
            raise _TimedOut(f"no first token from the model within {first_limit:g} s") from None
        except (EngineFailure, _TimedOut):
            raise
        except Exception as exc:  # noqa: BLE001
            if parts:
                reason, _ = describe_failure(exc, self.model, self.where)
                if "failed (" in reason or reason.startswith(("connection", "could not")):
                    reason = "the reply stream was cut off"
                raise self._fail(f"{reason} mid-reply", partial="".join(parts)) from None
            raise
        finally:
            await deltas.aclose()
            close = getattr(resp, "aclose", None)
            if close is not None:
                try:
                    await close()
                except Exception:  # noqa: BLE001
                    pass
        text = "".join(parts)
        if not text.strip():
            parts.clear()
            raise _Transient("the model returned an empty reply")
        return text
