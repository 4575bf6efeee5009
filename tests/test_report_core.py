"""The report's core written once (issue 9, "write once what is written several times"): one reading of the best
level per question, the plan the engine used, the level words in one table."""

from __future__ import annotations

from interviewer.catalog import default_catalog
from interviewer.models import Assessment, DimensionEvidence, QuestionRecord, Session, Turn
from interviewer.report import grader


def _answer(i: int, q: int | None, levels: dict[str, int]) -> Turn:
    dims = {d: DimensionEvidence(dimension=d, level=lv) for d, lv in levels.items()}
    return Turn(index=i, role="candidate", text=f"answer {i}", at=i, question_index=q, assessment=Assessment(dimensions=dims))


def _session() -> Session:
    questions = [
        QuestionRecord(index=0, question_id="a", text="Tell me about a deadline.", dimensions=["situation", "result"], started_at=0, budget_seconds=300),
        QuestionRecord(index=1, question_id="b", text="Tell me about a mistake.", dimensions=["situation", "result"], started_at=5, budget_seconds=300),
    ]
    turns = [
        Turn(index=0, role="interviewer", text="Tell me about a deadline.", at=0, question_index=0),
        _answer(1, 0, {"situation": 2, "result": 1}),
        _answer(2, 0, {"situation": 4}),  # a follow-up fills the gap: the question's best counts
        Turn(index=3, role="interviewer", text="Tell me about a mistake.", at=3, question_index=1),
        _answer(4, 1, {"situation": 1, "result": 3}),
    ]
    return Session(id="s", persona_id="behavioral", rubric_id="star", created="", minutes=30, turns=turns, questions=questions)


def test_best_level_per_question_is_computed_by_one_helper(monkeypatch) -> None:
    """``dimension_levels``, the "By question" spread and the STAR table all read ``grader.best_per_question``."""
    session = _session()
    assert grader.best_per_question(session.turns, "situation") == {0: 4, 1: 1}
    assert grader.best_per_question(session.turns, "result") == {0: 1, 1: 3}
    lone = _answer(9, None, {"situation": 3})
    assert grader.best_per_question([lone], "situation") == {"t9": 3}  # an answer to no question stands alone
    assert grader.best_per_question(session.turns, "task") == {}

    calls: list[str] = []
    real = grader.best_per_question
    monkeypatch.setattr(grader, "best_per_question", lambda turns, dim: calls.append(dim) or real(turns, dim))
    assert grader.dimension_levels(session, "situation", "mean") == (2, [session.turns[2], session.turns[1], session.turns[4]])  # 4 and 1: a half rounds down
    assert grader.dimension_levels(session, "situation", "max")[0] == 4
    assert calls == ["situation", "situation"]
    best = grader.dimension_levels(session, "result", "mean")[1]
    assert grader._per_question(session, "result", best) == {"Tell me about a deadline.": 1, "Tell me about a mistake.": 3}
    assert calls[-1] == "result"
    calls.clear()
    rubric = default_catalog().rubric_for(default_catalog().persona("behavioral"))
    rows = grader._star(session, rubric)
    assert [r.situation for r in rows] == [4, 1] and [r.result for r in rows] == [1, 3]
    assert set(calls) >= {"situation", "result"}


def test_the_agent_and_the_report_read_one_question_plan(monkeypatch) -> None:
    """``engine.agent.question_plan`` is the round's plan: the agent asks from it and the report's completeness
    counts against it, instead of the report rebuilding the plan from the budget."""
    from interviewer.engine import agent as agent_mod
    from interviewer.report.completeness import completeness_of

    catalog = default_catalog()
    persona = catalog.persona("recruiter")
    rubric = catalog.rubric_for(persona)
    session = Session(id="s", persona_id="recruiter", rubric_id=rubric.id, created="", minutes=30)
    plan = agent_mod.question_plan(persona, session)
    assert len(plan) == agent_mod.Budget.for_round(persona, 30).target_questions
    texts = {q.id: q.text for q in persona.questions}
    assert completeness_of(session, persona).not_attempted == [texts[q] for q in plan]  # type: ignore[union-attr]

    coding = catalog.persona("ml-coding")  # questions fitted to the round's time: the plan is the fitted ones, in order
    fitted = [qid for qid, _ in agent_mod.Budget.for_round(coding, 60).planned]
    assert agent_mod.question_plan(coding, session.model_copy(update={"minutes": 60})) == fitted

    other = [plan[-1], *plan[:-1]]  # another plan: both readers follow it
    monkeypatch.setattr(agent_mod, "question_plan", lambda p, s, b=None: other)
    assert agent_mod.Agent(persona, rubric, 30)._next_question(session).id == plan[-1]  # type: ignore[union-attr]
    assert completeness_of(session, persona).not_attempted == [texts[q] for q in other]  # type: ignore[union-attr]


