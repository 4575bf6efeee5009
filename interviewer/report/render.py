"""Render a :class:`~interviewer.models.Report` as Markdown, HTML or JSON.

Markdown and HTML come from the Jinja2 templates next to this module; JSON is the pydantic model itself. Nothing here
imports Textual or litellm.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from interviewer.atomic import atomic_write_bytes
from interviewer.models import Report
from interviewer.report.wording import QUOTED_UNDER
from interviewer.report.flagwords import FLAG_TEXT, QUESTION_FLAG_TEXT, flag_text, named_again, question_flag_text  # noqa: F401 - re-exported

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

Format = Literal["md", "html", "json"]
FORMATS: tuple[str, ...] = ("md", "html", "json")

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
_TEMPLATE_FOR: dict[str, str] = {"md": "report.md.j2", "html": "report.html.j2"}
_SUFFIXES: dict[str, str] = {".md": "md", ".html": "html", ".json": "json"}

ENDED_BY: dict[str, str] = {
    "time": "moved on for time",
    "round_time": "round time ran out",
    "solid": "answer was solid",
    "followups_done": "follow-ups done",
    "skip": "skipped",
    "end": "interview ended",
    "script_end": "candidate finished",
    "": "",
}

# Level -> symbol for the STAR table (legend printed under the table).
STAR_MARKS: dict[int, str] = {4: "✔✔", 3: "✔", 2: "~", 1: "✗"}
STAR_LEGEND = "4 ✔✔ exceptional · 3 ✔ solid · 2 ~ partial · 1 ✗ missing"

SCORE_WORDS: dict[int, str] = {1: "no evidence", 2: "partial", 3: "solid", 4: "exceptional"}

_ENV: jinja2.Environment | None = None


# --------------------------------------------------------------------------- filters


def md_cell(value: Any) -> str:
    """Make ``value`` safe inside one Markdown table cell: one line, pipes escaped."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())  # newlines, tabs, runs of spaces -> one space
    return text.replace("|", "\\|")


def md_line(value: Any) -> str:
    """Flatten ``value`` to one line (for list items and headings)."""
    return " ".join(("" if value is None else str(value)).split())


def md_quote(value: Any) -> str:
    """A Markdown blockquote of ``value`` in typographic quotes, every line prefixed so newlines cannot escape it."""
    lines = [ln.strip() for ln in ("" if value is None else str(value)).strip().splitlines()]
    lines = [ln for ln in lines if ln] or [""]
    lines[0] = "“" + lines[0]
    lines[-1] = lines[-1] + "”"
    return "\n".join(f"> {ln}" for ln in lines)


def clause(value: Any) -> str:
    """A quote as shown: one that starts or stops mid-sentence (the clause a long sentence was cut to) is marked with
    "…" there, so it does not read as the candidate's whole sentence. The stored quote stays verbatim."""
    text = ("" if value is None else str(value)).strip()
    if text[:1].islower():
        text = "…" + text
    if text and not re.search(r"[.!?…)\"”']$", text):
        text += "…"
    return text


def bar(score: Any, width: int = 4) -> str:
    """A small bar such as ``███░`` for a score out of ``width``."""
    try:
        n = max(0, min(width, int(round(float(score)))))
    except (TypeError, ValueError):
        n = 0
    return "█" * n + "░" * (width - n)


def minutes(value: Any) -> str:
    """Minutes to one decimal."""
    try:
        return f"{float(value):.1f}"
    except (TypeError, ValueError):
        return str(value)


def number(value: Any) -> str:
    """A weight or similar number without needless decimals: 1, 1.5, 0.25."""
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return str(value)


def when(value: Any) -> str:
    """An ISO timestamp as ``YYYY-MM-DD HH:MM`` (or as given when it does not parse)."""
    text = "" if value is None else str(value)
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    return dt.strftime("%Y-%m-%d %H:%M")


def ended(value: Any) -> str:
    """A question's ``ended_by`` in words."""
    key = "" if value is None else str(value)
    return ENDED_BY.get(key, key.replace("_", " "))


def _above_one(dim: Any) -> bool:
    """A dimension at 1 whose mean over the questions is above 1: some answer earned more than "no evidence"."""
    return (getattr(dim, "mean", None) or 0) > 1


