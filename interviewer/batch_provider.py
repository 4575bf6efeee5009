"""Batch review through the provider's batch API: submit now (`review --batch ... --provider-batch`), collect later
(`review --collect BATCH_ID`). The output file and its rules are those of the live batch (``batch.py``): one line per
input id, ids already in the output are never sent again.

What was submitted is kept in ``<data dir>/batches/<batch id>.json`` (model, server, output file and the answers), so
collecting needs only the id. No litellm here: the LLM package's ``batch`` module talks to the provider.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from interviewer.batch import BatchError, Item, done_ids, read_items, result_line
from interviewer.catalog import Catalog, CatalogError, default_catalog

PENDING = ("validating", "in_progress", "finalizing", "cancelling")


@dataclass
class Submitted:
    batch_id: str | None
    sent: int
    skipped: int
    failed: int  # lines that could not be sent (written as error lines now)
    state: Path | None


@dataclass
class Collected:
    status: str
    written: int = 0
    failed: int = 0
    total: int = 0
    completed: int = 0
    output: Path | None = None


def _context(item: Item, catalog: Catalog):
    from interviewer.judges.base import TurnContext
    from interviewer.services import _review_session

    persona, rubric, session, dims, _notices, _ref, ref_note = _review_session(item.answer, item.persona, item.question, catalog)
    ctx = TurnContext(persona=persona, rubric=rubric, session=session, question=session.questions[0].text, dimensions=dims)
    return persona, rubric, session, ctx, ref_note


async def submit_batch(input_path: Path, output_path: Path, settings, state_dir: Path, catalog: Catalog | None = None,
                       retry_errors: bool = False) -> Submitted:
    from interviewer.judges.llm import batch as llm_batch
    from interviewer.services import UserError

    catalog = catalog or default_catalog()
    llm_batch.provider_model(settings)  # a model without a batch API: one clear error before anything is read
    done = done_ids(output_path, retry_errors)
    lines: list[str] = []
    items: dict[str, dict] = {}
    skipped = failed = 0
    output_path.parent.mkdir(parents=True, exist_ok=True)
    with open(output_path, "a", encoding="utf-8") as fh:
        for item in read_items(input_path):
            if item.id in done or item.id in items:
                skipped += 1
                continue
            error = item.error
            if error is None:
                try:
                    _p, _r, session, ctx, _note = _context(item, catalog)
                    lines.append(llm_batch.request_line(item.id, ctx, session.turns[0].text, settings))
                    items[item.id] = {"persona": item.persona, "question": item.question, "answer": item.answer}
                    continue
                except (CatalogError, UserError) as exc:
                    error = str(exc)
            fh.write(result_line(item, error=error, engine="batch"))
            fh.flush()
            failed += 1
    if not lines:
        return Submitted(None, 0, skipped, failed, None)
    batch_id = await llm_batch.submit(settings, lines, metadata={"created_by": "interviewer review --provider-batch"})
    state_dir.mkdir(parents=True, exist_ok=True)
    state = state_dir / f"{batch_id}.json"
    from interviewer.atomic import atomic_write_text

    atomic_write_text(state, json.dumps({
        "batch_id": batch_id, "model": settings.effective_judge_model, "api_base": settings.api_base,
        "output": str(output_path.resolve()), "submitted": datetime.now().astimezone().isoformat(timespec="seconds"),
        "items": items,
    }))
    return Submitted(batch_id, len(lines), skipped, failed, state)


def load_state(state_dir: Path, batch_id: str) -> dict:
    path = state_dir / f"{batch_id}.json"
    if not batch_id.replace("_", "").replace("-", "").isalnum() or not path.is_file():
        raise BatchError(f"no submitted batch {batch_id!r} in {state_dir} (submit one with --provider-batch)")
    return json.loads(path.read_text(encoding="utf-8"))


async def collect_batch(batch_id: str, settings, state: dict, output: Path | None = None, catalog: Catalog | None = None) -> Collected:
    """Write the results of a finished batch (or say how far it is)."""
    from interviewer.judges.llm import batch as llm_batch
    from interviewer.judges.base import EngineFailure
    from interviewer.report.grader import grade
    from interviewer.services import _review_report

    catalog = catalog or default_catalog()
    out = Path(output or state["output"])
    st = await llm_batch.status(settings, batch_id)
    res = Collected(st["status"], total=st["total"], completed=st["completed"], output=out)
    if st["status"] in PENDING:
        return res
    if st["status"] != "completed":
        raise BatchError(f"batch {batch_id} ended as '{st['status']}': submit the answers again")
    replies: dict[str, dict] = {}
    errors: dict[str, str] = {}
    for fid, is_error in ((st["output_file_id"], False), (st["error_file_id"], True)):
        if not fid:
            continue
        for line in (await llm_batch.download(settings, fid)).decode("utf-8", errors="replace").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            resp = row.get("response") or {}
            cid = str(row.get("custom_id"))
            if is_error or row.get("error") or resp.get("status_code", 200) >= 400:
                err = row.get("error") or (resp.get("body") or {}).get("error") or {}
                errors[cid] = f"the model failed: {err.get('message', 'error') if isinstance(err, dict) else err}"
            else:
                replies[cid] = resp.get("body") or {}
    done = done_ids(out)
    engine = f"llm:{state.get('model')} (batch)"
    with open(out, "a", encoding="utf-8") as fh:
        for iid, it in state["items"].items():
            if iid in done:
                continue
            item = Item(iid, it["persona"], it.get("question"), it["answer"])
            line = None
            if iid in replies:
                try:
                    persona, rubric, session, ctx, note = _context(item, catalog)
                    session.turns[0].assessment = llm_batch.assessment(replies[iid], session.turns[0].text, ctx, engine)
                    line = result_line(item, _review_report(grade(session, persona, rubric, engine=engine), note), engine=engine)
                except EngineFailure as exc:
                    errors[iid] = exc.reason
            if line is None:
                line = result_line(item, error=errors.get(iid, "missing from the batch's output"), engine=engine)
                res.failed += 1
            else:
                res.written += 1
            fh.write(line)
            fh.flush()
    return res