def test_the_level_words_are_written_once() -> None:
    """``evidence._ADVICE`` (the advice inside a feedback line) is built from ``LEVEL_WORDS``: the report's modules
    name each verdict word once, and every verdict the grader writes is read back."""
    from pathlib import Path

    from interviewer.report import evidence

    sources = "\n".join(p.read_text(encoding="utf-8") for p in Path(evidence.__file__).parent.glob("*.py"))
    for word in evidence.VERDICT_WORDS:
        assert sources.count(f'"{word}') == 1, word
        assert sources.count(word) == 1, word
    for level in (1, 2, 3):
        for quoted in (False, True):
            fb = grader._feedback(level, ["Name the metric you moved."], {}, int(quoted))
            assert evidence.advice_in(fb) == "Name the metric you moved.", fb
    assert evidence.advice_in("Exceptional: states precise ownership.") == ""


# --------------------------------------------------------------------------- feedback says what the score rests on

_L1_L2 = (
    "L1 adds the sum of absolute weights to the loss and L2 adds the sum of squares. The L1 gradient is constant in "
    "size, so small weights are pushed all the way to zero and you get a sparse model; L2's pull shrinks with the "
    "weight, so weights get small but not zero. A common mistake is to think L2 also selects features: it does not, it "
    "spreads weight across correlated features. I'd pick L1 when I have many irrelevant features and want a small "
    "model, L2 when many features each carry a little signal, and elastic net when features are correlated."
)


def _level_texts_in(report, rubric) -> list[str]:
    """Feedback lines that say the rubric's description of a level as if the candidate did it."""
    dims = {d.id: d for d in rubric.dimensions}
    return [
        f"{s.id} {s.score}: {s.feedback}"
        for s in report.dimensions
        for text in dims[s.id].levels.values()
        if " ".join(text.split()[:6]).lower() in s.feedback.lower()
    ]


def test_feedback_never_says_the_rubric_level_text_as_if_the_candidate_did_it(tmp_home) -> None:
    """Defect: an ML-depth answer scored Technical correctness 4/4 with no note, and the report said "Exceptional:
    accurate and precise throughout, covers the key points including the subtle one, ... and corrects a common
    misconception unprompted" while listing two key points the answer missed; Application 4/4 said "draws on a
    problem they worked on ... the result" of a decision rule with no problem worked on."""
    import asyncio

    from interviewer.review_service import review
    from interviewer.services import load_script, rehearse

    catalog = default_catalog()
    question = "Compare L1 and L2 regularisation. What does each do to the weights, and when would you pick one over the other?"
    report, _ = review(_L1_L2, persona_id="ml-depth", question=question, catalog=catalog)
    rubric = catalog.rubric_for(catalog.persona("ml-depth"))
    correctness = next(d for d in report.dimensions if d.id == "correctness")
    assert correctness.score == 4 and correctness.evidence
    assert correctness.feedback == "Exceptional: the score rests on the sentences quoted below."
    assert not _level_texts_in(report, rubric)

    from pathlib import Path

    script = load_script(Path(__file__).parent / "data" / "scripts" / "system-design-strong.yaml")
    design = asyncio.run(rehearse(script, catalog=catalog)).report  # Estimation 4/4 said "quick, correct estimates of..."
    assert not _level_texts_in(design, catalog.rubric_for(catalog.persona("system-design")))
    assert any(d.score == 4 for d in design.dimensions)


def test_a_model_grade_without_its_feedback_falls_back_to_what_it_rests_on() -> None:
    """The model's feedback minus its "no evidence" claims left nothing: the fallback is neutral too."""
    from interviewer.report.model_grades import checked_feedback

    dim = default_catalog().rubric_for(default_catalog().persona("ml-depth")).dimensions[0]
    assert checked_feedback("There is no evidence of this.", 4, 2, dim) == "Exceptional: the score rests on the sentences quoted below."
    assert checked_feedback("No evidence.", 3, 0, dim) == "Solid."
    assert checked_feedback("No evidence was given.", 1, 1, dim) == "Little evidence: the score rests on the sentence quoted below."


# --------------------------------------------------------------------------- a shortened quote never ends inside an aside


