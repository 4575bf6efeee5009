"""Follow-ups never ask for what the candidate already gave, never repeat a probe; acknowledgements fit the reply;
the wrap-up answers the candidate's questions from the persona's facts (or says it will find out); the voice never
reveals what a good answer contains.

Scripted answers state the fact early; the scripted judge keeps the dimension weak, so the agent *wants* to follow up
there: the probe for the given fact must still not appear.
"""

from __future__ import annotations

import re

import pytest

from interviewer.catalog import Catalog
from interviewer.engine.followups import TOPICS, Ledger, probe_topics, topics_in
from interviewer.engine.wrapup import answer_questions, facts_for, questions_in
from interviewer.models import KeyPoint, Persona, RedFlag, Session, Turn
from tests.test_agent import ScriptedJudge, assessment, move_of, new_interview, say, to_first_question

FACTS = {
    "role": "It's a senior machine learning engineer role on the applied ML team.",
    "team": "The team is nine engineers and a product manager; they own ranking and fraud models.",
    "band": "The band for this level is 150 to 180 thousand base, plus a bonus and equity.",
    "process": "After this call there's a coding round, then a virtual onsite with three interviews.",
    "location": "It's hybrid: two days a week in the office, remote the rest.",
    "next_steps": "You'll hear back from me within three working days.",
}


def interviewer_texts(iv) -> list[str]:
    return [t.text for t in iv.session.turns if t.role == "interviewer"]


def probes_asked(iv) -> list[str]:
    return [t.move.probe for t in iv.session.turns if t.role == "interviewer" and t.move and t.move.probe]


def recruiter(catalog: Catalog, **update) -> Persona:
    return catalog.persona("recruiter").model_copy(update={"id": "recruiter-test", **update})


# --------------------------------------------------------------------------- the ledger, unit by unit


def test_every_rubric_probe_that_a_topic_claims_is_recognised(catalog: Catalog) -> None:
    # the topic table is the engine's reading of the rubrics: the probes it was written for must map to a topic
    claimed = 0
    for rubric in catalog.rubrics.values():
        for dim in rubric.dimensions:
            for p in dim.probes:
                claimed += bool(probe_topics(p))
    assert claimed >= 60
    assert {t.id for t in TOPICS} >= {"comp_range", "notice", "responsibility", "requirements", "quantified_result"}


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Based on my research I'm targeting 95-110k base, flexible on the mix.", "comp_range"),
        ("I'm looking at 95 to 110k.", "comp_range"),
        ("Somewhere around $140,000 all in.", "comp_range"),
        ("My notice period is four weeks.", "notice"),
        ("I could start in early March.", "notice"),
        ("I'm in two other processes, one at the final stage.", "other_processes"),
        ("I was responsible for the migration plan and the deadline was mine.", "responsibility"),
        ("I noticed the spike. I paged the team. I rolled the config back myself.", "responsibility"),
        ("Failed checkouts went from 6% to 0.4% within five minutes.", "quantified_result"),
        ("The functional requirements are shorten and redirect; redirects must be fast.", "requirements"),
        ("About 4,000 redirects per second on average.", "scale"),
        ("p99 under 50 ms.", "latency"),
    ],
)
def test_facts_stated_in_an_answer_are_read(text: str, topic: str) -> None:
    assert topic in topics_in(text)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("I'd rather talk about the role first.", "comp_range"),
        ("We were a team of four.", "responsibility"),
        ("We shipped it and it went well.", "quantified_result"),
        ("It was a big project with a lot of users.", "requirements"),
    ],
)
def test_an_answer_without_the_fact_does_not_count_as_giving_it(text: str, topic: str) -> None:
    assert topic not in topics_in(text)


def test_round_facts_count_anywhere_but_story_facts_only_for_their_question() -> None:
    s = Session(id="t", persona_id="p", rubric_id="r", created="2026-01-01", minutes=30)
    s.turns = [
        Turn(index=0, role="candidate", text="I'm targeting 95-110k. I was responsible for the launch.", at=1, question_index=0),
        Turn(index=1, role="candidate", text="We shipped a thing.", at=2, question_index=1),
    ]
    ledger = Ledger.of(s, 1)
    assert ledger.covered("What range are you targeting for total compensation, and how did you arrive at it?")
    assert not ledger.covered("What exactly were you responsible for here, as opposed to the rest of the team?")
    assert Ledger.of(s, 0).covered("What exactly were you responsible for here, as opposed to the rest of the team?")


