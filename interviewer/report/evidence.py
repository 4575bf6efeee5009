"""What a report may say about each answer, so that it says only what the transcript supports.

- Quotes: a sentence the judge quoted for several dimensions sits under the one it evidences best (the judge's own
  detector, read on that sentence alone), so a quote evidences the dimension it sits under and no quote is repeated.
- Key points are a question's, not a dimension's: which ones an answer missed is measured over every turn of that
  question (a point given in a follow-up is covered), and a missing point is named under a dimension only when it is
  about that dimension. All of them are listed under the question (``QuestionNotes``).
- Advice comes from one answer; when the round had several questions it says which, and advice that a quote from the
  same question already answers ("put a number on it" beside a quote with a number) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from interviewer.judges.offline.judge import build_context
from interviewer.judges.offline.claims import dimension_vocab as dim_vocab  # the judge's words for a dimension
from interviewer.judges.offline.nonanswer import NOTES as NON_ANSWER_NOTES
from interviewer.judges.offline.reference import content_stems, question_by_id, reference_for
from interviewer.models import Dimension, Persona, QuestionNotes, Rubric, Session, Turn
from interviewer.report.corrected import CORRECTED, corrected_flags
from interviewer.report.wording import LEVEL_WORDS, LITTLE_EVIDENCE, QUOTED_UNDER, VERDICT_WORDS, lower_first, quoted_under, rests_on, short  # noqa: F401 - re-exported

# flags about a whole answer that earn it no credit: its key points are not "missing", the answer was not one
NO_CREDIT = frozenset({"off_topic", "gibberish", "repetitive", "not_english"})
# flags worth naming under the question they happened on
QUESTION_FLAGS = (
    "off_topic", "gibberish", "repetitive", "not_english", "non_answer", "non_answer_follow_up", "badmouthing", "vague",
    "no_story", "keyword_list", "red_flag",
)


_MOOT = frozenset({"no_story", "vague"})  # caps on a score (at most 2, a level less): nothing to cap in no credit


def answer_flags(turns: list[Turn]) -> dict[int, list[str]]:
    """Each answered turn's flags (by turn index) as the report names them. A non-answer is named as one, not also as
    a long off-topic answer ("however long or fluent" would not fit "I don't know"). A non-answer to a follow-up
    ("I'm not sure") after an answer to the question that was scored is ``non_answer_follow_up``: the question was
    answered, so saying its answer "was a non-answer and earned no credit" would be untrue. An answer that earned no
    credit is not also said to have been capped ("no story, so at most 2", "hedged, which cost a level")."""
    out: dict[int, list[str]] = {}
    scored: set[object] = set()  # questions with an answer that was read and scored
    for t in sorted(turns, key=lambda t: t.index):
        flags = list(t.assessment.flags) if t.assessment else []
        if "non_answer" in flags:
            flags = [f for f in flags if f != "off_topic"]
            if t.question_index in scored:
                flags = ["non_answer_follow_up" if f == "non_answer" else f for f in flags]
        if ({"non_answer"} | NO_CREDIT) & set(flags):  # it earned nothing: "scored at most 2", "cost a level" are moot
            flags = [f for f in flags if f not in _MOOT]
        if t.question_index is None:  # the wrap-up: questions for the interviewer, never a story
            flags = [f for f in flags if f != "no_story"]
        out[t.index] = flags
        if not ({"non_answer", "empty"} | NO_CREDIT) & set(flags):
            scored.add(t.question_index)
    return out
# a key point about how to say it ("stay respectful", "keep it short") cannot be shown missing from the words
_MANNER = re.compile(r"^(stay|keep it|keep the|avoid|don'?t|do not|never|finish within|without)\b", re.I)
_ASKS_FOR_NUMBERS = re.compile(r"\b(put a number|quantify|add numbers|with numbers|a number on)\b", re.I)
_NUMBER = re.compile(r"\b\d{2,}\b")  # a number a key point names (HTTP 302, 429): saying it shows the point
_HAS_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twice|half|double|hundred|thousand|million)\b", re.I)
_GENERIC = frozenset(
    content_stems(
        "say give explain mention name show state describe clear clearly first one two three new use make keep each "
        "other people time own candidate answer specific concrete way well good strong level clear main key back "
        "ties tie goal where possible clear apart distinct from what who why how often only just still much many most"
    )
)


_NOT_ANSWERS = {"empty", "question_to_interviewer", "reused_story"}  # reused_story: the interviewer asked for another


def warmup_turns(session: Session) -> set[int]:
    """Candidate turns that answer the warm-up (an introduction asked with the opening, not a bank question): context,
    not a story, so no dimension is scored on them."""
    out: set[int] = set()
    last = None
    for t in session.turns:
        if t.role == "interviewer":
            last = t
        elif t.question_index is None and last is not None and last.move is not None and last.move.kind == "opening":
            out.add(t.index)
    return out


def answered(session: Session) -> list[Turn]:
    """Candidate turns that answered something (not empty, not only a question back to the interviewer, not the
    warm-up)."""
    warm = warmup_turns(session)
    return [
        t
        for t in session.turns
        if t.role == "candidate" and t.assessment and not _NOT_ANSWERS & set(t.assessment.flags) and t.index not in warm
    ]


# --------------------------------------------------------------------------- notes


def dimension_notes(notes: list[str], detector: str, non_answer: bool = False, words: int | None = None) -> list[str]:
    """The judge's notes for one answer and dimension that the report says under the dimension: not its key-point
    notes (the report measures those over the whole question), and red flags only under a dimension that reads them
    (correctness, key points); they are listed under the question. The caller says each note once."""
    out = []
    for n in notes:
        if not n or n.startswith("Not covered yet:"):
            continue
        if n.startswith("This cost you:"):
            continue  # placed by the report (``red_flag_home``), once
        out.append(plain(n, non_answer, words))
    return out


_NO_CREDIT_SHORT = {
    "This answer does not address": "the answer did not address the question",
    "This was a non-answer": "the answer was a non-answer",
    **{text: reason for text, reason in zip(NON_ANSWER_NOTES.values(), (
        "the answer was not readable text", "the answer repeated the same text", "the answer was not in English"))},
}


_QUOTED_QUESTION = re.compile(r" \(“[^”]*”\)")


LONG_ANSWER = 60  # words: an answer this long can be said to have earned nothing "however long it is"


def plain(note: str, non_answer: bool = False, words: int | None = None) -> str:
    """A judge note without the question quoted inside it (the report names the question once, before it). For a
    non-answer ("I don't know") the off-topic note says what it was: "however long it is" would not fit it, nor
    would it fit a short answer (four words of nonsense were not long)."""
    if not note.startswith("This answer does not address"):
        return note
    note = _QUOTED_QUESTION.sub("", note, count=1)
    if non_answer:
        note = note.replace("This answer does not address the question, so it earned no credit however long it is.",
                            "This was a non-answer, so it earned no credit.", 1)
    elif words is not None and words < LONG_ANSWER:
        note = note.replace("so it earned no credit however long it is.", "so it earned no credit.", 1)
    return note


def said_again(note: str) -> str | None:
    """The short form of a no-credit note already said under an earlier dimension (it is why this one is 1 too)."""
    for start, reason in _NO_CREDIT_SHORT.items():
        if note.startswith(start):
            return f"No credit here either: {reason} (see above)."
    return None


def red_flag_home(rubric: Rubric, dims: list[Dimension], red: list[str]) -> str | None:
    """The dimension a question's red flags are said under: one that reads them (correctness, key points), else the
    content dimension they are about; in a story round, none (they stay with the question)."""
    if not red or rubric.kind == "behavioral":
        return None
    native = next((d for d in dims if d.detector in ("correctness", "key_points")), None)
    if native is not None:
        return native.id
    for d in dims:
        if points_for(d, dims, red, rubric):
            return d.id
    return dims[0].id if dims else None


def answered_elsewhere(note: str, quotes: list[str]) -> bool:
    """Advice that a quote beside it already follows: asking for a number beside a quote that has one."""
    return bool(_ASKS_FOR_NUMBERS.search(note)) and any(_HAS_NUMBER.search(q) for q in quotes)


# --------------------------------------------------------------------------- key points per question


def _bank_question(persona: Persona, session: Session, q_index: int):
    rec = next((q for q in session.questions if q.index == q_index), None)
    if rec is None:
        return None
    return question_by_id(persona, rec.question_id) or next((b for b in persona.questions if b.text == rec.text), None)


def question_coverage(session: Session, persona: Persona, rubric: Rubric, answered: list[Turn]) -> dict[int, tuple[list[str], list[str]]]:
    """Per question index: (key points missed, red flags shown) over every readable turn of that question. Only for
    answers the offline judge read: a model judge's report does not borrow the word matcher's verdicts."""
    out: dict[int, tuple[list[str], list[str]]] = {}
    by_q: dict[int, list[Turn]] = {}
    for t in answered:
        if t.question_index is not None:
            by_q.setdefault(t.question_index, []).append(t)
    for qi, turns in by_q.items():
        readable = [t for t in turns if not NO_CREDIT & set(t.assessment.flags)]  # type: ignore[union-attr]
        bank = _bank_question(persona, session, qi)
        if rubric.kind == "coding":
            continue  # what the code does is shown by its tests, not by the words around it
        if not readable or bank is None or any(t.assessment.engine != "offline" for t in readable):  # type: ignore[union-attr]
            continue
        ctx = build_context("\n\n".join(t.text for t in readable), rubric, reference_for(bank))
        cov = ctx.cov
        if cov is None or not cov.ref.has_points:
            continue
        fixed = corrected_flags(cov, [t.text for t in readable], rubric, cov.ref, _GENERIC)
        said = set(_NUMBER.findall(ctx.text))
        missing = [
            lower_first(p.text.rstrip(".")) for p in cov.missing
            if not _MANNER.search(p.text) and not said & set(_NUMBER.findall(p.text))  # "302" said: not missing
        ]
        out[qi] = (missing, [lower_first(p.text.rstrip(".")) + (CORRECTED if id(p) in fixed else "") for p, _ in cov.flags])
    return out


def points_for(dim: Dimension, others: list[Dimension], points: list[str], rubric: Rubric) -> list[str]:
    """The missing points that are about ``dim``: they share more words with it (its name, description, level texts
    and signals, as the judge reads them) than with any other content dimension, and at least one. In a story round
    no point is about one STAR part: key points there are the story's, and stay with the question."""
    if rubric.kind == "behavioral":
        return []
    out = []
    for p in points:
        words = set(content_stems(p)) - _GENERIC
        n = len(words & dim_vocab(dim))
        if n and all(len(words & dim_vocab(o)) < n for o in others if o.id != dim.id):
            out.append(p)
    return out


