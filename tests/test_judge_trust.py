"""Issue 7: scores a candidate can trust. Every failure the issue lists, with answers written for these tests.

Key points for the questions used here are installed by the ``kp_catalog`` fixture (written for these tests), so the
tests do not depend on the reference material in the persona files.
"""

from __future__ import annotations

import asyncio
import os
import random

import pytest

from interviewer import services
from interviewer.catalog import Catalog
from interviewer.judges.offline import OfflineJudge
from interviewer.models import Dimension, KeyPoint, Question, RedFlag, Report, Rubric
from interviewer.report.render import render

SALARY = "What are your salary expectations?"
WHY_LEAVING = "What's prompting you to look for a new role at this point?"
RATE_LIMITER = "Design a distributed rate limiter that protects a public API, with limits per user and per API key across many servers."
INCIDENT = "Tell me about a time you were responsible for handling a serious production incident."


def _kp(text: str, *terms: str) -> KeyPoint:
    return KeyPoint(text=text, terms=list(terms))


TEST_KEY_POINTS = {
    "salary-expectations": (
        [
            _kp("Give a concrete range rather than a single number or none", "re:\\d+\\s*(k|thousand)?\\s*(to|-|–)\\s*\\d+", "range"),
            _kp("Say what the range is based on (market data, levels, current package)", "based on", "market", "levels", "current package"),
            _kp("Show flexibility on the mix of base, bonus and equity", "flexible", "mix", "equity", "bonus"),
            _kp("Ask for the band budgeted for the role", "band", "budget"),
        ],
        [RedFlag(text="Demanding as much as possible with no number", terms=["as much as possible", "whatever you pay"])],
    ),
    "why-leaving": (
        [
            _kp("Give a forward-looking reason: what you want to do next", "want to", "looking for", "next step", "grow"),
            _kp("Tie the reason to this kind of role", "this role", "role like this", "team that owns"),
            _kp("Stay positive about the current employer", "learned a lot", "enjoyed", "grateful"),
        ],
        [RedFlag(text="Criticising the current manager or colleagues", terms=["re:\\b(idiot|lazy|incompetent)\\b"])],
    ),
    "rate-limiter": (
        [
            _kp("Say where the counters live when there are many API servers: a shared store such as Redis",
                "redis", "shared counter", "central store", "counter + shared"),
            _kp("Key the counters by user or API key", "per user", "per api key", "user id", "api key + key"),
            _kp("Choose a window algorithm (fixed window, sliding window, token bucket)", "fixed window", "sliding window",
                "token bucket", "leaky bucket", "reset every minute", "window"),
            _kp("Say what a limited client gets back (HTTP 429 with a retry hint)", "429", "retry-after", "reject"),
            _kp("Say what happens when the limiter's store is down (fail open or closed)", "fail open", "fail closed",
                "store is down", "redis is down", "unavailable"),
            _kp("Keep the added latency low with atomic operations or local caching", "atomic", "incr", "latency", "local cache"),
        ],
        [RedFlag(text="Counting in each server's memory, so limits break across servers", terms=["in memory + each server"])],
    ),
}


@pytest.fixture
def kp_catalog(catalog: Catalog) -> Catalog:
    cat = catalog.model_copy(deep=True) if hasattr(catalog, "model_copy") else None
    import copy

    cat = copy.deepcopy(catalog)
    for persona in cat.personas.values():
        for q in persona.questions:
            if q.id in TEST_KEY_POINTS:
                q.key_points, q.red_flags = TEST_KEY_POINTS[q.id]
    return cat


def review(cat: Catalog, answer: str | bytes, persona: str, question: str | None) -> Report:
    report, _ = services.review(answer, persona_id=persona, question=question, catalog=cat)
    return report


def scores(report: Report) -> dict[str, int]:
    return {d.id: d.score for d in report.dimensions}


def contradictions(report: Report, answered: bool = True) -> list[str]:
    """Everything a report must never say about itself (issue 7, Reports)."""
    out = []
    md = render(report, "md")
    if "Nothing major" in md and report.overall < 3.5:
        out.append(f"'Nothing major' under {report.overall}")
    if answered and "no answers to score" in md.lower():
        out.append("'no answers to score' although an answer was given")
    for d in report.dimensions:
        if ("no evidence" in d.feedback.lower()) and (d.score >= 2 or d.evidence):
            out.append(f"{d.id}: 'no evidence' beside {d.score} / {len(d.evidence)} quote(s)")
    for row in report.coverage or []:
        dim = next((d for d in report.dimensions if d.id == row.dimension), None)
        if row.covered and not (dim and dim.evidence):
            out.append(f"coverage row {row.dimension} says yes without a quote")
    return out


