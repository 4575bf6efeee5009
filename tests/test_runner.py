"""The sandbox: each limit is proven by code that breaks it, and nothing the candidate's code does can fake a pass.

Small limits keep these fast. Outcomes are asserted, never durations.
"""

from __future__ import annotations

import os
import tempfile

import pytest

from interviewer.runner import Limits, run
from interviewer.runner.models import RunResult

TESTS = """
TESTS = [
    case("one", 1, expected=2, probe="what about one?"),
    case("two", 2, expected=3),
    case("three", 3, expected=4),
]
"""
SMALL = Limits(timeout=3, cpu_seconds=5, memory_mb=256, processes=8, file_size_kb=256, output_kb=8, total_seconds=30)


def go(source: str, limits: Limits = SMALL) -> RunResult:
    return run(source, function="f", tests_source=TESTS, limits=limits)


def outcomes(r: RunResult) -> list[str]:
    return [t.outcome for t in r.tests]


def test_a_correct_solution_passes_every_test():
    r = go("def f(x):\n    return x + 1\n")
    assert r.status == "passed" and outcomes(r) == ["passed"] * 3
    assert r.summary == "3 of 3 tests passed"
    assert r.table()["passed"] == 3 and r.table()["failed"] == 0


def test_a_wrong_answer_fails_with_expected_and_got():
    r = go("def f(x):\n    return x\n")
    assert r.status == "failed" and outcomes(r) == ["failed"] * 3
    assert r.tests[0].detail == "expected 2, got 1"
    assert r.tests[0].input == "(1)" and r.tests[0].probe == "what about one?"


def test_a_syntax_error_is_one_clear_line():
    r = go("def f(x)\n    return 1\n")
    assert r.status == "error" and outcomes(r) == ["error"] * 3
    assert "SyntaxError on line 1" in r.summary


def test_sys_exit_while_loading_passes_nothing():
    r = go("import sys\nsys.exit(0)\ndef f(x):\n    return x + 1\n")
    assert r.status == "error" and r.passed == 0
    assert "called sys.exit(0)" in r.summary


def test_os_exit_before_the_tests_passes_nothing():
    r = go("import os\nos._exit(0)\n")
    assert r.status == "error" and r.passed == 0
    assert "exited (code 0)" in r.summary


def test_os_exit_inside_a_test_costs_that_test_and_the_run_goes_on():
    r = go("import os\ndef f(x):\n    if x == 2:\n        os._exit(0)\n    return x + 1\n")
    assert outcomes(r) == ["passed", "error", "passed"]
    assert "exited (code 0)" in r.tests[1].detail


def test_sys_exit_inside_a_test_is_an_error():
    r = go("import sys\ndef f(x):\n    sys.exit(0)\n")
    assert outcomes(r) == ["error"] * 3 and "sys.exit(0)" in r.tests[0].detail


def test_printing_a_passing_summary_or_forging_records_passes_nothing():
    fake = (
        "import json, os, sys\n"
        "fd = int(sys.argv[1]) if len(sys.argv) > 1 else 3\n"
        "for i in range(3):\n"
        "    line = json.dumps({'n': 'guess', 'e': 'end', 'i': i, 'outcome': 'passed'}) + '\\n'\n"
        "    print(line)\n"
        "    try:\n"
        "        os.write(fd, line.encode())\n"
        "    except OSError:\n"
        "        pass\n"
        "print('3 of 3 tests passed')\n"
        "os._exit(0)\n"
    )
    r = go(fake)
    assert r.passed == 0 and r.status == "error"


def test_an_object_that_equals_everything_does_not_pass():
    r = go("class A:\n    def __eq__(self, other):\n        return True\ndef f(x):\n    return A()\n")
    assert r.passed == 0 and "not plain data" in r.tests[0].detail


def test_an_infinite_loop_times_out_on_that_test_and_the_rest_still_run():
    r = go("def f(x):\n    while x == 2:\n        pass\n    return x + 1\n")
    assert outcomes(r) == ["passed", "timed_out", "passed"]
    assert r.tests[1].detail == "timed out after 3 s on test 2"
    assert r.status == "failed"


def test_an_infinite_loop_while_loading_times_out_the_run():
    r = go("while True:\n    pass\n", SMALL.model_copy(update={"load_timeout": 1}))
    assert r.status == "timed_out" and outcomes(r) == ["timed_out"] * 3
    assert r.summary == "Timed out after 1 s while loading your code (before test 1)"


def test_the_cpu_time_limit_stops_a_busy_loop_before_the_wall_clock():
    one = "TESTS = [case('spin', 1, expected=2)]"
    r = run("def f(x):\n    while True:\n        pass\n", function="f", tests_source=one, limits=SMALL.model_copy(update={"timeout": 60, "cpu_seconds": 1}))
    assert outcomes(r) == ["timed_out"]
    assert "more than 1 s of CPU time" in r.tests[0].detail


def test_a_memory_hog_hits_the_memory_limit():
    r = go("def f(x):\n    block = bytearray(1 << 30)\n    return x + 1\n")
    assert outcomes(r) == ["error"] * 3 and "memory" in r.tests[0].detail.lower()


