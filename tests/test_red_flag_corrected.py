"""J13: a red flag said in one answer and put right in a later answer to the same question is named as corrected.
The first answer did say it (and was scored on it), so the report keeps it, but it must not read as if the candidate
never fixed it. Answers written for these tests."""

from __future__ import annotations

import asyncio

from interviewer.catalog import default_catalog
from interviewer.report.corrected import CORRECTED
from interviewer.report.render import render
from interviewer.services import RehearsalScript, ScriptAnswer, rehearse

FLAG = "uses a hash of the url truncated with no collision handling"
MAIN = (
    "For a public shortener I'd expect around 100 million new links a month and about 100 reads per write, so the "
    "store needs a few terabytes over five years. To make the short code I'd take the md5 of the long URL and keep "
    "the first 7 characters. The table maps short_code to long_url with the owner and an expiry. Redirects are "
    "served from a Redis cache in front of the store, and I'd return a 302 so we keep counting clicks."
)
FIX = (
    "Two URLs can land on the same 7 characters. So before saving I check whether the code is already taken, and if "
    "it is I append a salt and hash again until it is unique; or simpler, I'd drop the hash and encode a counter "
    "from a ticket server in base62, which cannot collide."
)
UNRELATED = (
    "If the cache node dies the redirects fall through to the database, which has two read replicas in another zone, "
    "so latency goes up for a few minutes but nothing is lost."
)


def _lines(*answers: str) -> list[str]:
    script = RehearsalScript(persona="system-design", answers=[
        ScriptAnswer(question="url-shortener", seconds=300, text=a) for a in answers
    ])
    result = asyncio.run(rehearse(script, catalog=default_catalog()))
    return [line for line in render(result.report, "md").splitlines() if FLAG in line.lower()]


def test_a_flag_put_right_in_a_follow_up_is_named_as_corrected() -> None:
    lines = _lines(MAIN, FIX)
    assert lines and all(CORRECTED.strip() in line for line in lines), lines


def test_a_follow_up_on_something_else_leaves_the_flag_as_it_was() -> None:
    lines = _lines(MAIN, UNRELATED)
    assert lines and not any(CORRECTED.strip() in line for line in lines), lines


def test_the_fix_must_come_after_the_flag() -> None:
    # the fix first, then the truncated hash: the later answer is the one that stands
    lines = _lines(FIX + " " + UNRELATED, MAIN)
    assert lines and not any(CORRECTED.strip() in line for line in lines), lines