def shown_by(point: str, quotes: list[str]) -> bool:
    """A key point that a quote the report shows already states in other words (two of its distinctive words, and
    a third of them): "not found in your answer" beside that quote would contradict it."""
    words = set(content_stems(point)) - _GENERIC
    for q in quotes:
        common = words & (set(content_stems(q)) - _GENERIC)
        if len(common) >= 2 and len(common) * 3 >= len(words):
            return True
    return False


def unquoted_points(
    coverage: dict[int, tuple[list[str], list[str]]], placed: dict[str, list[tuple[Turn, str]]]
) -> dict[int, tuple[list[str], list[str]]]:
    """``coverage`` without the missing points that a quote shown from the same question states."""
    by_q: dict[int, list[str]] = {}
    for items in placed.values():
        for t, q in items[:3]:
            if t.question_index is not None:
                by_q.setdefault(t.question_index, []).append(q)
    return {qi: ([p for p in missing if not shown_by(p, by_q.get(qi, []))], red) for qi, (missing, red) in coverage.items()}


def overlaps(note: str, sentence: str) -> bool:
    """A note that repeats what the key-point sentence before it says (two content words in common)."""
    return len((set(content_stems(note)) - _GENERIC) & (set(content_stems(sentence)) - _GENERIC)) >= 2


