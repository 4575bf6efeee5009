"""Which bank question or library topic a free-text question is (``closest.closest_reference``): common questions as
candidates type them, each checked against the topic a reviewer would pick, and near misses that must find nothing."""

from __future__ import annotations

import pytest

from interviewer.catalog import default_catalog
from interviewer.judges.offline.closest import closest_reference

CATALOG = default_catalog()


def _found(persona: str, question: str) -> str | None:
    match = closest_reference(CATALOG.persona(persona), question)
    return match.question.id if match.question is not None else None


@pytest.mark.parametrize(
    ("persona", "question", "expected"),
    [
        # bank questions and library topics compete on the same terms: the phrasing that names the word first wins
        ("ml-depth", "What is an LSTM?", "rnn-lstm"),  # not the bank's "Why did transformers replace RNNs and LSTMs?"
        ("ml-depth", "What is a convolutional neural network?", "cnn"),  # not dropout, through "neural network"
        ("ml-depth", "What is batch normalization?", "batch-norm"),  # not layer norm, which compares itself with it
        ("ml-depth", "Explain the ROC curve and AUC.", "roc-vs-pr"),
        # the rarer shared words decide, across the bank and the library
        ("ml-depth", "Say one payment in ten thousand is fraud. How would you train and evaluate a classifier?", "class-imbalance"),
        # a short word with a digit names the topic
        ("ml-depth", "What is the F1 score?", "metrics-mislead"),
        # "deal with", "help", "difference between" are the question's frame, not its topic
        ("ml-depth", "How do you deal with missing data?", "missing-data"),
        # a question about a concept that is all one topic word, named first by a phrasing
        ("ml-depth", "What is overfitting?", "overfitting"),
        # a listed phrasing word for word, even when none of its words is a topic word
        ("recruiter", "Why do you want to work here?", "company-interest"),
        ("recruiter", "what are you looking for in your next role", "looking-for"),
    ],
)
def test_common_questions_find_their_topic(persona: str, question: str, expected: str) -> None:
    assert _found(persona, question) == expected


@pytest.mark.parametrize(
    ("persona", "question"),
    [
        ("ml-depth", "What is label smoothing and why does it help?"),  # not semi-supervised learning, through "labels"
        ("ml-depth", "What is the difference between classification and regression?"),  # not lasso and ridge regression
        # one rare shared word that only qualifies another: "the payments team" is not about pay
        ("recruiter", "How did the project with the payments team go?"),
    ],
)
def test_near_misses_find_no_topic(persona: str, question: str) -> None:
    assert _found(persona, question) is None


def test_a_question_about_the_candidate_needs_more_than_its_one_common_word() -> None:
    """The concept rule ("What is overfitting?") does not apply once the question is about "you": there the verb the
    filler list drops ("talking") carried the meaning."""
    assert _found("recruiter", "Do you like other companies?") is None
    # listed word for word (a trailing "right now" asks the same), so it is the other-interviews topic, never
    # "What do you know about our company?" by its one common word
    assert _found("recruiter", "Are you talking to other companies?") == "other-interviews"
    assert _found("recruiter", "Are you talking to other companies right now?") == "other-interviews"
    assert _found("ml-depth", "Explain embeddings.") == "embeddings"


def test_a_strong_answer_is_not_called_off_topic_by_a_borrowed_neighbour() -> None:
    """Before, "label smoothing" borrowed the semi-supervised topic's key points, and a correct answer read as off-topic."""
    from interviewer import services

    answer = (
        "Instead of one-hot targets, the true class gets 1 minus epsilon, say 0.9, and the other classes share the "
        "rest. The model is never pushed to make its logits huge, so it is less overconfident and better calibrated, "
        "and it regularises a little. It can hurt distillation, because the teacher's soft targets carry less about "
        "which wrong classes look alike."
    )
    report, _ = services.review(answer, persona_id="ml-depth", question="What is label smoothing and why does it help?")
    flags = {f for q in report.questions for f in q.flags}
    assert "off_topic" not in flags
    assert report.overall > 1.5


def test_four_topic_words_in_common_are_enough_however_long_the_question() -> None:
    """A long question shares four topic words with a library phrasing ("grocery", "reduce", "food", "waste") but only
    4 of its 8: below the similarity bar, yet plainly the same topic. Three words in common are not enough."""
    asked = "A grocery delivery service wants to reduce food waste in its warehouses. Where would you start?"
    assert _found("case-study", asked) == "food-waste"
    assert _found("case-study", "A grocery delivery app wants more customers in new cities. Where would you start?") != "food-waste"


def test_saying_no_is_a_topic() -> None:
    """'say no', 'push back', 'turn down' are filler and stop words one by one, but together they name the topic."""
    assert _found("behavioral", "Tell me about a time you had to say no to a stakeholder.") == "saying-no"
    assert _found("behavioral", "Tell me about a time you turned down a request from a senior leader.") == "saying-no"
