"""The reference library (``references/<persona>.yaml``): common interview topics that are not in a persona's bank,
each with the reference material of a bank question, so the offline judge can check a free-text question's answer.

Every file must be well formed (ids, 4-8 key points, valid terms, the rubric's dimensions, no bank question repeated),
and its terms must behave: hand-written correct answer sentences match the key point they are meant to show and no
red flag anywhere in the file, and hand-written wrong sentences match the red flag they are meant to show.
"""

from __future__ import annotations

import re

import pytest
import yaml

from interviewer.judges.offline.reference import Words, compile_term
from interviewer.models import Question
from interviewer.paths import package_data_dir
from interviewer.reference import MAX_KEY_POINTS, MIN_KEY_POINTS, term_problem

PERSONAS = ("ml-depth", "system-design", "ml-system-design", "case-study", "recruiter", "behavioral")
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load(kind: str, name: str) -> dict:
    return yaml.safe_load((package_data_dir(kind) / f"{name}.yaml").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split())


def fires(terms: list[str], sentence: str) -> bool:
    words, low = Words.of(sentence), sentence.lower()
    return any(t.matches(words, low) for t in (compile_term(x) for x in terms) if t is not None)


def topics(persona: str) -> dict[str, dict]:
    return {t["id"]: t for t in load("references", persona)["topics"]}