# --------------------------------------------------------------------------- live interviews


async def test_comp_range_given_early_is_never_asked_again(catalog: Catalog) -> None:
    # the case: "95-110k" with reasons, and the range is asked again one question later
    persona = recruiter(catalog, max_followups=3)
    weak = {d.id: 1 for d in catalog.rubrics["recruiter"].dimensions}
    iv, clock = new_interview(catalog, persona, judge=ScriptedJudge(default=weak))
    await iv.start()
    answers = [
        "Based on my research on senior roles I'm targeting 95-110k base, and I'm flexible on the mix of base and equity.",
        "I've been an ML engineer for six years, currently leading ranking at a retailer.",
        "Scope, mostly.",
        "More ownership.",
    ]
    seen_salary_q = False
    for a in answers * 6:
        if iv.finished or iv.session.stage == "wrapup":
            break
        await say(iv, clock, a, 60)
        seen_salary_q |= any(q.question_id == "salary-expectations" for q in iv.session.questions)
    assert seen_salary_q, "the round should reach the salary question"
    texts = " ".join(interviewer_texts(iv))
    assert "What range are you targeting" not in texts
    assert "logistics_compensation" in [t.move.dimension for t in iv.session.turns if t.move and t.move.kind == "followup"]


async def test_logistics_stated_in_the_first_answer_are_never_asked(catalog: Catalog) -> None:
    # range, notice, other processes and location, all in the first answer: no logistics probe is left to ask
    persona = recruiter(catalog, max_followups=4)
    weak = {d.id: 1 for d in catalog.rubrics["recruiter"].dimensions}
    iv, clock = new_interview(catalog, persona, judge=ScriptedJudge(default=weak))
    await iv.start()
    await say(
        iv, clock,
        "I'm a data scientist at a bank, based in Lisbon and happy with hybrid. I'm targeting 95-110k base. My notice "
        "period is four weeks and I'm in two other processes.",
        60,
    )
    while not (iv.finished or iv.session.stage == "wrapup"):
        await say(iv, clock, "Okay.", 60)
    assert any(q.question_id == "timeline-notice" for q in iv.session.questions)
    logistics = catalog.rubrics["recruiter"].dimension("logistics_compensation").probes
    assert not set(probes_asked(iv)) & set(logistics)
    # the bank question itself is still asked as written; only follow-ups are filtered
    assert "what's your notice period?" in " ".join(interviewer_texts(iv))


async def test_explicit_ownership_is_never_asked_for(catalog: Catalog) -> None:
    # "What exactly were you responsible for?" came twice after explicit ownership: every story here states it
    persona = catalog.persona("behavioral").model_copy(update={"id": "behavioral-patient", "max_followups": 5})
    iv, clock = new_interview(catalog, persona, judge=ScriptedJudge(default={}))  # every dimension stays at 1
    await to_first_question(iv, clock)
    story = (
        "I was the tech lead on the payments team and the deadline was mine to hit. I cut the reporting feature, "
        "I negotiated the scope with product, and I shipped the rest on time."
    )
    while not (iv.finished or iv.session.stage == "wrapup"):
        await say(iv, clock, story, 60)
    assert len(iv.session.questions) >= 3
    texts = " ".join(interviewer_texts(iv))
    assert "What exactly were you responsible for" not in texts
    assert "task_ownership" in [d for q in iv.session.questions for d in q.probed]  # it probed ownership, differently


