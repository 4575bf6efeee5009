"""What the judge says of an answer is true of it. Defects found by reading reports sentence by sentence: a keyboard
mash called off-topic rather than unreadable, "I don't have a story for that" called an off-topic story, a short vague
answer said not to address its question, a complete salary answer advised to do what it did, an on-call engineer told
to make their responsibility explicit, a stated outcome and a stated cost called missing, and a non-answer to a probe
in the coding round read as an answer because code came before. Answers written for these tests."""

from __future__ import annotations

from interviewer import services
from interviewer.catalog import default_catalog
from interviewer.judges.offline.judge import OfflineJudge
from interviewer.judges.offline.nonanswer import non_answer_kind

URL = "Design a URL shortening service that turns long links into short codes and redirects visitors, for a public product with heavy read traffic."


def _review(answer: str, persona: str, question: str):
    report, _ = services.review(answer, persona_id=persona, question=question)
    return report, {d.id: d for d in report.dimensions}


def test_a_short_keyboard_mash_is_unreadable_not_off_topic() -> None:
    report, _ = _review("hjkl qwrt zxcvb mnbv", "system-design", URL)
    assert report.questions[0].flags == ["gibberish"]
    for terse in ("Redis sorted sets, base62 codes.", "Use a CDN.", "http grpc tcp"):
        assert non_answer_kind(terse, 1, 1) is None, terse  # terse is not unreadable


def test_having_no_story_is_a_non_answer() -> None:
    report, _ = _review(
        "Honestly I can't think of an example for that one.", "behavioral",
        "Tell me about a time you had to influence a team you had no authority over.",
    )
    flags = report.questions[0].flags
    assert "non_answer" in flags and "off_topic" not in flags and "no_story" not in flags


def test_a_short_vague_answer_is_thin_not_off_topic() -> None:
    # thin: it uses a word the question's topic or the round's rubric uses ("team"); a reply that uses none of them
    # ("Good people.") is still read as off-topic, a known limit of reading words
    report, _ = _review(
        "Somewhere decent, I suppose. A team that ships.", "recruiter",
        "What are you looking for in your next role, and what would make you say yes to an offer?",
    )
    assert "off_topic" not in report.questions[0].flags
    assert report.overall < 2
    long_ramble = (
        "The weather here has been strange all month, warm one day and freezing the next, and my neighbours have started "
        "growing tomatoes on their balcony, which is impressive given how little sun we get. The bakery on the corner "
        "changed owners and the bread is better now."
    )
    report, _ = _review(long_ramble, "recruiter", "What are you looking for in your next role, and what would make you say yes to an offer?")
    assert "off_topic" in report.questions[0].flags  # long enough to be about something else: it is
    report, _ = _review("I went hiking with my dog on Sunday.", "recruiter", "What are your salary expectations?")
    assert "off_topic" in report.questions[0].flags  # short, and none of the question's or the round's words


def test_a_complete_salary_answer_is_not_told_to_do_what_it_did() -> None:
    answer = ("Around 120 to 135k base, based on what comparable roles in Berlin pay, and I'm open on the mix with equity. "
              "What's the band for this role?")
    _, dims = _review(answer, "recruiter", "What are your salary expectations?")
    assert dims["logistics_compensation"].score == 4
    cat = default_catalog()
    persona = cat.persona("recruiter")
    question = next(q for q in persona.questions if q.id == "salary-expectations")
    notes = " ".join(OfflineJudge().assess(answer, cat.rubric_for(persona), question=question).dimensions["logistics_compensation"].notes)
    assert "band" not in notes.lower() and "researched range" not in notes.lower(), notes  # what a model grade would show
    _, dims = _review("About 140k would be fine.", "recruiter", "What are your salary expectations?")
    assert "based on" in dims["logistics_compensation"].feedback.lower()  # what is missing is named


def test_a_role_said_outright_is_not_asked_for_again() -> None:
    story = ("A payment job started failing on the last day of the month. I was the on-call engineer that week, so I "
             "paused the job, traced it to an expired certificate and renewed it. After that we had no repeat failures.")
    _, dims = _review(story, "behavioral", "Tell me about a production incident you handled.")
    assert "'I owned…'" not in dims["task_ownership"].feedback
    assert dims["result"].evidence and "no repeat failures" in dims["result"].evidence[0]


def test_a_follow_up_non_answer_in_the_coding_round_stays_one(tmp_home) -> None:
    import asyncio

    from interviewer.services import RehearsalScript, ScriptAnswer, rehearse

    code = "def ema(events, half_life):\n    return [0.0 for _ in events]\n"
    script = RehearsalScript(persona="ml-coding", answers=[
        ScriptAnswer(question="ema-irregular", seconds=600, text="Here is a first version.", code=code),
        ScriptAnswer(question="ema-irregular", seconds=120, text="I don't know."),
    ])
    session = asyncio.run(rehearse(script, catalog=default_catalog())).interview.session
    replies = [t for t in session.turns if t.role == "candidate" and t.text == "I don't know."]
    assert replies and replies[0].assessment is not None
    assert "non_answer" in replies[0].assessment.flags