def test_a_fork_loop_hits_the_process_limit():
    r = go("import os\ndef f(x):\n    while True:\n        os.fork()\n")
    assert r.passed == 0
    if "process limit enforced" in r.sandbox.get("user", ""):
        assert "Resource temporarily unavailable" in r.tests[0].detail


def test_a_flood_of_prints_is_capped():
    r = go("def f(x):\n    while True:\n        print('x' * 1000)\n")
    assert outcomes(r) == ["error"] * 3 and "printed more output than the limit" in r.tests[0].detail


def test_a_huge_print_does_not_hang_or_fill_memory():
    r = go("def f(x):\n    print('x' * (1 << 30))\n    return x + 1\n")  # 1 GB
    assert r.passed == 0 and r.status == "failed"


def test_writing_a_big_file_hits_the_file_size_limit():
    r = go("def f(x):\n    with open('big.bin', 'wb') as fh:\n        fh.write(b'x' * (1 << 20))\n    return x + 1\n")
    assert r.passed == 0 and "File too large" in r.tests[0].detail


def test_writing_straight_to_stdout_is_limited_too():
    r = go("import os\ndef f(x):\n    for _ in range(32):\n        os.write(1, b'x' * 65536)\n    return x + 1\n")
    assert r.passed == 0 and "File too large" in r.tests[0].detail


def test_printed_output_is_reported_per_test():
    r = go("def f(x):\n    print('seen', x)\n    return x + 1\n")
    assert r.tests[0].output == "seen 1\n"


def test_no_network_where_namespaces_are_available():
    r = go("import socket\ndef f(x):\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n    return x + 1\n")
    assert r.passed == 0
    if r.sandbox.get("network", "").startswith("isolated"):
        assert "Network is unreachable" in r.tests[0].detail or "Connection refused" not in r.tests[0].detail


def test_the_candidate_cannot_write_into_the_project_when_privileges_drop(tmp_path):
    target = tmp_path / "owned.txt"
    os.chmod(tmp_path, 0o755)
    r = go(f"def f(x):\n    open({str(target)!r}, 'w').write('x')\n    return x + 1\n")
    if "unprivileged" in r.sandbox.get("user", ""):
        assert not target.exists() and r.passed == 0


def test_the_sandbox_says_what_it_enforced():
    r = go("def f(x):\n    return x + 1\n")
    assert set(r.sandbox) == {"network", "user", "filesystem"}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can drop to a uid of its own")
def test_as_root_the_code_runs_as_an_unprivileged_uid():
    r = run("import os\ndef f(x):\n    return os.getuid()\n", function="f", tests_source="TESTS = [case('uid', 0, expected=0)]", limits=SMALL)
    assert r.tests[0].outcome == "failed"  # not uid 0
    assert "unprivileged" in r.sandbox["user"]


def test_a_failure_beside_its_input_does_not_repeat_the_arguments():
    """The report shows a failing test's input beside its detail: the arguments are not printed twice, in two forms
    (found reading a coding report: "([(2, 1), (1, 1)], 1.0) — expected ValueError for ([(2.0, 1.0), (1.0, 1.0)], 1.0)")."""
    from interviewer.runner.models import TestResult

    shown = TestResult(name="backwards", outcome="failed", detail="expected ValueError for ([(2.0, 1.0), (1.0, 1.0)], 1.0)",
                       input="([(2, 1), (1, 1)], 1.0)")
    assert shown.failure == "expected ValueError."
    alone = TestResult(name="backwards", outcome="failed", detail="expected ValueError for ([(2.0, 1.0)], 1.0)")
    assert alone.failure == "expected ValueError for ([(2.0, 1.0)], 1.0)."  # no input shown: the detail keeps them
    assert TestResult(name="x", outcome="failed", detail="expected [1.0], got [2.0]", input="([1],)").failure == "expected [1.0], got [2.0]."


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root mounts a private /tmp")
def test_an_interpreter_that_lives_under_tmp_still_runs_the_code_as_its_own_uid(monkeypatch):
    """A venv under /tmp (a clone in /tmp): the private /tmp the sandbox mounts hid the interpreter's own packages, so
    the code ran as root and tests that need the venv's packages failed. /tmp stays shared then, and says so."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from interviewer.runner import sandbox

    home = Path(tempfile.mkdtemp(dir="/tmp"))  # as a clone in /tmp would be (pytest's tmp_path sits under 0700 dirs)
    os.chmod(home, 0o755)
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    monkeypatch.setattr(sandbox.sys, "executable", str(venv / "bin" / "python"))
    try:
        r = run("import os\ndef f(x):\n    return os.getuid()\n", function="f", tests_source="TESTS = [case('uid', 0, expected=0)]", limits=SMALL)
    finally:
        monkeypatch.undo()
        shutil.rmtree(home, ignore_errors=True)
    assert r.tests and r.tests[0].outcome == "failed", r.sandbox  # it ran, and not as uid 0
    assert "unprivileged" in r.sandbox["user"]
    assert r.sandbox["filesystem"].startswith("/tmp shared")