async def test_requirements_given_in_the_design_are_not_asked_late(catalog: Catalog) -> None:
    # the case: the whole design, then "what are the requirements?" at follow-up 4
    design = (
        "Requirements first: users post, follow people and see a feed of recent posts, and the feed must load fast, "
        "p99 under 200 ms. Scale: 50,000 feed reads per second at peak. GET /feed returns a page of posts; a fan-out "
        "service writes post ids to each follower's feed list in a cache. Out of scope for now: ads and ranking."
    )
    solid = {d.id: 3 for d in catalog.rubrics["system-design"].dimensions}
    iv, clock = new_interview(catalog, "system-design", judge=ScriptedJudge(solid, default={}))
    await to_first_question(iv, clock)
    await say(iv, clock, "A design.", 300)  # the first problem is solid: straight to the second
    assert len(iv.session.questions) == 2
    await say(iv, clock, design, 300)
    while iv.session.stage == "followup" and len(iv.session.questions) == 2:
        await say(iv, clock, "Sure.", 60)
    q = iv.session.questions[1]
    assert q.followups == catalog.persona("system-design").max_followups  # it did follow up, four times
    assert "requirements" in q.probed  # still a gap on the judge's reading, so it was probed...
    asked = " ".join(probes_asked(iv))
    # ...but not by asking for what the design already stated
    assert "functional and non-functional requirements" not in asked
    assert "scale and latency targets" not in asked
    assert "explicitly out of scope" not in asked


async def test_no_probe_is_ever_asked_twice_in_a_round(catalog: Catalog) -> None:
    for pid in ("behavioral", "recruiter", "system-design", "ml-system-design"):
        persona = catalog.persona(pid).model_copy(update={"id": f"{pid}-patient", "max_followups": 10})
        iv, clock = new_interview(catalog, persona, judge=ScriptedJudge(default={}), minutes=120)
        await to_first_question(iv, clock, warmup_seconds=10)
        while not (iv.finished or iv.session.stage == "wrapup"):
            await say(iv, clock, "Hmm, okay.", 20)
        asked = probes_asked(iv)
        assert len(asked) >= 6, pid
        assert len(asked) == len(set(asked)), pid


async def test_an_opening_probe_is_only_the_first_follow_up(catalog: Catalog) -> None:
    # "Before we go further, what are the requirements?" after three follow-ups would be absurd
    iv, clock = new_interview(catalog, "system-design", judge=ScriptedJudge(default={"requirements": 1}))
    await to_first_question(iv, clock)
    for _ in range(4):
        m = move_of(await say(iv, clock, "It has a cache and a database.", 60))
        if m.kind != "followup":
            break
        if m.probe and m.probe.startswith("Before we go further"):
            assert iv.session.questions[0].followups == 1


# --------------------------------------------------------------------------- acknowledgements


async def test_a_non_answer_is_not_called_helpful(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog)  # the real offline judge
    await to_first_question(iv, clock)
    r = await say(iv, clock, "I don't remember.", 10)
    assert move_of(r).kind == "question"
    lead = r.turn.text.split("\n")[0]
    assert "helpful" not in lead.lower() and "thank" not in lead.lower()
    for text in ("Fine.", "Okay.", "pass"):
        r = await say(iv, clock, text, 10)
        if r.turn.move.kind in ("followup", "question"):
            assert "helpful" not in r.turn.text.split("\n")[0].lower()


async def test_acknowledgements_do_not_repeat_back_to_back(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, judge=ScriptedJudge(default={}))
    await to_first_question(iv, clock)
    leads = []
    while not (iv.finished or iv.session.stage == "wrapup"):
        r = await say(iv, clock, "Fine.", 30)
        leads.append(r.turn.text.split(" ")[0])
    assert all(a != b for a, b in zip(leads, leads[1:], strict=False) if a not in ("In", "We're"))


# --------------------------------------------------------------------------- the wrap-up answers questions


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("What's the salary band for this role?", "band"),
        ("Is the role remote, or do I need to be in the office?", "location"),
        ("What does the interview process look like after this?", "process"),
        ("When will I hear back?", "next_steps"),
        ("How big is the team?", "team"),
    ],
)
def test_a_question_is_answered_from_the_matching_fact(question: str, key: str) -> None:
    assert facts_for(question, FACTS)[0] == key
    assert FACTS[key] in answer_questions(question, FACTS)


def test_a_question_no_fact_answers_gets_an_honest_find_out() -> None:
    answers = answer_questions("How does on-call work on the team?", FACTS)
    assert answers and "find out" in answers[-1]
    assert not any(v in answers for v in FACTS.values())  # not the team's description instead
    assert answer_questions("What's the band?", {}) == ["I don't have that to hand, so I'll find out for you and follow up by email."]


