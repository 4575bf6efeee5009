"""Failures named plainly: what went wrong reaching or using a model server, and whether a retry makes sense."""

from __future__ import annotations

import asyncio
import re


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


def _chain(exc: BaseException) -> list[BaseException]:
    out, seen = [], set()
    while exc is not None and id(exc) not in seen and len(out) < 10:
        out.append(exc)
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return out


_REFUSED = re.compile(r"connection refused|errno 111|errno 61|actively refused|connectionrefused", re.I)
_DNS = re.compile(r"name or service not known|nodename nor servname|getaddrinfo failed|temporary failure in name resolution", re.I)
_CONNECT = re.compile(r"\bconnect(ion)? ?(error|failed|reset|aborted)|cannot connect|could not connect|connecterror|all connection attempts failed|server disconnected|remote ?protocol ?error", re.I)


def connection_problem(exc: BaseException, where: str) -> str | None:
    """What went wrong reaching the server, named plainly ("connection refused at http://..."), or None when the
    failure is not a connection failure."""
    texts = " | ".join(f"{type(e).__name__}: {e}" for e in _chain(exc))
    if any(isinstance(e, ConnectionRefusedError) for e in _chain(exc)) or _REFUSED.search(texts):
        return f"connection refused at {where}"
    if _DNS.search(texts):
        return f"cannot resolve the address of {where}"
    names = {type(e).__name__ for e in _chain(exc)}
    if names & {"APIConnectionError", "ConnectError", "ConnectTimeout", "RemoteProtocolError"} or _CONNECT.search(texts):
        return f"could not connect to {where}"
    return None


def describe_failure(exc: BaseException, model: str, where: str | None = None) -> tuple[str, bool]:
    """(a one-line reason naming the cause, whether a retry makes sense)."""
    name = type(exc).__name__
    status = _status(exc)
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)) or name in ("Timeout", "APITimeoutError", "ReadTimeout"):
        return "the model timed out", False
    if status == 429 or name == "RateLimitError":
        return "the provider is rate-limiting requests (429)", True
    if name in ("AuthenticationError", "PermissionDeniedError") or status in (401, 403):
        return f"the provider rejected the API key for {model} ({status or 401})", False
    if name == "NotFoundError" or status == 404:
        return f"model {model} was not found at the provider (404)", False
    problem = connection_problem(exc, where or "the model server")
    if problem is not None and (status is None or name == "APIConnectionError" or status >= 500):
        return problem, True
    if status is not None and status >= 500 or name in ("InternalServerError", "ServiceUnavailableError", "BadGatewayError"):
        return f"the model server failed ({status or 500})", True
    if name in ("BadRequestError", "UnprocessableEntityError") or status in (400, 422):
        return f"the model server rejected the request ({status or 400})", False
    if name == "ContextWindowExceededError":
        return "the conversation is too long for the model's context window", False
    return f"the model call failed ({name})", status is None
