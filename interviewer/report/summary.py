"""The report's opening paragraph: the verdict, the strongest evidence and the gaps, time, and what the judge noticed.

Every sentence agrees with a table below it: the questions said to run over are the ones the time table marks, and a
note about an answer names the question it answered.
"""

from __future__ import annotations

from interviewer.models import Report, Session
from interviewer.report.completeness import NOT_AN_ANSWER, NOT_ENOUGH, incomplete_sentence
from interviewer.report.evidence import warmup_turns
from interviewer.report.flagwords import NO_CREDIT_FLAGS, answers_to, named_again  # noqa: F401 - re-exported
from interviewer.report.ranking import all_equal, level_of

_SUMMARY_FLAGS = {
    "gibberish": ("was not readable text and earned no credit", "were not readable text and earned no credit"),
    "repetitive": ("repeated itself; repetition earned no credit", "repeated themselves; repetition earned no credit"),
    "not_english": (
        "was not in English, which the offline judge cannot read, so it earned no credit",
        "were not in English, which the offline judge cannot read, so they earned no credit",
    ),
    "off_topic": ("did not address its question and earned no credit", "did not address their questions and earned no credit"),
    "non_answer": ("was a non-answer and earned no credit", "were non-answers and earned no credit"),
}


def flagged_questions(report: Report, flag: str) -> list[str]:
    """The questions whose answers carried ``flag`` (from the report's per-question notes)."""
    return [q.question for q in report.questions if flag in q.flags]


def over_time(report: Report) -> int:
    """Questions the time table marks as over budget (compared as displayed, to one decimal)."""
    return sum(1 for t in report.timing if t.minutes_budget > 0 and round(t.minutes_used, 1) > round(t.minutes_budget, 1))


def summarise(report: Report, session: Session) -> str:
    warm = warmup_turns(session)
    if not report.dimensions:
        replies = [t for t in session.turns if t.role == "candidate" and t.text.strip() and t.index not in warm]
        if replies and all(t.assessment and "reused_story" in t.assessment.flags for t in replies):
            return (
                "Each story you told had already been told earlier, and the interviewer asked for a different one, so "
                "there was nothing new to score: prepare a distinct story for each question."
            )
        if replies:
            return (
                "Your replies were questions back to the interviewer rather than answers, so there was nothing to score: "
                "answer first, then ask."
            )
        if any(t.role == "candidate" and t.text.strip() for t in session.turns):
            return "Only your warm-up introduction was given; it is context for the interviewer, so there was nothing to score."
        return "There were no answers to score in this session."
    ranked = sorted(report.dimensions, key=lambda s: (-s.score, -level_of(s), -s.weight))
    top = [s.name for s in ranked if s.score >= 3][:2]
    low = [s.name for s in sorted(report.dimensions, key=lambda s: (s.score, level_of(s), -s.weight)) if s.score <= 2][:2]
    incomplete = incomplete_sentence(report)
    nothing = report.completeness is not None and report.completeness.planned > 0 and report.completeness.answered == 0
    if nothing:  # "on the answers you gave" would credit answers that were never given
        parts = [f"Overall {report.overall:.2f} / 4."]
    elif report.recommendation == NOT_ENOUGH:
        parts = [f"Overall {report.overall:.2f} / 4 on the answers you gave."]
    elif report.completeness is not None and report.completeness.uncapped:
        parts = [f"Overall {report.overall:.2f} / 4 on the answers you gave, capped at {report.recommendation}."]
    else:
        parts = [f"Overall {report.overall:.2f} / 4, which reads as {report.recommendation}."]
    if incomplete:
        parts.append(incomplete[:1].upper() + incomplete[1:])
    if nothing:
        pass  # every dimension is at 1 for want of an answer: "none stood out" would rank nothing
    elif all_equal(report.dimensions):
        level = report.dimensions[0].score
        assessed = " assessed" if report.not_assessed else ""  # the others are listed as not assessed, not scored
        every = f"Both{assessed} dimensions" if len(report.dimensions) == 2 else f"Every{assessed} dimension"
        parts.append(
            f"{every} scored {level}/4: none stood out above or below the others"
            + (", so the advice under What to work on follows the rubric's order." if level < 4 and report.improvements else ".")
        )
    else:
        if top:
            parts.append(f"Your strongest evidence was on {_join(top)}.")
        if low:
            gap = "gaps were" if len(low) > 1 else "gap was"
            parts.append(f"The biggest {gap} {_join(low)}; that is where the next hour of practice pays most.")
    over = over_time(report)
    overrun = report.minutes_used - report.minutes_budget
    if report.minutes_budget and overrun >= 1:
        parts.append(
            f"The round ran {overrun:.0f} minutes past its {report.minutes_budget:g}-minute budget; in a real interview "
            "you would have been cut off. Lead with the core of each answer and let follow-ups pull out the detail."
        )
    elif over:
        went = f"You went over the time for {over} of {len(report.timing)} question{'s' if len(report.timing) != 1 else ''}"
        if _long_answers(report, session):
            parts.append(f"{went}: shorter, structured answers leave room for more questions.")
        else:  # the answers there were short: "shorter answers" would contradict the advice to say more
            parts.append(f"{went}.")
    if "injection" in report.flags:
        parts.append("Text addressed to the grader was ignored, earned nothing, and capped that answer's scores at 2.")
    said: set[str] = set()
    # a question every reply to which was no answer is named above, with why: not again as "a non-answer"
    told = {u.question for u in report.completeness.no_answer} if incomplete and report.completeness else set()
    for flag, (one, many) in _SUMMARY_FLAGS.items():
        named = flagged_questions(report, flag)
        if flag in NOT_AN_ANSWER and told & set(named):
            named = [q for q in named if q not in told]
            if not named:
                continue
        first, again = named_again(flag, named, said)
        for qs, another in ((first, False), (again, True)):
            if qs:
                parts.append(f"{answers_to(qs, another)} {one if len(qs) == 1 else many}.")
        if not named and flag in report.flags:
            parts.append(f"At least one answer {one}.")
    if "badmouthing" in report.flags:
        parts.append("Criticising a manager or colleagues cost you: an interviewer reads it as a risk.")
    if warm:
        parts.append("Your warm-up introduction is context for the interviewer and was not scored.")
    return " ".join(parts)


_LONG = 150  # words in a question's answers that make "shorter answers" fair advice


def _long_answers(report: Report, session: Session) -> bool:
    """Whether the questions that went over time had long answers (the time went on talking, not on pauses)."""
    over = {t.question for t in report.timing if t.minutes_budget > 0 and round(t.minutes_used, 1) > round(t.minutes_budget, 1)}
    index = {q.index: q.text for q in session.questions}
    words: dict[str, int] = {}
    for t in session.turns:
        if t.role == "candidate" and index.get(t.question_index) in over:  # type: ignore[arg-type]
            q = index[t.question_index]  # type: ignore[index]
            words[q] = words.get(q, 0) + len(t.text.split())
    return any(n >= _LONG for n in words.values())


def _join(items: list[str]) -> str:
    """"a and b", "a, b and c"; with a comma before the last "and" when a name holds an "and" of its own ("trade-offs
    and when to use it, and depth of mechanism")."""
    items = [i.lower() if not i[:2].isupper() else i for i in items]
    if len(items) == 1:
        return items[0]
    comma = "," if any(" and " in i for i in items) else ""
    return ", ".join(items[:-1]) + f"{comma} and " + items[-1]