def test_a_shortened_quote_never_ends_inside_an_open_parenthesis_or_quote_mark() -> None:
    """``evidence.short`` (quotes in Strengths, questions named in feedback) cut "…in Redis (100 requests a…": a cut
    takes in an aside that closes soon after, else ends before it opens, and never leaves one open."""
    from interviewer.report.wording import _unclosed, short

    aside = "I keep a counter per user in Redis (100 requests a minute, keyed by user id) so that one client cannot starve the rest."
    assert short(aside, 60) == "I keep a counter per user in Redis (100 requests a minute, keyed by user id)…"
    long_aside = ("I keep a counter per user in Redis (100 requests a minute, a burst of 20, keyed by user id and endpoint, "
                  "sliding every second) so that one noisy client cannot starve the rest.")
    assert short(long_aside, 60) == "I keep a counter per user in Redis…"
    opens = "(100 requests a minute, a burst of 20, keyed by user id and endpoint, sliding every second) so one client waits."
    assert short(opens, 60).startswith("…100 requests a minute")
    said = 'My lead said "we should ship the smaller version first and measure it before anyone builds the rest" and I agreed.'
    assert short(said, 60) == "My lead said…"
    curly = "My lead said “ship the small version first” and I agreed, then I wrote the plan for the rest of the quarter."
    assert short(curly, 40) == "My lead said “ship the small version first”…"
    for text in (aside, long_aside, opens, said, curly):
        for n in range(20, len(text) + 5, 7):
            cut = short(text, n)
            assert _unclosed(cut.lstrip("…")) is None, (n, cut)
    assert short("Tell me about a time you had to deliver something under a tight deadline.", 45) == "Tell me about a time you had to deliver…"
    assert short("Keep the point, then the reason", 20) == "Keep the point…"  # no comma before "…"


# --------------------------------------------------------------------------- two answers to one question, two verdicts


_ABOUT_THE_OFFICE = (
    "Our team moved floors last month and the new space is much brighter, with plants and standing desks by the windows. "
    "Lunch is better too, and there is a quiet room for calls, so meetings are less noisy than before."
)


def test_an_off_topic_answer_and_a_non_answer_to_one_question_are_both_named(tmp_home) -> None:
    """Defect (ml-system-design-weak): the feed design's first answer was off-topic and its follow-up a non-answer.
    The dimensions said "this answer does not address the question" about it, but By question named only the
    non-answer, and the summary and Notes fell back to "At least one answer did not address its question"."""
    import asyncio
    from pathlib import Path

    from interviewer.report.render import render
    from interviewer.services import load_script, rehearse

    script = load_script(Path(__file__).parent / "data" / "scripts" / "ml-system-design-weak.yaml")
    # the script's first feed answer ("I'd use the latest AI ... to decide what people want to see") is a hand-wave at
    # the question, too short to be about anything else: here it is replaced by one that really is about something else
    answers = list(script.answers)
    first = next(i for i, a in enumerate(answers) if a.question == "feed-ranking")
    answers[first] = answers[first].model_copy(update={"text": _ABOUT_THE_OFFICE})
    script = script.model_copy(update={"answers": answers})
    report = asyncio.run(rehearse(script, catalog=default_catalog())).report
    feed = next(q for q in report.questions if "home feed" in q.question)
    assert "off_topic" in feed.flags and "non_answer" in feed.flags
    assert "At least one answer" not in report.summary
    assert "Your answer to “Design an ML system that ranks posts in a social app's…” did not address its question" in report.summary
    assert "Another answer to “Design an ML system that ranks posts in a social app's…” was a non-answer" in report.summary
    md = render(report, "md")
    by_question = md.split("## By question", 1)[1].split("\n## ", 1)[0]
    assert "- One answer did not address its question" in by_question
    assert "- Another answer was a non-answer" in by_question
    notes = md.split("## Notes", 1)[1]
    assert "At least one answer" not in notes and "Another answer to “Design an ML system that ranks posts" in notes
    html = render(report, "html")
    assert "Another answer was a non-answer" in html and "At least one answer" not in html


def test_a_dimension_whose_sentences_sit_under_another_does_not_also_say_none_is_quoted(tmp_home) -> None:
    """Defect: "Depth of mechanism 3/4 … The sentences that show it are quoted under Technical correctness." was
    followed by "No single sentence is quoted for this dimension: the score reads your answers as a whole."."""
    from interviewer.report.evidence import advice_in
    from interviewer.report.render import render
    from interviewer.review_service import review

    question = "Compare L1 and L2 regularisation. What does each do to the weights, and when would you pick one over the other?"
    report, _ = review(_L1_L2, persona_id="ml-depth", question=question, catalog=default_catalog())
    pointed = [d for d in report.dimensions if not d.evidence and "the sentences that show it are quoted under" in d.feedback.lower()]
    assert pointed, [d.feedback for d in report.dimensions]
    bare = [d for d in report.dimensions if not d.evidence and d not in pointed and d.score >= 2]
    assert bare  # the line stays where no quote is shown anywhere
    for fmt, head in (("md", "### {} ·"), ("html", "<h3>{} <span")):
        out = render(report, fmt)

        def section(name: str) -> str:
            return out.split(head.format(name), 1)[1].split("What a 4 looks like", 1)[0]

        for d in pointed:
            assert "No single sentence is quoted" not in section(d.name), (fmt, section(d.name))
        for d in bare:
            assert "No single sentence is quoted" in section(d.name), (fmt, section(d.name))
    for d in pointed:  # the pointer is not advice
        assert "quoted under" not in advice_in(d.feedback)


