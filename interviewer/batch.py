"""Batch review: score many written answers (a class, a recorded mock day) from JSONL, resumably.

Input lines are ``{"id", "persona", "question", "answer"}``. Each input id gets exactly one output line
``{"id", "overall", "recommendation", "dimensions", "engine", "error"}``, appended and flushed as soon as it is
known, so a killed run loses at most the answers in flight. A rerun skips the ids already in the output (they are
never sent to the model again); ``retry_errors`` gives the failed ones another go.

Concurrency is bounded by a fixed pool of workers fed from a small queue, so memory stays flat however long the
input is. With a model, each answer costs one structured judge call; the scores are aggregated offline from it.
No Textual, no litellm here (the judge object brings its own).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from interviewer.catalog import Catalog, CatalogError, default_catalog
from interviewer.errors import UserError

MAX_LINE = 200_000  # characters of one input line; longer ones are refused (an answer is cut at 30,000 anyway)


class BatchError(UserError, ValueError):
    """A problem with the batch as a whole (unreadable input, output clash); one line for the user."""


@dataclass
class Item:
    id: str
    persona: str
    question: str | None
    answer: str
    error: str | None = None  # the line could not be used: it gets an error line


@dataclass
class BatchStats:
    total: int = 0  # input ids
    skipped: int = 0  # already in the output
    done: int = 0  # scored in this run
    failed: int = 0  # error lines written in this run
    duplicates: int = 0  # input lines whose id came earlier in the input
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # the first few, for the summary


# --------------------------------------------------------------------------- input and output


def _item(obj: Any, line_no: int) -> Item:
    if not isinstance(obj, dict):
        return Item(f"line-{line_no}", "", None, "", error=f"line {line_no}: expected a JSON object")
    raw_id = obj.get("id")
    iid = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id).strip() else f"line-{line_no}"
    persona = obj.get("persona") or "behavioral"
    answer = obj.get("answer")
    question = obj.get("question")
    if raw_id is None or not str(raw_id).strip():
        return Item(iid, str(persona), None, "", error=f"line {line_no}: no 'id'")
    if not isinstance(answer, str) or not answer.strip():
        return Item(iid, str(persona), None, "", error="no answer text ('answer' is missing or empty)")
    if question is not None and not isinstance(question, str):
        return Item(iid, str(persona), None, answer, error="'question' must be a string")
    if not isinstance(persona, str):
        return Item(iid, "", question, answer, error="'persona' must be a string")
    return Item(iid, persona, question or None, answer)


def read_items(path: Path) -> Iterator[Item]:
    """The input's items in order, read lazily. A line that is not JSON becomes an item with an error."""
    try:
        fh = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise BatchError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            if len(line) > MAX_LINE:
                yield Item(f"line-{n}", "", None, "", error=f"line {n} is longer than {MAX_LINE} characters")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Item(f"line-{n}", "", None, "", error=f"line {n} is not JSON ({exc.msg})")
                continue
            yield _item(obj, n)


