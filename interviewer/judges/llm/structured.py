"""Structured output: a pydantic schema asked of the model, with format degradation (json_schema -> json_object ->
plain text) and one repair turn. What format a model accepts is remembered by its client, never process-wide."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ValidationError

from interviewer.judges.base import EngineFailure
from interviewer.judges.llm.client import LLMClient
from interviewer.judges.llm.prompts import render_prompt

FormatMode = Literal["json_schema", "json_object", "plain"]
MODES: tuple[FormatMode, ...] = ("json_schema", "json_object", "plain")
REJECTED_FORMAT = (400, 422, 500)  # how servers answer a response_format they do not support


class FormatMemory:
    """The best response_format each (model, api_base) has accepted so far. One per client (shared by the clients
    of one engine set), so two sessions or two tests never see each other's lessons."""

    def __init__(self) -> None:
        self._modes: dict[tuple[str, str | None], FormatMode] = {}
        self._confirmed: set[tuple[str, str | None]] = set()
        self._locks: dict[tuple, asyncio.Lock] = {}

    def get(self, key: tuple[str, str | None]) -> FormatMode:
        return self._modes.get(key, "json_schema")

    def learn(self, key: tuple[str, str | None], mode: FormatMode) -> None:
        self._modes[key] = mode

    def confirmed(self, key: tuple[str, str | None]) -> bool:
        return key in self._confirmed

    def confirm(self, key: tuple[str, str | None]) -> None:
        self._confirmed.add(key)

    def probing(self, key: tuple[str, str | None]) -> asyncio.Lock:
        """Held by the first call while it finds out what format works: calls running alongside it (background
        readings, concurrent gradings) wait for its answer instead of each trying the formats a server rejects."""
        loop = asyncio.get_running_loop()  # a lock belongs to one event loop (tests and scripts run several)
        return self._locks.setdefault((key, id(loop)), asyncio.Lock())

    def __len__(self) -> int:
        return len(self._modes)

    def as_dict(self) -> dict[tuple[str, str | None], FormatMode]:
        return dict(self._modes)


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```\s*$", re.I)


def parse_json_reply(text: str, model: type[BaseModel]) -> BaseModel:
    body = _FENCE.sub("", text.strip())
    if not body.startswith("{"):
        start, end = body.find("{"), body.rfind("}")
        if start != -1 and end > start:
            body = body[start : end + 1]
    try:
        data = json.loads(body, strict=False)  # a raw newline or tab inside a string (small local models) is fine
    except json.JSONDecodeError as exc:
        raise ValueError(f"the reply is not valid JSON ({exc.msg} at position {exc.pos})") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errs = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()[:4])
        raise ValueError(f"the JSON does not match the schema ({errs})") from None


@lru_cache(maxsize=64)
def schema_text(schema_model: type[BaseModel]) -> str:
    """The model's JSON schema, compact: generated once per class (pydantic rebuilds it on every call otherwise)."""
    return json.dumps(schema_model.model_json_schema(), separators=(",", ":"))


def json_schema(schema_model: type[BaseModel]) -> dict:
    """A fresh copy of the cached schema (a request may be changed on its way out; the cache never is)."""
    return json.loads(schema_text(schema_model))


STRING_CHARS = 80  # a quote or a sentence, in a schema a local server turns into a grammar
LIST_ITEMS = 2


def bounded(schema: dict) -> dict:
    """The schema with every string and list of strings bounded (``maxLength``, ``maxItems``), for a local server
    that turns it into a grammar (llama.cpp, llama-cpp-python): the model then writes exactly this shape and stops
    within its output budget, instead of running on until the JSON is cut off. Pydantic still validates the reply
    against the model itself; a shorter quote is still verbatim."""
    if isinstance(schema, dict):
        out = {k: bounded(v) for k, v in schema.items()}
        if out.get("type") == "string" and "enum" not in out:
            out["maxLength"] = min(out.get("maxLength", STRING_CHARS), STRING_CHARS)
        if out.get("type") == "array" and isinstance(out.get("items"), dict) and out["items"].get("type") == "string":
            out["maxItems"] = min(out.get("maxItems", LIST_ITEMS), LIST_ITEMS)
        return out
    if isinstance(schema, list):
        return [bounded(v) for v in schema]
    return schema


def _response_format(mode: FormatMode, schema_model: type[BaseModel], name: str, local: bool = False) -> dict | None:
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": name, "schema": json_schema(schema_model), "strict": False}}
    if mode == "json_object":  # a local server also gets the schema as a grammar (llama.cpp's own extension)
        return {"type": "json_object", "schema": bounded(json_schema(schema_model))} if local else {"type": "json_object"}
    return None


@dataclass
class StructuredResult:
    value: BaseModel
    mode: FormatMode
    repaired: bool = False


class StructuredCaller:
    """One structured call with format degradation (json_schema -> json_object -> plain) and one repair."""

    def __init__(self, client: LLMClient) -> None:
        self.client = client
        self.modes_tried: list[FormatMode] = []

    @property
    def local(self) -> bool:
        from interviewer.judges.llm.gate import is_local

        return is_local(self.client.settings.api_base)

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.client.model, self.client.settings.api_base)

    async def call(
        self,
        build_user: Callable[[str | None], str],
        system: str,
        schema_model: type[BaseModel],
        name: str,
        max_tokens: int,
    ) -> StructuredResult:
        memory = self.client.formats
        if memory.confirmed(self.key):
            return await self._call(build_user, system, schema_model, name, max_tokens)
        async with memory.probing(self.key):
            if not memory.confirmed(self.key):  # still unknown once it is our turn: we probe, the others wait
                return await self._call(build_user, system, schema_model, name, max_tokens)
        return await self._call(build_user, system, schema_model, name, max_tokens)  # learned meanwhile: no queue

    async def _call(
        self, build_user: Callable[[str | None], str], system: str, schema_model: type[BaseModel], name: str, max_tokens: int
    ) -> StructuredResult:
        memory = self.client.formats
        start = memory.get(self.key)
        modes = MODES[MODES.index(start) :]
        last_error = "no format worked"
        for i, mode in enumerate(modes):
            inline = None if mode == "json_schema" else schema_text(schema_model)
            messages = [{"role": "system", "content": system}, {"role": "user", "content": build_user(inline)}]
            fmt = _response_format(mode, schema_model, name, local=self.local)
            is_last = i == len(modes) - 1
            try:
                # a server that does not support a response_format says so at once, with 400/422 or (llama.cpp's
                # server) 500: that is not retried but answered with the next, simpler format. 429, 502-504,
                # timeouts and lost connections are retried as usual.
                text = await self.client.complete(
                    messages, max_tokens=max_tokens, temperature=0.0, response_format=fmt,
                    final_statuses=REJECTED_FORMAT if fmt is not None else (),
                )
            except EngineFailure as exc:
                last_error = exc.reason
                if fmt is not None and exc.status in REJECTED_FORMAT and not is_last:
                    continue
                raise
            self.modes_tried.append(mode)
            if mode != start:
                memory.learn(self.key, mode)
            memory.confirm(self.key)  # the server accepted this format: no more probing
            try:
                return StructuredResult(parse_json_reply(text, schema_model), mode)
            except ValueError as exc:
                repair = messages + [
                    {"role": "assistant", "content": text[:4000]},
                    {"role": "user", "content": render_prompt("repair.j2", error=str(exc))},
                ]
                text2 = await self.client.complete(repair, max_tokens=max_tokens, temperature=0.0, response_format=fmt)
                try:
                    return StructuredResult(parse_json_reply(text2, schema_model), mode, repaired=True)
                except ValueError as exc2:
                    raise self.client._fail(f"invalid structured output after one repair: {exc2}") from None
        raise self.client._fail(last_error)
