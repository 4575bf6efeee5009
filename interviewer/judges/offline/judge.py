"""The offline judge: heuristic, explainable assessment with no network and no model.

Each rubric dimension names a *detector* (see ``base.detector``). A detector looks at the answer's content sentences
(sentences that are neither keyword lists, nor STAR labels with nothing behind them, nor instructions addressed to the
grader), finds the ones that match the dimension's signals and the structure the detector asks for, and turns what it
found into a level 1-4 with verbatim quotes and notes on what is missing. Padding does not pay: excluded sentences can
never be evidence.
"""

from __future__ import annotations

import re


from interviewer.judges.base import TurnContext
from interviewer.judges.offline.base import Ctx, Hit, uniq
from interviewer.judges.offline.claims import CLAIM_ROUNDS, OVERCLAIM_AT, OVERCLAIM_NOTE, dimension_vocab, domain_level, overclaims
from interviewer.judges.offline.coverage import Coverage, flag_note, measure, missing_note
from interviewer.judges.offline.literals import count as literal_count
from interviewer.judges.offline.nonanswer import NOTES, non_answer_kind, says_a_sentence
from interviewer.judges.offline.reference import Point, Reference, _topic, content_stems, question_by_id, reference_for
from interviewer.judges.offline.recruiter import BADMOUTH_NOTE, about_candidate, badmouths
from interviewer.judges.offline.star import _PAST_ACTION, NO_STORY_NOTE, tells_a_story
from interviewer.judges.text import content_words, lazy, low, normalise_ws, quote_of, split_sentences, word_count
from interviewer.models import Assessment, Dimension, DimensionEvidence, Question, Rubric

ENGINE = "offline"


def _quotes(text: str, hits: list[Hit], n: int = 2) -> list[str]:
    # specific sentences first, then the detector's own order (it lists its strongest evidence first)
    ranked = sorted(enumerate(uniq(hits)), key=lambda p: (-min(p[1].sent.specifics, 2), p[0]))
    ranked = [h for _, h in ranked]
    out: list[str] = []
    for h in ranked:
        q = normalise_ws(quote_of(text, h.sent, h.match))
        if q and q not in out and len(q.split()) >= 3:
            out.append(q)
        if len(out) >= n:
            break
    return out


def build_context(text: str, rubric: Rubric, ref: Reference | None = None) -> Ctx:
    sents = split_sentences(text)
    content, seen = [], set()
    for s in sents:
        key = " ".join(s.body.lower().split())
        if s.content and key not in seen:  # a sentence said again is padding: it counts once
            seen.add(key)
            content.append(s)
    ctx = Ctx(
        text=text,
        sents=sents,
        content=content,
        words=sum(s.words + (word_count(s.text[: s.body_offset]) if s.body_offset else 0) for s in sents),
        rubric=rubric,
        i_count=sum(s.first_person for s in content),
        we_count=sum(s.we for s in content),
    )
    ctx.cov = measure(ref or Reference(question=""), content, story=is_story(rubric))
    return ctx


_NON_ANSWER = low(
    r"\b(don'?t|do not|can'?t|cannot|couldn'?t) (really )?(remember|recall|know|think of|say)\b|\bno idea\b|\bnot sure\b|"
    r"\b(i'?d|i would) rather (not|skip)\b|^\s*(pass|skip|no|nope|nothing)\W*$|"
    r"\b(don'?t|do not|can'?t|cannot) (really )?(have|think of|come up with) (a|an|any) (story|example|answer|good one)\b",
)
def _has_content_words(text: str, n: int) -> bool:
    """At least ``n`` content words (``text.content_words``), without counting all of a long answer's."""
    head = text[: text.rfind(" ", 0, 2000) + 1] if len(text) > 2000 else text  # whole words only
    return content_words(head) >= n or (head is not text and content_words(text) >= n)


_TO_YOU = low(r"\b(you|your|the team|the role|this role)\b")


def _asks_interviewer(ctx: Ctx) -> bool:
    """The reply is only a question for the interviewer (a question back at the end of an answer is still an answer)."""
    if not ctx.sents or ctx.words > 40:
        return False
    last = ctx.sents[-1]
    if not (last.question and _TO_YOU.search(last.text.lower())):
        return False
    # what is said before the question, including a statement the question is joined to ("…yet; do you…?")
    said = " ".join(s.body if not s.question else s.body.rpartition(";")[0] for s in ctx.sents)
    return content_words(said) < 6 and not any(_PAST_ACTION.search(s.low) for s in ctx.sents)


_HEDGE = lazy(
    r"\b(i think|i guess|i suppose|basically|honestly|to be honest|kind of|sort of|stuff|things like that|maybe|"
    r"probably|pretty much|somehow|whatever|etc|you know|in general|generally|i believe|more or less|a bit|"
    r"figure (it|things) out|at the end of the day|and so on)\b"
)  # run on lowercased text (faster than re.I)
VAGUE_NOTE = (
    "Hedges and generalities ('I think', 'basically', 'stuff', 'in general') weaken the answer: say what you did or "
    "would do, with specifics."
)


