"""The story bank: stories kept with STAR parts, scores and questions; one story however often (and however worded) it
is told; a story reused for another question, in the session or an earlier round of a loop, gets "a different one,
please". The paraphrases here were written for these tests (the threshold was set on other ones)."""

from __future__ import annotations

import json

import pytest

from interviewer import stories
from interviewer.catalog import Catalog
from interviewer.cli import main
from interviewer.engine.sameness import is_story, same_story, similarity
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse
from interviewer.store import SessionStore
from tests.test_agent import WARMUP, move_of, new_interview, say, to_first_question

OUTAGE = (
    "Two years ago at a ride-hailing startup I owned the pricing service, and a bad deploy started quoting riders "
    "double fares during the Friday evening peak. I was on call, so I froze deploys, rolled back to the previous "
    "release and refunded the 3,400 affected riders with a script I wrote that night. Complaints stopped within an "
    "hour. I learned to gate pricing changes behind a shadow comparison, and we have run every deploy that way since."
)
OUTAGE_RETOLD = (
    "At the ride-hailing company, where the pricing service was mine, one Friday evening a deployment began charging "
    "riders twice the normal fare right at peak. Being on call, I halted all deploys, reverted to the last good "
    "release, and wrote a refund script that same night for the 3,400 riders hit. Within an hour the complaints "
    "were gone, and since then every pricing deploy goes through a shadow comparison first."
)
MIGRATION = (
    "At the insurer I led moving our claims pipeline from nightly batch jobs to Kafka streams before the regulator's "
    "March deadline. I mapped the 40 jobs, migrated them in five waves, and ran both paths side by side for two weeks "
    "to compare outputs. We met the deadline with a week to spare and claim decisions went from next day to under "
    "ten minutes. Next time I'd involve the actuaries earlier; their edge cases cost us a wave."
)
MENTORING = (
    "When a new graduate joined my team at the insurer she struggled with our Terraform setup and her changes kept "
    "failing review. I paired with her every Tuesday, wrote a short guide to our module layout, and gave her the "
    "ownership of one small service. Within three months her changes passed review first time and she ran the next "
    "onboarding herself. I now write a guide like that for every new joiner."
)


# --------------------------------------------------------------------------- sameness


def test_a_paraphrase_is_the_same_story() -> None:
    assert same_story(OUTAGE, OUTAGE_RETOLD)
    assert similarity(OUTAGE, OUTAGE_RETOLD) > 0.45


@pytest.mark.parametrize(("a", "b"), [(OUTAGE, MIGRATION), (MIGRATION, MENTORING), (OUTAGE, MENTORING), (OUTAGE_RETOLD, MIGRATION)])
def test_different_stories_are_different_even_from_one_candidate(a: str, b: str) -> None:
    # MIGRATION and MENTORING share the employer ("at the insurer") and the teller
    assert not same_story(a, b)
    assert similarity(a, b) < 0.25


def test_a_non_answer_is_not_a_story() -> None:
    assert not is_story("I don't remember, sorry.")
    assert not is_story("We had a deadline and the team worked hard and it went well in the end.")
    assert is_story(OUTAGE)


# --------------------------------------------------------------------------- noticed in the interview


async def test_a_story_reused_for_another_question_gets_a_request_for_a_different_one(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog)  # the real offline judge
    await to_first_question(iv, clock)
    first = iv.session.questions[0]
    while len(iv.session.questions) == 1:
        await say(iv, clock, OUTAGE if iv.session.stage == "question" else "Okay.", 120)
    second = iv.session.questions[1]
    r = await say(iv, clock, OUTAGE_RETOLD, 120)
    m = move_of(r)
    assert (m.kind, m.reason, m.reused_from) == ("reprompt", "story_reused", first.text)
    assert "same story" in r.turn.text and second.text in r.turn.text
    reused = iv.session.turns[-2]
    assert "reused_story" in reused.assessment.flags
    # a different story is the answer; it is followed up as usual
    r = await say(iv, clock, MIGRATION, 120)
    assert move_of(r).kind in ("followup", "question")
    assert not iv.agent.question_levels(iv.session, second) == {}
    # the reused telling does not count for the second question in the report
    from interviewer.report.grader import grade

    report = grade(iv.session, iv.persona, iv.rubric)
    star_rows = {row.question: row for row in report.star or []}
    assert second.text in star_rows


