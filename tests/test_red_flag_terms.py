"""Red-flag terms that matched ordinary words: "LIKE '%…'" read every "like" ("busy cells like airports"), "you tell
me" read "could you tell me how the team works", and "cost plus" read "fee cost, plus return rates" across the comma.
Each flag still catches what it names. Answers written for these tests."""

from __future__ import annotations

import pytest

from interviewer import services

AUTOCOMPLETE = "Design search autocomplete, the suggestions that appear as a user types into a search box."
SALARY = "What are your salary expectations?"
PRICING = "How would you price a new product?"
OTHERS = "Are you interviewing with other companies at the moment?"
FEEDBACK = "Tell me about a time you received critical feedback on your work. What did you do with it?"
PODCAST = "How would you increase engagement in a podcast app?"
WHY_US = "What do you know about us so far, and why here rather than the other companies you're talking to?"
HIRE = "Why should we hire you over other candidates?"
LAUNCH = "How would you decide whether a new model is really better than the current one before launching it?"
INFLUENCE = ("Tell me about a time you got another team to change their plans or adopt your approach when you had no "
             "authority over them.")
GAP = "I see a gap of about a year on your CV. Can you tell me about it?"
BACKGROUND = "Walk me through your background and why you're interested in this role."


def _flags(answer: str, persona: str, question: str) -> str:
    report, _ = services.review(answer, persona_id=persona, question=question)
    return " ".join(f for q in report.questions for f in q.red_flags)


@pytest.mark.parametrize(("answer", "persona", "question", "flag", "shown"), [
    ("Prefixes live in a trie kept in memory, sharded like the search index, with popular terms cached at the edge.",
     "system-design", AUTOCOMPLETE, "LIKE", False),
    ("Every keystroke runs SELECT term FROM queries WHERE term LIKE 'ab%' on the main database.",
     "system-design", AUTOCOMPLETE, "LIKE", True),
    ("I'm at 118k base now and aiming for 130 to 145k. Could you tell me how the band for this level is set?",
     "recruiter", SALARY, "deflects", False),
    ("You should tell me what you pay first, then I'll decide.", "recruiter", SALARY, "deflects", True),
    ("I'd test two price points on new visitors and compare margin per visitor against the fee cost, plus returns.",
     "case-study", PRICING, "cost alone", False),
    ("Take what it costs us to make and just add a margin on top; that's the price.", "case-study", PRICING, "cost alone", True),
    ("Two, one at the final round with an answer due next Friday. I'd rather finish here first if the timing works.",
     "recruiter", OTHERS, "pressures", False),
    ("Yes, and their offers are high, so you would need to beat those numbers.", "recruiter", OTHERS, "pressures", True),
    ("A couple, both early; this team is the one I'm most excited about.", "recruiter", OTHERS, "apply anywhere", False),
    ("Loads, I applied to something like forty companies last month.", "recruiter", OTHERS, "apply anywhere", True),
    ("I grew up near Porto and got my first computer when I was eleven; later I studied economics.", "recruiter",
     BACKGROUND, "childhood", True),
    ("When I was 26 I moved from analytics into ML, and for three years I have owned our pricing models.", "recruiter",
     BACKGROUND, "childhood", False),
    ("My lead said my reviews were too harsh. We agreed to disagree, and I still review the same way.", "behavioral",
     FEEDBACK, "dismisses", True),
    ("My lead said my reviews were too harsh. I disagreed at first, asked for two examples, and now I lead with what "
     "works.", "behavioral", FEEDBACK, "dismisses", False),
    ("To be honest I haven't had much time to look into the company yet. I think you do something with payments.",
     "recruiter", WHY_US, "knows nothing", True),
    ("I read your engineering post on the pricing model, which is close to what I built for insurance quotes.",
     "recruiter", WHY_US, "knows nothing", False),
    ("Because I'm better than the other candidates. You won't find anyone else with my skills.", "recruiter", HIRE,
     "runs down", True),
    ("I can't speak for the other candidates, but I've shipped three ranking models that lifted revenue.", "recruiter",
     HIRE, "runs down", False),
    ("I tune the hyperparameters on the test set until the new model beats the old one, then ship it.", "ml-depth",
     LAUNCH, "tunes or picks", True),
    ("Both models are scored on the same held-out month; the test set is touched once, after tuning on validation.",
     "ml-depth", LAUNCH, "tunes or picks", False),
    ("They refused, so I went straight to the VP and copied the whole department; the VP told them to do it.",
     "behavioral", INFLUENCE, "escalating", True),
    ("I showed their lead the numbers and offered to write the patch myself, so the cost to them was one review.",
     "behavioral", INFLUENCE, "escalating", False),
    ("Life happens, and a lot of people have gaps these days; I'd rather focus on the future than the past.",
     "recruiter", GAP, "evades", True),
    ("I cared for my father after his surgery for a year, and kept my skills current with a course.", "recruiter",
     GAP, "evades", False),
    ("Ask creators to make their episodes longer, and autoplay random shows forever.", "case-study", PODCAST, "games the metric", True),
    ("Sessions end when an episode ends, and episodes longer than 40 minutes are often left halfway: I'd autoplay the "
     "next episode of the same series.", "case-study", PODCAST, "games the metric", False),
])
def test_a_flag_reads_what_it_names_and_nothing_else(answer: str, persona: str, question: str, flag: str, shown: bool) -> None:
    assert (flag in _flags(answer, persona, question)) is shown


ML_FRAUD = "Design an ML system that detects fraudulent payments at checkout."
EARLY_STOPPING = "What is early stopping, why does it act as a regulariser, and how do you choose when to stop?"


@pytest.mark.parametrize(("answer", "question", "flag", "shown"), [
    # a term's small words are said at once: "on the training data" is not "on a period after the training data"
    ("Recall at a fixed false-decline rate, measured on a period after the training data.", ML_FRAUD, "trained on", False),
    ("I'd measure accuracy on the training data and ship if it is above 95%.", ML_FRAUD, "trained on", True),
    # "training … loss stops" read "stop training when the validation loss stops going down"
    ("You stop training when the validation loss stops going down, with some patience.", EARLY_STOPPING, "training loss", False),
    ("You stop as soon as the training loss stops going down.", EARLY_STOPPING, "training loss", True),
])
def test_words_put_between_a_term_s_words_change_what_it_says(answer: str, question: str, flag: str, shown: bool) -> None:
    persona = "ml-system-design" if question == ML_FRAUD else "ml-depth"
    assert (flag in _flags(answer, persona, question)) is shown


def test_a_past_manager_described_by_what_they_did_is_an_example() -> None:
    """'In my last job my manager did a one-to-one each week' gives the example the ideal-manager topic asks for,
    without the stock words 'my best manager' or 'for example'."""
    from interviewer.catalog import default_catalog
    from interviewer.judges.offline.closest import closest_reference
    from interviewer.judges.offline.judge import build_context
    from interviewer.judges.offline.reference import reference_for

    cat = default_catalog()
    persona = cat.persona("recruiter")
    topic = closest_reference(persona, "What kind of manager do you work best with?").question
    said = "In my last job my manager did a one-to-one each week and told me early when a design doc was weak."
    cov = build_context(said, cat.rubric_for(persona), reference_for(topic)).cov
    assert any(p.text.startswith("give an example of a manager") for p, _ in cov.hits)

