"""The report's words for what the judge noticed about answers (flags): said in the Notes, under each question, and
in the summary ("Your answer to “…” was a non-answer")."""

from __future__ import annotations

from typing import Any

from interviewer.report.wording import short


def answers_to(questions: list[str], another: bool = False) -> str:
    """“Your answer to “…”” or “Your answers to “…” and “…””; ``another``: “Another answer to “…””, for a question
    already named for a different answer to it (an off-topic answer, then a non-answer to the follow-up)."""
    names = [f"“{short(q, 60)}”" for q in questions]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    if another:
        return f"{'Another answer' if len(names) == 1 else 'Other answers'} to {listed}"
    return f"{'Your answer' if len(names) == 1 else 'Your answers'} to {listed}"


NO_CREDIT_FLAGS = frozenset({"off_topic", "gibberish", "repetitive", "not_english", "non_answer"})


def named_again(flag: str, questions: list[str], named: set[str]) -> tuple[list[str], list[str]]:
    """``questions`` split into those named for the first time and those a no-credit flag already named (one answer
    carries one of these flags: a second one is about another answer to the question). Updates ``named``."""
    if flag not in NO_CREDIT_FLAGS:
        return questions, []
    first, again = [q for q in questions if q not in named], [q for q in questions if q in named]
    named.update(questions)
    return first, again


FLAG_TEXT: dict[str, str] = {
    "injection": "Instructions addressed to the grader were found in an answer and ignored.",
    "keyword_list": "Lists of keywords, without saying what you did or how and why, earn no credit.",
    "non_answer": "At least one answer was a non-answer (of the kind \"I don't know\" or \"I'd rather not say\"); a partial, specific answer earns more than none.",
    "non_answer_follow_up": "At least one follow-up got a non-answer (of the kind \"I'm not sure\") after an answer that was scored; saying what you do know, or how you would find out, earns more than none.",
    "question_to_interviewer": "You answered a question with a question for the interviewer. Answer first; there is time for your questions at the end.",
    "empty": "At least one answer was empty and earned no credit.",
    "truncated": "At least one answer was too long and was truncated before it was assessed.",
    "off_topic": "At least one answer did not address its question and earned no credit.",
    "gibberish": "At least one answer was not readable text (symbols or random characters) and earned no credit.",
    "repetitive": "At least one answer repeated the same text; repetition is not structure and earned no credit.",
    "not_english": "At least one answer was in a language the offline judge cannot read (it reads English); it was not scored. A model judge (--model) can read other languages.",
    "red_flag": "At least one answer stated something a strong answer avoids; the feedback above names it.",
    "badmouthing": "Criticising a manager or colleagues cost credit: it reads as a risk to an interviewer.",
    "vague": "At least one answer hedged more than it committed (hedges of the kind 'I think', 'to be honest', 'kind of'); that cost a level.",
    "overclaiming": "At least one answer made sweeping claims ('always', 'no need for…') that read as a confident misconception; that capped its content.",
    "no_story": "At least one answer described what you usually do or believe instead of a time it happened; without a specific story it scored at most 2.",
}


def flag_text(value: Any, questions: list[str] | None = None, again: list[str] | None = None) -> str:
    """A flag in words; a flag about answers names the questions they answered (see ``QUESTION_FLAG_TEXT``), and
    ``again`` those already named for another of their answers ("Another answer to …")."""
    key = "" if value is None else str(value)
    if (questions or again) and key in QUESTION_FLAG_TEXT:
        first = [q for q in questions or [] if q not in (again or [])]
        return " ".join(
            f"{answers_to(qs, another)} {QUESTION_FLAG_TEXT[key][0 if len(qs) == 1 else 1]}."
            for qs, another in ((first, False), (again or [], True)) if qs
        )
    return FLAG_TEXT.get(key, key)


# flag -> (one answer, several answers), after "Your answer(s) to “…”"
QUESTION_FLAG_TEXT: dict[str, tuple[str, str]] = {
    "off_topic": ("did not address its question and earned no credit (length and fluency earn nothing on their own)",
                  "did not address their questions and earned no credit (length and fluency earn nothing on their own)"),
    "gibberish": ("was not readable text (symbols or random characters) and earned no credit",
                  "were not readable text (symbols or random characters) and earned no credit"),
    "repetitive": ("repeated the same text; repetition is not structure and earned no credit",
                   "repeated the same text; repetition is not structure and earned no credit"),
    "not_english": ("was in a language the offline judge cannot read (it reads English) and was not scored; a model judge (--model) can read other languages",
                    "were in a language the offline judge cannot read (it reads English) and were not scored; a model judge (--model) can read other languages"),
    "non_answer": ("was a non-answer (of the kind \"I don't know\" or \"I'd rather not say\"); a partial, specific answer earns more than none",
                   "were non-answers (of the kind \"I don't know\" or \"I'd rather not say\"); a partial, specific answer earns more than none"),
    "non_answer_follow_up": ("was followed by a non-answer to a follow-up (of the kind \"I'm not sure\"); saying what you do know, or how you would find out, earns more than none",
                             "were followed by non-answers to follow-ups (of the kind \"I'm not sure\"); saying what you do know, or how you would find out, earns more than none"),
    "red_flag": ("stated something a strong answer avoids (named under the question above)",
                 "stated things a strong answer avoids (named under each question above)"),
    "badmouthing": ("criticised a manager or colleagues, which cost credit: it reads as a risk to an interviewer",
                    "criticised a manager or colleagues, which cost credit: it reads as a risk to an interviewer"),
    "vague": ("hedged more than it committed (hedges of the kind 'I think', 'to be honest', 'kind of'), which cost a level",
              "hedged more than they committed (hedges of the kind 'I think', 'to be honest', 'kind of'), which cost a level"),
    "keyword_list": ("listed keywords without saying what you did or how and why, which earns no credit",
                     "listed keywords without saying what you did or how and why, which earns no credit"),
    "no_story": ("described what you usually do or believe, not a time it happened, so it scored at most 2: tell one specific story",
                 "described what you usually do or believe, not a time it happened, so they scored at most 2: tell one specific story each"),
}

# the same, said under the question itself ("This answer …")
def question_flag_text(value: Any, flags: list[str] | None = None) -> str:
    """A flag said under its question; ``flags``, all of the question's flags in order: one answer carries one
    no-credit flag, so a second one is about another answer to the question."""
    key = "" if value is None else str(value)
    if key in QUESTION_FLAG_TEXT:
        flags = list(flags or [])
        i = flags.index(key) if key in flags else len(flags)
        who = "This answer"
        if key in NO_CREDIT_FLAGS and NO_CREDIT_FLAGS & set(flags[:i]):
            who = "Another answer"
        elif key in NO_CREDIT_FLAGS and NO_CREDIT_FLAGS & set(flags[i + 1 :]):
            who = "One answer"
        return f"{who} {QUESTION_FLAG_TEXT[key][0]}."
    return FLAG_TEXT.get(key, key)
