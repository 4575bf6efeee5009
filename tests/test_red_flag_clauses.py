"""A red flag is read clause by clause: a "not" elsewhere in the sentence does not hide the claim, and a clause that
distances itself from the claim still does not show it."""

from __future__ import annotations

from interviewer.catalog import default_catalog
from interviewer.judges.offline import OfflineJudge


def _feedback_question():
    persona = default_catalog().persona("behavioral")
    q = next(q for q in persona.questions if "critical feedback" in q.text)
    return default_catalog().rubric_for(persona), q


def _flags(answer: str) -> list[str]:
    rubric, q = _feedback_question()
    return OfflineJudge().assess(answer, rubric, question=q).flags


def test_a_not_in_another_clause_does_not_hide_a_red_flag() -> None:
    answer = (
        "My lead told me in a review that my code reviews were too harsh. Honestly I think the feedback was unfair, "
        "because the people who complained were just not writing very good code. I kept reviewing the same way."
    )
    assert "red_flag" in _flags(answer)


def test_a_clause_that_distances_itself_shows_no_red_flag() -> None:
    answer = (
        "My lead told me in a review that my code reviews were too harsh. I did not think the feedback was unfair; "
        "I asked two colleagues for examples, rewrote my review checklist and my comments got shorter and kinder."
    )
    assert "red_flag" not in _flags(answer)


def test_keeping_the_test_set_untouched_is_not_stopping_on_it() -> None:
    catalog = default_catalog()
    persona = catalog.persona("ml-depth")
    rubric = catalog.rubric_for(persona)
    q = next(q for q in persona.questions if any("test set to decide when to stop" in f.text for f in q.red_flags))
    right = (
        "I monitor the validation loss each epoch and stop when it has not improved for five epochs, keeping the best "
        "checkpoint, so the test set stays untouched for the final number."
    )
    wrong = "I watch the test loss during training and stop training when the test loss starts to rise."
    assert "red_flag" not in OfflineJudge().assess(right, rubric, question=q).flags
    assert "red_flag" in OfflineJudge().assess(wrong, rubric, question=q).flags


def test_cant_and_wasnt_distance_a_clause_too() -> None:
    """"it wasn't that the feedback was unfair" distances the claim as "it was not" does."""
    answer = (
        "My lead told me in a review that my code reviews were too harsh. It wasn't that the feedback was unfair; "
        "I asked two colleagues for examples, rewrote my review checklist and my comments got shorter and kinder."
    )
    assert "red_flag" not in _flags(answer)


# --------------------------------------------------------------------------- a term that itself says "not" or "no"


def _flags_of(flag_terms: list[str], text: str) -> list[str]:
    from interviewer.judges.offline.coverage import measure
    from interviewer.judges.offline.reference import Reference, _points
    from interviewer.judges.text import split_sentences
    from interviewer.models import KeyPoint, RedFlag

    ref = Reference(
        question="Implement logistic regression from scratch.",
        key_points=_points([KeyPoint(text="use the log loss", terms=["log loss"])]),
        red_flags=_points([RedFlag(text="the flag", terms=flag_terms)]),
        vocab=frozenset({"logist", "regress"}),
        source="bank",
    )
    return [p.text for p, _ in measure(ref, [s for s in split_sentences(text) if s.content]).flags]


def test_a_sentence_that_denies_a_no_claim_does_not_show_it() -> None:
    terms = ["no bias", "without + bias"]
    assert _flags_of(terms, "My version has no bias term, only the weights.") == ["the flag"]
    assert _flags_of(terms, "I trained it without a bias and it still converged.") == ["the flag"]
    assert _flags_of(terms, "It would be wrong to fit it with no bias term.") == []
    assert _flags_of(terms, "I never leave the model with no bias.") == []


def test_a_not_claim_fires_when_said_and_not_when_denied() -> None:
    terms = ["not my fault", "their fault"]
    assert _flags_of(terms, "It was not my fault, the reviewer approved it.") == ["the flag"]
    assert _flags_of(terms, "It wasn't my fault, the reviewer approved it.") == ["the flag"]  # "wasn't" says "not"
    assert _flags_of(terms, "It was their fault for not testing the change.") == ["the flag"]
    assert _flags_of(terms, "It was not their fault, it was mine.") == []
    assert _flags_of(terms, "I would never say it was not my fault; I pushed the change myself.") == []


def test_blaming_in_the_bank_mistake_question_reads_the_same_way() -> None:
    persona = default_catalog().persona("behavioral")
    q = next(q for q in persona.questions if any("blames someone else" in f.text for f in q.red_flags))
    rubric = default_catalog().rubric_for(persona)

    def flagged(answer: str) -> bool:
        return "red_flag" in OfflineJudge().assess(answer, rubric, question=q).flags

    lead = "I pushed a config change that broke checkout for twenty minutes. "
    assert flagged(lead + "It wasn't my fault, the reviewer approved it.")
    assert not flagged(lead + "I'd never say it was not my fault; I rolled it back myself and added a check.")


# --------------------------------------------------------------------------- a claim named to reject it


def _dropout():
    catalog = default_catalog()
    persona = catalog.persona("ml-depth")
    q = next(q for q in persona.questions if q.id == "dropout")
    return catalog.rubric_for(persona), q


def _dropout_flags(answer: str) -> list[str]:
    rubric, q = _dropout()
    return OfflineJudge().assess(answer, rubric, question=q).flags


STRONG_DROPOUT = (
    "During training each unit is zeroed with probability p and the survivors are scaled by 1/(1-p), so the "
    "expected activation stays the same. At inference nothing is dropped and the full network is used."
)


def test_a_claim_followed_by_its_denial_shows_no_red_flag() -> None:
    """"… removes neurons permanently, which is a myth" names the misconception to reject it."""
    for rejection in (
        "Dropout removes neurons permanently, which is a myth.",
        "Dropout is a pruning technique that removes neurons for good, but that is wrong.",
        "A common misconception is that dropout prunes the network permanently.",
        "Nobody should think dropout removes the neurons permanently.",
    ):
        assert "red_flag" not in _dropout_flags(f"{STRONG_DROPOUT} {rejection}"), rejection


def test_the_claim_itself_still_shows_it() -> None:
    """The same claim made, not rejected, still costs; so does one rejected in another sentence about something else."""
    for claim in (
        "Dropout removes neurons permanently, which makes the network smaller and faster.",
        "Dropout is a pruning technique that removes the least useful neurons for good.",
    ):
        assert "red_flag" in _dropout_flags(f"{STRONG_DROPOUT} {claim}"), claim
