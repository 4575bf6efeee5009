"""`interviewer stories`: the story bank, every behavioral story told, once each, with its best-scored telling."""

from __future__ import annotations

import argparse
import json
import sys

from interviewer.cli._common import Parents, command

ORDER = 45

_MARK = {4: "✔✔", 3: "✔", 2: "~", 1: "✗"}


def register(sub, parents: Parents) -> None:
    p = command(
        sub, parents, "stories", cmd_stories, help="your story bank: every behavioral story, best version",
        description="""\
List every behavioral story you have told, once each (the same story told again, even in other words, is one
story), with its STAR parts, its best score and the questions it answered. Stories come from your sessions.""",
        examples=(
            "interviewer stories", "interviewer stories --persona behavioral",
            "interviewer stories --format json | jq '.[0].best.score'",
        ),
    )
    p.add_argument("--persona", "-p", metavar="ID", help="only stories told to this persona")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")


def cmd_stories(args: argparse.Namespace) -> int:
    from interviewer import services, stories

    store = services.open_store(args.data_dir)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() and total > 20:
            end = "\n" if done == total else ""
            print(f"\rIndexing your sessions: {done}/{total}", end=end, file=sys.stderr, flush=True)

    bank, skipped = stories.bank_from_index(store.root, persona=args.persona, on_progress=progress)
    for name, reason in skipped:
        print(f"warning: skipped session file {name}: {reason}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps([s.to_dict() for s in bank], indent=2, ensure_ascii=False))
        return 0
    if not bank:
        where = f" told to {args.persona}" if args.persona else ""
        print(f"No stories{where} yet in {store.root}. Tell some in a behavioral round: interviewer chat -p behavioral")
        return 0
    told = sum(len(s.tellings) for s in bank)
    print(f"{len(bank)} {'story' if len(bank) == 1 else 'stories'} ({told} tellings); each shows its best-scored telling.\n")
    for i, s in enumerate(bank, 1):
        best = s.best
        times = "told once" if len(s.tellings) == 1 else f"told {len(s.tellings)} times"
        print(f"{i}. {s.title}")
        print(f"   {times} · best {best.score:.2f}/4 on {best.created[:10]} (session {best.session_id})")
        for q in s.questions:
            print(f"   answered: {q}")
        for part, level in best.parts.items():
            quote = (best.quotes.get(part) or [""])[0]
            shown = f"“{_short(quote)}”" if quote else "(missing)" if level <= 1 else ""
            print(f"   {part.capitalize():<11}{level} {_MARK.get(level, ''):<3}{shown}".rstrip())
        print()
    return 0


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"