def _vague(ctx: Ctx) -> bool:
    """Hedging that outweighs the substance: two or more hedges, at least 2.5 per 100 words of content."""
    hedges = literal_count(_HEDGE.rx, ctx.text.lower())
    words = sum(s.words for s in ctx.content)
    return hedges >= 2 and words > 0 and hedges * 100 / words >= 2.5


# detectors that read the key points themselves (the others are blended with the coverage level)
KEYPOINT_NATIVE = frozenset({"key_points", "correctness"})
ASKED_NATIVE = frozenset({"clarifying"})
# detectors about delivery, not content: the key points cap them, they do not raise them
STYLE = frozenset({"communication", "concision", "candidate_questions"})


def _touches(ctx: Ctx, ref: Reference) -> bool:
    """Does the reply use any word of the question, of its key points' terms or of the round's rubric?"""
    words = ref.vocab | frozenset(_topic(ref.question)).union(*(dimension_vocab(d) for d in ctx.rubric.dimensions))
    return any(words.intersection(content_stems(s.low)) for s in ctx.sents if not s.injection)


def _none_said(points: list[Point] | None, said: set[int]) -> bool:
    """The dimension has key points of its own and the answer said none of them."""
    return bool(points) and not any(id(p) in said for p in points)


def _assign(points: list[Point], dims: list[Dimension]) -> dict[str, list[Point]]:
    """Each key point goes to the dimension whose words it shares most (the first content one otherwise)."""
    content = [d for d in dims if d.detector not in STYLE] or dims
    out: dict[str, list[Point]] = {}
    for p in points if content else ():
        words = set(content_stems(p.text))
        best = max(content, key=lambda d: len(words & dimension_vocab(d)))
        if not words & dimension_vocab(best):
            best = next((d for d in content if d.detector in KEYPOINT_NATIVE), content[0])
        out.setdefault(best.id, []).append(p)
    return out


BORROWED_FORM = 0.35  # with a related question's key points (borrowed), form weighs at least this much
DETECTOR_WEIGHT = 0.35  # the rest is key-point coverage: what the answer says outweighs how it is said
FORM_FROM = 0.3  # below this share of key points, form weighs proportionally less
PERSONAL_FORM = 0.25  # in a recruiter round, form weighs at least this much (see combine)
NO_EVIDENCE_BELOW = 0.3  # a dimension with no evidence of its own stays at 1 unless this share of key points is covered


OFF_TOPIC_FROM = 15  # content words an answer needs before it can be called off-topic rather than thin
GENERIC_WEIGHT = 0.5  # without key points: the detector's level and the answer's use of the round's vocabulary


def is_story(rubric: Rubric) -> bool:
    """A round whose answers are stories (STAR): relevance and content are read from the story, not the vocabulary."""
    return rubric.kind == "behavioral"


def combine(
    det: int, cov: Coverage, style: bool, domain: float | None = None, story: bool = False, personal: bool = False,
) -> int:
    """A detector's level with the answer's key-point coverage: both must be there for a high score, and a red flag
    (a misconception or an anti-pattern the question's reference names) caps the content at 2."""
    if not cov.ref.has_points:
        if style or domain is None:
            return det
        return max(det, min(4, int(GENERIC_WEIGHT * det + (1 - GENERIC_WEIGHT) * domain + 0.5)))  # lifts, never lowers
    if style:
        return max(1, min(det, cov.level + 1))
    w = DETECTOR_WEIGHT * min(1.0, cov.fraction / FORM_FROM)  # form counts once there is content to carry
    if personal:
        # a recruiter answer is about the candidate, and its key points are advice on how to tell it: a clear reading
        # of the candidate's own history or reasons is evidence even when none of the advice's words appear
        w = max(w, PERSONAL_FORM)
    if cov.ref.source == "borrowed":
        # the key points of a related question are a guide, not the answer key: what the detector read counts too,
        # and in a story (a different story can answer a related prompt well) the STAR reading alone sets the level;
        # the borrowed points still say what a strong answer would add
        w = 1.0 if story else max(w, BORROWED_FORM)
    level = int(w * det + (1 - w) * cov.score + 0.5)
    if det == 1 and cov.fraction < NO_EVIDENCE_BELOW:
        level = 1  # no evidence for this dimension, and too little of the question covered to infer it
    if cov.flags:
        level = min(level, 1 if cov.strict_fraction < 0.3 else 2)
    return max(1, min(4, level))


def _reference(question: Question | Reference | None, text: str | None = None) -> Reference:
    if isinstance(question, Reference):
        return question
    return reference_for(question, text)


