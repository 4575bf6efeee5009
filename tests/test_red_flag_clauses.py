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
