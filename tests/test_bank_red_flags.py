"""The bank's red flags fire on the confident misconceptions they name, and not on answers that name the
misconception only to reject it. Answers here are written for these tests (none comes from a labelled set)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from interviewer.catalog import default_catalog
from interviewer.judges.offline import OfflineJudge
from interviewer.judges.offline.judge import build_context
from interviewer.judges.offline.reference import reference_for

PERSONAS = Path(__file__).resolve().parents[1] / "personas"

# (persona, question id, the red flag's text, an answer that holds the misconception, an answer that rejects it)
CASES = [
    # recruiter
    ("recruiter", "salary-expectations", "no number at all",
     "Honestly I don't have a number yet. I'm mostly excited about the team and the product, so I'd leave it up to you.",
     "Based on market data for senior ML roles in Lisbon I'm looking at 150 to 170k base. I'm flexible on the mix "
     "with equity and bonus, and I'd like to know the band you have for the role."),
    ("recruiter", "proud-project", "no result or outcome",
     "I rebuilt our ranking pipeline and moved it to a feature store. We never measured the impact after launch, "
     "but people liked it.",
     "I rebuilt our ranking pipeline on a feature store and I owned the migration. It cut training time from nine "
     "hours to two and lifted click-through by 3% in the A/B test."),
    ("recruiter", "proud-project", "only \"we\" with no sign of the candidate's own part",
     "We built a new fraud model for checkout. It's hard to say what my part was because the team did everything "
     "together, and it reduced chargebacks by 20%.",
     "We built a new fraud model for checkout, and my part was the feature pipeline: I designed the velocity "
     "features and ran the offline evaluation. It reduced chargebacks by 20%."),
    ("recruiter", "jd-match", "names a gap in a core requirement with no plan",
     "The posting asks for Spark and I have never used it. I'm a fast learner so I'll figure it out as I go.",
     "The posting asks for Spark and I have less experience there. I've already started a course and I'm porting a "
     "side project to it, so I expect to be productive with it within the first month."),
    ("recruiter", "work-setup", "hides a visa or relocation need that will come up later",
     "I'm based in Madrid and I'd prefer hybrid. We can deal with the visa question later once there is an offer.",
     "I'm based in Madrid and I'd prefer hybrid from the Lisbon office. I'm an EU citizen so I have the right to work, "
     "and I could relocate within six weeks."),
    ("recruiter", "salary-expectations", "asks for as much as possible instead of a researched range",
     "My expectation is simple: as much as possible. The more the better, since this is a senior role.",
     "Based on levels data for this kind of senior role I'm targeting 160 to 175k base, and I'm open on how it "
     "splits between base, bonus and equity."),
    # behavioral
    ("behavioral", "production-incident", "no follow-up to prevent a repeat",
     "I was on call when checkout errors hit 30%. I rolled back the release within ten minutes and the error rate "
     "went back to normal, so we just moved on to the next sprint.",
     "I was on call when checkout errors hit 30%. I rolled back the release within ten minutes, then I wrote the "
     "blameless postmortem and added an alert and a regression test so the same config cannot ship again."),
    ("behavioral", "bad-data", "no check added, so it could happen again",
     "I noticed the revenue dashboard doubled overnight and traced it to a duplicate join upstream. I fixed the query "
     "and just moved on.",
     "I noticed the revenue dashboard doubled overnight and traced it to a duplicate join upstream. I fixed the query, "
     "told the finance team, and added a data test that fails the pipeline when row counts jump."),
    ("behavioral", "tight-deadline", "the story is all \"we\" with no decision of the candidate's own",
     "We had two weeks before the launch date. In the end management decided what to drop and we all decided to "
     "work through it, and we shipped on time.",
     "We had two weeks before the launch date. I decided to defer the export feature, I explained the trade-off to "
     "the product manager, and we shipped on time behind a feature flag."),
    ("behavioral", "critical-feedback", "claims never to have had critical feedback",
     "To be honest I have never received any critical feedback on my work. My reviews have always been excellent.",
     "My manager told me my design docs were too long for reviewers. I asked for examples, cut them to two pages "
     "with a summary up front, and the next review said they were much easier to act on."),
    # system design
    ("system-design", "file-sync", "trusts device clocks to decide which edit is newer",
     "When two devices edit the same file we trust the device clock and keep the version with the later timestamp.",
     "Rather than trusting device clocks, which drift, I'd give each file a server-side version number and keep a "
     "conflicted copy when two devices edit from the same base version."),
    ("system-design", "file-sync", "stores file contents as rows or blobs in a relational database",
     "I'd keep the whole file in the database as a blob column next to its owner and path.",
     "File contents go to object storage as content-hashed chunks, and the metadata (files, versions, chunk lists) "
     "lives in a relational database."),
    ("system-design", "file-sync", "finds changes by rescanning or re-uploading every file",
     "The client would rescan every file on the laptop each minute and upload all files that look different.",
     "Instead of rescanning every file, the client listens to file-system events, hashes only the changed chunks "
     "and uploads those."),
    ("system-design", "file-sync", "silently overwrites conflicting edits",
     "For conflicts we just use last write wins, which is fine for a sync product.",
     "Last write wins is not safe here because it silently drops one edit, so I'd detect the conflict with version "
     "numbers and keep both as a conflicted copy."),
    ("system-design", "rate-limiter", "no word on where the counters live across servers",
     "Each server enforces its own limit with a counter in the application memory, so there is no need for Redis.",
     "The counters live in a shared Redis cluster, not on each server, and each API server does an atomic INCR with "
     "an expiry before returning 429 with Retry-After."),
    ("system-design", "job-scheduler", "assumes exactly-once execution without saying how",
     "Workers pull due jobs from Kafka, and the queue guarantees exactly once delivery, so a job will never run twice.",
     "Kafka doesn't guarantee exactly once end to end, so I'd deliver at least once and make every job idempotent "
     "with a run id the worker checks before doing the work."),
    ("system-design", "news-feed", "fan-out on write for everyone, including accounts with millions of followers",
     "When someone posts we fan out on write for everyone, so even a celebrity's post is pushed to every follower's "
     "feed cache.",
     "Fan-out on write works for most users, but for celebrities I'd not fan out the same way: their posts are pulled "
     "at read time and merged into the cached feed."),
    # ml system design
    ("ml-system-design", "payment-fraud", "assumes labels are available immediately",
     "The fraud labels are available immediately after checkout, so we can retrain every hour on "
     "yesterday's payments.",
     "Labels don't arrive immediately: chargebacks come weeks later, so I'd train on payments old enough to have "
     "matured labels and use manual review outcomes for fresher ones."),
    ("ml-system-design", "product-search-ranking", "treats raw clicks as ground truth with no bias correction",
     "I'd use clicks as the ground truth for relevance: every click means the result is relevant.",
     "Clicks are not ground truth because of position bias, so I'd correct them with inverse propensity weights from "
     "randomised positions and mix in graded human ratings."),
    ("ml-system-design", "content-moderation", "one threshold for every kind of harm",
     "The model outputs a harm score and we use the same threshold for all categories, removing anything above 0.8.",
     "Rather than one threshold for everything, I'd set a threshold per category from the cost of each error, "
     "stricter for child safety than for spam."),
    ("ml-system-design", "delivery-eta", "only a point estimate with no thought for lateness",
     "I'd just predict the mean delivery time with a regression model, since being early or late doesn't matter much.",
     "Being late hurts trust far more than being early, so I'd train a quantile model and show the p80 time rather "
     "than the mean."),
    ("ml-system-design", "feed-ranking", "assumes a bigger model is always better",
     "I'd use the biggest transformer we can train, because a bigger model is always better for ranking.",
     "I'd start with a gradient-boosted ranker and move to a deeper model only if it wins in an A/B test, since a "
     "bigger model is not always better once latency counts."),
    # ml depth
    ("ml-depth", "l1-vs-l2", "regularises without scaling features first",
     "L1 gives a sparse model and L2 shrinks weights smoothly, and there is no need to scale the features first.",
     "L1 gives a sparse model and L2 shrinks weights smoothly; I always standardise the features first because the "
     "penalty depends on their scale."),
    ("ml-depth", "batch-size-generalisation",
     "increases the batch size without touching the learning rate and expects the same result",
     "If I had to raise the batch size from 256 to 8192 I'd keep the same learning rate and everything else unchanged.",
     "If I had to raise the batch size from 256 to 8192 I'd scale the learning rate linearly with a warm-up instead "
     "of keeping the same learning rate."),
    ("ml-depth", "bias-variance", "says a bigger or more complex model is always better",
     "Bias and variance barely matter now, because a bigger model is always better if you have the compute.",
     "A bigger model is not always better: if the validation error is much higher than the training error I have "
     "a variance problem and would regularise or get more data."),
    # case study
    ("case-study", "music-recommendations", "a list of ideas with no recommendation",
     "We could add mood playlists, better cold start, a discovery tab and social features. I would do all of them "
     "at the same time.",
     "Rather than doing all of these at once, I'd start with fixing repetition on the home screen, measured by skip "
     "rate and saves in an A/B test."),
    ("case-study", "fraud-friction", "measures only fraud caught",
     "I'd know it worked if we catch as much fraud as possible, so fraud caught is the only number I'd track.",
     "I would not measure only fraud caught: I'd track fraud loss rate and false declines together, with the "
     "approval rate as a guardrail."),
    ("case-study", "job-matching", "no mention of bias in a hiring product",
     "A matching model is great here because the algorithm is neutral and removes human bias from hiring.",
     "A matching model can inherit bias from past hiring data, so I'd audit match rates across groups and exclude "
     "protected attributes and their proxies."),
    ("case-study", "food-repeat-orders", "never asks whether the data is right",
     "The drop is obviously real, so I'd go straight to why customers stopped reordering.",
     "I wouldn't take the numbers at face value: first I'd check whether tracking or the definition of a repeat "
     "order changed last quarter."),
    # ml coding
    ("ml-coding", "softmax-cross-entropy", "Adds an epsilon inside the log as the only fix",
     "I take the softmax probabilities and return -log(p[target] + 1e-12), which handles the log of zero.",
     "I subtract the max logit and compute the loss as log-sum-exp minus the target logit, so no probability is "
     "ever logged directly; my test compares against a float reference with a tolerance of 1e-9."),
    ("ml-coding", "precision-recall-f1", "Assumes labels are 0/1 integers",
     "I assume the labels are 0 and 1, so true positives are the rows where y_true == 1 and y_pred == 1.",
     "I compare every label to the positive argument, so the labels can be strings or integers, and true positives "
     "are rows where both equal positive."),
    ("ml-coding", "bpe-merge-step", "Counts each distinct word once, ignoring its frequency",
     "For each word I add every adjacent pair with counts[pair] += 1 and pick the most common pair.",
     "For each word I add every adjacent pair with counts[pair] += freq, weighted by how often the word occurs."),
    ("ml-coding", "stratified-split", "Lets a rare class vanish from train",
     "I round the test count per class; if a rare class ends up only in test that's fine, a rare class doesn't matter "
     "much.",
     "I round the test count per class but keep at least one example of each class in train, so a rare class never "
     "vanishes from training."),
]


def _question(persona_id: str, qid: str):
    catalog = default_catalog()
    persona = catalog.persona(persona_id)
    return catalog.rubric_for(persona), next(q for q in persona.questions if q.id == qid)


def _shown(persona_id: str, qid: str, answer: str) -> tuple[list[str], list[str]]:
    """The red flags the answer shows (their texts) and the judge's flags on it."""
    rubric, q = _question(persona_id, qid)
    ctx = build_context(answer, rubric, reference_for(q))
    assessment = OfflineJudge().assess(answer, rubric, question=q)
    return [f.text for f, _ in ctx.cov.flags], assessment.flags


