"""Typed results of running candidate code: one row per test and a run-level status. Pure pydantic."""

from __future__ import annotations

import re

from typing import Literal

from pydantic import BaseModel, Field

Outcome = Literal["passed", "failed", "error", "timed_out"]
RunStatus = Literal["passed", "failed", "error", "timed_out"]


class Limits(BaseModel):
    """What one run may use. The defaults suit the question bank; tests use small ones to break each limit fast."""

    timeout: float = Field(default=5.0, gt=0, description="wall-clock seconds per test")
    load_timeout: float = Field(default=10.0, gt=0, description="wall-clock seconds to start the sandbox and load the code")
    cpu_seconds: int = Field(default=10, ge=1, description="CPU seconds per sandbox process")
    memory_mb: int = Field(default=1024, ge=64, description="address space (RLIMIT_AS) per process")
    file_size_kb: int = Field(default=1024, ge=1, description="largest file the code may write")
    processes: int = Field(default=16, ge=1, description="processes and threads of the run's own uid")
    output_kb: int = Field(default=64, ge=1, description="printed output per test")
    total_seconds: float = Field(default=60.0, gt=0, description="wall-clock budget for the whole run")


class TestResult(BaseModel):
    __test__ = False  # not a pytest class

    name: str
    outcome: Outcome
    detail: str = ""
    input: str = ""  # the call, e.g. "([], 1.0)": shown in the report's test table when the test did not pass
    output: str = ""  # what the code printed during this test (capped)
    probe: str | None = None  # a follow-up question to ask when this test does not pass
    seconds: float | None = None

    @property
    def failure(self) -> str:
        """The detail as a report shows it beside the input: "expected ValueError for ([(2.0, 1.0)], 1.0)" loses its
        second copy of the arguments when the input is shown anyway, and ends with a full stop."""
        text = self.detail.strip()
        if self.input:
            text = re.sub(r"\s+for\s+[\(\[].*$", "", text, flags=re.S)
        return text if not text or text.endswith((".", "!", "?")) else text + "."


class RunResult(BaseModel):
    status: RunStatus
    summary: str  # one line, e.g. "7 of 10 tests passed; test 3 timed out after 5 s"
    tests: list[TestResult] = Field(default_factory=list)
    load_output: str = ""  # what the code printed while loading
    sandbox: dict[str, str] = Field(default_factory=dict)  # what the sandbox could enforce on this machine
    seconds: float = 0.0

    @property
    def passed(self) -> int:
        return sum(t.outcome == "passed" for t in self.tests)

    @property
    def failed(self) -> int:
        return sum(t.outcome in ("failed", "error") for t in self.tests)

    @property
    def timed_out(self) -> int:
        return sum(t.outcome == "timed_out" for t in self.tests)

    @property
    def all_passed(self) -> bool:
        return bool(self.tests) and self.passed == len(self.tests)

    @property
    def pass_rate(self) -> float:
        return self.passed / len(self.tests) if self.tests else 0.0

    def table(self) -> dict:
        """The JSON shape of `interviewer check`."""
        return {
            "status": self.status,
            "summary": self.summary,
            "passed": self.passed,
            "failed": self.failed,
            "timed_out": self.timed_out,
            "tests": [{"name": t.name, "outcome": t.outcome, "detail": t.detail} for t in self.tests],
        }


# --------------------------------------------------------------------------- in a session and its report


class CodeRun(BaseModel):
    """One run of the candidate's code in the sandbox: against the shown examples or the hidden tests."""

    index: int
    question_id: str
    kind: Literal["examples", "tests"]
    at: float  # session clock
    turn: int | None = None  # the candidate turn that submitted it (hidden tests), if any
    code: str
    result: RunResult


class CodeRunRow(BaseModel):
    """One step in how the code evolved: when it ran, against what, and how it did."""

    minute: float
    kind: Literal["examples", "tests"]
    passed: int
    total: int
    status: str
    summary: str
    lines: int
    change: str = ""  # e.g. "+4 -1 lines" against the previous run


class CodingSection(BaseModel):
    """A coding question in the report: the final code, its test table and how it got there."""

    question_id: str
    question: str
    final_code: str = ""
    summary: str = ""
    tests: list[TestResult] = Field(default_factory=list)
    runs: list[CodeRunRow] = Field(default_factory=list)
