"""Runs untrusted candidate code in a confined child process and returns typed results.

Engine layer: no textual, no litellm. Nothing here executes candidate code in the calling process.
"""

from interviewer.runner.bank import BankError, CodingSpec, has_spec, load_spec, run_examples, run_tests
from interviewer.runner.models import Limits, RunResult, TestResult

__all__ = ["BankError", "CodingSpec", "Limits", "RunResult", "TestResult", "has_spec", "load_spec", "run", "run_examples", "run_tests"]


def __getattr__(name: str):
    if name == "run":  # the sandbox (subprocess, select) loads only when something runs
        from interviewer.runner.sandbox import run

        return run
    raise AttributeError(name)