def test_every_bank_red_flag_has_terms() -> None:
    """A red flag with no terms never fires offline: every flag in the packaged banks names what shows it."""
    empty = []
    for path in sorted(PERSONAS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in data.get("questions", []):
            for rf in q.get("red_flags", []):
                if not [t for t in rf.get("terms", []) if str(t).strip()]:
                    empty.append(f"{path.name}:{q['id']}: {rf['text']}")
    assert not empty, empty


def test_cases_cover_every_persona() -> None:
    personas = {p.stem for p in PERSONAS.glob("*.yaml")}
    per = {p: sum(c[0] == p for c in CASES) for p in personas}
    assert all(n >= 2 for n in per.values()), per


@pytest.mark.parametrize(("persona", "qid", "flag", "wrong", "right"), CASES, ids=[f"{c[0]}:{c[1]}:{i}" for i, c in enumerate(CASES)])
def test_red_flag_fires_on_the_misconception_and_not_on_its_rejection(persona, qid, flag, wrong, right) -> None:
    _rubric, q = _question(persona, qid)
    assert flag in [f.text for f in q.red_flags], flag
    shown, flags = _shown(persona, qid, wrong)
    assert flag in shown, (shown, wrong)
    assert "red_flag" in flags
    shown, _flags = _shown(persona, qid, right)
    assert flag not in shown, (shown, right)


# More sentences for the flags added or filled above: each either shows the misconception (it must fire the flag
# named) or rejects or avoids it in the way a sound answer does (no red flag of the question may fire).
SHOWS = [
    ("ml-depth", "dropout", "thinks dropout removes neurons permanently or prunes the network",
     "Dropout is a pruning technique: during training it finds the least useful neurons and removes them permanently."),
    ("ml-depth", "dropout", "says dropout is applied at inference unchanged, like in training",
     "At inference you keep dropout on with the same rate so the network behaves the same way."),
    ("recruiter", "why-leaving", "frames the move only as escaping the current job, with nothing it is moving towards",
     "Honestly I just need to get out of there; anything is better than my current place."),
    ("recruiter", "timeline-notice", "plans to walk out on the current employer and skip the notice period",
     "If you make an offer I'd just quit tomorrow and walk out."),
    ("recruiter", "level-growth", "treats the role as a short stepping stone out of the company",
     "I see this as a stepping stone: a year or two here and then move on to start my own company."),
    ("behavioral", "production-incident", "kept the incident quiet instead of informing users or leadership",
     "We kept it quiet so nobody needed to know, and customers never heard about it."),
    ("behavioral", "bad-data", "blames the data team or a colleague instead of tracing the cause",
     "Honestly it was the data team's fault, they broke the join."),
    ("system-design", "rate-limiter", "writes a database row on every request to count",
     "Every API server writes an update to the counter row in Postgres on every request."),
    ("system-design", "chat-service", "no thought for ordering or duplicate delivery",
     "Messages always arrive in order because TCP takes care of it."),
    ("system-design", "notification-service", "retries without idempotency, so users get duplicates",
     "If a send fails we retry forever, and a duplicate SMS is not a big deal."),
    ("system-design", "url-shortener", "no numbers at all for traffic or storage",
     "I'll skip the estimation since numbers don't matter at this stage."),
    ("ml-system-design", "ad-ctr", "downsamples negatives without correcting the predicted probabilities",
     "After downsampling negatives the probabilities stay the same, so there's no need to correct them."),
    ("ml-system-design", "people-you-may-know", "counts invitations sent as success",
     "Success is the number of invitations sent, and we'd maximize invitations."),
    ("ml-system-design", "product-recommendations", "ignores cold start",
     "Cold start is not a problem because every user has some purchase history."),
    ("ml-depth", "leakage", "believes cross-validation by itself prevents leakage",
     "Cross-validation prevents leakage, so that's what I'd rely on."),
    ("ml-depth", "early-stopping", "stops the first time the validation loss ticks up",
     "I stop training as soon as the validation loss goes up."),
    ("case-study", "marketplace-search", "ignores the seller side entirely",
     "Sellers don't matter here, we should only focus on buyers."),
    ("case-study", "fitness-early-churn", "blames the users for being lazy instead of looking at the product",
     "Honestly people are just lazy, it's their own fault."),
    ("case-study", "bike-dynamic-pricing", "ignores fairness to riders who depend on the service",
     "Riders who can't afford surge prices can just walk, and fairness is not our concern."),
    ("ml-coding", "kmeans", "Calls a library instead of implementing it",
     "I'd do from sklearn.cluster import KMeans and call fit."),
    ("ml-coding", "sliding-window-median", "Ignores the even-window case",
     "I assume k is odd so I just take the middle element."),
]

SOUND = [
    ("recruiter", "why-leaving",
     "I've had a great four years and learned a lot; I'm looking for larger scale, which is exactly what this role offers."),
    ("recruiter", "background-why",
     "I'm currently a senior ML engineer at a fintech, where I lead the fraud models. Before that I was at a retailer "
     "building recommendations, and I moved because I wanted real-time systems."),
    ("recruiter", "timeline-notice",
     "I'm in two other processes, one at the final round. My notice period is one month, which I could negotiate down "
     "to three weeks, so I could start in early March."),
    ("behavioral", "influence-without-authority",
     "I built a prototype for them and offered to write the migration; they adopted it the next quarter."),
    ("behavioral", "tight-deadline",
     "I decided to cut the export feature, and after I explained the trade-off the team agreed and we shipped on time."),
    ("system-design", "rate-limiter",
     "Each server keeps a small local cache of tokens that it syncs periodically with the shared Redis store."),
    ("system-design", "typeahead",
     "A few seconds of staleness is fine for trending queries, but the latency budget is 50 ms per keystroke."),
    ("system-design", "web-crawler",
     "I'd store the raw HTML in S3 as WARC files and keep page metadata in a relational database for recrawls."),
    ("system-design", "news-feed",
     "Fan-out on write to all followers works for normal users. For celebrities with millions of followers, I'd switch "
     "to fan-out on read, a hybrid."),
    ("system-design", "notification-service",
     "Workers retry with exponential backoff until the provider accepts the message, and an idempotency key stops "
     "duplicates."),
    ("ml-system-design", "spam-detection",
     "Accuracy is misleading here because spam is a small share, so I'd use precision and recall."),
    ("ml-system-design", "ad-ctr",
     "Downsampling negatives shifts the probabilities, so I'd correct them with the sampling rate."),
    ("ml-system-design", "push-notifications",
     "More notifications are not better: I'd cap at three a week and watch opt-outs."),
    ("ml-system-design", "product-recommendations",
     "Cold start matters for new users, so I'd show popular items and content-based picks until they have history."),
    ("ml-depth", "leakage", "Cross-validation does not prevent leakage if the scaler is fit on all the data first."),
    ("ml-depth", "early-stopping",
     "I stop when the validation loss hasn't improved for 5 epochs, not as soon as the validation loss goes up once."),
    ("case-study", "fitness-early-churn",
     "Rather than assuming users are lazy, I'd look at where in onboarding they drop off."),
    ("case-study", "job-matching",
     "An algorithm isn't neutral: it learns from past hiring, so I'd audit outcomes across groups."),
    ("ml-coding", "kmeans",
     "I implement Lloyd's algorithm from scratch without sklearn, assigning each point to its nearest centroid."),
    # a sound answer weighing the misconception without one of the distancing words
    ("ml-system-design", "product-recommendations",
     "Cold start is not a problem for returning users, but for new users I'd use popular items."),
    ("ml-system-design", "feed-ranking", "A random split would leak future engagement, so I'd split by time."),
    ("ml-system-design", "content-moderation",
     "Using the same threshold for all categories would over-remove satire, so each category gets its own."),
    ("ml-system-design", "product-search-ranking",
     "Treating clicks as ground truth is biased by position, so I'd correct with propensities."),
    ("system-design", "nearby-drivers",
     "Updating a row every 4 seconds per driver would overload Postgres, so I'd keep locations in Redis."),
    ("recruiter", "proud-project",
     "I don't know the exact revenue impact, but p99 latency dropped 40% after I rewrote the cache."),
    ("behavioral", "production-incident",
     "The team had no postmortem process, so I introduced one and ran the first review myself."),
    ("case-study", "music-recommendations",
     "It's hard to pick one, but I'd start with repetition on the home screen, measured by skip rate."),
    ("behavioral", "bad-data",
     "It wasn't the data team's fault; a schema change upstream broke the join, and I added a contract test."),
    ("system-design", "rate-limiter", "Each server keeps its own count and syncs to Redis every 100 ms for hot keys."),
    ("case-study", "fraud-friction", "We want to catch as much fraud as possible while keeping false declines under 1%."),
]


@pytest.mark.parametrize(("persona", "qid", "flag", "answer"), SHOWS, ids=[f"{c[0]}:{c[1]}:{i}" for i, c in enumerate(SHOWS)])
def test_a_confident_misconception_shows_its_flag(persona, qid, flag, answer) -> None:
    shown, flags = _shown(persona, qid, answer)
    assert flag in shown, (shown, answer)
    assert "red_flag" in flags


@pytest.mark.parametrize(("persona", "qid", "answer"), SOUND, ids=[f"{c[0]}:{c[1]}:{i}" for i, c in enumerate(SOUND)])
def test_a_sound_answer_shows_no_red_flag(persona, qid, answer) -> None:
    shown, flags = _shown(persona, qid, answer)
    assert shown == [], (shown, answer)
    assert "red_flag" not in flags