class OfflineJudge:
    """Heuristic judge. ``assess`` is pure and fast (a 5,000-word answer in a few tens of milliseconds).

    ``question`` (a bank ``Question`` or a ``Reference``) brings the key points and red flags the answer is checked
    against; without it the judge reads generic signals only.
    """

    name = ENGINE

    def assess(
        self, answer: str, rubric: Rubric, dimensions: list[str] | None = None, question: Question | Reference | None = None,
        follow_up: bool = False, story: bool | None = None,
    ) -> Assessment:
        """``story``: whether the reply should tell a story (default: the rubric's kind says; the warm-up and the
        wrap-up never should)."""
        dims = [d for d in rubric.dimensions if dimensions is None or d.id in dimensions]
        ref = _reference(question)
        ctx = build_context(answer, rubric, ref)
        cov = ctx.cov
        assert cov is not None
        story = is_story(rubric) if story is None else story
        flags: list[str] = []
        if not answer.strip():
            flags.append("empty")
        injected = any(s.injection for s in ctx.sents)
        if injected:
            flags.append("injection")
        listy = [s for s in ctx.sents if s.is_list]
        if listy and sum(s.words for s in listy) >= max(8, 0.3 * ctx.words):
            flags.append("keyword_list")
        if ctx.words and not _has_content_words(answer, 14) and _NON_ANSWER.search(answer.lower()):
            flags.append("non_answer")
        if _asks_interviewer(ctx):
            flags.append("question_to_interviewer")
        kind = non_answer_kind(answer, len([s for s in ctx.sents if s.content]), len(ctx.content)) if answer.strip() else None
        if kind:
            flags.append(kind)
        rude = not kind and badmouths(answer)
        if rude:
            flags.append("badmouthing")  # it answers "why" badly: scored, and it costs (below)
        vague = not kind and _vague(ctx)
        if vague:
            flags.append("vague")
        sweeping = not kind and rubric.kind in CLAIM_ROUNDS and overclaims(ctx) >= OVERCLAIM_AT
        if sweeping:
            flags.append("overclaiming")
        # a reply to a follow-up answers the probe, not the main question's wording: whether it addresses the main
        # question, or tells a story of its own, is read from the answer it continues
        # a recruiter asks about you: an answer about the market and people in general does not answer, whatever
        # everyday words of the key points it uses
        impersonal = rubric.kind == "recruiter" and not about_candidate(ctx)
        # a reply of a line or two that touches the question's words is thin, not off-topic ("a nice team" for what
        # you look for in a role); one that touches none of them ("I went hiking on Sunday", "blorp snazzle") is
        thin = not _has_content_words(answer, OFF_TOPIC_FROM) and says_a_sentence(answer) and _touches(ctx, ref)
        off_topic = (
            not (kind or rude or follow_up or thin or "non_answer" in flags) and bool(ctx.content)
            and (impersonal or not cov.on_topic) and "question_to_interviewer" not in flags
        )
        if off_topic:
            flags.append("off_topic")
        if cov.flags and not kind:
            flags.append("red_flag")
        untold = story and not (kind or follow_up or "non_answer" in flags) and bool(ctx.content) and not tells_a_story(ctx)
        if untold:
            flags.append("no_story")
        result = Assessment(engine=ENGINE, words=ctx.words, flags=flags)
        missing = _assign(cov.missing, dims) if ref.has_points and not (kind or off_topic) else {}
        owned = _assign(list(ref.key_points), dims) if ref.has_points and not (kind or off_topic) else {}
        said = {id(p) for p, _ in cov.hits} | {id(p) for p, _ in cov.soft}
        flagged = flag_note([p for p, _ in cov.flags])
        for dim in dims:
            if "empty" in flags or kind or off_topic:
                note = NOTES[kind] if kind else _off_topic_note(ref, impersonal) if off_topic else ""
                result.dimensions[dim.id] = DimensionEvidence(dimension=dim.id, present=False, level=1, notes=[note] if note else [])
                continue
            finding = ctx.detect(dim.detector, dim)
            level = finding.level
            # no evidence of its own, and none of the key points that are about it said: what the answer covers of
            # the other dimensions does not lift it ("clarifying 2/4" with no question asked)
            silent = level == 1 and dim.detector not in STYLE and _none_said(owned.get(dim.id), said)
            if dim.detector in ASKED_NATIVE and finding.level >= 2 and any(h.sent.question for h in finding.hits):
                pass  # a question the candidate asked is the evidence itself, whatever key-point words it uses
            elif dim.detector not in KEYPOINT_NATIVE and not silent:
                level = combine(
                    level, cov, dim.detector in STYLE, None if ref.has_points else domain_level(ctx), story,
                    rubric.kind == "recruiter",
                )
            notes = list(finding.notes)
            if vague and dim.detector not in STYLE and level > 2:
                level -= 1  # hedging and generalities: the answer commits to less than it seems to say
                notes.insert(0, VAGUE_NOTE)
            if sweeping and dim.detector not in STYLE and level > 1:
                level = max(1, min(level, 2) - (overclaims(ctx) >= 2 * OVERCLAIM_AT))  # a confident misconception
                notes.insert(0, OVERCLAIM_NOTE)
            if rude and dim.detector not in STYLE and level > 1:
                level = 1  # criticising colleagues is a red flag in any round: it outweighs what else the answer says
                notes.insert(0, BADMOUTH_NOTE)
            if untold and dim.detector not in STYLE:
                level = min(level, 2)  # a habit or a belief is not evidence of having done it
                notes.insert(0, NO_STORY_NOTE)
            if injected and level > 2:
                level = 2  # steering the grader is itself a red flag: what else the answer says cannot score high
                notes.insert(0, INJECTION_NOTE)
            gaps = missing.get(dim.id)
            if gaps and level < 4:
                notes.insert(0, missing_note(gaps))
            if flagged and dim.detector not in STYLE:
                notes.insert(0, flagged)
            result.dimensions[dim.id] = DimensionEvidence(
                dimension=dim.id,
                present=level >= 2,
                level=level,
                quotes=_quotes(answer, finding.hits) if level >= 2 else [],
                notes=notes,
            )
        # key points said beside sweeping claims or criticism of colleagues are not a floor for delivery: they are what
        # it delivered
        _cap_style(result, dims, 0 if (sweeping or rude) else cov.level, harmful=bool(rude or sweeping or (cov.flags and not kind)))
        return result

    def assess_turn(self, answer: str, ctx: TurnContext) -> Assessment:
        """``assess`` for a turn of an interview: the question comes from the session (none for the warm-up)."""
        follow_up = bool(ctx.prompt and ctx.question and ctx.prompt != ctx.question)
        # no main question (the warm-up introduces the candidate, the wrap-up asks about the role): no story to miss.
        # Read from ctx.question, fixed when the reply came in, not from the live session, which may have moved on
        story = None if ctx.question else False
        return self.assess(answer, ctx.rubric, ctx.dimensions, question=question_of(ctx), follow_up=follow_up, story=story)

    async def assess_async(self, answer: str, ctx: TurnContext) -> Assessment:
        return self.assess_turn(answer, ctx)