async def test_the_same_story_again_after_the_request_is_accepted(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog)
    await to_first_question(iv, clock)
    while len(iv.session.questions) == 1:
        await say(iv, clock, OUTAGE if iv.session.stage == "question" else "Okay.", 120)
    assert move_of(await say(iv, clock, OUTAGE, 120)).reason == "story_reused"
    m = move_of(await say(iv, clock, OUTAGE_RETOLD, 120))  # "it's the only one I have": no second request
    assert m.reason != "story_reused"


async def test_a_new_story_is_not_turned_down(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog)
    await to_first_question(iv, clock)
    reasons = []
    for text in (OUTAGE, MIGRATION, MENTORING):
        while not iv.finished and iv.session.stage == "followup":
            await say(iv, clock, "Okay.", 30)
        reasons.append(move_of(await say(iv, clock, text, 120)).reason)
    assert "story_reused" not in reasons


async def test_only_behavioral_rounds_ask_for_a_different_story(catalog: Catalog) -> None:
    iv, clock = new_interview(catalog, "recruiter")
    await iv.start()
    await say(iv, clock, OUTAGE, 60)
    while iv.session.stage == "followup":
        await say(iv, clock, "Okay.", 30)
    assert move_of(await say(iv, clock, OUTAGE_RETOLD, 60)).reason != "story_reused"


async def test_a_story_from_an_earlier_round_of_a_loop_is_noticed(catalog: Catalog, tmp_path) -> None:
    store = SessionStore(tmp_path)
    script = RehearsalScript(persona="behavioral", answers=[ScriptAnswer(seconds=60, text=WARMUP), ScriptAnswer(seconds=200, text=OUTAGE)])
    earlier = await rehearse(script, store=store, catalog=catalog)
    iv, clock = new_interview(catalog)
    iv.agent.remember_stories(stories.known_stories([earlier.interview.session], catalog))
    await to_first_question(iv, clock)
    m = move_of(await say(iv, clock, OUTAGE_RETOLD, 120))
    assert (m.reason, m.reused_from) == ("story_reused", earlier.interview.session.questions[0].text)


# --------------------------------------------------------------------------- the bank


async def _sessions(catalog: Catalog, store: SessionStore) -> None:
    first = [WARMUP, OUTAGE, "Okay.", "Okay.", MIGRATION, "Okay.", "Okay."]
    # a second session: the outage again in other words, with more detail (a better telling), and a new story
    better = OUTAGE_RETOLD + " I measured it: double-fare complaints went from 900 an hour to zero, and I presented the postmortem to the VP."
    second = [WARMUP, better, "Okay.", "Okay.", MENTORING, "Okay.", "Okay."]
    for answers in (first, second):
        script = RehearsalScript(persona="behavioral", answers=[ScriptAnswer(seconds=150, text=a) for a in answers])
        await rehearse(script, store=store, catalog=catalog)
    await rehearse(RehearsalScript(persona="recruiter", answers=[ScriptAnswer(seconds=60, text=OUTAGE)]), store=store, catalog=catalog)


