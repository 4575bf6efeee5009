"""The coding judge: correctness from the hidden tests (objective, never guessed); problem understanding, complexity,
code quality, testing and communication from what the candidate says and writes.

With an LLM judge inside (``inner``), the model reads the answer together with the code and the test table, and the
correctness dimension is still the tests' verdict. Without one, everything here is heuristic and offline. Candidate
code is parsed (``ast``) but never executed here: only the runner runs it, in its sandbox.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field

from interviewer.judges.base import Judge, TurnContext
from interviewer.judges.offline import OfflineJudge
from interviewer.judges.text import Sentence, normalise_ws, quote_of, split_sentences
from interviewer.models import Assessment, CodeRun, DimensionEvidence, Persona, Question, Rubric, Session

CODING_DETECTORS = ("problem_understanding", "code_correctness", "complexity", "code_quality", "code_testing")

_IO = re.compile(r"\b(takes?|returns?|inputs?|outputs?|given|signature)\b", re.I)
_ASSUME = re.compile(r"\b(assum\w*|clarif\w*|i'?ll treat|let'?s say|i take it|to confirm|my understanding|i read (it|this) as)\b", re.I)
_EDGE = re.compile(
    r"\b(?P<empty>empty|no (items|events|points|data))\b|\b(?P<single>single|one (element|item|event|point))\b|"
    r"\b(?P<dup>duplicates?)\b|\b(?P<tie>ties?|tied)\b|\b(?P<neg>negative)\b|\b(?P<zero>zero|k ?= ?0)\b|"
    r"\b(?P<large>large (inputs?|values?|logits|n)|huge|scale)\b|\b(?P<overflow>overflow|underflow|nan|inf(inity)?)\b|"
    r"\b(?P<order>out of order|unsorted|backwards)\b|\b(?P<invalid>invalid|valueerror|raise)\b",
    re.I,
)
_PLAN = re.compile(r"\b(approach|plan|idea|intuition|first,? i|i'?ll (use|start|keep|sort|count|walk)|the trick|key (idea|insight))\b", re.I)
_BIG_O = re.compile(r"\bO\([^()]{1,30}(\([^()]*\))?[^()]{0,10}\)", re.I)
_TIME = re.compile(r"\b(time|runtime|running time|linear|quadratic|n log n|log ?n|per (step|epoch|iteration))\b", re.I)
_MEMORY = re.compile(r"\b(memory|space|extra storage|in[- ]place|allocat\w*)\b", re.I)
_BETTER = re.compile(
    r"\b(better|improve\w*|faster|instead|alternative|bottleneck|trade-?offs?|could (use|do|switch)|vectori[sz]\w*|dominat\w*)\b", re.I
)
_TESTWORD = re.compile(r"\b(tests?|testing|unit tests?|asserts?|check(ed|ing)?|verif(y|ied))\b", re.I)
_STRONG_TEST = re.compile(
    r"\b(brute[- ]?force|random(ised|ized)? (inputs?|tests?|data|cases)|property|fuzz\w*|reference (implementation|solution)|"
    r"compare (it )?(against|with)|naive (version|solution|implementation)|scale test|timing)\b",
    re.I,
)
_NAMES_OK = set("ijknmxyzabcdefghpqrstuvw_")


@dataclass
class Finding:
    level: int
    sents: list[Sentence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- what the session holds


def current_question(session: Session) -> str | None:
    q = session.current_question
    return q.question_id if q else None


def latest_run(session: Session, question_id: str | None, kind: str = "tests") -> CodeRun | None:
    for run in reversed(session.code_runs):
        if run.question_id == question_id and run.kind == kind:
            return run
    return None


def latest_code(session: Session, question_id: str | None) -> str | None:
    """The latest code the candidate submitted or ran for this question."""
    for run in reversed(session.code_runs):
        if run.question_id == question_id:
            return run.code
    return None


def code_comments(code: str) -> str:
    """Comments and docstrings: what the candidate wrote in words inside the code."""
    parts: list[str] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type == tokenize.COMMENT:
                parts.append(tok.string.lstrip("#").strip())
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return ""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return "\n".join(parts)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            doc = ast.get_docstring(node)
            if doc:
                parts.append(doc)
    return "\n".join(p for p in parts if p)


def _question(persona: Persona | None, qid: str | None) -> Question | None:
    if persona is None or qid is None:
        return None
    return next((q for q in persona.questions if q.id == qid), None)


# --------------------------------------------------------------------------- key points (the KeyPoint term syntax)


def _term_rx(phrase: str) -> re.Pattern[str]:
    words = re.findall(r"\w+|[^\w\s]", phrase.lower())
    parts = [re.escape(w) + (r"\w*" if w[-1:].isalnum() and len(w) > 3 else "") for w in words]
    return re.compile(r"(?<!\w)" + r"\W*".join(parts), re.I)


def term_in(term: str, sentence: str) -> bool:
    if term.startswith("re:"):
        return re.search(term[3:], sentence, re.I) is not None
    return all(_term_rx(p.strip()).search(sentence) for p in term.split(" + "))


def key_points_met(q: Question | None, sents: list[Sentence]) -> list[str]:
    if q is None:
        return []
    return [kp.text for kp in q.key_points if any(term_in(t, s.text) for t in kp.terms for s in sents)]


# --------------------------------------------------------------------------- detectors


def _hits(sents: list[Sentence], rx: re.Pattern[str]) -> list[Sentence]:
    return [s for s in sents if rx.search(s.text)]


def _edge_kinds(sents: list[Sentence]) -> set[str]:
    return {k for s in sents for m in _EDGE.finditer(s.text) for k, v in m.groupdict().items() if v}


def understanding(sents: list[Sentence], q: Question | None, run: CodeRun | None) -> Finding:
    cues = [(_IO, "say what the function takes and returns"), (_ASSUME, "state your assumptions or ask about the ambiguous part"),
            (_EDGE, "name the edge cases the statement leaves open (empty input, ties, invalid arguments)"), (_PLAN, "say your approach before coding")]
    found = [(rx, _hits(sents, rx)) for rx, _ in cues]
    n = sum(bool(h) for _, h in found)
    level = min(4, 1 + n) if n < 3 else 3 + (n == 4 and bool(key_points_met(q, sents)))
    if run is not None and "no function named" in run.result.summary:
        level = min(level, 2)
    notes = [f"To show you understood the problem, {msg}." for (rx, msg), (_, h) in zip(cues, found) if not h][:2]
    return Finding(level, [s for _, h in found for s in h[:1]], notes)


def correctness(run: CodeRun | None) -> Finding:
    if run is None:
        return Finding(1, notes=["No code ran against the tests for this question: submit code so it can be checked."])
    r = run.result
    rate = r.pass_rate
    level = 4 if r.all_passed else 3 if rate >= 0.75 else 2 if rate >= 0.4 else 1
    bad = [t for t in r.tests if t.outcome != "passed"]
    notes = [f"{r.passed} of {len(r.tests)} hidden tests passed."]
    for t in bad[:3]:
        where = f" (input {t.input})" if t.input else ""
        notes.append(f"Test '{t.name}'{where}: {t.failure}")
    return Finding(level, notes=notes)


def complexity(sents: list[Sentence], q: Question | None, run: CodeRun | None) -> Finding:
    big_o, time_, mem, better = (_hits(sents, rx) for rx in (_BIG_O, _TIME, _MEMORY, _BETTER))
    stated = big_o or [s for s in time_ if _BIG_O.search(s.text) or re.search(r"\b(linear|quadratic)\b", s.text, re.I)]
    if not stated:
        level = 1
    elif not (time_ or big_o) or not mem:
        level = 2
    else:
        level = 4 if better and (key_points_met(q, big_o) or len(big_o) >= 2) else 3
    notes = []
    if level < 3:
        notes.append("State both the time and the memory cost in terms of the input size (for example O(n log k) time, O(k) memory).")
    elif level < 4:
        notes.append("Name the bottleneck and compare with a faster or leaner alternative.")
    slow = [t for t in (run.result.tests if run else []) if t.outcome == "timed_out"]
    if slow and level > 2:
        level = 2
        notes.insert(0, f"Your code timed out on '{slow[0].name}': the cost in practice is higher than stated; find a faster approach.")
    return Finding(level, stated + mem[:1] + better[:1], notes)


def code_quality(code: str | None, run: CodeRun | None) -> Finding:
    if not code or not code.strip():
        return Finding(1, notes=["No code to review for this question."])
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return Finding(1, notes=[f"The code does not parse (line {exc.lineno}: {exc.msg})."])
    funcs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not funcs:
        return Finding(1, notes=["Write the solution as the function the question asks for."])
    good, notes = 0, []
    if any(ast.get_docstring(f) for f in funcs) or any(f.returns or any(a.annotation for a in f.args.args) for f in funcs):
        good += 1
    else:
        notes.append("Add a docstring or type hints so the contract is visible in the code.")
    if any(isinstance(n, ast.Raise) for n in ast.walk(tree)):
        good += 1
    else:
        notes.append("Validate the arguments and raise a clear error (ValueError) for invalid input.")
    longest = max((f.end_lineno or f.lineno) - f.lineno + 1 for f in funcs)
    if longest <= 40 or len(funcs) > 1:
        good += 1
    else:
        notes.append(f"A {longest}-line function is hard to follow: split out helpers.")
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    names |= {a.arg for f in funcs for a in f.args.args}
    cryptic = sorted(n for n in names if len(n) <= 2 and n.lower() not in _NAMES_OK and n not in ("np", "df", "lr", "xs", "ys", "ws"))
    if len(cryptic) <= 1:
        good += 1
    else:
        notes.append(f"Use descriptive names instead of {', '.join(cryptic[:4])}.")
    bad = []
    if any(isinstance(n, ast.ExceptHandler) and n.type is None for n in ast.walk(tree)):
        bad.append("Catch specific exceptions instead of a bare except.")
    if any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print" for f in funcs for n in ast.walk(f)):
        bad.append("Remove debug prints from the function.")
    if any(isinstance(n, ast.Global) for n in ast.walk(tree)):
        bad.append("Avoid global state: pass values in and return them.")
    level = 2 + (good >= 3 and not bad) + (good == 4 and not bad)
    if run is not None and run.result.status == "error":
        level = min(level, 2)
    return Finding(level, notes=(bad + notes)[:3])


def testing(sents: list[Sentence], code: str | None) -> Finding:
    words, strong = _hits(sents, _TESTWORD), _hits(sents, _STRONG_TEST)
    edges = _edge_kinds(sents)
    asserts = 0
    if code:
        try:
            tree = ast.parse(code)
            asserts = sum(isinstance(n, ast.Assert) for n in ast.walk(tree))
            asserts += sum(isinstance(n, ast.FunctionDef) and n.name.startswith("test") for n in ast.walk(tree))
        except SyntaxError:
            pass
    way = bool(words) or asserts > 0
    if way and len(edges) >= 2 and strong and (len(edges) >= 3 or asserts):
        level = 4
    elif way and len(edges) >= 2:
        level = 3
    elif way or edges:
        level = 2
    else:
        level = 1
    notes = []
    if level < 3:
        notes.append("Name the specific edge cases you would test (empty input, ties, invalid arguments, large values) and how.")
    elif level < 4:
        notes.append("Add a check against a brute-force solution on random inputs, and a large-input test.")
    return Finding(level, _hits(sents, _EDGE)[:1] + words[:1] + strong[:1], notes)


# --------------------------------------------------------------------------- the judge


class CodingJudge:
    """Judge for rubrics of kind ``coding``. Bound to one session, whose code runs it reads."""

    def __init__(self, persona: Persona | None, session: Session, inner: Judge | None = None) -> None:
        self.persona = persona
        self.session = session
        self.inner = inner
        self.generic = OfflineJudge()
        self.name = inner.name if inner is not None else "offline"
        if inner is not None and hasattr(inner, "wait"):
            self.wait = inner.wait  # how long the interview waits for the model's reading (see Interview.judge_wait)

    def _context(self, session: Session | None = None):
        session = session or self.session
        qid = current_question(session)
        return qid, _question(self.persona, qid), latest_run(session, qid), latest_code(session, qid)

    def assess(
        self, answer: str, rubric: Rubric, dimensions: list[str] | None = None, session: Session | None = None,
        follow_up: bool = False,
    ) -> Assessment:
        """Read one answer; ``session`` is the session as it stood when the answer was given (default: the bound one).
        The dimensions no coding detector reads (communication) are read by the offline judge against the open
        question, like any round's: an explanation about something else earns them nothing."""
        qid, q, run, code = self._context(session)
        dims = [d for d in rubric.dimensions if dimensions is None or d.id in dimensions]
        others = [d.id for d in dims if d.detector not in CODING_DETECTORS]
        result = self.generic.assess(answer, rubric, others, question=q, follow_up=follow_up)
        if not answer.strip() and code is None:
            for d in dims:
                result.dimensions.setdefault(d.id, DimensionEvidence(dimension=d.id))
            return result
        if code is not None and not follow_up:  # code with no words is still an answer (a reply to a probe is read as said)
            result.flags = [f for f in result.flags if f not in ("empty", "non_answer")]
        if code is not None and "off_topic" in result.flags and correctness(run).level >= 2:
            _words_off_topic(result, others)
        words = answer + ("\n\n" + code_comments(code) if code else "")
        sents = [s for s in split_sentences(words) if s.content]
        for d in dims:
            if d.detector not in CODING_DETECTORS:
                continue
            f = _detect(d.detector, sents, q, run, code)
            result.dimensions[d.id] = DimensionEvidence(
                dimension=d.id, present=f.level >= 2, level=f.level, quotes=_quotes(words, f.sents) if f.level >= 2 else [], notes=f.notes
            )
        return result

    def assess_turn(self, answer: str, ctx: TurnContext) -> Assessment:
        """``assess`` for a turn of an interview (the offline judge's interface)."""
        follow_up = bool(ctx.prompt and ctx.question and ctx.prompt != ctx.question)  # as the offline judge reads it
        return self.assess(answer, ctx.rubric, ctx.dimensions, ctx.session, follow_up=follow_up)

    async def assess_async(self, answer: str, ctx: TurnContext) -> Assessment:
        if self.inner is None:
            return self.assess_turn(answer, ctx)
        qid, _, run, code = self._context(ctx.session)
        assessment = await self.inner.assess_async(for_model(answer, code, run), ctx)
        for d in ctx.rubric.dimensions:  # correctness is the tests' verdict, whatever the model read
            if d.detector == "code_correctness" and (ctx.dimensions is None or d.id in ctx.dimensions):
                f = correctness(run)
                assessment.dimensions[d.id] = DimensionEvidence(dimension=d.id, present=f.level >= 2, level=f.level, notes=f.notes)
        return assessment


