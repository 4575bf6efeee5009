"""Accented letters are read as their plain letters: "résumé" is "resume", "naïve" is "naive", "café" is "cafe", in a
question (finding the bank question or library topic it is) and in an answer (key-point and red-flag terms). The
judge's tokeniser reads ASCII letters only, so it used to split "résumé" into "r" and "sum". Sentences written for
these tests."""

from __future__ import annotations

import pytest

from interviewer import services
from interviewer.catalog import default_catalog
from interviewer.judges.offline.closest import _asked, closest_reference
from interviewer.judges.offline.coverage import measure
from interviewer.judges.offline.reference import Reference, Words, _points, _topic, content_stems
from interviewer.judges.text import split_sentences
from interviewer.models import KeyPoint, RedFlag


def _coverage(answer: str, points: list[KeyPoint], flags: list[RedFlag] = ()):
    ref = Reference(question="A question written for this test.", key_points=_points(points),
                    red_flags=_points(list(flags)), source="bank")
    return measure(ref, [s for s in split_sentences(answer) if s.content])


@pytest.mark.parametrize(
    ("accented", "plain"),
    [
        ("Walk me through your résumé.", "Walk me through your resume."),
        ("Why does naïve Bayes work so well on short texts?", "Why does naive Bayes work so well on short texts?"),
        ("How would you grow sales at a small café chain?", "How would you grow sales at a small cafe chain?"),
        ("WALK ME THROUGH YOUR RÉSUMÉ", "walk me through your resume"),
        ("Walk me through your re\u0301sume\u0301.", "Walk me through your resume."),  # decomposed: e + combining accent
    ],
)
def test_an_accented_question_has_the_topic_words_of_its_plain_spelling(accented: str, plain: str) -> None:
    assert _asked(accented) == _asked(plain)
    assert _topic(accented) == _topic(plain)
    assert "sum" not in _asked(accented)


def test_a_plain_question_finds_the_library_phrasing_written_with_accents() -> None:
    """The recruiter library lists "Walk me through your résumé." and "Why is there a gap in your résumé?": a user who
    types "resume" must find those topics, and one who types "résumé" the same ones."""
    persona = default_catalog().persona("recruiter")
    for plain, accented, topic in [
        ("Walk me through your resume.", "Walk me through your résumé.", "introduce-yourself"),
        ("Why is there a gap in your resume?", "Why is there a gap in your résumé?", "employment-gap"),
    ]:
        a, b = closest_reference(persona, plain), closest_reference(persona, accented)
        assert a.question is not None and a.question.id == topic
        assert b.question is not None and b.question.id == topic
        assert a.score == b.score


@pytest.mark.parametrize(
    ("term", "answer"),
    [
        ("naive bayes", "I would start with a naïve Bayes baseline on word counts, because it trains in seconds."),
        ("resume", "I rewrote my résumé so that every line showed a result I owned."),
        ("cafe", "We piloted the loyalty card in one café before rolling it out to the chain."),
        ("résumé", "I rewrote my resume so that every line showed a result I owned."),  # the term itself has accents
        ("résumé", "I rewrote my résumé so that every line showed a result I owned."),
        ("resume", "I rewrote my re\u0301sume\u0301 so that every line showed a result I owned."),
        ("naive bayes", "A NAÏVE BAYES model was our first baseline, and it was hard to beat."),
    ],
)
def test_an_answer_with_the_accented_form_of_a_term_covers_the_point(term: str, answer: str) -> None:
    cov = _coverage(answer, [KeyPoint(text="the point", terms=[term])])
    assert [p.text for p, _ in cov.hits] == ["the point"]


def test_an_answer_with_the_accented_form_of_a_red_flag_term_shows_the_flag() -> None:
    flag = RedFlag(text="copies a generic template", terms=["resume template"])
    cov = _coverage("Honestly I just downloaded a résumé template and filled it in over a weekend.",
                    [KeyPoint(text="other", terms=["tailored"])], [flag])
    assert [p.text for p, _ in cov.flags] == ["copies a generic template"]
    denied = _coverage("I would never send a résumé template without tailoring it to the role.",
                       [KeyPoint(text="other", terms=["tailored"])], [flag])
    assert not denied.flags  # the sentence distances itself from the flag, accents or not


def test_an_accented_word_is_not_split_into_fragments_that_match_another_term() -> None:
    """"résumé" read as "r" + "sum" used to show a point whose term is "to sum up"-like: "sum"."""
    cov = _coverage("I sent my résumé to the hiring manager last week.", [KeyPoint(text="sum it", terms=["sum"])])
    assert not cov.hits
    assert "sum" not in Words.of("i sent my résumé.").raw


def test_apostrophes_and_plain_text_read_as_before() -> None:
    assert Words.of("i don’t think it’s naïve").raw == ["i", "don’t", "think", "it’s", "naive"]
    assert content_stems("The café’s menu") == content_stems("The cafe’s menu")


def test_the_same_answer_with_and_without_accents_gets_the_same_score() -> None:
    accented = (
        "I'm a data scientist at a logistics company, where I own the demand forecast for 300 depots. Before that I "
        "spent two years at a café chain, where I built the naïve baseline and then a gradient-boosted model that cut "
        "waste by 12%. I'm looking for a role where forecasting drives real decisions, which is why this one caught "
        "my eye. In short: forecasting, owned end to end, with numbers to show for it."
    )
    plain = accented.replace("café", "cafe").replace("naïve", "naive")
    a, _ = services.review(accented, persona_id="recruiter", question="Walk me through your résumé.")
    b, _ = services.review(plain, persona_id="recruiter", question="Walk me through your resume.")
    assert a.overall == b.overall
    assert [(d.name, d.score) for d in a.dimensions] == [(d.name, d.score) for d in b.dimensions]