async def test_the_bank_lists_every_story_once_with_its_best_telling(catalog: Catalog, tmp_path) -> None:
    store = SessionStore(tmp_path)
    await _sessions(catalog, store)
    sessions = store.listing().sessions
    bank = stories.bank(sessions, catalog)
    titles = [s.title for s in bank]
    assert len(bank) == 3, titles
    assert all(len(t.split()) >= 8 for t in titles), titles  # a story's opening words, never a filler reply  # outage (told twice, in other words), migration, mentoring; recruiter: none
    outage = next(s for s in bank if len(s.tellings) == 2)
    assert {t.session_id for t in outage.tellings} == {s.id for s in sessions if s.persona_id == "behavioral"}
    assert outage.best.score == max(t.score for t in outage.tellings)
    assert len(outage.questions) >= 1
    for s in bank:
        assert set(s.best.parts) == {"situation", "task", "action", "result", "reflection"}
        assert all(1 <= v <= 4 for v in s.best.parts.values())
        assert s.best.question and s.best.text
    # quotes are verbatim from the telling
    for s in bank:
        for quotes in s.best.quotes.values():
            for q in quotes:
                assert " ".join(q.split()) in " ".join(s.best.text.split())


async def test_stories_command_lists_each_story_once(catalog: Catalog, tmp_path, capsys) -> None:
    store = SessionStore(tmp_path)
    await _sessions(catalog, store)
    assert main(["stories", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 stories (4 tellings)")
    assert out.count("told 2 times") == 1 and out.count("told once") == 2
    assert "Situation" in out and "answered:" in out
    assert main(["stories", "--data-dir", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["times_told"] for d in data].count(2) == 1 and len(data) == 3
    assert main(["stories", "--data-dir", str(tmp_path), "--persona", "recruiter"]) == 0
    assert "No stories told to recruiter" in capsys.readouterr().out


def test_stories_command_on_an_empty_data_dir(tmp_path, capsys) -> None:
    assert main(["stories", "--data-dir", str(tmp_path)]) == 0
    assert "No stories yet" in capsys.readouterr().out


async def test_the_history_index_keeps_the_same_bank_and_follows_the_files(catalog: Catalog, tmp_path) -> None:
    store = SessionStore(tmp_path)
    await _sessions(catalog, store)
    sessions = store.listing().sessions
    from_files = stories.bank(sessions, catalog)
    indexed, skipped = stories.bank_from_index(tmp_path)
    assert not skipped
    assert [(s.title, len(s.tellings), s.best.score, s.best.parts) for s in indexed] == [
        (s.title, len(s.tellings), s.best.score, s.best.parts) for s in from_files
    ]
    assert (tmp_path / "history.sqlite3").exists()
    # a session file removed: its tellings leave the bank on the next read
    twice = next(s for s in indexed if len(s.tellings) == 2)
    store.path_for(twice.tellings[-1].session_id).unlink()
    again, _ = stories.bank_from_index(tmp_path)
    assert sum(len(s.tellings) for s in again) == sum(len(s.tellings) for s in indexed) - 2
    assert all(len(s.tellings) == 1 for s in again)


def test_progress_and_stories_share_one_index_layout(tmp_path) -> None:
    # the story bank's table is registered by the index module itself: whichever command opens the index first,
    # the other does not rebuild it
    from interviewer.history import fingerprint

    assert "stories:" in fingerprint()


async def test_a_loops_later_behavioral_round_knows_the_earlier_rounds_stories(catalog: Catalog, tmp_path) -> None:
    from interviewer import loop_services

    store = SessionStore(tmp_path)
    rounds, _ = loop_services.plan_rounds(catalog, ["behavioral", "behavioral"])
    loop = loop_services.new_loop(store, rounds)
    first = loop_services.begin_round(loop, store, catalog)
    await first.start()
    for text in (WARMUP, OUTAGE, "Okay.", "Okay."):
        if first.finished:
            break
        await first.answer(text)
    await first.end()
    loop.rounds[0].status = "finished"
    second = loop_services.begin_round(loop, store, catalog)
    assert second.session.id != first.session.id
    assert [q for q, _ in second.agent.known_stories] == [first.session.questions[0].text]
    await second.start()
    await second.answer(WARMUP)
    r = await second.answer(OUTAGE_RETOLD)
    assert (r.turn.move.reason, r.turn.move.reused_from) == ("story_reused", first.session.questions[0].text)