async def test_the_warm_up_and_the_wrap_up_are_never_flagged_as_missing_a_story() -> None:
    """J16: neither the introduction nor the candidate's questions for the interviewer are stories; the judge sets no
    "no_story" on them (the report used to hide the flag it had set)."""
    from interviewer.catalog import default_catalog
    from interviewer.services import RehearsalScript, ScriptAnswer, rehearse

    warm_up = "I'm an ML engineer at a delivery company, mostly on forecasting, and before that I was a data analyst."
    story = (
        "Last spring a partner launch moved up by three weeks, and the ETA model for the new city had to be live on "
        "day one. It was my model, so the cut was my call. I ranked the six planned features by expected error "
        "reduction and kept the two that gave most of the gain. We launched on time with p90 error at 7 minutes, and I "
        "learned to rank scope by measured impact early."
    )
    question = "How does the team decide what goes on the roadmap, and how big is the on-call rotation?"
    answers = [ScriptAnswer(seconds=60, text=warm_up)] + [ScriptAnswer(seconds=600, text=story) for _ in range(2)]
    script = RehearsalScript(persona="behavioral", answers=[*answers, *[ScriptAnswer(seconds=600, text=question)] * 8])
    s = (await rehearse(script, catalog=default_catalog())).interview.session
    outside = [t for t in s.turns if t.role == "candidate" and t.question_index is None and t.assessment]
    assert any(t.text == warm_up for t in outside) and any(t.text == question for t in outside), [t.text[:30] for t in outside]
    for t in outside:
        assert "no_story" not in t.assessment.flags, (t.text, t.assessment.flags)


def test_a_ramble_about_the_market_does_not_answer_a_recruiter_question_with_key_points() -> None:
    """A recruiter asks about you: a long answer about the market and people in general is off-topic even when the
    question has key points whose everyday words it happens to use ("looking", "a couple", "interviews")."""
    ramble = (
        "It's a strange time to be looking, honestly. The whole market has changed since a couple of years ago, when "
        "companies were hiring anyone who could write Python. Now every posting gets hundreds of applications in a "
        "day, and a lot of roles are frozen after the first interview. Most people I know have moved into contracting "
        "because companies are not sure how many engineers they will need. Everyone says the average search takes "
        "five months these days."
    )
    report, dims = _review(ramble, "recruiter", "Are you interviewing with other companies at the moment?")
    assert "off_topic" in report.questions[0].flags, report.questions[0].flags
    assert all(d.score <= 1 for d in dims.values()), {k: d.score for k, d in dims.items()}


def test_a_statement_joined_to_a_question_by_a_semicolon_is_an_answer() -> None:
    """'I haven't had much time to look into the company yet; I think you do something with payments?' says something
    (that they know nothing): it is scored as an answer, not 'questions back to the interviewer rather than answers'."""
    cat = default_catalog()
    persona = cat.persona("recruiter")
    rubric, question = cat.rubric_for(persona), next(q for q in persona.questions if q.id == "why-us")
    said = OfflineJudge().assess(
        "To be honest I haven't had much time to look into the company yet; I think you do something with payments?",
        rubric, question=question,
    )
    assert "question_to_interviewer" not in said.flags and "red_flag" in said.flags, said.flags
    asked = OfflineJudge().assess("What does your team work on; is it mostly ranking?", rubric, question=question)
    assert "question_to_interviewer" in asked.flags, asked.flags


def test_a_choice_tied_to_few_useful_features_is_not_reported_missing() -> None:
    """Found in a TUI session: 'I'd pick L1 when I expect few useful features among many' was quoted as Application
    4/4 while Trade-offs said 'Not found: tie the choice to a concrete case (many irrelevant features…)'."""
    answer = (
        "L1 adds the absolute values of the weights and pushes many of them to exactly zero, so it selects features; "
        "L2 adds the squares and shrinks all weights smoothly. I'd pick L1 when I expect few useful features among "
        "many, L2 otherwise, and tune the strength by cross-validation."
    )
    report, dims = _review(
        answer, "ml-depth", "Compare L1 and L2 regularisation. What does each do to the weights, and when would you pick one over the other?"
    )
    missing = " ".join(m for q in report.questions for m in q.missing)
    assert "tie the choice to a concrete case" not in missing, missing
    assert dims["tradeoffs"].score >= 2


def test_a_clarifying_question_asked_is_evidence_of_clarifying() -> None:
    """'Do we know why users are unhappy with the recommendations now?' is a clarifying question, though it uses none
    of the words of the question's clarifying key point: Clarifying read 1/4 'no evidence' beside it."""
    answer = (
        "I guess it depends on what is wrong today. Maybe users get bored because the recommendations repeat? Then "
        "some diversity might help. Do we know why users are unhappy with the recommendations now?"
    )
    _, dims = _review(answer, "case-study", "How would you improve the recommendations of a music streaming app?")
    assert dims["clarifying"].score >= 2 and dims["clarifying"].evidence, dims["clarifying"]
