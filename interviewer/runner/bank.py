"""The coding question bank: for each question, what the candidate sees (signature, starter code, examples) and the
hidden tests only the runner sees. Files live in ``coding/<id>.yaml`` and ``coding/<id>_tests.py`` (packaged as
``interviewer/_data/coding``); the question's statement, key points and red flags live in ``personas/ml-coding.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from interviewer.errors import InterviewerError
from interviewer.paths import package_data_dir
from interviewer.runner.models import Limits, RunResult


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid")

    call: str  # an expression calling the function, e.g. "ema([(0.0, 1.0)], half_life=1.0)"
    expected: str  # a Python literal
    tol: float = 1e-6


class CodingSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    function: str  # the function the tests call
    signature: str
    starter: str
    examples: list[Example] = Field(min_length=1)
    numpy: bool = False  # the question is meant to be solved with NumPy
    tests_source: str = Field(default="", exclude=True)  # hidden: never shown to the candidate

    def shown(self) -> str:
        """What the candidate sees beside the question: the signature and the examples."""
        lines = [self.signature, "", "Examples:"]
        lines += [f"  {ex.call}  ->  {ex.expected}" for ex in self.examples]
        return "\n".join(lines)


class BankError(InterviewerError):
    """A coding question whose spec or tests cannot be loaded."""


def bank_dir() -> Path:
    return package_data_dir("coding")


@lru_cache(maxsize=64)
def load_spec(question_id: str, folder: str | None = None) -> CodingSpec:
    root = Path(folder) if folder else bank_dir()
    path = root / f"{question_id}.yaml"
    tests = root / f"{question_id.replace('-', '_')}_tests.py"
    if not path.is_file():
        raise BankError(f"no coding question '{question_id}' (no {path.name} in {root})")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.setdefault("id", question_id)
    spec = CodingSpec.model_validate(data)
    if not tests.is_file():
        raise BankError(f"coding question '{question_id}' has no hidden tests ({tests.name})")
    spec.tests_source = tests.read_text(encoding="utf-8")
    return spec


def has_spec(question_id: str) -> bool:
    return (bank_dir() / f"{question_id}.yaml").is_file()


def run_tests(spec: CodingSpec, code: str, limits: Limits | None = None) -> RunResult:
    """Run ``code`` against the question's hidden tests, in the sandbox."""
    from interviewer.runner.sandbox import run

    return run(code, function=spec.function, tests_source=spec.tests_source, limits=limits)


def run_examples(spec: CodingSpec, code: str, limits: Limits | None = None) -> RunResult:
    """Run ``code`` against the examples the candidate can see, in the sandbox."""
    from interviewer.runner.sandbox import run

    return run(code, function=spec.function, examples=[e.model_dump() for e in spec.examples], limits=limits)