def count_items(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError as exc:
        raise BatchError(f"cannot read {path}: {exc.strerror or exc}") from None


def done_ids(path: Path, retry_errors: bool = False) -> set[str]:
    """The ids the output already holds. A last line cut off by a kill is removed; with ``retry_errors`` the error
    lines are removed too, so those ids are scored again."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    keep_upto = data.rfind(b"\n") + 1  # a partial last line (no newline) was in flight when the run died
    lines = data[:keep_upto].splitlines(keepends=True)
    ids: set[str] = set()
    kept: list[bytes] = []
    for line in lines:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue  # a damaged line: its id is scored again
        if not isinstance(obj, dict) or "id" not in obj:
            continue
        if retry_errors and obj.get("error"):
            continue
        ids.add(str(obj["id"]))
        kept.append(line)
    if keep_upto != len(data) or len(kept) != len(lines):
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(b"".join(kept))
        os.replace(tmp, path)
    return ids


def result_line(item: Item, report=None, error: str | None = None, engine: str = "offline") -> str:
    if report is None:
        obj = {"id": item.id, "overall": None, "recommendation": None, "dimensions": {}, "engine": engine, "error": error or "failed"}
    else:
        obj = {
            "id": item.id,
            "overall": report.overall,
            "recommendation": report.recommendation,
            "dimensions": {d.id: d.score for d in report.dimensions},
            "engine": engine,
            "error": None,
        }
    return json.dumps(obj, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- progress bar


class ProgressBar:
    """``[#####.....] 512/1000 51% 32.0/s ETA 15s 2 errors`` on one stderr line, redrawn at most ten times a second."""

    def __init__(self, total: int, stream: IO[str] | None = None, enabled: bool | None = None, width: int = 28) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total, self.width = max(total, 0), width
        self.count = self.errors = 0
        self.start = time.monotonic()
        self._last = 0.0
        self.draws = 0

    def advance(self, error: bool = False) -> None:
        self.count += 1
        self.errors += int(error)
        now = time.monotonic()
        if self.enabled and (now - self._last >= 0.1 or self.count >= self.total):
            self._last = now
            self.draw(now)

    def draw(self, now: float | None = None) -> None:
        now = now or time.monotonic()
        frac = self.count / self.total if self.total else 1.0
        filled = int(frac * self.width)
        rate = self.count / max(now - self.start, 1e-9)
        eta = (self.total - self.count) / rate if rate > 0 else 0
        errs = f"  {self.errors} error{'s' if self.errors != 1 else ''}" if self.errors else ""
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {self.count}/{self.total} {frac:4.0%} "
            f"{rate:5.1f}/s ETA {eta:4.0f}s{errs}  "
        )
        self.stream.flush()
        self.draws += 1

    def close(self) -> None:
        if self.enabled and self.draws:
            self.stream.write("\n")
            self.stream.flush()


# --------------------------------------------------------------------------- scoring


class Scorer:
    """Scores one item: the offline judge, or one call to ``judge`` (an LLM judge) aggregated offline."""

    def __init__(self, catalog: Catalog, judge=None) -> None:
        self.catalog = catalog
        self.judge = judge
        self.engine = getattr(judge, "name", "offline") if judge is not None else "offline"

    async def score(self, item: Item) -> str:
        from interviewer.judges.base import EngineFailure
        from interviewer.services import UserError, review, review_with

        try:
            self.catalog.persona(item.persona)
        except CatalogError as exc:
            return result_line(item, error=str(exc), engine=self.engine)
        try:
            if self.judge is None:
                report, _ = review(item.answer, persona_id=item.persona, question=item.question, catalog=self.catalog)
            else:
                report = await review_with(self.judge, item.answer, persona_id=item.persona, question=item.question, catalog=self.catalog)
        except EngineFailure as exc:
            return result_line(item, error=f"the model failed: {exc.reason}", engine=self.engine)
        except UserError as exc:
            return result_line(item, error=str(exc), engine=self.engine)
        except Exception as exc:  # noqa: BLE001 - one bad answer never stops the batch
            return result_line(item, error=f"{type(exc).__name__}: {exc}"[:300], engine=self.engine)
        return result_line(item, report, engine=self.engine)


async def run_batch(
    input_path: Path | str,
    output_path: Path | str,
    *,
    concurrency: int = 8,
    judge=None,
    catalog: Catalog | None = None,
    retry_errors: bool = False,
    progress: ProgressBar | None = None,
    on_start: Callable[[BatchStats], None] | None = None,
) -> BatchStats:
    """Score every input id not yet in the output, ``concurrency`` at a time, appending one line per id."""
    t0 = time.perf_counter()
    inp, out = Path(input_path), Path(output_path)
    if inp.resolve() == out.resolve():
        raise BatchError("the output file must not be the input file")
    catalog = catalog or default_catalog()
    stats = BatchStats(total=count_items(inp))
    done = done_ids(out, retry_errors)
    stats.skipped = min(len(done), stats.total)
    if on_start:
        on_start(stats)
    bar = progress
    if bar is not None:
        bar.total = stats.total - stats.skipped
    scorer = Scorer(catalog, judge)
    queue: asyncio.Queue[Item | None] = asyncio.Queue(maxsize=concurrency * 2)
    out.parent.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()

    with open(out, "a", encoding="utf-8") as fh:

        def write(line: str, failed: bool) -> None:
            fh.write(line)
            fh.flush()  # a kill loses at most what is in flight
            if failed:
                stats.failed += 1
                if len(stats.errors) < 5:
                    stats.errors.append(json.loads(line)["error"])
            else:
                stats.done += 1
            if bar is not None:
                bar.advance(error=failed)

        async def worker() -> None:
            while (item := await queue.get()) is not None:
                line = await scorer.score(item)
                write(line, '"error": null' not in line)

        workers = [asyncio.create_task(worker()) for _ in range(max(1, concurrency))]
        try:
            for item in read_items(inp):
                if item.id in done:
                    continue
                if item.id in seen:
                    stats.duplicates += 1
                    continue
                seen.add(item.id)
                if item.error:
                    write(result_line(item, error=item.error, engine=scorer.engine), True)
                    continue
                await queue.put(item)
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers)
        finally:
            for w in workers:
                w.cancel()
            if bar is not None:
                bar.close()
    stats.seconds = time.perf_counter() - t0
    return stats
