"""The litellm client: the only place that imports litellm (lazily), names failures, redacts secrets and retries."""

from __future__ import annotations

import asyncio
import os
import random
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from interviewer.config import Settings
from interviewer.judges.base import EngineFailure, TokenCallback


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
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _status(exc: BaseException) -> int | None:
    code = getattr(exc, "status_code", None)
    return code if isinstance(code, int) else None


def _retry_after(exc: BaseException) -> float | None:
    for obj in (getattr(exc, "response", None), exc):
        headers = getattr(obj, "headers", None) or getattr(obj, "litellm_response_headers", None)
        if headers is None:
            continue
        try:
            value = headers.get("retry-after") or headers.get("Retry-After")
        except AttributeError:
            continue
        if value:
            try:
                return float(value)
            except ValueError:
                return None
    return None


def describe_failure(exc: BaseException, model: str) -> tuple[str, bool]:
    """(a one-line reason naming the cause, whether a retry makes sense)."""
    name = type(exc).__name__
    status = _status(exc)
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)) or name in ("Timeout", "APITimeoutError", "ReadTimeout"):
        return "the model timed out", True
    if status == 429 or name == "RateLimitError":
        return "the provider is rate-limiting requests (429)", True
    if name in ("AuthenticationError", "PermissionDeniedError") or status in (401, 403):
        return f"the provider rejected the API key for {model} ({status or 401})", False
    if name == "NotFoundError" or status == 404:
        return f"model {model} was not found at the provider (404)", False
    if name in ("APIConnectionError", "ConnectError") or "connect" in str(exc).lower() and status is None:
        return "could not connect to the model server", True
    if status is not None and status >= 500 or name in ("InternalServerError", "ServiceUnavailableError", "BadGatewayError"):
        return f"the model server failed ({status or 500})", True
    if name in ("BadRequestError", "UnprocessableEntityError") or status in (400, 422):
        return f"the model server rejected the request ({status or 400})", False
    if name == "ContextWindowExceededError":
        return "the conversation is too long for the model's context window", False
    return f"the model call failed ({name})", status is None


# --------------------------------------------------------------------------- the client


class LLMClient:
    def __init__(self, settings: Settings, model: str) -> None:
        from interviewer.judges.llm.structured import FormatMemory

        self.settings = settings
        self.model = model
        self.formats = FormatMemory()  # which response_format this model accepts, learned by this client

    def _kwargs(self) -> dict[str, Any]:
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
        """Run ``attempt_fn``, retrying transient failures with backoff (bounded). A status in ``final_statuses``
        is not retried: the caller has a better answer to it (a structured call tries a simpler format)."""
        attempt = 0
        while True:
            status = None
            try:
                return await attempt_fn()
            except EngineFailure:
                raise
            except _Transient as exc:
                reason, retry_after, retryable = exc.reason, exc.retry_after, True
            except Exception as exc:  # noqa: BLE001 - classified below
                reason, retryable = describe_failure(exc, self.model)
                retry_after = _retry_after(exc)
                status = _status(exc)
            if not retryable or status in final_statuses or attempt >= self.settings.retries:
                failure = self._fail(reason + (f" after {attempt + 1} attempts" if attempt else ""))
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
        litellm = _litellm()
        kw = self._kwargs() | {"messages": messages, "max_tokens": max_tokens, "temperature": temperature}
        if response_format is not None:
            kw["response_format"] = response_format

        async def attempt() -> str:
            resp = await _route(litellm, **kw)  # litellm's, or the Router's for router/<name>
            try:
                text = resp.choices[0].message.content or ""
            except (AttributeError, IndexError, TypeError):
                raise _Transient("the model returned a malformed response") from None
            if not text.strip():
                raise _Transient("the model returned an empty reply")
            return text

        return await self._with_retries(attempt, final_statuses=final_statuses)

    async def stream(
        self, messages: list[dict[str, str]], *, max_tokens: int, temperature: float, on_token: TokenCallback | None, max_chars: int
    ) -> str:
        """Stream a reply, handing each chunk to ``on_token``. Failures before the first token are retried; after it,
        the partial text goes back in the ``EngineFailure`` so the caller can discard it (never duplicate it)."""
        litellm = _litellm()
        kw = self._kwargs() | {"messages": messages, "max_tokens": max_tokens, "temperature": temperature, "stream": True}
        parts: list[str] = []

        async def attempt() -> str:
            resp = await _route(litellm, **kw)  # litellm's, or the Router's for router/<name>
            size = 0
            try:
                async for chunk in resp:
                    try:
                        delta = chunk.choices[0].delta.content if chunk.choices else None
                    except (AttributeError, IndexError):
                        delta = None
                    if not delta:
                        continue
                    if size + len(delta) > max_chars:  # a reply far too long: stop reading, keep what we have
                        delta = delta[: max_chars - size]
                        parts.append(delta)
                        if on_token and delta:
                            on_token(delta)
                        break
                    parts.append(delta)
                    size += len(delta)
                    if on_token:
                        on_token(delta)
            except Exception as exc:  # noqa: BLE001
                if parts:
                    reason, _ = describe_failure(exc, self.model)
                    if "failed (" in reason and "stream" not in reason:
                        reason = "the reply stream was cut off"
                    raise self._fail(f"{reason} mid-reply", partial="".join(parts)) from None
                raise
            finally:
                close = getattr(resp, "aclose", None)
                if close is not None:
                    try:
                        await close()
                    except Exception:  # noqa: BLE001
                        pass
            if not "".join(parts).strip():
                parts.clear()
                raise _Transient("the model returned an empty reply")
            return "".join(parts)

        return await self._with_retries(attempt)
