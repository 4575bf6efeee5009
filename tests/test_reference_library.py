"""The reference library: a free-text question borrows the key points of the closest library topic when no bank
question is closer, the report says which, and a broken library file is a clear error."""

from __future__ import annotations

import pytest

from interviewer import references, services
from interviewer.catalog import default_catalog
from interviewer.errors import UserError
from interviewer.judges.offline.closest import closest_reference

LIB = """\
persona: ml-depth
topics:
  - id: batch-norm
    text: How does batch normalisation help training, and what changes at inference time?
    also:
      - Why does batch norm make deep networks easier to train?
    tests: Whether the candidate knows what batch norm computes and that inference uses running statistics.
    key_points:
      - text: say it normalises each feature with the mini-batch mean and variance, then a learned scale and shift
        terms: ["batch + mean + variance", "scale and shift", "learned scale"]
      - text: say inference uses running averages of the mean and variance collected during training
        terms: ["running + mean", "running + average", "moving average", "population statistics"]
      - text: explain why it helps (smoother optimisation, higher learning rates)
        terms: ["higher learning rate", "smoother", "conditioning", "stable"]
      - text: name when it struggles (tiny batches, sequence models) and the alternatives (layer norm, group norm)
        terms: ["small batch", "layer norm", "group norm", "batch size of one"]
    red_flags:
      - text: says inference normalises with the statistics of the test batch
        terms: ["test batch + mean", "statistics of the test batch"]
"""


@pytest.fixture
def library(tmp_path, monkeypatch):
    (tmp_path / "ml-depth.yaml").write_text(LIB, encoding="utf-8")
    monkeypatch.setattr(references, "library_dir", lambda: tmp_path)
    topics_for = references.topics_for
    topics_for.cache_clear()
    yield tmp_path
    topics_for.cache_clear()


STRONG = (
    "During training it normalises each feature with the batch mean and variance and then applies a learned scale "
    "and shift. That keeps activations in a stable range, so you can use a higher learning rate. At inference you "
    "switch to running averages of the mean and variance collected during training, so one example's prediction "
    "does not depend on the rest of the batch. With very small batches the statistics get noisy, and layer norm is "
    "the usual choice in transformers."
)


def test_a_free_text_question_borrows_the_closest_library_topic(library):
    persona = default_catalog().persona("ml-depth")
    match = closest_reference(persona, "Why does batch normalisation make training of deep networks easier?")
    assert match.library and match.question is not None and match.question.id == "batch-norm"
    report, _ = services.review(STRONG, persona_id="ml-depth", question="Why does batch normalisation make training of deep networks easier?")
    assert "reference library" in report.summary and "How does batch normalisation help training" in report.summary


def test_library_key_points_order_a_correct_answer_above_a_wrong_one(library):
    q = "Why does batch normalisation make training of deep networks easier?"
    wrong = (
        "Batch normalisation rescales the weights of every layer to unit norm. At inference you normalise with the "
        "mean of the test batch, exactly as in training, and it works best with a batch size of one."
    )
    strong, _ = services.review(STRONG, persona_id="ml-depth", question=q)
    weak, _ = services.review(wrong, persona_id="ml-depth", question=q)
    assert strong.overall > weak.overall
    assert any("test batch" in n.lower() or "cost" in n.lower() for d in weak.dimensions for n in [d.feedback])


def test_a_bank_question_never_reads_the_library(library, monkeypatch):
    persona = default_catalog().persona("ml-depth")
    bank = persona.questions[0]
    called = []
    monkeypatch.setattr(references, "topics_for", lambda pid: called.append(pid) or ())
    assert closest_reference(persona, bank.text).exact
    assert called == []


def test_an_unrelated_question_borrows_nothing(library):
    persona = default_catalog().persona("ml-depth")
    match = closest_reference(persona, "What do you enjoy doing at weekends?")
    assert match.question is None