# --------------------------------------------------------------------------- a question back is still an answer

SALARY_STRONG = (
    "I've looked at levels data for senior ML engineers here and at my current package, so I'm aiming for a total of "
    "105 to 120 thousand. I'm flexible on the split between base and equity. What band do you have for the role?"
)


def test_an_answer_that_ends_with_a_question_is_scored(kp_catalog: Catalog) -> None:
    report = review(kp_catalog, SALARY_STRONG, "recruiter", SALARY)
    assert report.dimensions, report.summary
    assert "question_to_interviewer" not in report.flags
    assert report.overall >= 3.0, scores(report)
    assert "no answers to score" not in report.summary.lower()
    assert contradictions(report) == []


def test_only_a_question_is_not_an_answer_and_the_report_says_so(kp_catalog: Catalog) -> None:
    report = review(kp_catalog, "Before I answer, could you tell me what the band for this role is?", "recruiter", SALARY)
    assert not report.dimensions
    assert "questions back to the interviewer" in report.summary
    md = render(report, "md")
    assert "Nothing major" not in md and "no answers to score" not in md.lower()


# --------------------------------------------------------------------------- relevance first

COMMUTE_RAMBLE = (
    "Honestly the biggest thing on my mind lately has been the office move. Our team moved from the old building near the "
    "river to a new campus on the other side of the city, and my commute went from twenty minutes to almost an hour each "
    "way. I started taking the early train, which is quieter, and I use the time to read. The new building has a nice "
    "canteen and a rooftop terrace, although the meeting rooms are always booked. My manager has been understanding about "
    "hybrid days, and I now come in on Tuesdays and Thursdays. The parking situation is still a problem, and a lot of "
    "colleagues complain about it. I think over time it will settle down once the second car park opens next spring."
)
WHY_LEAVING_GENERIC = "I want to grow and I am looking for a role where I can learn more. This role looks like a good next step."


def test_an_off_topic_ramble_scores_low_on_every_dimension_and_says_why(kp_catalog: Catalog) -> None:
    ramble = review(kp_catalog, COMMUTE_RAMBLE, "recruiter", WHY_LEAVING)
    short = review(kp_catalog, WHY_LEAVING_GENERIC, "recruiter", WHY_LEAVING)
    assert "off_topic" in ramble.flags
    assert all(s == 1 for s in scores(ramble).values()), scores(ramble)
    assert short.overall > ramble.overall
    assert any("does not address the question" in d.feedback for d in ramble.dimensions)
    assert contradictions(ramble) == []


# --------------------------------------------------------------------------- concrete beats hand-waving

HAND_WAVE = "I would put a rate limiter in front of the API. I'd use the cloud provider's managed one. It scales automatically."
NAIVE_CONCRETE = (
    "I would keep a counter per user in Redis, keyed by user id and API key, so that every API server sees the same "
    "count. On each request the server does an atomic INCR on the key and rejects the request with HTTP 429 once the "
    "count passes the limit, and the counter is reset every minute with a one-minute expiry on the key."
)


def test_a_concrete_naive_design_beats_a_hand_wave(kp_catalog: Catalog) -> None:
    wave = review(kp_catalog, HAND_WAVE, "system-design", RATE_LIMITER)
    naive = review(kp_catalog, NAIVE_CONCRETE, "system-design", RATE_LIMITER)
    assert naive.overall > wave.overall, (scores(naive), scores(wave))
    # the feedback names what is missing in words the candidate can act on
    fb = " ".join(d.feedback for d in wave.dimensions)
    assert "where the counters live" in fb


def test_length_does_not_pay_by_itself(kp_catalog: Catalog) -> None:
    padded = NAIVE_CONCRETE + " " + " ".join(
        [
            "In general rate limiting is a very important topic that many companies care about a great deal.",
            "There are many ways to think about it and each has pros and cons depending on the situation.",
            "It is always good to keep things simple and to think about the users and what they need.",
        ]
        * 3
    )
    assert review(kp_catalog, padded, "system-design", RATE_LIMITER).overall <= review(
        kp_catalog, NAIVE_CONCRETE, "system-design", RATE_LIMITER
    ).overall


