"""`interviewer eval`: interview simulated candidates of known quality with the real model and check the order.

Candidates are built from labelled sample answers (the calibration format: one JSON object a line with persona,
question, answer, label, adversarial). By default each candidate replays the sample answers of its label; with
``--candidate-model`` a model plays the candidate at that quality level, answering the questions actually asked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from interviewer.engines import EngineSet
from interviewer.errors import UserError

QUALITIES = ("strong", "average", "weak")


SAMPLES = Path(__file__).resolve().parent / "samples" / "answers.jsonl"


def checkout_sets() -> list[Path]:
    """The project's own labelled sets, present in a source checkout (not in an installed wheel)."""
    root = Path(__file__).resolve().parents[1]
    return [root / "benchmarks" / "data" / "devset.jsonl", root / "tests" / "data" / "calibration" / "answers.jsonl"]


def default_answers_file() -> Path | None:
    """The project's labelled set in a source checkout, else the sample shipped inside the package (so `interviewer
    eval` works from a clean install). Never a folder outside the project."""
    for c in [*checkout_sets(), SAMPLES]:
        if c.is_file():
            return c
    return None


def load_samples(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    out = []
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{path}:{i}: not valid JSON ({exc.msg})") from None
        if not {"persona", "answer", "label"} <= item.keys():
            raise UserError(f"{path}:{i}: needs persona, answer and label")
        out.append(item)
    return out


def _first_half(text: str) -> str:
    sents = re.split(r"(?<=[.!?])\s+", text.strip())
    return " ".join(sents[: max(2, len(sents) // 2)])


def scripted_answers(samples: list[dict], persona: str, quality: str) -> tuple[list[str], str]:
    """The answers a scripted candidate of ``quality`` gives, and how they were built."""
    mine = [s for s in samples if s["persona"] == persona and not s.get("adversarial")]
    pick = [s["answer"] for s in mine if s["label"] == quality]
    if pick:
        return pick, f"{len(pick)} sample answer(s) labelled {quality}"
    if quality == "average":
        strong = [s["answer"] for s in mine if s["label"] == "strong"]
        if strong:
            return [_first_half(a) for a in strong], "strong sample answers cut to their first half (no average samples)"
    raise UserError(f"no {quality} sample answers for persona '{persona}'; use --persona with a persona that has them")


@dataclass
class EvalRow:
    quality: str
    overall: float
    recommendation: str
    scores: dict[str, int]
    fallbacks: int
    source: str


async def run_eval(
    *,
    persona_id: str,
    samples: list[dict],
    engine: dict,
    candidate_client=None,
    minutes: float | None = None,
    max_answers: int = 8,
    on_progress=None,
) -> list[EvalRow]:
    from interviewer.catalog import default_catalog
    from interviewer.engine.clock import FakeClock
    from interviewer.services import finish, new_interview

    catalog = default_catalog()
    persona = catalog.persona(persona_id)
    rows = []
    for quality in QUALITIES:
        answers, source = scripted_answers(samples, persona_id, quality)
        clock = FakeClock()
        iv = new_interview(catalog, persona_id, minutes=minutes, clock=clock, engine=engine)
        reply = await iv.start()
        given = 0
        while iv.awaiting_reply and given < max_answers:
            if candidate_client is not None:
                text = await candidate_client.answer(persona, quality, answers, reply.turn.text if reply.turn else "")
                source = f"played by {candidate_client.model}"
            else:
                text = answers[given % len(answers)]
            clock.advance(max(30.0, len(text.split()) / 2.5))  # about 150 words a minute
            reply = await iv.answer(text)
            given += 1
        if not iv.finished:
            await iv.end(reason="script_end")
        report = await finish(iv, grader=EngineSet.of(engine).grader)
        rows.append(
            EvalRow(quality, report.overall, report.recommendation, {d.id: d.score for d in report.dimensions}, report.fallbacks.count, source)
        )
        if on_progress:
            on_progress(rows[-1])
    return rows


class CandidateClient:
    """A model that plays the candidate (prompts/candidate.j2)."""

    def __init__(self, settings, model: str) -> None:
        from interviewer.judges.llm import LLMClient

        self.client = LLMClient(settings, model)
        self.model = model

    async def answer(self, persona, quality: str, examples: list[str], interviewer_turn: str) -> str:
        from interviewer.judges.llm import render_prompt

        prompt = render_prompt(
            "candidate.j2", persona=persona, quality=quality, examples=examples[:2], interviewer_turn=interviewer_turn, max_words=350
        )
        return await self.client.complete([{"role": "user", "content": prompt}], max_tokens=600, temperature=0.7)


def verdict(rows: list[EvalRow]) -> tuple[bool, str]:
    by = {r.quality: r.overall for r in rows}
    ordered = by["strong"] > by["average"] > by["weak"]
    gaps = f"strong-average {by['strong'] - by['average']:+.2f}, average-weak {by['average'] - by['weak']:+.2f}"
    return ordered, gaps
