"""Code entry for the line chat in a coding round: `/code` reads a multi-line block, `/file PATH` loads one, `/run`
runs it against the shown examples. The code is submitted with the next answer and runs in the sandbox."""

from __future__ import annotations

from pathlib import Path

from interviewer.coding_service import MAX_CODE_BYTES, spec_text
from interviewer.engine.interview import Interview

CODE_HELP = """\
Coding round: /code     type or paste your code, end it with a line holding only '.'
              /file PATH load your code from a file
              /run      run the code against the examples shown with the question
Your code is submitted with your next answer and runs against hidden tests in a sandbox.
"""


class CodeDesk:
    """The candidate's current code in the line chat, and which question's spec was last shown."""

    def __init__(self, interview: Interview, say) -> None:
        self.interview = interview
        self.say = say
        self.code: str | None = None
        self.shown: str | None = None

    @property
    def active(self) -> bool:
        return self.interview.rubric.kind == "coding"

    def show_spec(self) -> None:
        q = self.interview.session.current_question
        if not self.active or q is None or q.question_id == self.shown:
            return
        self.shown = q.question_id
        self.code = None
        text = spec_text(q.question_id)
        if text:
            self.say("\n" + text)
            self.say("\n" + CODE_HELP)

    def read_block(self, inp, end_mark: str, tty: bool) -> None:
        if tty:
            self.say(f"Code (end with a line holding only '{end_mark}'):")
        lines: list[bytes] = []
        while True:
            line = inp.readline()
            if not line or line.strip() == end_mark.encode():
                break
            lines.append(line)
        self._set(b"".join(lines))

    def load(self, path: str) -> None:
        p = Path(path.strip()).expanduser()
        try:
            data = p.read_bytes()
        except OSError as exc:
            self.say(f"  Cannot read {p}: {exc.strerror or exc}", err=True)
            return
        if len(data) > MAX_CODE_BYTES:
            self.say(f"  {p} is too large ({len(data):,} bytes; the limit is {MAX_CODE_BYTES:,}).", err=True)
            return
        self._set(data)

    def _set(self, data: bytes) -> None:
        code = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
        if not code.strip():
            self.say("  No code entered.", err=True)
            return
        self.code = code
        self.say(f"  Code ready ({len(code.splitlines())} lines): it goes with your next answer. /run tries the examples.", err=True)

    async def run(self) -> None:
        if not self.code:
            self.say("  No code yet: enter it with /code or /file PATH.", err=True)
            return
        self.say("  Running the examples in the sandbox…", err=True)
        result = await self.interview.run_examples(self.code)
        if result is None:
            self.say("  There is no coding question open right now.", err=True)
            return
        self.say(f"  {result.summary}")
        for t in result.tests:
            if t.outcome != "passed":
                self.say(f"    {t.input}: {t.detail}")
            if t.output:
                self.say(f"    printed: {t.output.strip()[:300]}")

    def take(self) -> str | None:
        """The code to submit with the answer being sent (then cleared)."""
        code, self.code = self.code, None
        return code