def missing_sentence(points: list[str], limit: int = 2) -> str:
    if not points:
        return ""
    items = [lower_first(p) for p in points[:limit]]
    more = len(points) - limit
    tail = f" (and {more} more, listed under the question below)" if more > 0 else ""
    return "Not found in your answer: " + "; ".join(items) + tail + "."


def question_notes(
    session: Session, coverage: dict[int, tuple[list[str], list[str]]], answered: list[Turn]
) -> list[QuestionNotes]:
    """What each answered question's answers missed or got wrong, and what the judge noticed about them."""
    out = []
    named = answer_flags(answered)
    for q in session.questions:
        turns = [t for t in answered if t.question_index == q.index]
        if not turns:
            continue
        # another answer to the same question that missed it is still named, as the dimensions' feedback and the
        # summary do
        seen = {f for t in turns for f in named[t.index]}
        flags = [f for f in QUESTION_FLAGS if f in seen]
        if NO_CREDIT & seen and not any(not NO_CREDIT & set(t.assessment.flags) for t in turns):  # type: ignore[union-attr]
            missing, red = [], []  # the answer was not one: naming what it missed would pretend otherwise
        else:
            missing, red = coverage.get(q.index, ([], []))
        if not red:  # "stated something a strong answer avoids (named under the question)" needs one named there
            flags = [f for f in flags if f != "red_flag"]
        if missing or red or flags:
            out.append(QuestionNotes(question=q.text, missing=missing, red_flags=red, flags=flags))
    return out


