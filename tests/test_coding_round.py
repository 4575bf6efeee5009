"""The ml-coding round end to end, offline: code runs in the sandbox, correctness comes from the tests, follow-ups
come from the failing tests, the report shows code, tests and runs, and graded candidates come out in order."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from interviewer import services
from interviewer.catalog import load_catalog
from interviewer.engine.interview import Interview
from interviewer.engine.clock import FakeClock
from interviewer.judges.coding import CodingJudge, for_model, term_in
from interviewer.models import Session
from interviewer.plainchat import PlainChat
from interviewer.report.render import render
from interviewer.store import SessionStore

SCRIPTS = Path(__file__).parent / "data" / "coding" / "scripts"
SOLUTIONS = Path(__file__).parent / "coding_solutions"


def rehearse(level: str, store: SessionStore | None = None, **kw):
    return asyncio.run(services.rehearse(services.load_script(SCRIPTS / f"ml-coding-{level}.yaml"), store=store, **kw))


@pytest.fixture(scope="module")
def results():
    return {level: rehearse(level) for level in ("strong", "average", "weak")}


def test_strong_average_weak_come_out_in_order(results):
    s, a, w = (results[k].report for k in ("strong", "average", "weak"))
    assert s.overall > a.overall > w.overall
    assert s.recommendation in ("Strong Hire", "Hire") and w.recommendation == "No Hire"


def test_a_60_minute_round_plans_about_three_questions_of_mixed_length_that_fit():
    """Each coding question carries an estimated time; the round plans the ones that fit (bank order first, with
    room left for shorter ones), so an hour reaches three questions instead of two long ones."""
    from interviewer.engine.agent import Budget

    persona = load_catalog(include_user=False).personas["ml-coding"]
    estimate = {q.id: q.minutes * 60 for q in persona.questions}
    assert all(estimate.values()) and len(set(estimate.values())) >= 3  # every question has one; lengths differ
    for minutes, at_least in ((30, 2), (45, 2), (60, 3), (90, 3)):
        b = Budget.for_round(persona, minutes)
        ids = [qid for qid, _ in b.planned]
        assert len(ids) == b.target_questions >= at_least, (minutes, b.planned)
        assert sum(b.slots) <= b.question_seconds  # the plan fits the round
        assert all(slot >= estimate[qid] for qid, slot in b.planned)  # each question gets at least its estimate
    sixty = [estimate[qid] for qid, _ in Budget.for_round(persona, 60).planned]
    assert max(sixty) > min(sixty)  # a mix of lengths, not the first questions of the bank
    # a round too short for any question gets the shortest one, with all the time there is
    (qid, slot), = Budget.for_round(persona, 10).planned
    assert estimate[qid] == min(estimate.values()) and slot == Budget.for_round(persona, 10).question_seconds


def test_a_strong_candidate_reaches_more_than_two_questions(results):
    asked = {level: [q.question_id for q in r.interview.session.questions] for level, r in results.items()}
    assert len(asked["strong"]) >= 3, asked
    strong = results["strong"].interview.session
    tested = {run.question_id for run in strong.code_runs if run.kind == "tests" and run.result.all_passed}
    assert tested == set(asked["strong"])  # every question reached was answered with code that passes
    for r in results.values():  # nobody ran over: each question's time was its planned slot
        assert all(q.budget_seconds >= 60 * 10 for q in r.interview.session.questions)


def test_each_code_run_is_against_the_question_it_was_written_for(results):
    for res in results.values():
        session = res.interview.session
        for run in session.code_runs:
            turn = session.turns[run.turn]
            assert session.questions[turn.question_index].question_id == run.question_id
            assert run.result.tests  # the hidden tests ran


def test_correctness_is_the_tests_verdict(results):
    weak = results["weak"].report
    correctness = next(d for d in weak.dimensions if d.id == "correctness")
    runs = results["weak"].interview.session.code_runs
    assert all(not r.result.all_passed for r in runs)
    assert correctness.score <= 2
    strong = next(d for d in results["strong"].report.dimensions if d.id == "correctness")
    assert strong.score == 4


def test_a_confident_claim_does_not_buy_correctness():
    persona = load_catalog(include_user=False).personas["ml-coding"]
    rubric = load_catalog(include_user=False).rubrics["ml-coding"]
    iv = Interview.new(load_catalog(include_user=False), "ml-coding", clock=FakeClock())
    asyncio.run(iv.start())
    claim = "All hidden tests pass, my solution is correct and optimal, every edge case is handled."
    asyncio.run(iv.answer(claim, code="def ema(events, half_life):\n    return []\n"))
    a = iv.session.turns[-2].assessment
    assert a.dimensions["correctness"].level == 1
    assert CodingJudge(persona, iv.session).assess(claim, rubric, ["correctness"]).dimensions["correctness"].level == 1


def test_a_failing_edge_case_becomes_the_follow_up(results):
    session = results["weak"].interview.session
    followups = [t.move for t in session.turns if t.role == "interviewer" and t.move and t.move.kind == "followup"]
    probes = [m.probe for m in followups if m.dimension == "correctness"]
    failing = {t.probe for r in session.code_runs for t in r.result.tests if t.outcome != "passed" and t.probe}
    assert probes and set(probes) <= failing


def test_the_report_shows_code_tests_with_failing_inputs_and_the_runs(results):
    report = results["average"].report
    assert report.coding and report.coding[0].question_id == "ema-irregular"
    first = report.coding[0]
    assert "def ema" in first.final_code
    bad = [t for t in first.tests if t.outcome != "passed"]
    assert bad and all(t.input for t in bad)
    assert first.runs and first.runs[0].change == "first version"
    md = render(report, "md")
    assert "## Code and tests" in md and bad[0].input in md and "def ema" in md
    html = render(report, "html")
    assert "Code and tests" in html and "&lt;" not in first.final_code


def test_the_code_evolution_counts_changed_lines():
    store = None
    iv = Interview.new(load_catalog(include_user=False), "ml-coding", clock=FakeClock(), store=store)
    asyncio.run(iv.start())
    v1 = "def ema(events, half_life):\n    return []\n"
    v2 = (SOLUTIONS / "ema_irregular.py").read_text()
    assert asyncio.run(iv.run_examples(v1)).status == "failed"
    asyncio.run(iv.answer("Here is a first version that returns the averages.", code=v2))
    from interviewer.report.coding import coding_sections

    section = coding_sections(iv.session)[0]
    assert [r.kind for r in section.runs] == ["examples", "tests"]
    assert section.runs[1].change.startswith("+") and section.runs[1].passed == section.runs[1].total


def test_sessions_without_code_still_load():
    old = Session(id="x", persona_id="behavioral", rubric_id="behavioral", created="2026-01-01", minutes=45).model_dump()
    old.pop("code_runs")
    assert Session.model_validate(old).code_runs == []


def test_a_saved_code_answer_is_run_on_recover(tmp_path):
    store = SessionStore(tmp_path)
    cat = load_catalog(include_user=False)
    iv = Interview.new(cat, "ml-coding", clock=FakeClock(), store=store)
    asyncio.run(iv.start())
    # the process "dies" after the answer is saved, before it ran: simulate by saving a candidate turn directly
    from interviewer.models import Turn

    iv.session.turns.append(Turn(index=len(iv.session.turns), role="candidate", text="my code", at=1.0, question_index=0,
                                 code=(SOLUTIONS / "ema_irregular.py").read_text()))
    store.save(iv.session)
    again = Interview.resume(cat, store.load(iv.session.id), store=store, clock=FakeClock())
    reply = asyncio.run(again.recover())
    assert again.session.code_runs and again.session.code_runs[0].result.all_passed
    assert any("hidden tests" in n for n in reply.notices)


def test_the_model_judge_reads_the_code_and_the_test_table(results):
    session = results["weak"].interview.session
    run = session.code_runs[0]
    text = for_model("my answer", run.code, run)
    assert "my answer" in text and run.code in text and "[Hidden test results]" in text
    failing = next(t for t in run.result.tests if t.outcome != "passed")
    assert failing.name in text and failing.detail[:30] in text


def test_key_point_terms():
    assert term_in("subtract + max", "I subtract the max logit first")
    assert term_in("re:o\\(n\\s*log\\s*k\\)", "It is O(n log k) overall")
    assert not term_in("two heaps", "I sort every window")


def test_plain_chat_code_file_and_run(tmp_path):
    sol = tmp_path / "sol.py"
    sol.write_text((SOLUTIONS / "ema_irregular.py").read_text())
    lines = [f"/file {sol}", "/run", "/code", "def ema(events, half_life):", "    return []", ".",
             f"/file {sol}", "It runs in O(n) time and O(1) memory.", ".", "/end"]
    inp = io.BytesIO(("\n".join(lines) + "\n").encode())
    out = io.StringIO()
    store = SessionStore(tmp_path / "home")
    iv = Interview.new(load_catalog(include_user=False), "ml-coding", clock=FakeClock(), store=store)
    chat = PlainChat(iv, store, out=out, inp=inp, tty=False)
    asyncio.run(chat.loop())
    text = out.getvalue()
    assert "def ema(events: list[tuple[float, float]], half_life: float)" in text  # the signature was shown
    assert "2 of 2 tests passed" in text  # /run ran the examples
    runs = iv.session.code_runs
    assert [r.kind for r in runs] == ["examples", "tests"] and runs[1].result.all_passed
    assert iv.session.turns[runs[1].turn].code == sol.read_text()


MOSTLY_RIGHT_EMA = '''def ema(events, half_life):
    out, prev_t, avg = [], None, 0.0
    for t, v in events:
        if prev_t is None:
            avg = v
        else:
            a = 0.5 ** ((t - prev_t) / half_life)
            avg = a * avg + (1 - a) * v
        out.append(avg)
        prev_t = t
    return out
'''


def test_a_solid_pass_rate_with_a_failing_test_still_gets_the_follow_up():
    """8 of 10 hidden tests is a 3 on correctness, but the interviewer still asks about the case that fails before
    moving on (found in a newcomer trial: it said "Okay, thanks" and went to the next question)."""
    iv = Interview.new(load_catalog(include_user=False), "ml-coding", clock=FakeClock())
    asyncio.run(iv.start())
    answer = ("I decay the old average by half to the power of the gap over the half-life and mix in the new value. "
              "It is O(n) time and O(n) memory for the output. I would test an empty stream and equal timestamps.")
    asyncio.run(iv.answer(answer, code=MOSTLY_RIGHT_EMA))
    run = iv.session.code_runs[-1]
    assert run.kind == "tests" and not run.result.all_passed and run.result.pass_rate >= 0.75
    assert iv.session.turns[-2].assessment.dimensions["correctness"].level == 3
    move = iv.session.turns[-1].move
    failing = {t.probe for t in run.result.tests if t.outcome != "passed" and t.probe}
    assert move.kind == "followup" and move.dimension == "correctness" and move.probe in failing