def test_there_is_one_file_per_talking_round() -> None:
    files = {p.stem for p in package_data_dir("references").glob("*.yaml")}
    assert files == set(PERSONAS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_file_is_well_formed(persona: str) -> None:
    data = load("references", persona)
    assert data["persona"] == persona and set(data) == {"persona", "topics"}
    bank = load("personas", persona)
    rubric_ids = {d["id"] for d in load("rubrics", bank["rubric"])["dimensions"]}
    bank_ids = {q["id"] for q in bank["questions"]}
    bank_texts = {norm(q["text"]) for q in bank["questions"]}
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    assert len(data["topics"]) >= 12
    for t in data["topics"]:
        tid = t["id"]
        assert set(t) == {"id", "text", "also", "dimensions", "tests", "key_points", "red_flags"}, tid
        assert _KEBAB.match(tid), tid
        assert tid not in seen_ids, f"{tid} twice"
        assert tid not in bank_ids, f"{tid} is a bank question id"
        seen_ids.add(tid)
        Question.model_validate({k: v for k, v in t.items() if k != "also"})  # the bank's own schema
        assert 2 <= len(t["also"]) <= 5, tid
        for phrasing in [t["text"], *t["also"]]:
            key = norm(phrasing)
            assert key not in bank_texts, f"{tid} repeats a bank question: {phrasing}"
            assert key not in seen_texts, f"{tid} repeats another topic's phrasing: {phrasing}"
            seen_texts.add(key)
        assert t["dimensions"] and set(t["dimensions"]) <= rubric_ids, tid
        assert t["tests"].strip() and "\n" not in t["tests"].strip(), tid
        assert MIN_KEY_POINTS <= len(t["key_points"]) <= MAX_KEY_POINTS, tid
        assert 1 <= len(t["red_flags"]) <= 4, tid
        assert len({kp["text"].lower() for kp in t["key_points"]}) == len(t["key_points"]), tid
        for item in [*t["key_points"], *t["red_flags"]]:
            assert item["text"].strip(), tid
            for term in item["terms"]:
                assert term_problem(term) is None, f"{tid}: {term!r}: {term_problem(term)}"
                assert compile_term(term) is not None, f"{tid}: {term!r}"
        for kp in t["key_points"]:
            assert len(kp["terms"]) >= 2, f"{tid}: {kp['text']}"
        assert any(rf["terms"] for rf in t["red_flags"]), f"{tid}: no red flag can ever fire"


# (topic id, index of the key point the sentence shows, a correct answer sentence)
RIGHT: dict[str, list[tuple[str, int, str]]] = {}
# (topic id, index of the red flag the sentence shows, a wrong answer sentence)
WRONG: dict[str, list[tuple[str, int, str]]] = {}

RIGHT["ml-depth"] = [
    ('generative-vs-discriminative', 0, 'Naive Bayes models the joint distribution, while logistic regression models p(y|x) directly.'),
    ('overfitting', 0, 'The model memorises the training set, so the gap between training and validation loss keeps growing.'),
    ('gradient-descent', 1, 'If the learning rate is too large the loss oscillates or even diverges.'),
    ('imbalanced-data', 2, "I'd oversample the positives in the training set only and leave the test set untouched."),
    ('probability-calibration', 3, 'Isotonic regression is more flexible but needs more data or it will overfit.'),
    ('encoder-vs-decoder', 1, 'GPT is trained autoregressively to predict the next token with causal attention.'),
    ('regression-losses', 1, 'MAE is more robust to outliers because it estimates the median.'),
    ("batch-norm", 1, "At test time the layer switches to the running averages of mean and variance it accumulated while training."),
    ("batch-norm", 3, "It breaks down when the batch size is tiny, which is why people switch to group norm for detection."),
    ("layer-norm", 0, "Layer norm computes its statistics over the hidden dimension of each token separately."),
    ("vanishing-gradients", 2, "A skip connection gives the gradient a shortcut that bypasses the nonlinear block entirely."),
    ("cross-entropy-vs-mse", 0, "Minimising log loss is exactly maximum likelihood for a Bernoulli output."),
    ("softmax-logits", 3, "Sampling at a low temperature gets close to greedy decoding, while a high temperature makes the text more random."),
    ("weight-init", 3, "Kaiming init doubles the variance to compensate for ReLU killing half of the signal."),
    ("pca", 1, "The components are just the eigenvectors of the data's covariance matrix, ordered by eigenvalue."),
    ("k-means", 1, "Because it only converges to a local minimum, I run k-means++ with several random restarts."),
    ("bagging-vs-boosting", 1, "Boosting adds trees one after another, each one correcting the residual errors of the current ensemble."),
    ("cross-validation", 2, "For forecasting I'd use an expanding window so the model is always validated on data from the future."),
    ("roc-vs-pr", 3, "When positives are rare, the false positive rate stays tiny even with thousands of false alarms, so I'd read the PR curve."),
    ("p-values", 1, "A p-value is not the probability that the null hypothesis is true, and it isn't the chance the result is a fluke."),
    ("p-values", 0, "It's the chance of a result at least this extreme if the null hypothesis were true."),
    ("rag", 1, "Adding BM25 next to the dense retriever and a cross-encoder reranker usually fixes most misses."),
    ("quantisation", 2, "Post-training quantisation only needs a few hundred calibration samples, whereas QAT simulates the rounding during training."),
    ("knowledge-distillation", 0, "The student learns to match the teacher's soft labels instead of only the hard one-hot targets."),
    ("missing-data", 3, "I'd keep a binary indicator column because the fact a value is missing can itself be predictive."),
]
WRONG["ml-depth"] = [
    ('regression-losses', 0, 'MSE is more robust to outliers than absolute error.'),
    ('imbalanced-data', 0, 'I would oversample before splitting so both sets are balanced.'),
    ('generative-vs-discriminative', 1, 'Logistic regression is a generative model of the labels.'),
    ("batch-norm", 0, "Batch normalisation normalizes the weights of each layer to unit norm."),
    ("bagging-vs-boosting", 0, "Bagging mainly reduces bias because it combines many models."),
    ("p-values", 0, "A p-value of 0.03 means there is a 3% probability that the null hypothesis is true."),
    ("cross-validation", 0, "For the sales time series I'd just shuffle the rows and do random k-fold."),
    ("hyperparameter-search", 0, "Then I picked the hyperparameters that scored best on the test set."),
    ("rag", 0, "RAG retrains the model's weights on your documents every night."),
]

RIGHT["system-design"] = [
    ('pastebin', 2, 'Each paste gets a key from a counter encoded in base62.'),
    ('parking-reservation', 2, 'The reservation insert runs in a transaction with a unique constraint on spot and time slot.'),
    ('proximity-service', 1, 'Businesses are indexed by geohash, so a query only looks at a few cells.'),
    ('messaging-app', 3, 'If the recipient is offline we send a push notification through APNs or FCM and sync on reconnect.'),
    ('twitter', 3, 'For celebrities with millions of followers we switch to fan-out on read.'),
    ('cloud-drive', 1, 'Files are split into 4 MB chunks and only changed chunks are uploaded.'),
    ('top-k-trending', 3, 'A count-min sketch keeps approximate counts in fixed memory.'),
    ("distributed-cache", 2, "I'd spread the keys over the nodes with a hash ring so adding a box only moves a small slice of them."),
    ("distributed-cache", 5, "To stop a thundering herd on a popular key, only one request refills it while the others wait."),
    ("key-value-store", 2, "With three replicas, writing to two and reading from two gives us R plus W greater than N."),
    ("message-queue", 3, "Each consumer group tracks its own committed offset per partition."),
    ("video-streaming", 4, "The player switches between renditions using HLS depending on the bandwidth it measures."),
    ("payment-system", 1, "Every charge request carries an idempotency key, so retrying never bills the customer twice."),
    ("payment-system", 3, "All balances come from a double-entry ledger where every debit has a matching credit."),
    ("ticket-booking", 2, "Booking is an UPDATE of the seat row WHERE status is available, so only one buyer's transaction can succeed."),
    ("leaderboard", 2, "A Redis sorted set keeps players ordered by score, so fetching a rank is logarithmic."),
    ("unique-id-generator", 2, "A Snowflake id packs a millisecond timestamp, a worker id and a per-millisecond counter into 64 bits."),
    ("consistent-hashing", 2, "When a node joins, only about one over N of the keys have to move."),
    ("distributed-lock", 3, "The lock service returns a fencing token and the storage rejects any write carrying an older token."),
    ("ecommerce-checkout", 2, "I'd run the order as a saga, with a compensating refund if reserving stock fails."),
    ("collaborative-editor", 1, "Edits from different people are merged with a CRDT so every replica converges to the same text."),
    ("ad-click-aggregator", 4, "Clicks that arrive late are still counted in the right minute thanks to event time and watermarks."),
]
WRONG["system-design"] = [
    ('full-text-search', 0, "We'll run a SQL LIKE query on the documents table for each search."),
    ('cloud-drive', 0, 'On every save the client will re-upload the entire file.'),
    ('load-balancer', 0, 'One load balancer is enough for the whole site.'),
    ("key-value-store", 0, "Our store will be strongly consistent and always available during a network partition."),
    ("payment-system", 0, "If the call to the provider times out, we just retry the charge without an idempotency key."),
    ("distributed-lock", 0, "No expiry is needed on the lock because the holder always releases it."),
    ("collaborative-editor", 0, "Conflicts are handled by last-write-wins on the whole document."),
    ("video-streaming", 0, "The videos are stored in the SQL database and streamed from the app servers."),
    ("ad-click-aggregator", 0, "On every click we increment the ad's counter row in MySQL."),
]

RIGHT["ml-system-design"] = [
    ('toxic-comments', 5, 'Only above a very high precision threshold do we auto-remove; the uncertain band goes to a review queue.'),
    ('duplicate-listings', 1, 'Candidate pairs come from locality-sensitive hashing on the title embeddings.'),
    ('travel-eta', 1, "The routing engine's estimate from segment speeds is the baseline, and the model learns a correction."),
    ('model-ab-comparison', 1, 'Before any users see it, the new model runs in shadow mode next to the old one.'),
    ('fraud-detection', 1, 'Chargebacks arrive weeks later, so labels for recent transactions are incomplete.'),
    ('click-prediction', 1, 'Clicks depend heavily on where the item was shown, so we correct for position bias.'),
    ("query-autocomplete", 1, "Completions are looked up in a trie of popular past queries keyed by the typed prefix."),
    ("query-autocomplete", 6, "For speed, the top ten completions for each prefix are precomputed and kept in memory."),
    ("visual-search", 3, "The catalogue embeddings sit in a FAISS index so we can do approximate nearest neighbour lookups."),
    ("insurance-claims-fraud", 1, "We only have labels for claims that were actually investigated, so the training data has selection bias."),
    ("churn-prediction", 5, "I'd send offers based on uplift, to customers the offer can persuade, and keep a holdout group to measure it."),
    ("demand-forecasting", 1, "On days when the shelf was empty, sales are censored, so they understate the true demand."),
    ("dynamic-pricing", 2, "Past prices are confounded with demand, so I'd run randomised price tests to learn the elasticity."),
    ("recsys-cold-start", 1, "A brand-new item gets its embedding from its metadata and description before anyone has clicked it."),
    ("video-recommendations", 3, "The ranker is a multi-task network that predicts watch time, likes and dislikes together."),
    ("ads-bidding", 3, "A PID controller paces the budget so spend is spread across the whole day."),
    ("support-chatbot", 3, "If the bot's confidence is low it hands the conversation off to a human agent."),
    ("entity-resolution", 0, "Comparing all pairs is quadratic, so blocking on postcode keeps the candidate pairs manageable."),
    ("feature-store", 2, "Training examples are built with point-in-time joins so no feature value from the future leaks in."),
    ("model-monitoring", 1, "I'd compute the population stability index of each input feature against the training distribution."),
    ("experimentation-platform", 0, "Users are assigned by hashing their user id with a per-experiment salt, so assignment is deterministic."),
    ("credit-risk", 1, "Outcomes exist only for approved applicants, so some form of reject inference is needed."),
]
WRONG["ml-system-design"] = [
    ('toxic-comments', 0, 'A blocklist of bad words is enough, just block the bad words.'),
    ('travel-eta', 1, 'We evaluate it on a random split of all trips.'),
    ('fraud-detection', 0, 'The model reaches 99% accuracy, so it works.'),
    ("demand-forecasting", 0, "To evaluate it I'd do a random train test split over the days."),
    ("video-recommendations", 0, "The ranker should just maximize clicks."),
    ("entity-resolution", 0, "We compare every record with every other record and keep the best match."),
    ("credit-risk", 0, "We include gender and race as features to improve accuracy."),
    ("recsys-cold-start", 0, "Collaborative filtering works for new items too."),
    ("feature-store", 1, "We join the latest feature values onto the historical labels to build the training set."),
]

RIGHT["case-study"] = [
    ('revenue-drop', 1, "I'd break revenue into traffic, conversion and average order value."),
    ('food-waste', 4, 'Cutting orders too far would just swap waste for empty shelves and lost sales.'),
    ('north-star-metric', 3, "I'd pair it with a guardrail on cancellations so we don't buy growth with bad trips."),
    ('market-sizing', 1, "I'll go bottom-up from the number of households in the city."),
    ("dau-drop", 0, "My first question is whether a tracking change in the last release is behind it rather than a real drop."),
    ("dau-drop", 2, "I'd split the decline by platform, country and app version to see where it is concentrated."),
    ("launch-decision", 4, "Before building it fully I'd run a fake door test to see how many people tap it."),
    ("engagement-growth", 2, "New listeners struggle to discover shows they like, so they drift away after a week."),
    ("freemium-conversion", 3, "I'd show an upgrade prompt at the moment someone hits the storage limit, with a free trial."),
    ("pricing-tier", 2, "The main risk is cannibalisation, with premium subscribers trading down to the ad tier."),
    ("marketplace-balance", 3, "Evening driver bonuses and heat maps that help drivers reposition would add supply where it's missing."),
    ("onboarding", 2, "Many people are worried about security when we ask for bank credentials on the first screen."),
    ("notification-fatigue", 3, "Low-priority alerts could be batched into a single daily digest, with a frequency cap per user."),
    ("fake-reviews", 2, "Bursts of five-star reviews from new accounts on the same device are a strong signal."),
    ("feature-success-metrics", 4, "Savers are not comparable to non-savers, so I'd measure the effect with an A/B test."),
    ("cart-abandonment", 3, "Surprise shipping costs at the last step are the most common reason people leave."),
    ("ride-cancellations", 4, "A small cancellation fee after a two-minute grace period would compensate drivers."),
    ("feature-prioritisation", 2, "I'd score each idea on reach, impact, confidence and effort."),
    ("conflicting-test-results", 0, "Before deciding anything I'd confirm the test ran long enough and the difference is significant."),
]
WRONG["case-study"] = [
    ('price-new-product', 0, "I'd take our unit cost and add a margin of thirty percent, cost plus."),
    ('favourite-product', 1, "Honestly it's perfect, I wouldn't change anything."),
    ("launch-decision", 0, "We should build it because our competitors have it."),
    ("notification-fatigue", 1, "The answer is to send even more notifications to all users."),
    ("fake-reviews", 0, "I'd delete every flagged review automatically."),
    ("conflicting-test-results", 0, "I'd ship it because engagement went up."),
    ("ride-cancellations", 0, "We should simply charge a cancellation fee."),
    ("feature-success-metrics", 0, "I'd compare people who used it with people who didn't, and the gap is the impact."),
]

RIGHT["recruiter"] = [
    ('start-date', 0, 'My contract has a one month notice period.'),
    ('visa-sponsorship', 0, "I'm on an H-1B that my current employer sponsors."),
    ('comp-expectations', 0, "I'm looking for somewhere between 140k and 160k in base."),
    ('other-interviews', 1, "I'm in the final round with one other company."),
    ('why-leave-current-job', 1, "After the reorg there's no longer any machine learning work on my team."),
    ("employment-gap", 0, "I took a year out to care for my mother while she was ill."),
    ("employment-gap", 1, "While I was off I kept up by contributing to an open source library and doing a certification."),
    ("job-hopping", 0, "My first employer was acquired and the new owners shut down our office."),
    ("management-vs-ic", 0, "For the next few years I'd like to stay hands-on as an individual contributor."),
    ("greatest-strength", 2, "That work cut our cloud bill by 30% in a quarter."),
    ("weakness", 2, "I've started writing a short design note before I code, and I ask a colleague to review it."),
    ("current-compensation", 1, "It's a base salary, an annual bonus and stock options that vest over four years."),
    ("counter-offer", 0, "It isn't about money, so a counter-offer wouldn't change the reasons I'm looking."),
    ("ideal-manager", 0, "I do my best work with a manager who gives clear expectations and honest feedback."),
    ("company-stage", 1, "I know a startup means less structure and more ambiguity, and I'm comfortable with that trade-off."),
    ("career-switch", 1, "I finished a machine learning course and shipped a forecasting model at work."),
    ("on-call-expectations", 3, "How often would I be on call, and is it compensated?"),
    ("questions-for-us", 0, "What does success look like for this person in the first 90 days?"),
    ("learning-habits", 0, "I read a few papers a month and go to a local meetup."),
]
WRONG["recruiter"] = [
    ('start-date', 0, "Honestly I'd just walk out and start next Monday."),
    ('comp-expectations', 0, "I'll take whatever you offer."),
    ('why-leave-current-job', 0, 'My manager is an idiot and the whole company is toxic.'),
    ("weakness", 0, "My greatest weakness is that I'm a perfectionist."),
    ("counter-offer", 0, "I'd simply go with whichever company pays the most."),
    ("questions-for-us", 0, "No questions, I think you covered everything."),
    ("job-hopping", 1, "I usually move on when I get bored."),
    ("why-hire-you", 0, "The other candidates are probably not as strong as me."),
    ("motivation-drivers", 0, "Mainly the money, honestly."),
]

RIGHT["behavioral"] = [
    ('missed-deadline', 2, 'As soon as I knew we would slip, I flagged it to the product manager.'),
    ('changed-mind', 3, 'I told the team I had changed my mind and withdrew my proposal.'),
    ('mentored-someone', 2, 'Instead of fixing it for her, we paired on it and I asked questions until she found the bug.'),
    ('dealt-with-ambiguity', 2, 'I wrote down my assumptions in a one-pager and shared it with the two teams.'),
    ("peer-conflict", 1, "Before arguing my case I asked her what she cared about most, and it was the on-call load."),
    ("peer-conflict", 2, "I didn't reply in the thread; I sat down with him one-on-one that afternoon."),
    ("failed-project", 2, "The root cause was that we never validated the assumption that shoppers wanted it."),
    ("competing-priorities", 1, "I ranked the requests by impact and cost of delay, and the outage fix was blocking paying customers."),
    ("disagree-with-manager", 3, "We went with her plan in the end, and I fully supported it in front of the team."),
    ("biggest-achievement", 3, "Page load time went from four seconds to under one, and conversion rose 8%."),
    ("learn-fast", 1, "I built a toy project over the weekend and paired with someone from the data team."),
    ("incomplete-data-decision", 2, "Renewing for a year was a two-way door, so the downside of being wrong was small."),
    ("giving-feedback", 1, "I gave him the feedback privately, the same day as the review."),
    ("difficult-stakeholder", 2, "We agreed the scope in writing and I ran a weekly demo so there were no surprises."),
    ("led-project", 3, "When a vendor API slipped by two weeks, I cut scope and re-planned the remaining milestones."),
    ("improved-process", 4, "Releases went from two days to three hours."),
    ("underperforming-teammate", 1, "In a one-on-one I found out he was overloaded and unclear on what mattered most."),
    ("saying-no", 2, "I suggested a smaller version that reused the existing export, which we could ship next quarter."),
    ("underperforming-teammate", 3, "Rather than going straight to my manager, I talked to him first."),
]
WRONG["behavioral"] = [
    ('missed-deadline', 0, "It wasn't my fault, the designs came in late."),
    ('mentored-someone', 0, 'In the end I just fixed it myself because it was faster.'),
    ('handled-pressure', 0, "I never get stressed, pressure doesn't affect me."),
    ("peer-conflict", 0, "Honestly he was completely incompetent."),
    ("failed-project", 0, "It wasn't my fault, the other team's fault really."),
    ("competing-priorities", 0, "I just worked all weekend and got everything done."),
    ("disagree-with-manager", 0, "I ignored the decision and shipped it my way."),
    ("giving-feedback", 0, "I called him out in front of the whole team at the stand-up."),
    ("underperforming-teammate", 0, "So I quietly rewrote his part myself."),
]


def _cases(table: dict[str, list[tuple[str, int, str]]]) -> list:
    return [pytest.param(p, *case, id=f"{p}:{case[0]}:{case[1]}") for p in table for case in table[p]]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_file_has_enough_hand_checked_sentences(persona: str) -> None:
    assert len(RIGHT.get(persona, [])) >= 10 and len(WRONG.get(persona, [])) >= 5


@pytest.mark.parametrize(("persona", "topic", "index", "sentence"), _cases(RIGHT))
def test_a_correct_sentence_shows_its_key_point_and_no_red_flag(persona: str, topic: str, index: int, sentence: str) -> None:
    all_topics = topics(persona)
    kp = all_topics[topic]["key_points"][index]
    assert fires(kp["terms"], sentence), f"{kp['text']!r} not shown by: {sentence}"
    for other in all_topics.values():
        for rf in other["red_flags"]:
            assert not fires(rf["terms"], sentence), f"{other['id']}: {rf['text']!r} fires on: {sentence}"


@pytest.mark.parametrize(("persona", "topic", "index", "sentence"), _cases(WRONG))
def test_a_wrong_sentence_shows_its_red_flag(persona: str, topic: str, index: int, sentence: str) -> None:
    rf = topics(persona)[topic]["red_flags"][index]
    assert fires(rf["terms"], sentence), f"{rf['text']!r} not shown by: {sentence}"