def red_flag_sentence(red: list[str]) -> str:
    return "This cost you: " + "; ".join(lower_first(r) for r in red) + "." if red else ""


# --------------------------------------------------------------------------- quotes


def questions_asked(turns: list[Turn]) -> list[tuple[Turn, str]]:
    """The questions the candidate asked in these turns, verbatim: the evidence of a wrap-up dimension ("questions
    for the interviewer") even when they earned little, so the report never says "no evidence" after one was asked."""
    from interviewer.judges.text import split_sentences

    return [(t, s.text.strip()) for t in turns for s in split_sentences(t.text) if s.question]


# detectors that do not read a sentence on its own: key points and correctness (coverage of the whole answer) and the
# delivery ones (communication, concision, questions asked)
_NO_SENTENCE_READING = frozenset({"key_points", "correctness", "communication", "concision", "candidate_questions"})


_ASKING = re.compile(r"question|clarif|requirement|scope|understanding", re.I)  # dimensions a question can show


def place_quotes(rubric: Rubric, candidates: dict[str, list[tuple[Turn, str]]], fit: Callable[[Turn, str, Dimension], int]) -> dict[str, list[tuple[Turn, str]]]:
    """Each quote under the one dimension it evidences best; a quote is never shown twice. A sentence several
    dimensions quoted goes to the one whose detector, reading that sentence alone, finds the most in it; on a tie, to
    the later dimension (an action over the task it shows, the capacity over the requirement). Then a dimension left
    with no quote takes back a tied one from a dimension that keeps others."""
    dims = {d.id: d for d in rubric.dimensions}
    order = {d.id: i for i, d in enumerate(rubric.dimensions)}
    claims: dict[str, list[tuple[str, Turn]]] = {}
    for dim_id, items in candidates.items():
        for t, q in items:
            claims.setdefault(q, []).append((dim_id, t))
    score = {(q, d): fit(t, q, dims[d]) for q, who in claims.items() if len(who) > 1 for d, t in who}
    home: dict[str, str] = {}
    for q, who in claims.items():
        home[q] = who[0][0] if len(who) == 1 else max(who, key=lambda p: (score[(q, p[0])], order[p[0]]))[0]
    for dim_id, items in candidates.items():
        if any(home[q] == dim_id for _, q in items):
            continue
        for _, q in items:
            owner = home[q]
            if score.get((q, dim_id), 0) >= score.get((q, owner), 0) and sum(1 for x in home.values() if x == owner) > 1:
                home[q] = dim_id
                break
    placed = {dim_id: [(t, q) for t, q in items if home[q] == dim_id] for dim_id, items in candidates.items()}
    # a quote its own dimension's detector finds nothing in, read alone, while another's does, is that one's evidence
    content = [d for d in rubric.dimensions if d.detector not in _NO_SENTENCE_READING]
    for dim_id, items in placed.items():
        if dims[dim_id].detector in _NO_SENTENCE_READING:
            continue
        asks = _ASKING.search(f"{dims[dim_id].id} {dims[dim_id].name} {dims[dim_id].description}")
        placed[dim_id] = [
            (t, q) for t, q in items
            if (asks or not q.rstrip().endswith("?"))  # a question asked shows clarifying, not a solution or a result
            and (fit(t, q, dims[dim_id]) >= 2 or not any(fit(t, q, o) >= 2 for o in content if o.id != dim_id))
        ]
    # a question dropped above goes to a dimension that asking shows (clarifying, requirements), if it shows it
    shown = {q for items in placed.values() for _, q in items}
    asking = [d for d in rubric.dimensions if d.id in placed and _ASKING.search(f"{d.id} {d.name} {d.description}")]
    for items in candidates.values():
        for t, q in items:
            if q in shown or not q.rstrip().endswith("?"):
                continue
            to = next((d for d in asking if d.detector not in _NO_SENTENCE_READING and fit(t, q, d) >= 2), None)
            if to is not None:
                placed[to.id].insert(0, (t, q))
                shown.add(q)
    return placed


