"""A confident misconception is not saved by its delivery. Sweeping claims include "doesn't matter at all",
"regardless", "purely", "there's no downside", "no reason to" and "not a real problem"; when they mark an answer as
overclaiming, its communication scores no higher than its content (saying it smoothly is not a strength), as for a
red flag. Hedged and conditional answers ("if at all", "the risk is…") are not sweeping. Answers written for these
tests."""

from __future__ import annotations

from interviewer.catalog import default_catalog
from interviewer.judges.offline.claims import overclaims
from interviewer.judges.offline.judge import OfflineJudge, build_context

BATCH_Q = "How does the batch size affect training speed and generalisation?"
WRONG = (
    "Batch size has no effect on generalisation at all; it is purely a speed setting, so you pick the largest batch "
    "the GPU can hold, regardless of the model. There's no downside to that, and there is no reason to add warm-up "
    "or to retune anything else when you change it. Overfitting from big batches is not a real problem in practice, "
    "because every update sees more data and the gradient is simply more accurate."
)
HEDGED = (
    "Larger batches make each epoch faster until the GPU is saturated, but they tend to generalise a little worse, "
    "if at all for moderate sizes, because the gradient noise of small batches acts as a regulariser. The risk with a "
    "16x larger batch is a loss spike early on, so I would scale the learning rate about linearly, add a warm-up, and "
    "compare validation loss at equal epochs."
)


def _judge(answer: str):
    cat = default_catalog()
    persona = cat.persona("ml-depth")
    rubric = cat.rubric_for(persona)
    return OfflineJudge().assess(answer, rubric), build_context(answer, rubric)


def test_sweeping_words_and_waved_away_checks_count() -> None:
    a, ctx = _judge(WRONG)
    assert overclaims(ctx) >= 4, overclaims(ctx)  # "at all", "purely", "regardless", "simply" + two checks waved away
    assert "overclaiming" in a.flags


def test_a_confident_misconception_is_not_communicated_well() -> None:
    a, _ = _judge(WRONG)
    content = max(lvl.level for k, lvl in a.dimensions.items() if k != "communication")
    assert a.level("communication") <= content, a.dimensions["communication"]


def test_a_hedged_answer_is_not_sweeping() -> None:
    a, ctx = _judge(HEDGED)
    assert overclaims(ctx) == 0 and "overclaiming" not in a.flags


def test_declining_to_measure_is_waving_a_check_away() -> None:
    from interviewer.judges.offline.claims import _DISMISSES

    for said in ("I wouldn't spend time analysing the current waste data.", "I won't bother testing it.",
                 "Once the sensors are in, the problem solves itself."):
        assert _DISMISSES.search(said.lower()), said
    for fine in ("I wouldn't spend time on the UI until the model works.", "First I'd spend time analysing the data."):
        assert not _DISMISSES.search(fine.lower()), fine


def test_key_points_named_beside_sweeping_claims_do_not_lift_delivery() -> None:
    """With a bank question, the key points the answer names (it names both kinds of drift, wrongly) are not a floor
    for communication: a confident misconception scored 1s on content and 3/4 on communication."""
    cat = default_catalog()
    persona = cat.persona("ml-depth")
    question = next(q for q in persona.questions if q.id == "drift")
    swapped = (
        "Data drift is when the labels change over time, while concept drift is when the feature distribution shifts. "
        "Both are easy to catch: you simply track the training loss, and if it goes up you have drift. I'd retrain "
        "every night regardless, so there's no need for monitoring dashboards or alerts at all. Concept drift is not a "
        "real problem for deep models anyway, they always generalise to new distributions."
    )
    a = OfflineJudge().assess(swapped, cat.rubric_for(persona), question=question)
    assert "overclaiming" in a.flags
    content = max(lvl.level for k, lvl in a.dimensions.items() if k != "communication")
    assert a.level("communication") <= content, (a.level("communication"), content)