# Common ways of asking questions the library covers, none of them one of a topic's own phrasings (text or also): the
# topic must be reached from the words people really use. Written before the matcher was tried on them; where one first
# failed, a topic gained a shorter, more general phrasing, never the question itself. A set names the library topic
# and, where one covers the same ground, the bank question.
GENERALISES: dict[str, list[tuple[str, set[str]]]] = {
    "recruiter": [
        ("Which other companies are you currently interviewing with?", {"other-interviews"}),
        ("Are there other companies you're in interviews with at the moment?", {"other-interviews"}),
        ("How soon would you be able to start with us?", {"start-date"}),
        ("What's the earliest date you could join us?", {"start-date"}),
        ("Would you consider relocating to Berlin for this position?", {"relocation"}),
        ("Will you require sponsorship for an employment visa?", {"visa-sponsorship"}),
        ("Do you currently hold the right to work in the UK, or would we need to sponsor a visa?", {"visa-sponsorship"}),
        ("Why did you decide to leave your last employer?", {"why-leave-current-job"}),
        ("Why are you looking to leave your employer?", {"why-leave-current-job"}),
        ("What pay range would you need to consider a move?", {"comp-expectations"}),
        ("What are your expectations on compensation?", {"comp-expectations", "salary-expectations"}),
    ],
    "behavioral": [
        ("Share an example of when you changed your opinion after hearing new evidence.", {"changed-mind"}),
        ("Tell me about a time you reversed your position on a technical decision.", {"changed-mind"}),
        ("Describe a project where you failed to hit a deadline.", {"missed-deadline"}),
        ("Describe a time a project you owned slipped past its deadline.", {"missed-deadline"}),
        ("Talk about a junior engineer you mentored.", {"mentored-someone", "mentoring"}),
        ("How have you mentored less experienced colleagues?", {"mentored-someone", "mentoring"}),
        ("Give me an example of a time you had to operate with a lot of ambiguity.", {"dealt-with-ambiguity", "ambiguous-problem"}),
        ("Describe how you handled a task with very ambiguous requirements.", {"dealt-with-ambiguity", "ambiguous-problem"}),
        ("Tell me about a time you persuaded people who didn't report to you.", {"convinced-without-authority", "influence-without-authority"}),
        ("Tell me about a time you worked under heavy pressure.", {"handled-pressure"}),
    ],
    "case-study": [
        ("Monthly revenue is down 8% compared to last month. What would you look at?", {"revenue-drop"}),
        ("Our quarterly revenue has dropped by 12%. How would you find the cause?", {"revenue-drop"}),
        ("Too many of our parcels arrive late. How would you fix on-time delivery?", {"late-deliveries"}),
        ("How would you cut the share of late orders for a food delivery company?", {"late-deliveries"}),
        ("A supermarket chain wastes a lot of fresh produce. What would you do?", {"food-waste"}),
        ("How should we price our new analytics product?", {"price-new-product"}),
        ("What north star metric would you choose for a dating app?", {"north-star-metric"}),
        ("How would you lower churn for a streaming subscription?", {"retention-improvement"}),
        ("Estimate how many taxis operate in New York.", {"market-sizing"}),
    ],
    "system-design": [
        ("How would you design a Pastebin-like text sharing site?", {"pastebin"}),
        ("How would you build a service for sharing code snippets with expiring links?", {"pastebin"}),
        ("Design a system for reserving spots in a parking garage.", {"parking-reservation"}),
        ("Design a car park booking app.", {"parking-reservation"}),
        ("Design Yelp: find restaurants near me.", {"proximity-service"}),
        ("How would you design Uber's backend?", {"ride-hailing", "nearby-drivers"}),
        ("Design the backend for a taxi app like Lyft or Uber.", {"ride-hailing", "nearby-drivers"}),
        ("Design a chat app like WhatsApp or Messenger.", {"messaging-app", "chat-service"}),
        ("How would you design a mobile messaging service with offline delivery and read receipts?", {"messaging-app", "chat-service"}),
        ("How would you design Google Drive's sync?", {"cloud-drive", "file-sync"}),
        ("Design a trending hashtags feature.", {"top-k-trending"}),
    ],
    "ml-system-design": [
        ("Build a model that flags hateful or abusive comments.", {"toxic-comments", "content-moderation"}),
        ("How would you detect fake product reviews with machine learning?", {"fake-review-detection"}),
        ("How would you spot fake reviews on an app store?", {"fake-review-detection"}),
        ("Design a system that finds listings that are duplicates of each other on a classifieds site.", {"duplicate-listings"}),
        ("Design a model that detects duplicate product listings.", {"duplicate-listings"}),
        ("Design a system to estimate the arrival time of a taxi ride.", {"travel-eta"}),
        ("Design a system that predicts how long a delivery driver's trip will take.", {"travel-eta", "delivery-eta"}),
        ("How would you A/B test a new recommendation model against the old one?", {"model-ab-comparison"}),
        ("Design a system that detects fake accounts on a dating app.", {"fake-accounts"}),
        ("How would you detect credit card fraud?", {"fraud-detection", "payment-fraud"}),
        ("Design a sentiment classifier for tweets.", {"sentiment-analysis"}),
    ],
    "ml-depth": [
        ("Contrast generative models with discriminative ones, with examples.", {"generative-vs-discriminative"}),
        ("Explain the difference between discriminative and generative classifiers.", {"generative-vs-discriminative"}),
        ("What techniques prevent overfitting in neural networks?", {"overfitting"}),
        ("What causes overfitting and how do you fix it?", {"overfitting"}),
        ("Walk me through how gradient descent finds the minimum of a loss.", {"gradient-descent"}),
        ("Compare stochastic and batch gradient descent.", {"gradient-descent"}),
        ("Which assumptions does ordinary least squares regression make?", {"linear-regression"}),
        ("Explain the key assumptions behind linear regression.", {"linear-regression"}),
        ("How would you explain a black-box model's predictions to a stakeholder?", {"model-interpretability"}),
        ("How do SHAP values explain a model's prediction?", {"model-interpretability"}),
        ("How do you deal with a highly imbalanced classification problem?", {"imbalanced-data", "class-imbalance"}),
        ("How does a transformer encode word order?", {"positional-encoding"}),
        ("What is the difference between BERT and GPT architectures?", {"encoder-vs-decoder"}),
    ],
}
OFF_TOPIC = [
    "What's your favourite book?",
    "How do you make a good cup of coffee?",
    "Tell me about your hobbies.",
    "What did you have for breakfast today?",
    "Which football team do you support?",
]


