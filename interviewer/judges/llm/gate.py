"""One queue per model server: how many requests it gets at once, and in what order.

A model server on this machine (llama.cpp, llama-cpp-python, Ollama on a laptop) serves one request at a time:
requests sent alongside each other queue inside it, where our time limits run out on them, or (llama-cpp-python) the
newer one cuts the older one short. So requests wait here instead, where waiting costs nothing:

- at most ``limit`` requests are with the server at once (``max_concurrency``; by default 1 for a server on this
  machine, unlimited for a remote API or a litellm Router, which balance load themselves);
- the reply the candidate waits for goes first; background work (the judge's readings, the grading) follows in the
  order it asked;
- when every place is taken by background work and a reply is asked for, the newest background request gives its
  place up: it is cancelled (the server stops working on it) and sent again after the reply;
- on such a server, background work waits until no reply has been asked for during ``QUIET`` seconds: the candidate
  is then reading or typing, and a reading started now will most likely finish before the next reply is wanted
  (a reply that arrives sooner still goes first; the server only stops a cancelled request after reading its prompt);
- the time limits (first token, silence between tokens) start when a request is sent, never while it waits here.
"""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
from dataclasses import dataclass, field
from urllib.parse import urlparse

QUIET = 2.0  # seconds without a reply asked for before background work goes to a one-request-at-a-time server
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "host.docker.internal"}


def is_local(api_base: str | None) -> bool:
    """Whether ``api_base`` names a server on this machine (loopback)."""
    if not api_base:
        return False
    host = (urlparse(api_base if "//" in api_base else f"//{api_base}").hostname or "").lower()
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_limit(settings) -> int | None:
    """Requests in flight at once to the server of ``settings``: ``max_concurrency`` when set, else 1 for a server
    on this machine and None (no limit) otherwise."""
    configured = getattr(settings, "max_concurrency", None)
    if configured:
        return int(configured)
    model = settings.effective_judge_model or ""
    if model.startswith("router/"):
        return None
    return 1 if is_local(settings.api_base) else None


@dataclass
class Ticket:
    """One request's place: granted when it may go to the server; ``preempted`` is set when it must give way."""

    foreground: bool
    seq: int
    granted: asyncio.Future
    preempted: asyncio.Event = field(default_factory=asyncio.Event)


class ServerGate:
    """The queue of one server (shared by the clients of one engine set). ``limit`` None: no queue at all."""

    def __init__(self, limit: int | None, quiet: float | None = None) -> None:
        self.limit = limit
        self.quiet = (QUIET if limit == 1 else 0.0) if quiet is None else quiet
        self._quiet_from = 0.0  # loop time from which background work may go
        self._timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._seq = itertools.count()
        self._waiting: list[Ticket] = []
        self._holding: list[Ticket] = []
        self.preemptions = 0  # background requests that gave their place to a reply
        self.max_holding = 0

    @property
    def serial(self) -> bool:
        """One request at a time: a slow local server (the grader then asks for every dimension in one call)."""
        return self.limit == 1

    async def acquire(self, foreground: bool) -> Ticket:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (a script or test runs several): nothing of the old one holds
            self._loop, self._timer = loop, None
            self._waiting, self._holding = [], []
        ticket = Ticket(foreground, next(self._seq), loop.create_future())
        if self.limit is None:
            ticket.granted.set_result(True)
            return ticket
        self._waiting.append(ticket)
        self._waiting.sort(key=lambda t: (not t.foreground, t.seq))  # replies first, then in the order asked
        if foreground and self.quiet:
            self._quiet_from = float("inf")  # until this reply is done
        self._grant()
        if foreground and not ticket.granted.done():
            self._preempt()
        try:
            await ticket.granted
        except asyncio.CancelledError:
            self._drop(ticket)
            raise
        return ticket

    def release(self, ticket: Ticket) -> None:
        self._drop(ticket)

    def _drop(self, ticket: Ticket) -> None:
        if ticket in self._waiting:
            self._waiting.remove(ticket)
        if ticket in self._holding:
            self._holding.remove(ticket)
            if ticket.foreground and self.quiet and not any(t.foreground for t in self._holding + self._waiting):
                self._quiet_from = asyncio.get_running_loop().time() + self.quiet
        if self.limit is not None:
            self._grant()

    def _recheck(self) -> None:
        self._timer = None
        self._grant()

    def _grant(self) -> None:
        while self._waiting and len(self._holding) < (self.limit or 0):
            ticket = self._waiting[0]
            if ticket.granted.done():  # cancelled while waiting
                self._waiting.pop(0)
                continue
            if not ticket.foreground and self.quiet:
                loop = asyncio.get_running_loop()
                if loop.time() < self._quiet_from:  # a reply was asked for just now: the candidate may answer soon
                    if self._timer is None and self._quiet_from != float("inf"):
                        self._timer = loop.call_at(self._quiet_from, self._recheck)
                    return
            self._waiting.pop(0)
            self._holding.append(ticket)
            self.max_holding = max(self.max_holding, len(self._holding))
            ticket.granted.set_result(True)

    def _preempt(self) -> None:
        """A reply waits and every place is busy: the newest background request in flight gives way."""
        background = [t for t in self._holding if not t.foreground and not t.preempted.is_set()]
        if background:
            victim = max(background, key=lambda t: t.seq)
            victim.preempted.set()
            self.preemptions += 1