def test_questions_are_found_in_a_reply() -> None:
    reply = "Thanks, that was fun. What's the band, and is it remote? Also, how does on-call work. I love the product!"
    # two questions joined by "and" in one sentence are two (each is answered, a general one about the team too)
    assert questions_in(reply) == ["What's the band?", "Is it remote?", "Also, how does on-call work?"]
    assert questions_in("No, I think you covered everything. Thanks!") == []


async def test_the_wrapup_answers_the_candidates_questions_from_the_persona_facts(catalog: Catalog) -> None:
    persona = recruiter(catalog, facts=FACTS)
    rubric = catalog.rubrics["recruiter"]
    iv, clock = new_interview(catalog, persona, judge=ScriptedJudge(default={d.id: 3 for d in rubric.dimensions}))
    await iv.start()
    while iv.session.stage != "wrapup":
        await say(iv, clock, "A solid answer.", 200)
    clock.advance(60)
    r = await iv.answer("What's the salary band, and is the role remote? And how does on-call work?")
    assert r.finished and r.turn.move.answers
    text = r.turn.text
    assert FACTS["band"] in text and FACTS["location"] in text
    assert "find out" in text
    assert persona.closing.strip() in text


async def test_a_question_deferred_to_the_end_is_answered_there(catalog: Catalog) -> None:
    persona = recruiter(catalog, facts=FACTS)
    rubric = catalog.rubrics["recruiter"]
    solid = {d.id: 3 for d in rubric.dimensions}
    judge = ScriptedJudge(assessment(flags=["question_to_interviewer"]), default=solid)  # as the offline judge flags it
    iv, clock = new_interview(catalog, persona, judge=judge)
    await iv.start()
    r = await iv.answer("Before I answer, what does the interview process look like for this role?")
    assert move_of(r).kind == "reprompt"
    while iv.session.stage != "wrapup":
        await say(iv, clock, "A solid answer.", 200)
    wrapup = iv.session.turns[-1]
    assert wrapup.move.kind == "wrapup" and FACTS["process"] in wrapup.text
    assert wrapup.text.rstrip().endswith("?")


async def test_without_facts_the_interviewer_invents_nothing(catalog: Catalog) -> None:
    rubric = catalog.rubrics["recruiter"]
    iv, clock = new_interview(catalog, recruiter(catalog, facts={}), judge=ScriptedJudge(default={d.id: 3 for d in rubric.dimensions}))
    await iv.start()
    while iv.session.stage != "wrapup":
        await say(iv, clock, "A solid answer.", 200)
    r = await say(iv, clock, "What's the band for this role?", 30)
    assert "find out" in r.turn.text and not re.search(r"\d", r.turn.text.replace(iv.persona.closing, ""))


# --------------------------------------------------------------------------- the voice never gives the answer away


async def test_the_voice_never_reveals_key_points_or_red_flags(catalog: Catalog) -> None:
    base = catalog.persona("system-design")
    questions = [
        q.model_copy(update={
            "tests": "Whether the candidate places the counters where every server can see them.",
            "key_points": [
                KeyPoint(text="say where the counters live when there are many API servers", terms=["shared counter"]),
                KeyPoint(text="explain the sliding window versus fixed window trade-off", terms=["sliding window"]),
            ],
            "red_flags": [RedFlag(text="keeps counters in each server's memory", terms=["in memory"])],
        })
        for q in base.questions
    ]
    persona = base.model_copy(update={"id": "sd-keypoints", "questions": questions, "max_followups": 10})
    iv, clock = new_interview(catalog, persona, judge=ScriptedJudge(default={}), minutes=120)
    await to_first_question(iv, clock)
    while not (iv.finished or iv.session.stage == "wrapup"):
        await say(iv, clock, "I'd use a database.", 30)
    await iv.answer("What would a great answer have included?")
    spoken = " ".join(interviewer_texts(iv)).lower()
    for needle in ("counters live", "sliding window", "shared counter", "in memory", "every server can see"):
        assert needle not in spoken


