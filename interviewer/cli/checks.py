"""Checking commands: `doctor` (configuration and model check) and `eval` (does a model grade in order)."""

from __future__ import annotations

import argparse
import sys

from interviewer.cli._common import MINUTES_RANGE, CliError, Parents, command, engine, minutes

ORDER = 50


DOCTOR = """\
Show the effective configuration, where each value came from, and whether the model answers.
Keys are never printed, only whether they are set.

Configuration, highest first: command line > INTERVIEWER_* environment > config.toml > defaults.
config.toml (in the user config dir) takes the same names, e.g.:
  model = "openai/gpt-4o-mini"
  judge_model = "anthropic/claude-3-5-sonnet-latest"
  timeout = 60"""

EVAL = """\
Interview simulated candidates of known quality (strong, average, weak) with the model and check that
their scores come out in that order, and how far apart. Candidates replay labelled sample answers
(calibration format, JSONL); with --candidate-model a model plays each candidate instead.

With --set FILE, score every answer of a labelled set (JSONL: persona, question, answer, label strong/
average/weak, optional split dev/test and adversarial) with the configured engine (offline, or --model)
and print how well it orders them: pairwise order accuracy within each question and Spearman rho against
the labels, next to a baseline that counts words, plus the highest score of any adversarial item."""

EVAL_EXAMPLES = """\
interviewer eval --set benchmarks/data/devset.jsonl
interviewer eval --set my_answers.jsonl --model openai/gpt-4o-mini --split test
interviewer eval --model openai/gpt-4o-mini
interviewer eval --model openai/gpt-4o --candidate-model openai/gpt-4o-mini --persona behavioral
"""


def register(sub, parents: Parents) -> None:
    d = command(
        sub, parents, "doctor", cmd_doctor, llm=True, help="show the configuration and check the model", description=DOCTOR,
        examples=(
            "interviewer doctor", "interviewer doctor --model ollama/llama3.1 --api-base http://localhost:11434",
            "INTERVIEWER_MODEL=openai/gpt-4o-mini interviewer doctor",
        ),
    )
    d.add_argument("--no-check", action="store_true", help="don't send a test request to the model")

    e = command(
        sub, parents, "eval", cmd_eval, llm=True, help="check that a model grades candidates of known quality in order",
        description=EVAL,
        examples=EVAL_EXAMPLES,
    )
    e.add_argument("--set", dest="labelled_set", metavar="FILE", help="score a labelled answer set (JSONL) and print the order table")
    e.add_argument("--split", choices=("all", "dev", "test"), default=None, help="with --set: only this split (default: all, and each split)")
    e.add_argument("--candidate-model", metavar="MODEL", help="a model that plays the candidates")
    e.add_argument("--persona", "-p", default="behavioral", help="the round to run (default: behavioral)")
    e.add_argument("--answers", metavar="FILE", help="labelled sample answers, JSONL (default: the project's labelled set in a source checkout, else the small set shipped with interviewer)")
    e.add_argument("--minutes", "-m", type=minutes, help=f"round length, {MINUTES_RANGE} minutes (default: the persona's)")
    e.add_argument("--format", "-f", choices=("table", "json"), default="table")


def cmd_doctor(args: argparse.Namespace) -> int:
    from interviewer import doctor

    return doctor.run(args.model, args.api_base, args.data_dir, check=not args.no_check)


def cmd_eval(args: argparse.Namespace) -> int:
    import asyncio
    import json
    from pathlib import Path

    from interviewer import evaluate

    if args.labelled_set:
        return _eval_set(args)

    path = Path(args.answers) if args.answers else evaluate.default_answers_file()
    if path is None:
        raise CliError("no sample answers found: pass --answers FILE (labelled answers, JSONL)")
    samples = evaluate.load_samples(path)
    eng = engine(args)
    if not eng:
        raise CliError("eval needs a model: pass --model (or set INTERVIEWER_MODEL)", 2)
    cand = None
    if args.candidate_model:
        cand = evaluate.CandidateClient(eng.settings, args.candidate_model)

    def progress(row) -> None:
        print(f"  {row.quality:<8} {row.overall:.2f}  {row.recommendation}  ({row.source})", file=sys.stderr)

    print(f"Interviewing 3 simulated candidates with {eng.engine}…", file=sys.stderr)
    rows = asyncio.run(
        evaluate.run_eval(persona_id=args.persona, samples=samples, engine=eng, candidate_client=cand, minutes=args.minutes, on_progress=progress)
    )
    ordered, gaps = evaluate.verdict(rows)
    if args.format == "json":
        print(json.dumps({"ordered": ordered, "gaps": gaps, "candidates": [r.__dict__ for r in rows]}, indent=2))
    else:
        print(f"{'CANDIDATE':<10} {'OVERALL':>7}  {'RECOMMENDATION':<14} FALLBACKS  SCORES")
        for r in rows:
            scores = " ".join(f"{k}={v}" for k, v in r.scores.items())
            print(f"{r.quality:<10} {r.overall:>7.2f}  {r.recommendation:<14} {r.fallbacks:>9}  {scores}")
        print(f"\nIn order (strong > average > weak): {'yes' if ordered else 'NO'}; gaps: {gaps}")
    return 0 if ordered else 1


def _eval_set(args: argparse.Namespace) -> int:
    import asyncio
    import json

    from interviewer import evalset

    try:
        items = evalset.load_set(args.labelled_set)
    except evalset.SetError as exc:
        raise CliError(str(exc)) from None
    if args.split and args.split != "all":
        items = [it for it in items if it.get("split") == args.split]
        if not items:
            raise CliError(f"{args.labelled_set} has no items in the {args.split} split")
    eng = engine(args)
    name = eng.get("engine", "offline") if eng else "offline"
    total = len(items)
    tty = sys.stderr.isatty()

    def progress(n: int) -> None:
        if tty or n == total or n % 25 == 0:
            print(f"\rScoring with {name}: {n}/{total}", end="" if tty and n < total else "\n", file=sys.stderr, flush=True)

    if eng:
        scores = asyncio.run(evalset.score_with_engine(items, eng, on_item=progress))
    else:
        scores = evalset.score_offline(items, on_item=progress)
    rows = evalset.results(items, scores, name)
    if args.format == "json":
        print(json.dumps(evalset.as_json(rows), indent=2))
    else:
        print(f"Engine: {name}. Judge vs a word-count baseline on the same items (higher is better; adversarial max should be <= {evalset.ADVERSARIAL_MAX}).")
        print(evalset.table(rows))
    return 0