def score_word(dim: Any) -> str:
    """A dimension's score in a word; a 1 with quotes, or with a mean above 1 (one question scored higher), is "little
    evidence", never "no evidence" beside a quote or a 3/4 on one question."""
    score = int(getattr(dim, "score", 0) or 0)
    if score == 1 and (getattr(dim, "evidence", None) or _above_one(dim)):
        return "little evidence"
    return SCORE_WORDS.get(score, str(score))


def unquoted(dim: Any, coding: bool = False) -> str:
    """What a dimension with no quote says instead: "no evidence" only beside a 1; a higher score came from the
    hidden tests (a coding round's correctness) or from the answers as a whole, not from one sentence."""
    score = int(getattr(dim, "score", 0) or 0)
    if coding and re.search(r"hidden tests?\b", getattr(dim, "feedback", "") or ""):
        return "Scored from the hidden tests: see Code and tests below."
    shown = score >= 2 or _above_one(dim)  # something earned credit, though no sentence is quoted under it
    if shown and QUOTED_UNDER in (getattr(dim, "feedback", "") or "").lower():
        return ""  # the feedback names the dimension its sentences are quoted under: "none is quoted" would contradict it
    if shown:
        whole = "your answers and code" if coding else "your answers"
        return f"No single sentence is quoted for this dimension: the score reads {whole} as a whole."
    return "No quotable evidence in your answers."


def covered_word(row: Any) -> str:
    """A design-coverage cell: "yes" only with a quote that shows it; a level of 2+ with nothing quotable says so."""
    if getattr(row, "covered", False):
        return "yes"
    return "no" if int(getattr(row, "level", 1) or 1) <= 1 else "not quoted"


def star_mark(level: Any) -> str:
    """A STAR level as ``3 ✔``."""
    try:
        n = int(level)
    except (TypeError, ValueError):
        return str(level)
    mark = STAR_MARKS.get(n)
    return f"{n} {mark}" if mark else str(n)


def slug(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")


def _humanize(dim: str) -> str:
    """A dimension id such as ``system_design`` as ``System design``; anything else (already a name) as given."""
    if re.fullmatch(r"[a-z][a-z0-9_]*", dim):
        words = dim.replace("_", " ")
        return words[:1].upper() + words[1:]
    return dim


def _not_assessed_names(report: Report, names: dict[str, str]) -> list[str]:
    """The rubric's names of the dimensions not assessed ("Logistics and compensation", not "Logistics compensation"
    made from the id): the report scores none of them, so their names come from the catalog's rubric."""
    if any(d not in names for d in report.not_assessed):
        from interviewer.catalog import default_catalog
        from interviewer.errors import InterviewerError

        try:
            rubric = default_catalog().rubrics.get(report.rubric)
        except (InterviewerError, OSError):
            rubric = None
        names = {**({d.id: d.name for d in rubric.dimensions} if rubric else {}), **names}
    return [names.get(d) or _humanize(d) for d in report.not_assessed]


def over_budget(used: float, budget: float) -> bool:
    """Whether a row went over budget, judged on the displayed (one-decimal) values so the table never contradicts itself."""
    return budget > 0 and round(used, 1) > round(budget, 1)


def _svg_history(scores: Any) -> Any:
    """A dimension's history as an inline SVG chart (markup: the SVG is built from integers only)."""
    from markupsafe import Markup

    from interviewer.report.charts import svg_history

    return Markup(svg_history(list(scores or [])))


def _text_history(scores: Any) -> str:
    from interviewer.report.charts import text_history

    return text_history(list(scores or []))


# --------------------------------------------------------------------------- environment


def _bytecode_cache(jinja2: Any) -> Any:
    """Compiled templates kept in the user's cache folder: compiling the report templates is most of a cold
    ``review``'s rendering time. Jinja writes each entry atomically and keys it by the template's source, so an
    edited template is recompiled. Without a writable cache folder, templates are compiled in memory as before."""
    from interviewer.paths import user_cache_dir

    folder = user_cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return None
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _environment() -> jinja2.Environment:
    """The module's Jinja2 environment, created on first use and cached."""
    global _ENV
    if _ENV is None:
        import jinja2

        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
            autoescape=jinja2.select_autoescape(
                enabled_extensions=("html", "htm", "html.j2"),
                disabled_extensions=("md", "md.j2", "txt"),
                default_for_string=False,
                default=False,
            ),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=_bytecode_cache(jinja2),
        )
        env.filters.update(
            md_cell=md_cell,
            md_line=md_line,
            md_quote=md_quote,
            bar=bar,
            minutes=minutes,
            number=number,
            when=when,
            ended=ended,
            flag_text=flag_text,
            question_flag_text=question_flag_text,
            score_word=score_word,
            unquoted=unquoted,
            clause=clause,
            covered_word=covered_word,
            star_mark=star_mark,
            slug=slug,
            svg_history=_svg_history,
            text_history=_text_history,
        )
        env.globals.update(star_legend=STAR_LEGEND, score_words=SCORE_WORDS)
        _ENV = env
    return _ENV