INJECTION_NOTE = (
    "Text addressed to the grader was ignored, and trying to steer the score caps this answer at 2: in a real "
    "interview it would read as a red flag."
)
HARMFUL_STYLE_NOTE = (
    "Delivery counts with what it carries: part of what this answer says cost it (see the other dimensions), so "
    "saying it smoothly does not lift it."
)
STYLE_NOTE = (
    "Delivery counts with what it carries: the content of this answer earned little credit, so how smoothly it reads "
    "cannot score high on its own."
)


def _cap_style(result: Assessment, dims: list[Dimension], covered: int = 0, harmful: bool = False) -> None:
    """Volume is not communication: a delivery dimension scores at most one level above the best content dimension
    (or the level of the question's key points covered), and no higher than it when what the answer carries costs
    (a red flag, criticism of colleagues): saying it smoothly is not a strength."""
    content = [result.dimensions[d.id].level for d in dims if d.detector not in STYLE and d.id in result.dimensions]
    if not content:
        return
    cap = max(*content, covered) + (0 if harmful else 1)
    for d in dims:
        ev = result.dimensions.get(d.id)
        if d.detector in STYLE and ev is not None and ev.level > cap:
            ev.level = cap
            ev.present = cap >= 2
            ev.notes.insert(0, HARMFUL_STYLE_NOTE if harmful else STYLE_NOTE)


def question_of(ctx: TurnContext) -> Question | None:
    """The bank question a turn answers (by id from the session, else by its text), or None."""
    record = ctx.session.current_question if ctx.session else None
    q = question_by_id(ctx.persona, record.question_id) if record else None
    if q is None and ctx.question:
        q = next((b for b in ctx.persona.questions if b.text == ctx.question), None)
    return q


def _off_topic_note(ref: Reference, impersonal: bool = False) -> str:
    q = normalise_ws(ref.question)
    short = q if len(q) <= 80 else q[:79].rsplit(" ", 1)[0] + "…"
    if impersonal:
        return (
            f"This answer does not address the question (“{short}”): it talks about the market and people in general, "
            "not about you, and a recruiter's question asks about your own situation. It earned no credit however "
            "long it is."
        )
    what = f" A strong answer would {_lower(ref.key_points[0].text.rstrip('.'))}." if ref.key_points else ""
    return f"This answer does not address the question (“{short}”), so it earned no credit however long it is.{what}"


def _lower(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s[:2].isupper() else s