async def test_an_answer_that_ends_with_a_question_back_is_an_answer(catalog: Catalog) -> None:
    # the salary answer: a range, its basis and flexibility, then "what's the band?" - not a reason to repeat
    # the question; the band is answered in the wrap-up
    persona = recruiter(catalog, facts=FACTS)
    solid = {d.id: 3 for d in catalog.rubrics["recruiter"].dimensions}
    flagged = assessment(solid, flags=["question_to_interviewer"])  # however the judge reads it
    iv, clock = new_interview(catalog, persona, judge=ScriptedJudge(flagged, default=solid))
    await iv.start()
    r = await say(
        iv, clock,
        "Based on my research on senior roles in Lisbon I'm targeting 95-110k base, and I'm flexible on the mix of "
        "base and equity. What's the band for this role?",
        60,
    )
    assert move_of(r).kind != "reprompt"
    while iv.session.stage != "wrapup":
        await say(iv, clock, "A solid answer.", 200)
    assert FACTS["band"] in iv.session.turns[-1].text


async def test_a_bare_question_back_is_still_kept_for_the_end(catalog: Catalog) -> None:
    rubric = catalog.rubrics["recruiter"]
    judge = ScriptedJudge(assessment(flags=["question_to_interviewer"]), default={d.id: 3 for d in rubric.dimensions})
    iv, clock = new_interview(catalog, recruiter(catalog, facts=FACTS), judge=judge)
    await iv.start()
    r = await say(iv, clock, "Can I ask first what the band is?", 20)
    assert (move_of(r).kind, move_of(r).reason) == ("reprompt", "candidate")


async def test_a_question_inside_an_answer_is_answered_once_in_the_wrapup(catalog: Catalog) -> None:
    persona = recruiter(catalog, facts=FACTS)
    solid = {d.id: 3 for d in catalog.rubrics["recruiter"].dimensions}
    iv, clock = new_interview(catalog, persona, judge=ScriptedJudge(default=solid))
    await iv.start()
    await say(
        iv, clock,
        "I'm an ML engineer with six years of experience, currently leading ranking at a retailer, and I'd like a "
        "bigger scope. What does the interview process look like?",
        60,
    )
    while iv.session.stage != "wrapup":
        await say(iv, clock, "A solid answer.", 200)
    wrapup = iv.session.turns[-1]
    assert FACTS["process"] in wrapup.text and wrapup.text.count(FACTS["process"]) == 1
    r = await say(iv, clock, "What's the interview process again, and when will I hear back?", 30)
    assert FACTS["process"] not in r.turn.text  # said once already: referred to, not read out again
    assert "As I mentioned" in r.turn.text and FACTS["next_steps"] in r.turn.text


# --------------------------------------------------------------------------- the model's voice gets the same moves


def _voice_prompt(catalog: Catalog, move) -> str:
    import jinja2

    from interviewer.paths import package_data_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package_data_dir("prompts"))), undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    return env.get_template("interviewer.j2").render(
        persona=catalog.persona("recruiter"), move=move, dimension=None, minutes_left=3, notes=[], history=[], max_sentences=3
    )


def test_the_voice_prompt_answers_with_the_facts_and_nothing_else(catalog: Catalog) -> None:
    from interviewer.models import Move

    text = _voice_prompt(catalog, Move(kind="close", reason="next", expects_reply=False, answers=[FACTS["band"]]))
    assert FACTS["band"] in text and "adding no other facts" in text
    assert "hiring team can go into detail" not in text
    bare = _voice_prompt(catalog, Move(kind="close", reason="next", expects_reply=False))
    assert "do not invent facts" in bare
    wrap = _voice_prompt(catalog, Move(kind="wrapup", reason="next", answers=[FACTS["process"]]))
    assert FACTS["process"] in wrap and "what questions the candidate has" in wrap


def test_the_voice_prompt_asks_for_a_different_story(catalog: Catalog) -> None:
    from interviewer.models import Move

    move = Move(kind="reprompt", reason="story_reused", question_text="Tell me about a conflict.", reused_from="Tell me about a deadline.")
    text = _voice_prompt(catalog, move)
    assert "different example" in text and "Tell me about a deadline." in text and "Tell me about a conflict." in text
    assert "reply was empty" not in text
