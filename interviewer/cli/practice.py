"""Practice over time: `progress` (trends per round and dimension) and `drill` (a short round on one dimension).

`progress` answers from the history index (SQLite, standard library): no pydantic, YAML or engine import on a warm
run, so it starts fast however many sessions there are.
"""

from __future__ import annotations

import argparse
import sys

from interviewer.cli._common import CliError, Parents, command

ORDER = 45


PROGRESS = """\
Your progress across finished sessions: per round and per rubric dimension, the first, latest and best
score and a sparkline of every session (oldest left). Ends with what to practise next: the weakest
dimension lately and the questions that target it.

Read from an index beside your sessions (history.sqlite3), rebuilt from the session files whenever they
change; delete it at any time.

It shows your own practice (the app, chat, drill and loop). Sessions answered from a script by
`interviewer rehearse` are left out and counted on the last line; --rehearsals includes them, and each
round then says how many of its sessions were scripted."""


def register(sub, parents: Parents) -> None:
    p = command(
        sub, parents, "progress", cmd_progress, help="your progress over time, per round and dimension", description=PROGRESS,
        examples=(
            "interviewer progress", "interviewer progress --persona behavioral --since 2026-11-01",
            "interviewer progress --rehearsals          (scripted rehearsals too, counted per round)",
            "interviewer progress --format json | jq '.rounds[0].dimensions'",
        ),
    )
    p.add_argument("--persona", "-p", help="only this round (see `interviewer personas`)")
    p.add_argument("--since", metavar="DATE", help="only sessions started on or after DATE (YYYY-MM-DD)")
    p.add_argument("--rehearsals", action="store_true",
                   help="include sessions answered from a script (`interviewer rehearse`); default: your own practice only")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")

    d = command(
        sub, parents, "drill", cmd_drill, llm=True, help="a short round on one dimension",
        description="""\
A short round of the questions that mainly probe one rubric dimension, with follow-ups aimed at it.
`interviewer progress` suggests which one. With --script it runs from a candidate script like `rehearse`.""",
        examples=(
            "interviewer drill --dimension result --persona behavioral",
            "interviewer drill --dimension tradeoffs -p system-design --count 2",
            "interviewer drill --dimension estimation --script answers.yaml --format json",
        ),
    )
    d.add_argument("--dimension", "-d", required=True, help="the rubric dimension id to practise (as `progress` shows it)")
    d.add_argument("--persona", "-p", help="the round (default: the one round whose rubric has the dimension)")
    d.add_argument("--count", "-n", type=int, default=3, choices=range(1, 6), metavar="N", help="questions (1-5, default 3)")
    d.add_argument("--script", "-s", metavar="FILE", help="answer from a candidate script (YAML) instead of typing")
    d.add_argument("--format", "-f", choices=("md", "json"), default="md", help="with --script: the report format on stdout")
    d.add_argument("--plain", action="store_true", help=argparse.SUPPRESS)


def cmd_progress(args: argparse.Namespace) -> int:
    from interviewer.paths import data_dir
    from interviewer.progress import progress_view, render_text

    try:
        view = progress_view(data_dir(args.data_dir), persona=args.persona, since=args.since, rehearsals=args.rehearsals)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None
    for name, why in view.sync.skipped:
        print(f"warning: skipped unreadable session file {name}: {why}", file=sys.stderr)
    if args.format == "json":
        import json

        print(json.dumps(_as_json(view), indent=2))
    else:
        sys.stdout.write(render_text(view))
    return 0


def _as_json(view) -> dict:
    s = view.suggestion
    return {
        "sessions": view.sessions,
        "rehearsals_left_out": view.rehearsals_left_out,
        "rounds": [
            {
                "persona": r.persona_id,
                "round": r.round,
                "sessions": r.sessions,
                "rehearsals": r.rehearsals,
                "overall": r.overall,
                "dimensions": [
                    {"id": t.dimension, "name": t.name, "scores": t.scores, "first": t.first, "latest": t.latest,
                     "best": t.best, "sparkline": t.spark}
                    for t in r.trends
                ],
            }
            for r in view.rounds
        ],
        "next": None if s is None else {
            "persona": s.persona_id, "dimension": s.dimension, "name": s.name, "recent": round(s.recent, 2),
            "questions": [{"id": q, "text": t} for q, t in s.questions], "command": s.drill_command,
        },
    }


def cmd_drill(args: argparse.Namespace) -> int:
    from interviewer import services, tailoring
    from interviewer.history import HistoryIndex

    store = services.open_store(args.data_dir)
    asked: dict[str, int] = {}
    if args.persona:
        with HistoryIndex(store.root) as index:  # least-practised questions first
            asked = index.asked_counts(args.persona)
    persona_id, plan = tailoring.drill_for(args.persona, args.dimension, asked=asked, count=args.count)
    args.persona, args.plan, args.minutes = persona_id, plan, None
    print(f"Drill: {len(plan.questions)} question(s) on '{args.dimension}' in the {persona_id} round, {plan.minutes:g} minutes.", file=sys.stderr)
    if args.script:
        from interviewer.cli.interview import cmd_rehearse

        return cmd_rehearse(args)
    from interviewer import plainchat
    from interviewer.cli._common import engine
    from interviewer.cli.interview import plan_factory

    return plainchat.run_chat(args, lambda: engine(args), plan_factory(args))