def _context(report: Report) -> dict[str, Any]:
    """What the templates need beyond the report itself, computed here so the templates stay declarative."""
    names: dict[str, str] = {d.id: d.name for d in report.dimensions}
    for row in report.coverage or []:
        names.setdefault(row.dimension, row.name)
    not_assessed_ids = set(report.not_assessed)
    unanswered = set(report.completeness.not_attempted) if report.completeness else set()
    no_answer = {u.question for u in report.completeness.no_answer} if report.completeness else set()
    timing = [
        {
            "row": t,
            # a question asked but never answered: the round ended on it, the candidate did not "finish" it; or every
            # reply to it was a non-answer
            "ended": "not attempted" if t.question in unanswered and t.ended_by != "skip" else "no answer" if t.question in no_answer else ended(t.ended_by),
            "over": over_budget(t.minutes_used, t.minutes_budget),
            "over_by": max(0.0, t.minutes_used - t.minutes_budget),
        }
        for t in report.timing
    ]
    flags = list(dict.fromkeys(f for f in report.flags if f))
    flag_questions: dict[str, list[str]] = {}
    for q in report.questions:
        for f in q.flags:
            flag_questions.setdefault(f, []).append(q.question)
    named: set[str] = set()
    flag_again = {f: named_again(f, flag_questions.get(f, []), named)[1] for f in flags}
    return {
        "r": report,
        "overall": f"{report.overall:.2f}",
        "not_assessed_ids": not_assessed_ids,
        "not_assessed_names": _not_assessed_names(report, names),
        "timing": timing,
        "flags": flags,
        "flag_questions": flag_questions,
        "flag_again": flag_again,
        "engine_notes": report.fallbacks.count > 0 or report.dropped_quotes > 0,
    }


# --------------------------------------------------------------------------- API


def render(report: Report, fmt: Format) -> str:
    """The report as Markdown (``"md"``), a self-contained HTML page (``"html"``) or JSON (``"json"``)."""
    if fmt == "json":
        return report.model_dump_json(indent=2)
    if fmt not in _TEMPLATE_FOR:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    template = _environment().get_template(_TEMPLATE_FOR[fmt])
    return template.render(**_context(report))


def format_for(path: Path) -> str:
    """The format that ``path``'s suffix asks for."""
    fmt = _SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(
            f"cannot tell the report format from {str(path)!r}: the suffix must be one of "
            f"{', '.join(_SUFFIXES)} (or pass fmt= explicitly)"
        )
    return fmt


def write_report(report: Report, path: Path, fmt: Format | None = None) -> Path:
    """Render ``report`` and write it to ``path`` atomically; the format comes from the suffix unless ``fmt`` is given.

    Rendering happens first, so a template error never touches the disk. The text then goes to a temporary file in the
    same directory, which is flushed, fsynced and ``os.replace``d over ``path`` (see :mod:`interviewer.atomic`): a reader
    never sees a half-written report and a crash leaves the previous file intact.
    """
    path = Path(path)
    if fmt is None:
        fmt = format_for(path)  # type: ignore[assignment]
    elif fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    atomic_write_bytes(path, render(report, fmt).encode("utf-8"))  # type: ignore[arg-type]
    return path


__all__ = ["FORMATS", "Format", "render", "write_report", "format_for", "md_cell"]
