"""The topics a follow-up probe may ask for, and the words that show a candidate has already given each one: the
engine's own reading of the rubrics' probes (``engine.followups`` decides with it whether a probe is still worth
asking). A fact (``scope="round"``) counts once given anywhere in the round; every other topic, for its question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Topic:
    id: str
    asks_pattern: str  # a probe that matches this asks for the topic
    given_patterns: tuple[str, ...]  # the topic is given when ``need`` of these match the (lowercased) answers
    need: int = 1
    scope: str = "question"  # "round": a fact, given once for the whole round

    # compiled on first use, not at import: `interviewer review` never pays for them
    @property
    def asks(self) -> re.Pattern[str]:
        return _compile(self.asks_pattern, re.I)

    @property
    def given(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_compile(_lower_pattern(p), 0) for p in self.given_patterns)


@lru_cache(maxsize=None)
def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _rx(p: str) -> re.Pattern[str]:
    return re.compile(p, re.I)


@lru_cache(maxsize=None)
def _lower_pattern(p: str) -> str:
    """The pattern for lowercased text: its letters lowercased, escapes (\\S, \\D, \\W, \\B) left alone."""
    return re.sub(r"(?<!\\)[A-Z]", lambda m: m.group(0).lower(), p)


def _t(tid: str, asks: str, *given: str, need: int = 1, scope: str = "question") -> Topic:
    # answers are lowercased once and scanned without IGNORECASE, which is several times faster in ``re``
    return Topic(tid, asks, tuple(given), need, scope)


_NUM = r"\d[\d,.]*"
_FIRST_PERSON_ACTS = (
    r"\bI (?:then |also |first |personally |quickly |finally )?(?!was\b|had\b|think\b|thought\b|felt\b|guess\b|"
    r"believe\b|hope\b|wanted\b|needed\b|liked\b|learned\b|learnt\b|realised\b|realized\b|used to\b)"
    r"(?:[a-z]+ed|wrote|built|ran|led|made|set|took|sent|found|chose|drove|rewrote|brought|began|cut|shipped|put|split|"
    r"met|spoke|told|gave|showed|caught|fixed|kept|dug|got|went|did)\b"
)

# three sentences in a row, each with something the candidate did ("I wrote...", "I then ran...")
_THREE_ACTS = r"(?:" + _FIRST_PERSON_ACTS + r")(?:[^.?!]*[.?!]\s+[^.?!]*?" + _FIRST_PERSON_ACTS + r"){2}"

TOPICS: tuple[Topic, ...] = (
    # ---- recruiter facts: given once, anywhere in the round
    _t("comp_range", r"\b(compensation|salary|range you|pay)\b",
       rf"{_NUM}\s*(k|K|,000)?\s*(-|–|—|to)\s*\$?€?£?{_NUM}\s*(k|K|,000)?",
       rf"[$€£]\s?{_NUM}|\b{_NUM}\s?(k|K)\b|\b{_NUM},000\b",
       r"\b(prefer|rather|like) to (hear|know|understand|learn|see) (the|your|about the) (band|range)\b",
       r"\bwhat(?:'s| is) the (band|range)\b",
       scope="round"),
    _t("notice", r"\bnotice period\b|\bwhen could you .{0,20}start\b",
       r"\bnotice\b", r"\b(can|could) start\b|\bstart(ing)? (date|in|on|from|right away|immediately)\b|\bavailable (from|in|to start|immediately)\b",
       scope="round"),
    _t("other_processes", r"\bother processes\b|\btimeline I should\b",
       r"\b(other|another|a couple of|two|three|few) (process|processes|interviews?|offers?|companies|loops?)\b",
       r"\b(final|onsite|late|early|first) (stages?|rounds?)\b", r"\bin (the )?(process|talks) with\b",
       r"\bnot (interviewing|in any other|talking to)\b|\bonly (process|company|place)\b|\bexclusively\b",
       r"\boffer (from|in hand|deadline)\b", scope="round"),
    _t("work_setup", r"\b(location|remote|visas?|relocat\w*|hybrid)\b",
       r"\b(remote|hybrid|on-?site|in the office|in-office|relocat\w*|visas?|sponsorship|work permit|citizen|based in|"
       r"commut\w*|days a week in)\b", scope="round"),
    _t("career_summary", r"\bshort version of your career\b",
       r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|\w+teen) years\b",
       r"\b(currently|right now|most recently|these days|at the moment|today I)\b",
       r"\b(before that|prior to that|previously|earlier in my career|I started|I began|I moved|I joined|I switched)\b",
       need=2, scope="round"),
    _t("current_scope", r"\bresponsible for in your current role\b",
       r"\b(currently|right now|at the moment|these days|in my current role|today I|day to day)\b[^.?!]{0,120}"
       r"\b(own|lead|run|build|work on|responsible|manage|maintain)\w*", scope="round"),
    _t("why_role", r"\babout this role made you apply\b",
       r"\b(this role|the role|this position|your team|the team|your product|your platform|job description|the posting)\b"
       r"[^.?!]{0,120}\b(because|since|which|what|excit\w*|draws?|attract\w*|interest\w*)",
       r"\b(interested|excited|applied|apply\w*)\b[^.?!]{0,80}\b(because|since)\b", scope="round"),
    _t("why_now", r"\blooking to move now\b",
       r"\b(looking|leaving|move|moving|change|switch)\w*\b[^.?!]{0,80}\b(because|since|as|now that)\b",
       r"\bthe (main )?reasons? (i'?m|i am) (looking|leaving)\b", r"\b(reorg\w*|laid off|layoffs?|team was (dissolved|cut))\b",
       scope="round"),
    _t("company_knowledge", r"\bknow about our team\b",
       r"\bI(?:'ve| have)? (read|been reading|used|been using|followed|been following|seen|watched)\b",
       r"\byour (engineering blog|blog|talk|paper|app|open[- ]source)\b", scope="round"),
    _t("level", r"\bwhat level of role\b", r"\b(senior|staff|principal|lead|level|L\d|IC\d)\b", scope="round"),
    _t("ramp_up", r"\bramp-?up\b",
       r"\b(ramp(?:ing)?[- ]up|less experience|newer to me|gaps?|haven'?t (worked|used)|would need to learn|learning curve)\b",
       scope="round"),
    _t("relevant_experience", r"\bmost relevant to this role\b|\bclosest to what this team does\b",
       r"\b(most relevant|closest to|similar to|directly relevant|maps? (directly )?to|lines up with|aligns? with|"
       r"matches)\b", scope="round"),
    # ---- behavioral (STAR), for the current story
    _t("responsibility", r"\bwere you responsible for\b",
       r"\bI (was|am) (the |a |an )?(directly |solely )?(responsible|accountable|owner|on-call|lead|tech lead|in charge|point person)\b",
       r"\bI owned\b|\bmy (responsibility|job|role|task|call)\b|\bit was (on|up to) me\b|\b(was|were) mine\b",
       r"\bI (led|ran|drove|took (on|ownership|charge))\b|\bI was (asked|tasked|assigned) to\b",
       _THREE_ACTS),
    _t("success_defined", r"\bsuccess have looked like\b",
       r"\b(goal|target|success|aim|objective)\b[^.?!]{0,40}\b(was|were|meant|looked like|would be)\b",
       r"\bset out to\b|\bneeded to (hit|reach|get to|ship|deliver)\b"),
    _t("decision_owner", r"\bwhose decision\b",
       r"\b(I|we|my manager|the team|my lead|the director|product) (decided|made the (call|decision)|chose|signed off)\b",
       r"\bmy (call|decision)\b|\bthe decision was\b"),
    _t("initiative", r"\bformally your job\b",
       r"\b(volunteered|stepped up|took it on|took the initiative|nobody asked|no one asked|wasn'?t (formally )?my job|"
       r"not my job|on my own initiative|formally|officially|assigned|asked me to|was asked to)\b"),
    _t("scene", r"\bset the scene\b",
       r"\b(team|squad|group|org|company|startup)\b", r"\b(product|service|system|platform|app|pipeline|model|feature)\b",
       r"\b(at stake|deadline|risk|customers?|revenue|launch\w*|outage|incident|contract|compliance|SLA|regulat\w*)\b",
       need=3),
    _t("when_constraints", r"\bwhen was this\b",
       r"\b(last|this|that) (year|quarter|month|summer|spring|autumn|fall|winter)\b|\b(in|back in|early|late) (19|20)\d\d\b|"
       r"\b\w+ (months|years) ago\b|\bwhen I (joined|was)\b",
       r"\b(deadline|budget|constraints?|only had|limited|headcount|compliance|freeze|\w+ weeks?|\w+ days?)\b", need=2),
    _t("hard_part", r"\bmade this situation hard\b",
       r"\b(hard|difficult|tricky|challenging|complicated|the problem was|the catch|unusual|first time|never before)\b"),
    _t("stakeholders", r"\bwho else was involved\b",
       r"\b(stakeholders?|product manager|PM|my manager|director|VP|CEO|CTO|customers?|clients?|legal|sales|another team|"
       r"the other team|partner team)\b",
       r"\b(wanted|needed|asked for|pushed for|cared about|concerned|worried)\b", need=2),
    _t("steps", r"\bwhat you personally did\b",
       _THREE_ACTS),
    _t("options", r"\bwhat options did you consider\b",
       r"\b(options?|alternatives?|considered|instead of|rather than|weighed|compared)\b"),
    _t("hard_decision", r"\bhardest decision\b",
       r"\b(hardest|toughest|difficult|hard|tough) (decision|call|choice|trade-?off)\b"),
    _t("bring_along", r"\bbring the other people\b",
       r"\b(convinced|persuaded|aligned|brought [a-z ]{0,20} along|got buy-?in|buy-in|walked (them|him|her) through|"
       r"presented|pitched|negotiated|won [a-z ]{0,10} over|got [a-z ]{0,20} to agree)\b"),
    _t("quantified_result", r"\bput a number on\b|\bwhat was the outcome\b",
       r"\b(reduc|increas|improv|decreas|cut|sav|grew|drop|fell|fall|lower|rais|boost|doubl|halv|went|shrank|brought)\w*\b"
       r"[^.?!]{0,80}\b\d[\d,.]*\s?(%|percent|x\b|ms\b|s\b|seconds|minutes|hours|days|weeks|k\b|m\b|million|points?)",
       r"\bfrom \$?\d[\d,.]*\s?\S{0,8} (down |up )?to \$?\d"),
    _t("vs_goal", r"\bcompare with what you set out\b",
       r"\b(than (planned|expected|we (expected|planned|hoped))|ahead of (schedule|plan)|behind (schedule|plan)|on time|"
       r"(beat|missed|hit|met|exceeded|fell short of) (the|our|my) (target|goal|deadline)|short of)\b"),
    _t("afterwards", r"\bwhat happened afterwards\b",
       r"\b(since then|months later|afterwards|a year later|still (in use|running|used)|to this day|went on to|"
       r"later (became|adopted)|has been)\b"),
    _t("differently", r"\bwhat would you do differently\b",
       r"\b(differently|in hindsight|looking back|next time|if I did it again|I would have|I'd have|should have)\b"),
    _t("learned", r"\bwhat did you learn\b", r"\b(I )?(learned|learnt|lesson|taught me|takeaway)\b"),
    _t("practice_changed", r"\bchanged how you work\b",
       r"\b(since then|now I|I now|these days I|I always|I never|going forward|changed how I)\b"),
    _t("least_proud", r"\bleast proud\b", r"\b(least proud|not proud|regret|mistake|got wrong|my fault|should have)\b"),
    # ---- system design, for the current problem
    _t("requirements", r"\bfunctional and non-functional requirements\b",
       r"\brequirements?\b|\bnon-functional\b|\bout of scope\b",
       r"\b(must|should|needs? to|has to|have to) (support|handle|be able|let|allow|serve|return|store|redirect)\b",
       r"\busers? (can|should|must|need to|want to)\b"),
    _t("scale", r"\bscale and latency\b|\bhow many requests per second\b",
       r"\b\d[\d,.]*\s*(k|m|b|million|billion|thousand)?\s*(qps|rps|requests?|users|urls|links|writes|reads|events|"
       r"redirects|posts|clicks|transactions|payments)\b", r"\b(qps|rps|per second|a second|/s)\b"),
    _t("latency", r"\bscale and latency\b|\blatency budget\b",
       r"\b\d+\s*(ms|milliseconds)\b|\bp9\d\b|\blatency\b"),
    _t("out_of_scope", r"\bout of scope\b",
       r"\bout of scope\b|\b(not|won'?t) (going to )?(cover|handle|support|build|worry about)\b|\bfor now\b|\bleave [a-z ]{0,20} aside\b"),
    _t("storage", r"\bhow much storage\b", r"\b\d[\d,.]*\s*(kb|mb|gb|tb|pb|bytes|terabytes?|gigabytes?|petabytes?)\b"),
    _t("read_write_ratio", r"\bread-to-write ratio\b",
       r"\bread[- ]to[- ]write\b|\b\d+\s?:\s?\d+\b|\bread[- ]heavy\b|\b(reads?|writes?) (outnumber|dominate)\b|\b\d+x more (reads|writes)\b"),
    _t("api", r"\bmain API calls\b",
       r"\b(GET|POST|PUT|DELETE|PATCH)\s+/|\bAPIs?\b|\bendpoints?\b|\brpc\b"),
    _t("data_model", r"\bdata model\b",
       r"\b(data model|schema|tables?|primary key|partition key|columns?|key[- ]value|rows?)\b"),
    _t("why_database", r"\bwhy that database\b",
       r"\b(postgres\w*|mysql|cassandra|dynamo\w*|redis|mongo\w*|bigtable|spanner|sql|nosql|key[- ]value store)\b"
       r"[^.?!]{0,120}\b(because|since|given|as it|so that|fits?)\b"),
    _t("pagination_idempotency", r"\bpaginate or make writes idempotent\b", r"\b(paginat\w*|cursor|idempoten\w*)\b"),
    _t("request_flow", r"\bhow a request flows\b",
       r"\b(load balancer|api gateway|gateway|service|cache|database|db|queue|cdn|worker|store)\b", r"\b(then|goes to|hits|"
       r"forwards?|routes?|sends?|calls?|looks? up|writes? to|reads? from)\b", need=2),
    _t("write_read_path", r"\bwrite path\b", r"\b(write|read) (path|flow|side)\b"),
    _t("state", r"\bwhere does state live\b", r"\b(stateless|state lives|stored in|persist\w* (in|to)|source of truth)\b"),
    _t("bottleneck", r"\bfirst bottleneck\b", r"\bbottlenecks?\b"),
    _t("partitioning", r"\bpartition the data\b", r"\b(partition\w*|shard\w*|hot (key|partition|spot)s?|consistent hashing)\b"),
    _t("caching", r"\bcaching strategy\b",
       r"\b(cache|caching|cached)\b[^.?!]{0,100}\b(invalidat\w*|TTL|expir\w*|write-through|write-back|cache-aside|"
       r"consisten\w*|evict\w*|stale)\b"),
    _t("peak", r"\bat peak load\b", r"\bpeak\b"),
    _t("alternatives", r"\bwhat alternatives did you consider\b",
       r"\b(alternatives?|instead of|rather than|considered|could also)\b"),
    _t("tradeoff", r"\bwhat are you (giving up|trading off)\b",
       r"\b(trade-?offs?|giving up|give up|at the cost of|downside|in exchange|sacrific\w*|the price)\b"),
    _t("strong_consistency", r"\bstrong consistency\b", r"\bstrong(ly)? consisten\w*\b|\blinearizab\w*\b"),
    _t("failure", r"\bgoes down\b",
       r"\b(goes down|go down|fails?|failure|outage|replicas?|replicat\w*|failover|redundan\w*|crash\w*|unavailable)\b"),
    _t("monitoring", r"\bknow this system is healthy\b",
       r"\b(monitor\w*|alert\w*|dashboards?|SLOs?|SLIs?|error rates?|observability)\b"),
    _t("data_loss", r"\bno data is lost\b",
       r"\b(replicat\w*|quorum|write-ahead|WAL|durab\w*|acknowledg\w*|fsync|commit log)\b"),
    _t("rollout", r"\broll out\b",
       r"\b(canary|canaries|rollouts?|roll(ing)? out|staged|gradual\w*|feature flags?|blue[- ]green|shadow|roll ?backs?|roll(ed)? back)\b"),
    # ---- ML system design
    _t("prediction_target", r"\bwhat exactly is the model predicting\b",
       r"\b(predict\w*|probability (of|that)|classif\w*|the (model|classifier) (outputs?|scores?|estimates?))\b"),
    _t("offline_metric", r"\bwhich offline metric\b",
       r"\b(AUC|ROC|PR[- ]AUC|precision|recall|F1|log ?loss|NDCG|MAP|MRR|RMSE|MAE|accuracy)\b"),
    _t("online_metric", r"\bonline or business metric\b",
       r"\b(online metric|business metric|revenue|conversion|click-through|CTR|retention|engagement|chargebacks?|"
       r"fraud losses|GMV|watch time|dwell time)\b"),
    _t("error_costs", r"\bfalse positive cost\b",
       r"\bfalse (positive|negative)s?\b|\b(cost|costs) of (a )?(miss\w*|block\w*|false)\b"),
    _t("labels", r"\bwhere do your labels come from\b",
       r"\blabel(s|led|ed|ing)?\b[^.?!]{0,80}\b(come|from|arrive|delay\w*|lag\w*|chargebacks?|clicks?|annotat\w*|review\w*)\b"),
    _t("training_set", r"\bbuild the training set\b",
       r"\b(training (set|data)|time window|last \w+ (days|weeks|months)|sampl\w*)\b"),
    _t("imbalance", r"\bclass imbalance\b",
       r"\b(imbalanc\w*|downsampl\w*|upsampl\w*|oversampl\w*|undersampl\w*|class weights?|SMOTE|focal loss)\b"),
    _t("feedback_bias", r"\bbiases does the current system\b|\bown behaviour affect the data\b",
       r"\b(feedback loop|selection bias|position bias|exposure bias|counterfactual|exploration|holdout|biase?d?)\b"),
    _t("key_features", r"\bwhich features do you expect\b",
       r"\b(features?|signals?) (like|such as|include|including|would be|are)\b"),
    _t("feature_freshness", r"\bcomputed at serving time\b",
       r"\b(feature store|real[- ]time features?|streaming|freshness|fresh|precomput\w*|batch (features?|jobs?)|online features?)\b"),
    _t("skew", r"\bsame way in training and serving\b",
       r"\b(training[- ]serving skew|skew|same (code|pipeline|definitions?|transformations?)|feature store)\b"),
    _t("leakage", r"\bleak\b|\bavoid leakage\b", r"\b(leak\w*|point[- ]in[- ]time|time[- ]based split|future data)\b"),
    _t("baseline", r"\bsimplest baseline\b",
       r"\b(baseline|rules?[- ]based|heuristics?|logistic regression|simple model|start with)\b"),
    _t("model_family", r"\bwhy that model family\b",
       r"\b(gradient[- ]boost\w*|GBDT|GBM|xgboost|lightgbm|logistic regression|neural|deep|transformer|two[- ]tower|"
       r"random forest)\b[^.?!]{0,120}\b(because|since|given|as it|handles?|works? well)\b"),
    _t("loss_calibration", r"\bwhat loss would you train\b",
       r"\b(loss|cross[- ]entropy|calibrat\w*|Platt|isotonic)\b"),
    _t("eval_split", r"\bsplit the data for offline evaluation\b",
       r"\b(split|hold[- ]?out|time[- ]based|out[- ]of[- ]time|cross[- ]validat\w*|validation set|test set)\b"),
    _t("online_experiment", r"\bdesign the online experiment\b",
       r"\b(A/B|AB test|experiment|randomi[sz]\w*|control group|treatment|interleav\w*)\b"),
    _t("segments", r"\bwhich user segments\b",
       r"\b(segments?|slices?|cohorts?|new users|per[- ](country|region|market)|subgroups?)\b"),
    _t("realtime_or_batch", r"\breal time or in batch\b",
       r"\b(real[- ]time|online scoring|batch (scor\w*|predictions?|inference|job)|offline scoring|nightly|"
       r"synchronous\w*|asynchronous\w*|at request time)\b"),
    _t("fallback", r"\bfeature store is unavailable\b",
       r"\b(fallback|fall back|default (score|rule|decision)|degrad\w*|unavailable|time ?outs?|fail(s)? (open|closed))\b"),
    _t("degradation", r"\bknow the model is degrading\b",
       r"\b(drift|degrad\w*|monitor\w*|distribution shift|PSI|score distribution)\b"),
    _t("retraining", r"\btrigger a retrain\b", r"\b(retrain\w*|re-train\w*|refresh the model|continuous training)\b"),
    _t("dashboard", r"\bon-call dashboard\b", r"\b(dashboards?|alerts?|alerting|on-call|pager)\b"),
    # ---- case study and modelling depth
    _t("clarifying", r"\bwant to ask me about the goal\b",
       r"\?|\b(I'?d|I would|let me|I want to) (ask|clarify|check|confirm|know)\b|\bclarif\w*\b"),
    _t("users", r"\bwho are the users\b", r"\b(segments?|personas?|types of users|user groups?|kinds of (users|customers))\b"),
    _t("one_metric", r"\bhow would you know this worked\b",
       r"\b(metrics?|measure|KPI|north star)\b"),
    _t("guardrail", r"\bguardrail\b", r"\bguardrails?\b|\bcounter[- ]metrics?\b"),
    # ---- coding
    _t("complexity", r"\btime and memory cost\b|\bwhat dominates the running time\b",
       r"\bo\(\s*[a-z0-9][^)]{0,20}\)", r"\b(linear|quadratic|logarithmic|log-linear|constant) time\b",
       r"\b(grows|scales) (linearly|quadratically|with)\b"),
)
