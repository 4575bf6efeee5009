"""`interviewer personas`: the rounds one can practise."""

from __future__ import annotations

import argparse
import sys

from interviewer.cli._common import Parents, command

ORDER = 10


def register(sub, parents: Parents) -> None:
    command(
        sub, parents, "personas", cmd_personas, help="list the interview rounds (personas)",
        description="List the interview rounds you can practise, with their length and rubric.",
        examples=("interviewer personas", "interviewer chat --persona recruiter"),
        note="Add your own: put persona and rubric YAML files in the folders that `interviewer personas` prints.",
    )


def cmd_personas(args: argparse.Namespace) -> int:
    from interviewer.catalog import default_catalog
    from interviewer.paths import user_config_dir

    cat = default_catalog()
    for prob in cat.problems:
        print(f"warning: skipped {prob}", file=sys.stderr)
    rows = [("PERSONA", "ROUND", "MINUTES", "RUBRIC", "PRACTISES")]
    for p in cat.personas.values():
        rows.append((p.id, p.round, str(p.minutes), p.rubric, p.practises))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])
    user = user_config_dir()
    print(f"\nYour own personas and rubrics: {user / 'personas'} and {user / 'rubrics'}", file=sys.stderr)
    return 0
