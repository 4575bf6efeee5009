"""What the interviewer and the report say fits what the candidate said. Answers written for these tests.

- An answer that earned no credit is not also said to have been capped ("no story, so at most 2").
- "Stated something a strong answer avoids (named under the question above)" only when one is named there.
- Code that passed every hidden test is a strength, though no sentence is quoted for it: never "no clear strengths".
- "How big is the team, and what does the on-call look like?" is two questions, and both get an answer.
- A clarifying question in a design round gets a reply ("that's yours to decide"), not "Right." and the next probe.
- A follow-up does not ask for the time cost of a solution the candidate has just given it for.
"""

from __future__ import annotations

import asyncio

from interviewer.catalog import Catalog
from interviewer.engine.followups import probe_topics, topics_in
from interviewer.engine.wrapup import answer_questions, questions_in
from interviewer.models import Session, Turn
from interviewer.report.evidence import answer_flags
from interviewer.report.render import render
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse
from tests.test_agent import assessment


def _rehearse(catalog: Catalog, persona: str, answers: list[tuple[str, str] | tuple[str, str, str]]):
    script = RehearsalScript(persona=persona, answers=[
        ScriptAnswer(question=a[0], seconds=120, text=a[1], code=a[2] if len(a) > 2 else None) for a in answers  # type: ignore[misc]
    ])
    return asyncio.run(rehearse(script, catalog=catalog))


def _interviewer(result) -> list[str]:
    return [t.text for t in result.interview.session.turns if t.role == "interviewer"]


# --------------------------------------------------------------------------- 1. no credit is not also a cap


def test_an_answer_that_earned_nothing_is_not_also_said_to_be_capped() -> None:
    turns = [
        Turn(index=1, role="candidate", at=0.0, text="I don't really have a story for that one.", question_index=0,
             assessment=assessment(flags=["off_topic", "no_story"])),
        Turn(index=2, role="candidate", at=0.0, text="I think we kind of fixed it, to be honest, I guess.", question_index=1,
             assessment=assessment({"actions": 2}, flags=["vague"])),
        Turn(index=3, role="candidate", at=0.0, text="Not sure, I think I'd rather not say.", question_index=2,
             assessment=assessment(flags=["non_answer", "vague"])),
    ]
    flags = answer_flags(turns)
    assert flags[1] == ["off_topic"], flags  # "scored at most 2" beside "earned no credit" would contradict it
    assert flags[2] == ["vague"], flags  # a scored answer that hedged: the cost of a level is real
    assert flags[3] == ["non_answer"], flags


def test_a_behavioral_report_does_not_cap_a_reply_that_earned_nothing(catalog: Catalog) -> None:
    result = _rehearse(catalog, "behavioral", [
        ("warmup", "I'm a data engineer; I look after the pipelines behind our delivery-time model."),
        ("tight-deadline", "Last spring our biggest customer moved their launch forward by three weeks, and the "
                           "estimates they needed came from a pipeline I owned. I listed the twelve planned features, "
                           "asked their PM which five the launch screen used, and cut the rest to a later release. I "
                           "wrote the backfill myself and we shipped two days early."),
        ("influence-without-authority", "I don't really have a story for that one."),
        ("wrapup", "No questions."),
    ])
    md = render(result.report, "md")
    section = md.split("another team to change their plans", 1)[1].split("**“", 1)[0]
    if "earned no credit" in section or "non-answer" in section:
        assert "scored at most 2" not in section and "described what you usually do" not in section, section


# --------------------------------------------------------------------------- 2. red flags said where they are named


def test_a_red_flag_note_always_has_its_red_flag_named(catalog: Catalog) -> None:
    result = _rehearse(catalog, "recruiter", [
        ("background-why", "I studied statistics, spent three years pricing insurance, then moved to a fintech in "
                           "2021 where I own the fraud scoring service."),
        ("why-leaving", "The company was acquired and the new owners are moving ML work abroad, so my role is going."),
        ("looking-for", "Something good, I guess. A nice team."),
        ("salary-expectations", "I'd rather not say."),
        ("timeline-notice", "I'd rather not say."),
        ("wrapup", "No."),
    ])
    report = result.report
    for q in report.questions:
        assert "red_flag" not in q.flags or q.red_flags, q
    assert "red_flag" not in report.flags or any(q.red_flags for q in report.questions), report.flags
    md = render(report, "md")
    if "named under the question above" in md or "the feedback above names it" in md:
        assert "This cost you:" in md, md