WORDS_OFF_TOPIC_NOTE = (
    "Your explanation is about something other than this question, so it earned nothing here (your code was read on "
    "its own): say how your solution works, what it costs and how you would test it."
)


def _words_off_topic(result: Assessment, dims: list[str]) -> None:
    """Code that passes the tests (the correctness reading at 2 or more: 40% of them) answers the question itself: the answer is not off-topic, only the words beside it
    are, and the dimensions read from the words alone (communication) say so and keep no credit."""
    result.flags.remove("off_topic")
    for d in dims:
        if d in result.dimensions:
            result.dimensions[d] = DimensionEvidence(dimension=d, present=False, level=1, notes=[WORDS_OFF_TOPIC_NOTE])


def _detect(detector: str, sents: list[Sentence], q: Question | None, run: CodeRun | None, code: str | None) -> Finding:
    if detector == "code_correctness":
        return correctness(run)
    if detector == "problem_understanding":
        return understanding(sents, q, run)
    if detector == "complexity":
        return complexity(sents, q, run)
    if detector == "code_quality":
        return code_quality(code, run)
    return testing(sents, code)


def _quotes(text: str, sents: list[Sentence], n: int = 2) -> list[str]:
    out: list[str] = []
    for s in sents:
        q = normalise_ws(quote_of(text, s))
        if q and q not in out and len(q.split()) >= 3:
            out.append(q)
        if len(out) >= n:
            break
    return out


def test_table(run: CodeRun | None) -> str:
    """The hidden tests' results as a plain table (names, outcomes, failing inputs): what a model judge reads."""
    if run is None:
        return "(no code was run against the tests)"
    rows = [run.result.summary]
    for t in run.result.tests:
        row = f"- {t.name}: {t.outcome}"
        if t.outcome != "passed":
            row += f" (input {t.input}): {t.failure}" if t.input else f": {t.failure}"
        rows.append(row)
    return "\n".join(rows)


def for_model(answer: str, code: str | None, run: CodeRun | None) -> str:
    """The answer as a model judge reads it: the candidate's words, then their code, then the test results."""
    if code is None:
        return answer
    return f"{answer}\n\n[The candidate's code]\n```python\n{code}\n```\n\n[Hidden test results]\n{test_table(run)}"