def test_red_flags_cost(kp_catalog: Catalog) -> None:
    flagged = NAIVE_CONCRETE.replace(
        "in Redis, keyed by user id and API key, so that every API server sees the same count",
        "in memory on each server, keyed by user id and API key",
    )
    good = review(kp_catalog, NAIVE_CONCRETE, "system-design", RATE_LIMITER)
    bad = review(kp_catalog, flagged, "system-design", RATE_LIMITER)
    assert "red_flag" in bad.flags
    assert bad.overall < good.overall
    assert any("limits break across servers" in d.feedback for d in bad.dimensions)


def test_stuffing_key_point_terms_does_not_pay(kp_catalog: Catalog) -> None:
    stuffed = "Redis, sliding window, token bucket, 429, fail open, atomic, per user, per API key, Retry-After."
    assert review(kp_catalog, stuffed, "system-design", RATE_LIMITER).overall <= review(
        kp_catalog, HAND_WAVE, "system-design", RATE_LIMITER
    ).overall


# --------------------------------------------------------------------------- free-text questions


def test_a_free_text_question_borrows_the_closest_bank_question(kp_catalog: Catalog) -> None:
    report = review(kp_catalog, NAIVE_CONCRETE, "system-design", "How would you design a rate limiter for an API?")
    assert "closest bank question" in report.summary and "rate limiter" in report.summary
    unrelated = review(kp_catalog, NAIVE_CONCRETE, "system-design", "How do you like to spend your weekends?")
    assert "only generic signals" in unrelated.summary
    exact = review(kp_catalog, NAIVE_CONCRETE, "system-design", RATE_LIMITER)
    assert "this question from the bank" in exact.summary


# --------------------------------------------------------------------------- not an answer


def test_random_bytes_are_named_and_get_no_credit(kp_catalog: Catalog) -> None:
    rnd = random.Random(7)
    raw = bytes(rnd.randrange(256) for _ in range(20_000))
    report = review(kp_catalog, raw, "behavioral", INCIDENT)
    assert "gibberish" in report.flags
    assert all(s == 1 for s in scores(report).values())
    assert not any(d.evidence for d in report.dimensions)
    assert report.strengths == []
    assert contradictions(report) == []


STORY = (
    "Last year I was the on-call engineer for our checkout service when a bad cache config took down payments for "
    "about 30% of users during a sale. It was my incident to run, so I opened the incident channel and paged the team. "
    "I rolled the config back myself within ten minutes, and I wrote the postmortem with three follow-up fixes. Errors "
    "went from 30% back to under 0.5% and we lost about 2,000 orders in total. I learned to put config changes behind "
    "a canary, and I now review every cache change with a rollback plan."
)


def test_a_story_repeated_to_fifty_thousand_words_is_named_and_gets_no_credit(kp_catalog: Catalog) -> None:
    n = 50_000 // len(STORY.split()) + 1
    report = review(kp_catalog, " ".join([STORY] * n), "behavioral", INCIDENT)
    assert "repetitive" in report.flags
    assert all(s == 1 for s in scores(report).values())
    assert report.recommendation == "No Hire"
    comm = next(d for d in report.dimensions if d.id == "communication")
    assert "tight" not in comm.feedback.lower() and "repeat" in comm.feedback.lower()


GERMAN = (
    "Letztes Jahr war ich der verantwortliche Ingenieur für unseren Bezahldienst, als eine fehlerhafte Konfiguration "
    "für etwa 30% der Nutzer die Zahlungen blockierte. Ich habe die Konfiguration selbst zurückgerollt und danach die "
    "Analyse geschrieben. Die Fehlerrate ist von 30% auf unter 0,5% gefallen, und ich habe gelernt, Änderungen immer "
    "zuerst bei einem kleinen Teil der Nutzer auszurollen."
)
CHINESE = (
    "去年我负责公司的支付服务，一次错误的缓存配置导致大约百分之三十的用户无法付款。我立即回滚了配置，并写了事故报告，"
    "提出了三项改进措施。错误率从百分之三十降到了百分之零点五以下。我学会了所有配置变更都要先灰度发布。"
)