def quoted_elsewhere(dim_id: str, candidates: dict[str, list[tuple[Turn, str]]], placed: dict[str, list[tuple[Turn, str]]], names: dict[str, str]) -> list[str]:
    """The dimensions whose quotes also showed ``dim_id`` (when it kept none of its own)."""
    if placed.get(dim_id) or not candidates.get(dim_id):
        return []
    mine = {q for _, q in candidates[dim_id]}
    return [names[d] for d, items in placed.items() if d != dim_id and any(q in mine for _, q in items)]


def sentence_fit(persona: Persona, session: Session, rubric: Rubric) -> Callable[[Turn, str, Dimension], int]:
    """How much a dimension's detector finds in one quoted sentence alone (1-4), cached."""
    cache: dict[tuple[str, str, int | None], int] = {}

    def fit(turn: Turn, quote: str, dim: Dimension) -> int:
        key = (quote, dim.id, turn.question_index)
        if key not in cache:
            bank = _bank_question(persona, session, turn.question_index) if turn.question_index is not None else None
            ctx = build_context(quote, rubric, reference_for(bank) if bank else None)
            cache[key] = ctx.detect(dim.detector, dim).level
        return cache[key]

    return fit


_ADVICE = re.compile(
    rf"^(?:{'|'.join(map(re.escape, VERDICT_WORDS))})\. (.+?)(?= (?i:{re.escape(QUOTED_UNDER)})| By question:|$)", re.S
)


def advice_in(feedback: str) -> str:
    """The advice inside a dimension's feedback line (without the verdict word and the per-question tail), or ""
    when the feedback is the level's description rather than advice."""
    m = _ADVICE.match(feedback.strip())
    return m.group(1).strip() if m else ""