def _said(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


@pytest.mark.parametrize(
    ("persona_id", "asked", "expected"), [(p, q, ids) for p, cases in GENERALISES.items() for q, ids in cases]
)
def test_a_common_phrasing_the_library_does_not_list_borrows_its_topic(persona_id, asked, expected):
    topics = {t.id: t for t in references.topics_for(persona_id)}
    assert expected & topics.keys(), "each case names a library topic"
    for tid in expected & topics.keys():
        assert _said(asked) not in {_said(p) for p in topics[tid].phrasings}, f"{asked!r} is one of {tid}'s phrasings"
    match = closest_reference(default_catalog().persona(persona_id), asked)
    assert match.question is not None, f"{asked!r} borrowed nothing (best score {match.score:.2f})"
    assert match.question.id in expected, f"{asked!r} borrowed {match.question.id}"


@pytest.mark.parametrize("persona_id", sorted(GENERALISES))
def test_an_off_topic_question_borrows_no_library_topic(persona_id):
    persona = default_catalog().persona(persona_id)
    for asked in OFF_TOPIC:
        match = closest_reference(persona, asked)
        assert match.question is None, f"{asked!r} borrowed {match.question.id}"


# A free-text question that reaches a new library topic is scored against that topic's key points: a specific answer
# beats a vague or wrong one of the same length or longer, and the report names the topic it used.
BORROWED_REVIEWS = [
    (
        "recruiter",
        "When could you start?",
        "My notice period is one month, so if we agreed an offer by the 10th I could start on the first of next month. "
        "I'd use the notice to hand over my projects properly. I have a week of holiday booked in March, which I'd "
        "keep, and I could ask to be released a week early if that helps.",
        "I think I could start at some point, it depends on a lot of things really. There's a lot going on at work and "
        "at home, and I'd have to see how everything looks. We can talk about it later when things are clearer, I'm "
        "sure it will work out in the end one way or another.",
    ),
    (
        "behavioral",
        "Tell me about a time you missed a deadline.",
        "I owned the billing export and committed to the 1st. Two weeks before, I found the upstream API didn't "
        "support pagination, which I had underestimated. I flagged it to my manager and the finance lead the same day, "
        "proposed shipping CSV for the largest customers first, and set a new date. We delivered the partial version "
        "on time and the rest five days late. Since then I add a spike for every external dependency.",
        "We had a project that was late. It was the other team's fault, really, their API was bad. We all worked hard "
        "and eventually it got done. Deadlines are always tricky in software and everyone knows estimates are wrong, "
        "so it wasn't a big deal in the end and people moved on to the next thing quite quickly after that.",
    ),
    (
        "ml-depth",
        "How do you handle class imbalance?",
        "First I'd pick metrics that see the rare class, precision, recall and PR AUC, not accuracy. Then I'd tune the "
        "threshold to the cost of errors. Class weights or oversampling of the training set only can help, but they "
        "distort probabilities, so I'd recalibrate afterwards.",
        "Class imbalance is when the classes are imbalanced, which happens a lot in practice. I would oversample before "
        "splitting so both sets are balanced, and then the model gets 99% accuracy, which is great. Balanced data is "
        "always better for machine learning models in general, so that is what I would always do first.",
    ),
]


@pytest.mark.parametrize(("persona_id", "asked", "strong", "weak"), BORROWED_REVIEWS, ids=[c[0] for c in BORROWED_REVIEWS])
def test_a_new_library_topic_orders_a_specific_answer_above_a_vague_or_wrong_one(persona_id, asked, strong, weak):
    match = closest_reference(default_catalog().persona(persona_id), asked)
    assert match.library and match.question is not None
    good, _ = services.review(strong, persona_id=persona_id, question=asked)
    bad, _ = services.review(weak, persona_id=persona_id, question=asked)
    assert "reference library" in good.summary and match.question.text in good.summary
    assert good.overall > bad.overall + 1.0


def test_a_broken_library_file_is_a_clear_error(library):
    (library / "ml-depth.yaml").write_text("persona: ml-depth\ntopics:\n  - id: x\n    text: t\n    key_points: 3\n", encoding="utf-8")
    references.topics_for.cache_clear()
    with pytest.raises(UserError, match=r"ml-depth.yaml: not a valid reference library: field 'topics.0.key_points'"):
        references.topics_for("ml-depth")
    (library / "ml-depth.yaml").write_text("persona: [\n", encoding="utf-8")
    references.topics_for.cache_clear()
    with pytest.raises(UserError, match="invalid YAML"):
        references.topics_for("ml-depth")


def test_a_persona_without_a_library_file_has_no_topics(library):
    assert references.topics_for("recruiter") == ()


def test_a_library_file_is_parsed_once_and_a_broken_cache_is_ignored(library, tmp_path, monkeypatch):
    from interviewer import paths

    cache_root = tmp_path / "cache"
    monkeypatch.setattr(paths, "user_cache_dir", lambda: cache_root)
    first = references.topics_for("ml-depth")
    cached = list((cache_root / "references").glob("ml-depth-*.json"))
    assert len(cached) == 1
    references.topics_for.cache_clear()

    assert references.topics_for("ml-depth") == first  # read back from the cache
    cached[0].write_text("{not json", encoding="utf-8")
    references.topics_for.cache_clear()
    assert references.topics_for("ml-depth") == first  # a broken cache is parsed again from the YAML
    (library / "ml-depth.yaml").write_text(LIB.replace("batch-norm", "batchnorm"), encoding="utf-8")
    references.topics_for.cache_clear()
    assert references.topics_for("ml-depth")[0].id == "batchnorm"  # an edited file is not read from a stale cache


def test_an_unwritable_cache_changes_nothing_but_speed(library, tmp_path, monkeypatch):
    from interviewer import paths

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setattr(paths, "user_cache_dir", lambda: blocker)
    assert [t.id for t in references.topics_for("ml-depth")] == ["batch-norm"]


def test_a_model_judge_and_grader_read_the_borrowed_library_topic_in_their_user_message(library):
    """The same reference the offline judge used reaches a model judge: in the user message, never the system prefix."""
    import asyncio
    import os

    from interviewer import engines
    from interviewer.config import Settings
    from tests.fakeopenai import FakeOpenAI
    from tests.llm_helpers import interview_responder, role_of

    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    srv = FakeOpenAI(default=interview_responder).start()
    try:
        eng = engines.select(settings=Settings(model="openai/fake-model", api_base=srv.url, timeout=5.0, retries=1))
        report, _ = asyncio.run(services.review_async(
            STRONG, persona_id="ml-depth", question="Why does batch normalisation make training of deep networks easier?",
            judge=eng["judge"], grader=eng["grader"],
        ))
        reqs = [r.json for r in srv.completions if role_of(r.json) in ("judge", "grader")]
    finally:
        srv.stop()
    assert {role_of(r) for r in reqs} == {"judge", "grader"}
    point = "say inference uses running averages of the mean and variance collected during training"
    for req in reqs:
        system = "\n".join(m.get("content") or "" for m in req["messages"] if m.get("role") == "system")
        user = "\n".join(m.get("content") or "" for m in req["messages"] if m.get("role") != "system")
        assert point in user and point not in system
    assert "reference library" in report.summary


def test_one_common_shared_word_does_not_pick_a_question():
    """"company" is in many recruiter questions: sharing it alone does not make "Are you talking to other companies?"
    the why-us question, whose key points would then call a good answer off-topic."""
    persona = default_catalog().persona("recruiter")
    asked = "Are you talking to other companies right now?"
    match = closest_reference(persona, asked)
    assert match.question is None or "why here" not in match.question.text.lower()
    answer = (
        "Yes, two. One is at the final round and one has just started. Nothing is signed, and this role is my first "
        "choice because of the on-device work. The final-round company expects an answer around the 10th."
    )
    report, _ = services.review(answer, persona_id="recruiter", question=asked)
    assert not any("does not address the question" in d.feedback for d in report.dimensions)
    assert report.overall > 1.0


def test_one_rare_shared_word_still_borrows(library):
    persona = default_catalog().persona("ml-depth")
    match = closest_reference(persona, "Talk me through batch normalisation.")
    assert match.library and match.question is not None and match.question.id == "batch-norm"


def test_news_and_current_are_topic_words_when_finding_the_question() -> None:
    """Only an -ing or -ed form of a filler word is filler ("talking"): "news" and "current" still pick a topic."""
    from interviewer.judges.offline.closest import _asked
    from interviewer.judges.offline.reference import stem

    assert _asked("Are you talking to other companies right now?") == {"company"}
    assert "current" in _asked("What's your current salary?")
    assert _asked("Design Facebook's news feed") >= {"feed", "news"}
    assert stem("news") != stem("new")


def test_detection_and_detect_are_one_word_and_a_tie_goes_to_the_topic_sharing_more_words() -> None:
    from interviewer.judges.offline.reference import stem

    assert stem("detection") == stem("detects") == "detect" and stem("prediction") == "predict"
    assert stem("production") != stem("product")
    persona = default_catalog().persona("ml-system-design")
    match = closest_reference(persona, "Design a system that detects fake accounts on a dating app.")
    assert match.question is not None and match.question.id == "fake-accounts"


def test_saying_why_you_fit_shows_the_why_hire_you_point_and_is_on_topic() -> None:
    """A generic but relevant case ("I'd be a good fit because of my experience in…") addresses "Why should we hire
    you?": it is never called off-topic."""
    answer = (
        "I think I'd be a good fit because I have solid experience in machine learning and software engineering, and "
        "I've worked on production systems before. I'm a quick learner and I settle into new teams fast."
    )
    report, _ = services.review(answer, persona_id="recruiter", question="Why should we hire you?")
    assert not any("does not address the question" in d.feedback for d in report.dimensions)


def test_among_close_topics_the_one_sharing_the_rarer_word_is_borrowed() -> None:
    """"current" and "role" are in many recruiter questions, "compensation" in few: a question about pay and the
    range targeted borrows a compensation topic, not "what do you enjoy in your current role", whose key points
    would call a good answer off-topic."""
    persona = default_catalog().persona("recruiter")
    asked = "What's your current compensation, and what range are you aiming for in your next role?"
    match = closest_reference(persona, asked)
    assert match.library and match.question is not None and "comp" in match.question.id
    answer = (
        "I'm on 118k base plus about 10% bonus. For this role I'm targeting 130 to 145k total, based on levels data "
        "for similar teams in the city, and I'm flexible on the split between base and equity. What band do you have?"
    )
    report, _ = services.review(answer, persona_id="recruiter", question=asked)
    assert not any("does not address the question" in d.feedback for d in report.dimensions)
    assert report.overall >= 2.5



# Topics added for common questions the library lacked: asked in other words than the topic's own, each is recognised,
# and its key points put a specific answer above a fluent but vague or wrong one.
ADDED_TOPICS = [
    (
        "system-design", "like-counter", "How would you design the like counter for posts on a big social app?",
        "Exact totals can lag by a few seconds, so I'd avoid a single hot row per post: each like event goes to Kafka, "
        "a consumer aggregates counts in memory and flushes them every few seconds into sharded counters in Redis and "
        "the database. Likes are stored per user id and post id, which makes a like idempotent and lets people unlike. "
        "For unique views I'd use HyperLogLog, and a nightly recount reconciles drift after failures.",
        "I'd use a really good database that scales automatically, so it can handle all the likes. Every time someone "
        "likes a post, we update the post's row and add one to the count, which is simple and always correct. The "
        "cloud handles the scaling for us, and we can add caching later if it ever gets slow. It will work fine.",
    ),
    (
        "ml-depth", "decoding-strategies", "What does temperature do when sampling from an LLM, and what are top-k and top-p?",
        "The model produces a softmax over the vocabulary for the next token. Temperature divides the logits: below 1 "
        "it sharpens the distribution, above 1 it flattens it, so text gets more random. Top-k samples only among the "
        "k likeliest tokens; top-p keeps the smallest set whose cumulative probability reaches p. For code I'd use "
        "temperature 0, for brainstorming a higher one.",
        "Temperature is basically how smart the model is allowed to be. A higher temperature makes the model think "
        "harder, so answers get more accurate, and top-k and top-p are just other names for the same setting that "
        "different companies use. Most people leave them at the defaults anyway, so they don't matter much in practice.",
    ),
    (
        "behavioral", "unhappy-customer", "Tell me about a time a client was really upset with your team's work.",
        "A logistics client escalated because our route export dropped stops. I called their ops lead, reproduced the "
        "bug from their file the same day, and shipped a hotfix within 24 hours, then fixed the root cause in the "
        "parser. I sent them a short update every day. They renewed the contract that quarter and tickets from them "
        "fell by 70%. Since then I join the first call on every escalation myself.",
        "Clients can be difficult sometimes, and honestly a lot of the time they just don't read the documentation. "
        "We had one who complained a lot about our export, and the support team handled most of it. In the end things "
        "calmed down, the way they usually do, and we moved on to other priorities as a team.",
    ),
    (
        "recruiter", "current-role", "Can you walk me through what you do in your current job?",
        "I'm a senior ML engineer on the ranking team, which owns search ranking for about 20 million users. I own the "
        "training pipeline and the offline evaluation, and I'm the on-call lead this quarter. Recently I shipped a "
        "new reranker that lifted click-through by 4%. That's close to what your search team does.",
        "I do a lot of different things, really. Python, SQL, some cloud, meetings, that kind of stuff. The team "
        "works on lots of projects and I help out wherever needed. Every day is different, which keeps it interesting, "
        "and I like the people there a lot, so it's a nice place overall and the office is good.",
    ),
    (
        "ml-system-design", "bot-detection", "How would you use ML to catch bots creating fake sign-ups on our site?",
        "I'd score every sign-up in real time at the edge and act by confidence: allow, challenge with a CAPTCHA, or "
        "block. Labels come from honeypot forms, takedowns and manual review, which are scarce. Features: request rate "
        "and timing regularity, navigation paths, IP reputation and ASN, device fingerprints, headless browser hints. "
        "I'd watch precision at the block threshold so real users aren't challenged, and retrain often because bots adapt.",
        "I'd train a big deep learning model on all the data we have and it will learn what bots look like. Deep "
        "learning is the state of the art for everything now, so accuracy will be very high, probably close to 100%. "
        "Then we just block whatever the model says is a bot and the problem is solved for good.",
    ),
    (
        "case-study", "monetise-free-product", "How should we make money from our free photo-editing app?",
        "First, the goal: how much revenue, by when? I'd segment users: most are casual, a few percent edit daily. "
        "Options are ads, a premium tier, or paid filter packs. Ads would hurt the editing experience, so I'd test "
        "freemium: if 3% of 2 million monthly users pay 4 dollars, that's about 240k a month. I'd recommend a premium "
        "tier piloted with a small group, with retention as the guardrail.",
        "Just put ads everywhere, on every screen, because ads are how every free app makes money and users are used "
        "to them by now. We could also charge for the app itself. People who like it will pay, and the ones who "
        "leave were never going to pay anyway, so there's really no downside to doing it all at once.",
    ),
]


@pytest.mark.parametrize(("persona_id", "topic_id", "asked", "strong", "weak"), ADDED_TOPICS, ids=[c[1] for c in ADDED_TOPICS])
def test_an_added_topic_is_recognised_and_orders_answers(persona_id, topic_id, asked, strong, weak):
    match = closest_reference(default_catalog().persona(persona_id), asked)
    assert match.library and match.question is not None and match.question.id == topic_id
    good, _ = services.review(strong, persona_id=persona_id, question=asked)
    bad, _ = services.review(weak, persona_id=persona_id, question=asked)
    assert match.question.text in good.summary
    assert good.overall > bad.overall + 1.0