@pytest.mark.parametrize("answer", [GERMAN, CHINESE], ids=["german", "chinese"])
def test_a_language_the_judge_cannot_read_is_named(kp_catalog: Catalog, answer: str) -> None:
    report = review(kp_catalog, answer, "behavioral", INCIDENT)
    assert "not_english" in report.flags
    assert all(s == 1 for s in scores(report).values())
    assert any("English" in d.feedback for d in report.dimensions)
    assert "English" in render(report, "md")


def test_non_native_but_substantive_english_is_read() -> None:
    text = (
        "In my previous company I was owner of the payment service. One day the database was full and payments was "
        "failing for 20% of users. I did the analysis myself, I have found that old logs were never deleted, and I "
        "wrote a cleanup job and one alert when disk is more than 80%. After this, the failures stopped and we had no "
        "problem since eight months. I learned that every storage must have a limit and an alert."
    )
    from interviewer.judges.offline.nonanswer import non_answer_kind

    assert non_answer_kind(text, 5, 5) is None


# --------------------------------------------------------------------------- ownership and STAR parts from what is said

FIRST_PERSON = (
    "During a release last year the search service started timing out for a third of queries. I pushed the release "
    "myself, so I noticed the spike on the dashboard within minutes. I rolled the config back myself, I checked that "
    "latency recovered, and I wrote the postmortem that evening. Timeouts went from 33% back to 0.2%."
)


def test_first_person_actions_count_as_ownership(catalog: Catalog) -> None:
    report = review(catalog, FIRST_PERSON, "behavioral", INCIDENT)
    task = next(d for d in report.dimensions if d.id == "task_ownership")
    assert task.score >= 3, task
    assert "'we'" not in task.feedback


def test_a_stated_lead_role_and_deadline_count_as_ownership(catalog: Catalog) -> None:
    answer = (
        "I was the tech lead and the deadline was mine to hit. The partner integration had to be live before the "
        "holiday campaign, eleven days away, and I split the work so the payment flow came first."
    )
    rubric = catalog.rubrics["behavioral"]
    task = OfflineJudge().assess(answer, rubric, ["task_ownership"]).dimensions["task_ownership"]  # what the sentences say
    assert task.level >= 3, task


def test_result_evidence_is_the_result_not_a_goal_or_an_action(catalog: Catalog) -> None:
    answer = (
        "Situation: our checkout error rate went from 6% to 0.4% after the work I describe here, at a retailer with 2 "
        "million customers. Task: the goal was to reduce payment failures before the holiday peak, and it was my "
        "project. Action: I rewrote the retry logic to reduce duplicate charges, and I added idempotency keys to every "
        "payment call. Result: the holiday peak went through without an incident. Reflection: I learned to measure the "
        "error budget before and after every change."
    )
    result = next(d for d in review(catalog, answer, "behavioral", INCIDENT).dimensions if d.id == "result")
    assert result.evidence and any("0.4%" in q for q in result.evidence[:1]), result.evidence
    assert not any(q.startswith("the goal was") or "rewrote the retry logic" in q for q in result.evidence)


# --------------------------------------------------------------------------- the warm-up is context


def test_the_warm_up_is_not_averaged_in(catalog: Catalog, tmp_path) -> None:
    intro = "Hi, I'm a backend engineer with five years of experience, currently on the payments team."
    script = services.RehearsalScript(
        persona="behavioral", answers=[services.ScriptAnswer(seconds=30, text=intro), services.ScriptAnswer(seconds=200, text=STORY)]
    )
    res = asyncio.run(services.rehearse(script, catalog=catalog))
    alone = review(catalog, STORY, "behavioral", res.interview.session.questions[0].text)
    assert res.report.overall == pytest.approx(alone.overall, abs=0.01), (scores(res.report), scores(alone))
    assert "warm-up" in res.report.summary and "not scored" in res.report.summary
    for d in res.report.dimensions:
        assert "By question" not in d.feedback  # one question was scored: nothing to break down


# --------------------------------------------------------------------------- the recruiter rubric and badmouthing

BADMOUTH = (
    "My manager is an idiot and my coworkers are lazy, so I'm done with that place. I want a team that actually ships, "
    "because I have five years of experience building data pipelines and I'm tired of carrying everyone."
)


