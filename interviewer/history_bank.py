"""The question bank in the history index: what "what to practise next" suggests, read without YAML or pydantic on
a warm run. The bank is copied from the catalog into the index and copied again only when a persona or rubric file
changed (their sizes and modification times are compared)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from interviewer.history import _scan

if TYPE_CHECKING:
    from interviewer.history import HistoryIndex


def bank(index: HistoryIndex, persona: str) -> list[tuple[str, str, list[str]]]:
    """``(question id, text, dimensions)`` of ``persona``'s bank, in order. Read from the catalog only when a
    persona or rubric file changed since the last time (the catalog costs pydantic and YAML: ~0.3 s)."""
    sig = _catalog_signature()
    row = index.conn.execute("SELECT value FROM meta WHERE key = 'bank_sig'").fetchone()
    if row is None or row[0] != sig:
        from interviewer.catalog import default_catalog

        catalog = index._catalog or default_catalog()
        rows = [
            (p.id, i, q.id, q.text, json.dumps(q.dimensions))
            for p in catalog.personas.values()
            for i, q in enumerate(p.questions)
        ]
        index.conn.execute("BEGIN IMMEDIATE")
        try:
            index.conn.execute("DELETE FROM bank")
            index.conn.executemany("INSERT INTO bank VALUES (?, ?, ?, ?, ?)", rows)
            index.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bank_sig', ?)", (sig,))
            index.conn.execute("COMMIT")
        except BaseException:
            index.conn.execute("ROLLBACK")
            raise
    got = index.conn.execute(
        "SELECT question_id, text, dimensions FROM bank WHERE persona_id = ? ORDER BY position", (persona,)
    ).fetchall()
    return [(qid, text, json.loads(dims)) for qid, text, dims in got]


def _catalog_signature() -> str:
    """Size and mtime of every persona and rubric file the catalog reads (packaged and the user's)."""
    from interviewer.paths import package_data_dir, user_config_dir

    user = user_config_dir()
    parts = []
    for folder in (package_data_dir("personas"), package_data_dir("rubrics"), user / "personas", user / "rubrics"):
        for suffix in (".yaml", ".yml"):
            parts += [f"{folder}/{k}={v}" for k, v in sorted(_scan(folder, suffix).items())]
    return "\n".join(parts)