# --------------------------------------------------------------------------- 3. a strength without a quote


_EMA_WRONG = '''def ema(events, half_life):
    vals = [v for _, v in events]
    return [sum(vals) / len(vals)] * len(vals)
'''
_KMEANS = '''import random


def kmeans(points, k, iters=100, seed=0):
    if k <= 0 or k > len(points):
        raise ValueError("k must be between 1 and the number of points")
    cents = [list(p) for p in random.Random(seed).sample(points, k)]
    labels = None
    for _ in range(iters):
        new = [min(range(k), key=lambda j: sum((a - b) ** 2 for a, b in zip(p, cents[j]))) for p in points]
        if new == labels:
            break
        labels = new
        for j in range(k):
            members = [p for p, lab in zip(points, labels) if lab == j]
            if members:
                cents[j] = [sum(c) / len(members) for c in zip(*members)]
    return cents, labels
'''


def test_code_that_passed_every_test_is_a_strength(catalog: Catalog) -> None:
    result = _rehearse(catalog, "ml-coding", [
        ("ema-irregular", "I'll just average everything, that should be close enough.", _EMA_WRONG),
        ("kmeans", "I seed the RNG, pick k points as centroids, then alternate assigning each point to its nearest "
                   "centroid and moving each centroid to the mean of its points, keeping the old centroid if a "
                   "cluster empties. I stop when the labels stop changing.", _KMEANS),
        ("wrapup", "No questions."),
    ])
    report = result.report
    kmeans = next(c for c in report.coding or [] if c.question_id == "kmeans")
    assert kmeans.tests and all(t.outcome == "passed" for t in kmeans.tests), kmeans.tests
    assert report.strengths, report.strengths
    assert any(s.startswith("Correctness was exceptional in your answer to “Implement k-means") for s in report.strengths), report.strengths
    assert "No clear strengths" not in render(report, "md")


# --------------------------------------------------------------------------- 4. two questions in one sentence


def test_two_questions_joined_by_and_are_both_answered(catalog: Catalog) -> None:
    asked = questions_in("How big is the team, and what does the on-call look like?")
    assert asked == ["How big is the team?", "What does the on-call look like?"], asked
    assert questions_in("What do you like and dislike about the role?") == ["What do you like and dislike about the role?"]
    facts = catalog.persona("behavioral").facts
    answers = answer_questions("How big is the team, and what does the on-call look like?", facts)
    assert any("seven engineers" in a for a in answers) and any("on-call rotation" in a for a in answers), answers


def test_the_close_answers_both_and_says_questions(catalog: Catalog) -> None:
    result = _rehearse(catalog, "behavioral", [
        ("warmup", "I'm a data engineer working on delivery-time estimates."),
        ("own-mistake", "I once shipped a schema change on a Friday without checking a downstream consumer, and "
                        "their dashboard broke over the weekend. On Monday I rolled it back, told the analytics team "
                        "what happened, and added a contract test to CI so a breaking change now fails the build. We "
                        "have had no breakage of that kind in the eight months since."),
        ("wrapup", "How big is the team, and what does the on-call look like?"),
    ])
    close = _interviewer(result)[-1]
    assert close.startswith("Good questions."), close
    assert "seven engineers" in close and "on-call rotation" in close, close


# --------------------------------------------------------------------------- 5. a clarifying question gets a reply


def test_a_clarifying_question_in_a_design_round_gets_a_reply(catalog: Catalog) -> None:
    result = _rehearse(catalog, "system-design", [
        ("url-shortener", "Before I start, how many users are we talking about, and do we need custom aliases?"),
        ("url-shortener", "I'll assume 10 million new links a month with optional aliases. A web service behind a "
                          "load balancer writes the long URL into a database and returns a code; redirects read the "
                          "code from a cache in front of the database."),
        ("wrapup", "No questions."),
    ])
    texts = _interviewer(result)
    reply = texts[1]
    assert reply.startswith("Good questions: that's yours to decide"), reply
    assert not reply.startswith(("Right.", "Okay.", "Got it.")), reply