def test_badmouthing_is_not_rewarded(kp_catalog: Catalog) -> None:
    report = review(kp_catalog, BADMOUTH, "recruiter", WHY_LEAVING)
    assert scores(report)["motivation"] == 1
    assert "badmouthing" in report.flags
    assert report.overall < 2.5
    assert any("criticis" in d.feedback.lower() for d in report.dimensions)


def test_a_recruiter_round_with_badmouthing_is_not_a_strong_hire(catalog: Catalog) -> None:
    good = (
        "I'm a data engineer with five years of experience, most recently building the streaming pipelines that feed "
        "our fraud models at a payments company, where I cut pipeline lag from 20 minutes to 40 seconds. I'm interested "
        "in this role because your team owns the data platform end to end and I want to grow into platform design."
    )
    answers = [good, "Honestly my manager is terrible and the team is useless, that's why I'm leaving.", good, good]
    script = services.RehearsalScript(persona="recruiter", answers=[services.ScriptAnswer(seconds=60, text=a) for a in answers])
    res = asyncio.run(services.rehearse(script, catalog=catalog))
    assert res.report.recommendation != "Strong Hire"
    assert "badmouthing" in res.report.flags


# --------------------------------------------------------------------------- reports that agree with themselves

RELIABILITY_WITHOUT_FAILURES = (
    "The service is stateless behind a load balancer, with a Redis cache in front of a Postgres database keyed by short "
    "code. We add retries with timeouts on every call, and it is highly available."
)


def test_reliability_needs_failures_metrics_or_alerts(catalog: Catalog) -> None:
    report = review(catalog, RELIABILITY_WITHOUT_FAILURES, "system-design", RATE_LIMITER)
    rel = next(d for d in report.dimensions if d.id == "reliability_monitoring")
    assert rel.score <= 2, rel


def test_reports_never_contradict_themselves(catalog: Catalog, kp_catalog: Catalog, calibration_answers) -> None:
    cases = [(i["answer"], i["persona"], i["question"]) for i in calibration_answers]
    cases += [
        (SALARY_STRONG, "recruiter", SALARY), (COMMUTE_RAMBLE, "recruiter", WHY_LEAVING), (HAND_WAVE, "system-design", RATE_LIMITER),
        (NAIVE_CONCRETE, "system-design", RATE_LIMITER), (FIRST_PERSON, "behavioral", INCIDENT), (BADMOUTH, "recruiter", WHY_LEAVING),
        (RELIABILITY_WITHOUT_FAILURES, "system-design", RATE_LIMITER),
    ]
    for answer, persona, question in cases:
        for cat in (catalog, kp_catalog):
            report = review(cat, answer, persona, question)
            assert contradictions(report) == [], (persona, answer[:50], contradictions(report))


def test_a_max_dimension_takes_its_advice_from_the_answer_that_set_the_score(catalog: Catalog) -> None:
    """Role fit 3/4 must not say 'no evidence yet for role fit' because another answer had none."""
    strong = (
        "At my current job I build the same kind of ranking models your team runs, in Python and Spark, and I own their "
        "serving, which is directly relevant to this role."
    )
    answers = [strong, "I like computers.", "I like computers a lot.", "Computers are great."]
    script = services.RehearsalScript(persona="recruiter", answers=[services.ScriptAnswer(seconds=60, text=a) for a in answers])
    res = asyncio.run(services.rehearse(script, catalog=catalog))
    assert contradictions(res.report) == []


# --------------------------------------------------------------------------- the modelling-depth and case-study detectors

LEVELS = {1: "none", 2: "some", 3: "solid", 4: "strong"}


def _rubric(kind: str, dims: list[tuple[str, str]]) -> Rubric:
    return Rubric(
        id=f"test-{kind}", name=kind, kind=kind, answer_words=(80, 400),
        dimensions=[Dimension(id=i, name=i.replace("_", " "), levels=LEVELS, detector=d, probes=["?"]) for i, d in dims],
    )


DEPTH = _rubric("depth", [("correctness", "correctness"), ("mechanism", "mechanism"), ("tradeoffs", "tradeoff"),
                          ("application", "application"), ("key_points", "key_points"), ("communication", "communication")])