def test_dimensions_not_assessed_are_named_as_the_rubric_names_them(tmp_home) -> None:
    """Defect: a recruiter round ended early listed "Not assessed in this round (…): Logistics compensation,
    Questions for interviewer", names made from the ids, not the rubric's "Logistics and compensation"."""
    import asyncio

    from interviewer.report.render import render
    from interviewer.services import RehearsalScript, ScriptAnswer, rehearse

    catalog = default_catalog()
    answer = ("I moved from data science at an insurer, where I built the claims-fraud model, to ML engineering at a "
              "retailer, where I own recommendations; this role is the same work at ten times the scale.")
    script = RehearsalScript(persona="recruiter", answers=[ScriptAnswer(seconds=120, question="background-why", text=answer)])
    report = asyncio.run(rehearse(script, catalog=catalog)).report
    rubric = catalog.rubric_for(catalog.persona("recruiter"))
    names = {d.id: d.name for d in rubric.dimensions}
    assert "logistics_compensation" in report.not_assessed
    expected = ", ".join(names[d] for d in report.not_assessed)
    assert "Logistics and compensation" in expected
    assert f"): {expected}. They are excluded from the overall score." in render(report, "md")
    assert f"): {expected}. They are excluded from the overall score." in render(report, "html")


def test_a_dimension_scored_by_its_best_answer_does_not_say_on_balance(tmp_home) -> None:
    """Defect: recruiter dimensions take the best answer's level ("max"), and a 4 from one answer beside 3s read
    "Exceptional on balance, not on every question": on balance it was a 3. A mean dimension still says so."""
    import asyncio
    from pathlib import Path

    from interviewer.services import load_script, rehearse

    catalog = default_catalog()
    scripts = Path(__file__).parent / "data" / "scripts"
    recruiter = asyncio.run(rehearse(load_script(scripts / "recruiter-strong.yaml"), catalog=catalog)).report
    aggregate = {d.id: d.aggregate for d in catalog.rubric_for(catalog.persona("recruiter")).dimensions}
    best = [d for d in recruiter.dimensions if aggregate[d.id] == "max" and "By question" in d.feedback and d.score == 4]
    assert best, [d.feedback for d in recruiter.dimensions]
    for d in best:
        assert d.feedback.startswith("Exceptional in your best answer, not in every one."), d.feedback
    assert not any("on balance" in d.feedback for d in recruiter.dimensions if aggregate[d.id] == "max")
    behavioral = asyncio.run(rehearse(load_script(scripts / "behavioral-strong.yaml"), catalog=catalog)).report
    assert any(d.feedback.startswith("Exceptional on balance, not on every question.") for d in behavioral.dimensions)


def test_a_non_answer_to_a_follow_up_after_a_scored_answer_is_named_as_one(tmp_home, tmp_path) -> None:
    """Found in a newcomer's modelling-depth session: a confident but wrong dropout answer was scored (2/4 on
    correctness), and its follow-up got "I'm not sure". The summary said the answer to the dropout question "was a
    non-answer and earned no credit", which the scores beside it contradicted."""
    import asyncio

    from interviewer.report.render import render
    from interviewer.services import load_script, rehearse

    script = tmp_path / "depth.yaml"
    script.write_text(
        "persona: ml-depth\nanswers:\n"
        "  - seconds: 30\n    text: I recently trained a gradient-boosted model that predicts late invoice payments.\n"
        "  - seconds: 600\n    text: >-\n      L1 adds the sum of absolute weights to the loss and pushes small weights to exactly zero, so the\n"
        "      model is sparse; L2 adds squared weights and shrinks them smoothly without zeroing them, and it spreads\n"
        "      weight across correlated features. I'd default to L2 and tune the strength by cross-validation.\n"
        "  - seconds: 60\n    text: >-\n      Dropout is a pruning technique that finds the least useful neurons and removes them, which makes\n"
        "      the network smaller. It is always better than weight decay, so nothing else is needed.\n"
        "  - seconds: 30\n    text: I'm not sure, to be honest.\n",
        encoding="utf-8",
    )
    report = asyncio.run(rehearse(load_script(script), catalog=default_catalog())).report
    dropout = next(q for q in report.questions if q.question.startswith("How does dropout work"))
    assert "non_answer_follow_up" in dropout.flags and "non_answer" not in dropout.flags
    assert "was a non-answer and earned no credit" not in report.summary
    md = render(report, "md")
    by_question = md.split("## By question", 1)[1].split("\n## ", 1)[0]
    assert "This answer was followed by a non-answer to a follow-up" in by_question
    assert "This answer was a non-answer" not in by_question