def test_a_question_about_the_role_mid_design_is_not_called_yours_to_decide(catalog: Catalog) -> None:
    result = _rehearse(catalog, "system-design", [
        ("url-shortener", "What does the team work on?"),
        ("wrapup", "No questions."),
    ])
    assert not any("yours to decide" in t for t in _interviewer(result)), _interviewer(result)


# --------------------------------------------------------------------------- 6. no probe for a cost already stated


def test_the_time_cost_is_not_asked_for_after_it_was_given(catalog: Catalog) -> None:
    assert "complexity" in probe_topics("What is the time and memory cost of your solution, and can you do better?")
    assert "complexity" in probe_topics("What dominates the running time here, and how does it grow with the input?")
    assert "complexity" in topics_in("Each round is O(n k d), so it grows linearly with the points.")
    assert "complexity" not in topics_in("I loop over the points and assign each to its nearest centroid.")
    result = _rehearse(catalog, "ml-coding", [
        ("kmeans", "I seed the RNG and pick k points as the first centroids, then alternate: assign each point to "
                   "its nearest centroid, move each centroid to the mean of its points. Each round is O(n k d) "
                   "time and O(n) memory for the labels.", _KMEANS),
        ("kmeans", "I'd test two well separated blobs, k equal to the number of points, and duplicate points."),
        ("kmeans", "Empty clusters keep their previous centroid."),
        ("kmeans", "That's all I have on it."),
        ("wrapup", "No questions."),
    ])
    session: Session = result.interview.session
    probes = [t.move.probe for t in session.turns if t.role == "interviewer" and t.move and t.move.probe]
    assert not any("time and memory cost" in p or "dominates the running time" in p for p in probes), probes


# --------------------------------------------------------------------------- 7. one written answer is not a round


def test_a_reviewed_answer_says_why_dimensions_were_not_assessed(catalog: Catalog) -> None:
    from interviewer.services import review

    answer = ("I'm targeting 140 to 155k base, based on what senior ML roles in Lisbon pay and my current 130k; I'm "
              "flexible on the split with equity. What band do you have for this role?")
    report, _ = review(answer, persona_id="recruiter", question="What are your salary expectations?", catalog=catalog)
    assert report.not_assessed, report  # the salary question does not ask about the career narrative
    assert "round stopped" not in report.not_assessed_reason and "time" not in report.not_assessed_reason
    assert "does not ask about them" in report.not_assessed_reason
    if len({d.score for d in report.dimensions}) == 1 and len(report.dimensions) == 2:
        assert "All 2" not in " ".join(report.strengths) and "Every dimension" not in report.summary, report
        assert "Both assessed dimensions scored" in report.summary, report.summary


def test_two_questions_the_facts_do_not_cover_are_not_the_rest_of_nothing(catalog: Catalog) -> None:
    facts = catalog.persona("ml-system-design").facts
    answers = answer_questions("What would my first project be, and who would I pair with in my first month?", facts)
    assert answers and not answers[0].startswith("The rest"), answers


def test_a_keyword_list_in_a_design_round_is_not_said_to_lack_a_story(catalog: Catalog) -> None:
    result = _rehearse(catalog, "ml-system-design", [
        ("feed-ranking", "I would use a deep learning model with embeddings, train it on engagement, and deploy it "
                         "with Kubernetes so it scales. Then we A/B test it."),
        ("feed-ranking", "Yeah, engagement like clicks and likes and time spent, all of it."),
        ("wrapup", "No questions."),
    ])
    assert any("keyword_list" in q.flags for q in result.report.questions)  # the judge's reading; this is about its words
    md = render(result.report, "md")
    assert "without a story" not in md and "listed keywords without saying what you did" in md, md


def test_how_models_are_deployed_is_answered_from_the_stack(catalog: Catalog) -> None:
    facts = catalog.persona("ml-system-design").facts
    answers = answer_questions("What's the on-call like, and how are models deployed here?", facts)
    assert answers[0] == facts["stack"], answers
    assert "on-call" in answers[1] and "find out" in answers[1], answers


def test_questions_in_the_wrap_up_are_not_said_to_lack_a_story() -> None:
    turns = [Turn(index=5, role="candidate", at=0.0, text="How big is the team, and what does the on-call look like?",
                  question_index=None, assessment=assessment({"questions": 3}, flags=["no_story"]))]
    assert answer_flags(turns)[5] == [], answer_flags(turns)