L1_QUESTION = Question(
    id="l1-vs-l2", text="What is the difference between L1 and L2 regularisation, and when would you use each?",
    dimensions=["correctness"],
    key_points=[
        _kp("Say that L1 adds the absolute value of the weights to the loss and L2 the squared weights", "absolute value", "squared", "sum of squares"),
        _kp("Say that L1 drives some weights to exactly zero, giving sparse models", "exactly zero", "sparse", "sparsity"),
        _kp("Say that L2 shrinks all weights smoothly without zeroing them", "shrink", "small but not zero", "smoothly"),
        _kp("Say when to use L1: feature selection with many irrelevant features", "feature selection", "irrelevant features"),
        _kp("Mention that the strength is tuned as a hyperparameter on validation data", "lambda", "hyperparameter", "cross-validation", "validation"),
    ],
    red_flags=[RedFlag(text="Claims L1 gives dense weights or that L2 produces sparsity", terms=["l1 + dense", "l2 + sparse", "l2 + exactly zero"])],
)
L1_RIGHT = (
    "L1 adds the sum of the absolute value of the weights to the loss, while L2 adds the sum of squares. Because the "
    "L1 penalty has a constant gradient, it pushes some weights to exactly zero, so you get a sparse model, which is "
    "useful for feature selection when you have many irrelevant features. L2 shrinks all weights smoothly, which means "
    "correlated features share the weight instead of one being dropped. In practice I would tune lambda with "
    "cross-validation, for example on a churn model with 2,000 sparse features I started at 0.01 and checked the "
    "validation AUC, trading a little bias for lower variance."
)
L1_FLUENT_WRONG = (
    "Great question, and one I have thought about a lot over the years. L1 regularisation is the one that keeps every "
    "weight dense and large, because it adds a gentle penalty, whereas L2 is what produces sparse models and sets "
    "weights to exactly zero. Honestly, in my experience they are interchangeable in practice, so I would always just "
    "pick L2 by default for any problem, since it is the industry standard and everyone uses it, and it works well."
)


def test_a_fluent_confident_wrong_answer_scores_low_on_correctness() -> None:
    judge = OfflineJudge()
    right = judge.assess(L1_RIGHT, DEPTH, question=L1_QUESTION)
    wrong = judge.assess(L1_FLUENT_WRONG, DEPTH, question=L1_QUESTION)
    assert wrong.level("correctness") <= 1 < right.level("correctness")
    assert right.level("correctness") >= 3 and right.level("key_points") >= 3
    assert right.level("mechanism") > wrong.level("mechanism")
    assert right.level("application") >= 3 > wrong.level("application")
    assert "red_flag" in wrong.flags
    notes = " ".join(n for ev in wrong.dimensions.values() for n in ev.notes)
    assert "dense weights" in notes  # the red flag is named


CASE = _rubric("case", [(d, d) for d in ("clarifying", "users", "assumptions", "pain_points", "solutions", "success_metrics", "recommendation")])
CASE_STRONG = (
    "Before I dive in, I'd like to clarify the goal: is it engagement or paid conversion, and is this the mobile app? "
    "I'll assume engagement on mobile, since that drives retention. There are two segments: casual listeners who play "
    "a few playlists, and power users who listen more than 10 hours a week; I'd focus on casual listeners because they "
    "are about 70% of the base and churn the most. Their main pain point is that they can't find new music they like, "
    "so users drop off after the first week. I see three options: a daily mix on the home screen, a better onboarding "
    "quiz, or social sharing; comparing impact and effort, the daily mix has the highest impact for the lowest cost. "
    "Success would be weekly listening time for casual users, with skip rate as a guardrail, measured in an A/B test "
    "over four weeks. I recommend we ship the daily mix first because it reuses our existing recommendations."
)
CASE_WEAK = "I would add more features and use AI to make the app better. Users would like it and engagement would go up."


def test_case_study_detectors_separate_a_structured_case_from_a_vague_one() -> None:
    judge = OfflineJudge()
    strong = judge.assess(CASE_STRONG, CASE)
    weak = judge.assess(CASE_WEAK, CASE)
    for dim in CASE.ids:
        assert strong.level(dim) >= 3, (dim, strong.dimensions[dim])
        assert weak.level(dim) <= 2, (dim, weak.dimensions[dim])


