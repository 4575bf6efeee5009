"""OpenAI-compatible Files and Batches endpoints for the fake server (``tests/fakeopenai.py``), standard library only.

    POST /v1/files                      multipart (purpose, file) -> a file object
    GET  /v1/files/{id}                 the file object
    GET  /v1/files/{id}/content         the file's bytes
    POST /v1/batches                    {input_file_id, endpoint, completion_window} -> a batch object
    GET  /v1/batches/{id}               the batch; "in_progress" on the first ``polls_before_done`` reads, then
                                        "completed" with an output file (and an error file when some lines failed)

Each line of a batch's input file is answered by the server's own responder (the queue, then ``default``), exactly
like a chat-completions request, so a test scripts batch replies the same way it scripts ordinary ones. A reply with
an HTTP error status becomes an error line. The server records every request as usual (``fake.requests``), and the
batch lines answered in ``fake.batch_lines``.
"""

from __future__ import annotations

import json
import time
import uuid
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any


def _state(fake) -> dict:
    if not hasattr(fake, "_batch_state"):
        fake._batch_state = {"files": {}, "batches": {}, "polls": {}}
        fake.batch_lines = []  # (custom_id, request body) of every batch line answered
        if not hasattr(fake, "polls_before_done"):
            fake.polls_before_done = 1
    return fake._batch_state


def _file_object(fid: str, meta: dict) -> dict:
    return {"id": fid, "object": "file", "bytes": len(meta["data"]), "created_at": meta["created"],
            "filename": meta["filename"], "purpose": meta["purpose"], "status": "processed", "status_details": None}


def _new_file(state: dict, data: bytes, filename: str, purpose: str) -> str:
    fid = "file-" + uuid.uuid4().hex[:24]
    state["files"][fid] = {"data": data, "filename": filename, "purpose": purpose, "created": int(time.time())}
    return fid


def _multipart(handler, body: bytes) -> dict[str, tuple[bytes, str | None]]:
    ctype = handler.headers.get("Content-Type", "")
    msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
    fields = {}
    if msg.is_multipart():
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[name] = (part.get_payload(decode=True) or b"", part.get_filename())
    return fields


def _answer(fake, request: dict) -> tuple[int, dict]:
    """(status, body) for one batch line, from the server's responder."""
    from tests.fakeopenai import _prompt_tokens, _to_reply

    reply = _to_reply(fake._next_reply_spec(), request)
    if reply.status >= 400:
        return reply.status, {"error": {"message": reply.text or f"error {reply.status}", "type": "server_error"}}
    pt, ct = _prompt_tokens(request), len(reply.text) // 4
    return 200, {
        "id": "chatcmpl-" + uuid.uuid4().hex[:24], "object": "chat.completion", "created": int(time.time()),
        "model": request.get("model") or "fake-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.text, "refusal": None},
                     "logprobs": None, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct},
    }


def _run_batch(fake, state: dict, batch: dict) -> None:
    lines = state["files"][batch["input_file_id"]]["data"].decode("utf-8").splitlines()
    out, err = [], []
    for line in lines:
        if not line.strip():
            continue
        item = json.loads(line)
        cid, body = item.get("custom_id"), item.get("body") or {}
        fake.batch_lines.append((cid, body))
        status, resp = _answer(fake, body)
        row = {"id": "batch_req_" + uuid.uuid4().hex[:16], "custom_id": cid,
               "response": {"status_code": status, "request_id": uuid.uuid4().hex[:12], "body": resp}, "error": None}
        (out if status == 200 else err).append(json.dumps(row))
    batch["request_counts"] = {"total": len(out) + len(err), "completed": len(out), "failed": len(err)}
    batch["output_file_id"] = _new_file(state, ("\n".join(out) + "\n").encode(), "batch_output.jsonl", "batch_output") if out else None
    batch["error_file_id"] = _new_file(state, ("\n".join(err) + "\n").encode(), "batch_errors.jsonl", "batch_output") if err else None


def handle_post(handler, path: str, body: bytes) -> bool:
    """Serve POST /v1/files and /v1/batches; False for any other path."""
    fake = handler.fake
    state = _state(fake)
    if path in ("/v1/files", "/files"):
        fields = _multipart(handler, body)
        data, filename = fields.get("file", (b"", None))
        purpose = fields.get("purpose", (b"batch", None))[0].decode()
        fid = _new_file(state, data, filename or "upload.jsonl", purpose)
        handler._send_json(200, _file_object(fid, state["files"][fid]))
        return True
    if path in ("/v1/batches", "/batches"):
        req = json.loads(body or b"{}")
        fid = req.get("input_file_id")
        if fid not in state["files"]:
            handler._send_error_json(400, f"No file with id {fid}")
            return True
        bid = "batch_" + uuid.uuid4().hex[:24]
        batch = {"id": bid, "object": "batch", "endpoint": req.get("endpoint", "/v1/chat/completions"), "errors": None,
                 "input_file_id": fid, "completion_window": req.get("completion_window", "24h"), "status": "validating",
                 "output_file_id": None, "error_file_id": None, "created_at": int(time.time()),
                 "request_counts": {"total": 0, "completed": 0, "failed": 0}, "metadata": req.get("metadata")}
        _run_batch(fake, state, batch)  # answered now; reported as done after a poll or two, like a real provider
        state["batches"][bid] = batch
        state["polls"][bid] = 0
        handler._send_json(200, dict(batch, output_file_id=None, error_file_id=None))
        return True
    return False


def handle_get(handler, path: str) -> bool:
    """Serve GET /v1/files/... and /v1/batches/...; False for any other path."""
    fake = handler.fake
    state = _state(fake)
    parts = [p for p in path.split("/") if p and p != "v1"]
    if len(parts) >= 2 and parts[0] == "files":
        meta = state["files"].get(parts[1])
        if meta is None:
            handler._send_error_json(404, f"No file with id {parts[1]}")
        elif len(parts) == 3 and parts[2] == "content":
            handler._send(200, meta["data"], "application/octet-stream")
        else:
            handler._send_json(200, _file_object(parts[1], meta))
        return True
    if len(parts) == 2 and parts[0] == "batches":
        batch = state["batches"].get(parts[1])
        if batch is None:
            handler._send_error_json(404, f"No batch with id {parts[1]}")
            return True
        state["polls"][parts[1]] += 1
        if state["polls"][parts[1]] <= fake.polls_before_done:
            done = batch["request_counts"]["total"] // 2
            shown: dict[str, Any] = dict(batch, status="in_progress", output_file_id=None, error_file_id=None,
                                         request_counts={"total": batch["request_counts"]["total"], "completed": done, "failed": 0})
        else:
            shown = dict(batch, status="completed", completed_at=int(time.time()))
        handler._send_json(200, shown)
        return True
    return False