# --------------------------------------------------------------------------- the detector registry


def test_every_detector_a_packaged_rubric_names_is_registered(catalog: Catalog) -> None:
    from interviewer.catalog import known_detectors
    from interviewer.judges.offline import DETECTORS

    names = known_detectors()
    for rubric in catalog.rubrics.values():
        for d in rubric.dimensions:
            assert d.detector in names
    assert {"key_points", "correctness", "mechanism", "application", "clarifying", "users", "assumptions", "pain_points",
            "solutions", "success_metrics", "recommendation"} <= set(DETECTORS)


def test_an_unknown_detector_is_a_catalog_problem(tmp_path) -> None:
    from interviewer.catalog import load_catalog

    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "odd.yaml").write_text(
        "id: odd\nname: Odd\ndimensions:\n  - id: x\n    name: X\n    levels: {1: a, 2: b, 3: c, 4: d}\n"
        "    detector: no_such_detector\n    probes: ['?']\n",
        encoding="utf-8",
    )
    cat = load_catalog(extra_dirs=[tmp_path], include_user=False)
    assert any("unknown detector 'no_such_detector'" in str(p) for p in cat.problems)
    assert os.path.basename(str(cat.problems[0].path)) == "odd.yaml"


# --------------------------------------------------------------------------- eval --set


def test_eval_set_scores_a_labelled_set_next_to_word_count(tmp_home, tmp_path) -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import CALIBRATION

    src = CALIBRATION / "answers.jsonl"
    items = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    for i, it in enumerate(items):  # a split, as the project's dev set has
        it["split"] = "dev" if i % 2 else "test"
    labelled = tmp_path / "set.jsonl"
    labelled.write_text("".join(json.dumps(it) + "\n" for it in items), encoding="utf-8")

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "interviewer", "eval", *args], capture_output=True, env=tmp_home.env(),
                              cwd=tmp_path, timeout=120)

    p = cli("--set", str(labelled), "--format", "json")
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    data = json.loads(p.stdout)
    assert data["engine"] == "offline"
    splits = {s["split"]: s for s in data["splits"]}
    assert set(splits) == {"all", "dev", "test"}
    whole = splits["all"]
    assert whole["judge"]["items"] == len(items) == whole["word_count"]["items"]
    assert whole["judge"]["pairs"] > 0 and whole["judge"]["pairwise"] is not None and whole["word_count"]["pairwise"] is not None
    assert whole["judge"]["adversarial_max"] <= 2.0
    assert set(data["scores"]) == {it["id"] for it in items}
    table = cli("--set", str(labelled))
    assert table.returncode == 0 and b"pairwise (words)" in table.stdout and b"rho (judge)" in table.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"persona": "behavioral", "answer": "x", "label": "great"}\n', encoding="utf-8")
    p = cli("--set", str(bad))
    assert p.returncode != 0 and b"label must be strong, average or weak" in p.stderr and b"Traceback" not in p.stderr
    assert Path(labelled).exists()


PLATITUDES = (
    " Incidents are stressful and it is important to stay calm. Communicating clearly with stakeholders matters a lot. "
    "Every mistake is a chance for the team to learn and grow. Teamwork and ownership are what make a team strong. "
    "I always try to do my best, and I believe good engineers care about quality. Monitoring and alerting help, and "
    "so do good runbooks. Postmortems should be blameless so people feel safe. In the end, the customer is what matters."
)


def test_padding_with_platitudes_does_not_pay(catalog: Catalog) -> None:
    """Generic statements that happen to use a key point's words are not the candidate's story."""
    bare = "We had an outage once and we fixed it."
    padded = review(catalog, bare + PLATITUDES, "behavioral", INCIDENT)
    assert padded.overall <= 2.0, scores(padded)
    assert padded.overall < review(catalog, STORY, "behavioral", INCIDENT).overall


def test_a_keyword_run_without_commas_is_a_list() -> None:
    from interviewer.judges.text import split_sentences

    run = "cross-validation k-fold stratified leakage time series group k-fold nested CV bias variance hyperparameters"
    assert split_sentences(run)[0].is_list
    terse = "POST /links returns the short code and GET /{code} answers with a 301 redirect to the long URL."
    assert not split_sentences(terse)[0].is_list
