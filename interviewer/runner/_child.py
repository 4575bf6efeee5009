"""The child side of the sandbox: confine this process, load the candidate's code, run the tests, report results.

Run as ``python -I _child.py RESULTS_FD`` with the job (JSON) on stdin. Standard library only, and nothing from the
``interviewer`` package: this file runs in the sandbox, never in the app's process. Everything up to ``_load`` runs
before a single line of the candidate's code is compiled.

Results go out on RESULTS_FD (a pipe the parent opened) as JSON lines stamped with a per-run nonce that arrives on
stdin and stays in this module's closures. Printing, ``sys.exit`` and ``os._exit`` cannot produce a passing record;
the parent counts only stamped records and treats a test with no record as not passed.
"""

import copy
import ctypes
import json
import math
import os
import resource
import signal
import stat
import sys
import traceback

MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 4096, 16384, 1 << 18
CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWUSER = 0x00020000, 0x40000000, 0x10000000
PR_SET_NO_NEW_PRIVS = 38


class OutputLimit(BaseException):  # not an Exception: `except Exception` in the candidate's code cannot swallow it
    pass


class Mismatch(Exception):
    pass


# --------------------------------------------------------------------------- confinement


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _call(fn, *args):
    if fn(*args) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def _needed_paths():
    paths = {os.path.realpath(sys.executable), sys.prefix, sys.base_prefix}
    paths.update(p for p in sys.path if p and os.path.exists(p))
    return sorted(os.path.realpath(p) for p in paths)


def _closed_ancestors(paths):
    """{dir: {child, ...}} for the first directory on each path that other users cannot enter (e.g. /root, 0700)."""
    out = {}
    for p in paths:
        parts = p.strip("/").split("/")
        cur = "/"
        for i, part in enumerate(parts[:-1]):
            try:
                mode = os.stat(cur).st_mode
            except OSError:
                break
            if not mode & stat.S_IXOTH:
                out.setdefault(cur, set()).add(part)
                break
            cur = os.path.join(cur, part)
            if i == len(parts) - 2:
                break
    return out


def _open_to_others(paths):
    for p in paths:
        cur = "/"
        for part in p.strip("/").split("/")[:-1]:
            cur = os.path.join(cur, part)
            try:
                if not os.stat(cur).st_mode & stat.S_IXOTH:
                    return False
            except OSError:
                return False
    return True


def _confine(box, limits):
    """Namespaces, a private /tmp, an unprivileged uid, then the rlimits. Returns what worked, in words."""
    notes = {"network": "not isolated", "user": f"uid {os.getuid()}", "filesystem": "shared"}
    libc = _libc()
    uid = box.get("uid")
    mounted = False
    shared = []  # temporary directories left shared because the interpreter lives in them
    if os.getuid() == 0:
        try:
            _call(libc.unshare, CLONE_NEWNS | CLONE_NEWNET)
            notes["network"] = "isolated (own network namespace, no interfaces up)"
            _call(libc.mount, b"none", b"/", None, MS_REC | MS_PRIVATE, None)
            opts = b"size=%dk,mode=1777" % (limits["file_size_kb"] * 4 + 1024)
            needed = _needed_paths()
            for d in (d for d in ("/tmp", "/dev/shm", "/var/tmp") if os.path.isdir(d)):
                if any((p + "/").startswith(os.path.realpath(d) + "/") for p in needed):
                    shared.append(d)  # the interpreter lives in it (a venv under /tmp): a tmpfs would hide it
                else:
                    _call(libc.mount, b"tmpfs", d.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, opts)
            for k, (closed, children) in enumerate(sorted(_closed_ancestors(needed).items())):
                staged = []
                for c in sorted(children):
                    stage = f"/tmp/.stage{k}-{c}"
                    if "/tmp" in shared:  # the real /tmp: inside this run's own directory, which the parent removes
                        stage = os.path.join(os.getcwd(), f".stage{k}-{c}")
                    os.makedirs(stage)
                    _call(libc.mount, os.path.join(closed, c).encode(), stage.encode(), None, MS_BIND | MS_REC, None)
                    staged.append((c, stage))
                _call(libc.mount, b"tmpfs", closed.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, b"size=64k,mode=755")
                for c, stage in staged:
                    os.makedirs(os.path.join(closed, c))
                    _call(libc.mount, stage.encode(), os.path.join(closed, c).encode(), None, MS_BIND | MS_REC, None)
            mounted = _open_to_others(needed)
        except OSError as exc:
            if notes["network"] == "not isolated":
                notes["network"] = f"not isolated (no namespaces here: {exc.strerror})"
        if mounted:
            notes["filesystem"] = "private /tmp; private directories above the interpreter hidden"
            if shared:  # it stays in the directory the parent made for this run (and removes after it)
                notes["filesystem"] = (f"{', '.join(shared)} shared (the interpreter lives there); "
                                       "private directories above the interpreter hidden")
            else:
                os.makedirs("/tmp/work", exist_ok=True)
                os.chdir("/tmp/work")
        if uid and (mounted or _open_to_others(_needed_paths())):
            try:
                os.chown(os.getcwd(), uid, uid)
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
                notes["user"] = f"unprivileged uid {uid} of its own (process limit enforced)"
            except OSError as exc:
                notes["user"] = f"root (could not drop privileges: {exc.strerror}; process limit not enforced)"
        else:
            notes["user"] = "root (the interpreter is not reachable by other users; process limit not enforced)"
    else:
        try:
            me = os.getuid()
            _call(libc.unshare, CLONE_NEWUSER | CLONE_NEWNET)
            for name, text in (("setgroups", "deny"), ("uid_map", f"{me} {me} 1"), ("gid_map", f"{os.getgid()} {os.getgid()} 1")):
                with open(f"/proc/self/{name}", "w") as fh:
                    fh.write(text)
            notes["network"] = "isolated (user and network namespace)"
        except OSError as exc:
            notes["network"] = f"not isolated ({exc.strerror})"
        notes["user"] = f"uid {me} (process limit shared with your other processes)"
    try:
        _call(libc.prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    cpu = int(limits["cpu_seconds"])
    nproc = int(limits["processes"])
    if os.getuid() != 0 and not (uid and os.getuid() == uid):
        nproc += _processes_of(os.getuid())  # a shared uid: allow for the user's own processes
    for res, value in (
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_AS, (limits["memory_mb"] << 20,) * 2),
        (resource.RLIMIT_FSIZE, (limits["file_size_kb"] << 10,) * 2),
        (resource.RLIMIT_NPROC, (nproc, nproc)),
        (resource.RLIMIT_CORE, (0, 0)),
    ):
        resource.setrlimit(res, value)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails with EFBIG instead of killing us
    return notes


def _processes_of(uid):
    n = 0
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.stat(f"/proc/{pid}").st_uid == uid:
                    n += 1
            except OSError:
                pass
    return n


# --------------------------------------------------------------------------- values and comparison


def plain(value, depth=0):
    """The result as plain data (numbers, strings, lists, dicts); anything else is a wrong return type.

    An object whose ``__eq__`` always says True never reaches a comparison."""
    if depth > 50:
        raise Mismatch("the result is nested too deeply")
    t = type(value)
    if value is None or t in (bool, int, float, str):
        return value
    mod = getattr(t, "__module__", "") or ""
    if mod.startswith("numpy"):
        if hasattr(value, "tolist"):
            return plain(value.tolist(), depth + 1)
    if t in (list, tuple):
        return [plain(v, depth + 1) for v in value]
    if t is dict:
        return {_key(k, depth + 1): plain(v, depth + 1) for k, v in value.items()}
    if t in (set, frozenset):
        return {"__set__": sorted((plain(v, depth + 1) for v in value), key=repr)}
    raise Mismatch(f"returned an object of type {t.__name__}, not plain data (numbers, strings, lists, dicts)")


def _key(value, depth):
    if type(value) is tuple:
        return tuple(_key(v, depth + 1) for v in value)
    value = plain(value, depth)
    if isinstance(value, (list, dict)):
        raise Mismatch("a dict key is not plain data")
    return value


def close(got, want, tol):
    if isinstance(want, float) or isinstance(got, float):
        if isinstance(got, bool) or isinstance(want, bool) or not isinstance(got, (int, float)) or not isinstance(want, (int, float)):
            return False
        if math.isnan(want):
            return math.isnan(got)
        return math.isclose(got, want, rel_tol=tol, abs_tol=tol)
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(close(g, w, tol) for g, w in zip(got, want))
    if isinstance(want, dict):
        return isinstance(got, dict) and set(got) == set(want) and all(close(got[k], want[k], tol) for k in want)
    return type(got) is type(want) and got == want


def short(value, n=160):
    text = repr(value)
    return text if len(text) <= n else text[: n - 3] + "..."


class Test:
    def __init__(self, name, run, shown, probe=None):
        self.name, self.run, self.input, self.probe = name, run, shown, probe


def case(name, *args, expected, tol=1e-6, probe=None, **kwargs):
    """A test: call the function with these arguments and compare the result to ``expected``."""
    shown = ", ".join([short(a, 80) for a in args] + [f"{k}={short(v, 40)}" for k, v in kwargs.items()])

    def run(f):
        got = plain(f(*copy.deepcopy(args), **copy.deepcopy(kwargs)))
        want = plain(expected)
        if not close(got, want, tol):
            raise AssertionError(f"expected {short(want)}, got {short(got)}")

    return Test(name, run, f"({shown})", probe)


def check(name, fn, input="", probe=None):
    """A test by a function that receives the candidate's function and raises AssertionError when it fails."""
    return Test(name, fn, input, probe)


def _example_tests(examples, namespace):
    tests = []
    extra = {"math": math, "random": __import__("random")}
    if any("np." in ex["call"] for ex in examples):
        try:
            extra["np"] = __import__("numpy")
        except ImportError:
            pass
    for i, ex in enumerate(examples, 1):
        def run(f, ex=ex):
            got = plain(eval(ex["call"], {**extra, **namespace}))  # noqa: S307 - the examples are the question's own
            want = plain(eval(ex["expected"], {}))  # noqa: S307
            if not close(got, want, ex.get("tol", 1e-6)):
                raise AssertionError(f"expected {short(want)}, got {short(got)}")

        tests.append(Test(f"example {i}", run, ex["call"]))
    return tests


# --------------------------------------------------------------------------- the run


class _Capped:
    def __init__(self, limit):
        self.limit, self.size, self.parts = limit, 0, []

    def write(self, s):
        s = str(s)
        self.size += len(s)
        if self.size > self.limit:
            raise OutputLimit()
        self.parts.append(s)
        return len(s)

    def flush(self):
        pass

    def text(self, n=2000):
        return "".join(self.parts)[:n]


def _error_text(exc, source_name="solution.py"):
    if isinstance(exc, SyntaxError):
        return f"SyntaxError on line {exc.lineno}: {exc.msg}"
    if isinstance(exc, SystemExit):
        return f"called sys.exit({exc.code!r})"
    if isinstance(exc, MemoryError):
        return "ran out of memory (MemoryError)"
    if isinstance(exc, OutputLimit):
        return "printed more output than the limit allows"
    line = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == source_name:
            line = f" (line {frame.lineno}: {frame.line})" if frame.line else f" (line {frame.lineno})"
    text = str(exc)
    text = text if len(text) <= 200 else text[:197] + "..."
    return f"{type(exc).__name__}: {text}{line}" if text else f"{type(exc).__name__}{line}"


def main():
    fd = int(sys.argv[1])
    job = json.loads(sys.stdin.buffer.read())
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    me = os.getpid()
    nonce = job.pop("nonce")

    def emit(**record):
        if os.getpid() != me:  # a forked copy of this process never reports
            os._exit(0)
        record["n"] = nonce
        os.write(fd, (json.dumps(record) + "\n").encode())

    limits = job["limits"]
    emit(e="ready", sandbox=_confine(job.get("box", {}), limits))

    source = job["source"]
    solution = type(sys)("solution")
    solution.__file__ = "solution.py"
    sys.modules["solution"] = solution
    if job.get("tests_source") is not None:
        tests_ns = {"case": case, "check": check, "solution": solution, "__name__": "hidden_tests"}
        exec(compile(job["tests_source"], "hidden_tests.py", "exec"), tests_ns)  # noqa: S102 - the question's own tests
        tests = list(tests_ns["TESTS"])
    else:
        tests = _example_tests(job.get("examples", []), solution.__dict__)
    emit(e="plan", tests=[{"name": t.name, "input": t.input, "probe": t.probe} for t in tests])

    start = job.get("start", 0)
    out_limit = limits["output_kb"] << 10
    real_out, real_err = sys.stdout, sys.stderr
    cap = _Capped(out_limit)
    sys.stdout = sys.stderr = cap
    try:
        import linecache

        linecache.cache["solution.py"] = (len(source), None, source.splitlines(True), "solution.py")
        code = compile(source, "solution.py", "exec")
        exec(code, solution.__dict__)  # noqa: S102 - untrusted, and that is why we are in here
        f = solution.__dict__.get(job["function"])
        if not callable(f):
            raise NameError(f"no function named {job['function']}() in your code")
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are results too
        sys.stdout, sys.stderr = real_out, real_err
        emit(e="load", ok=False, detail=_error_text(exc), output=cap.text())
        os._exit(0)
    sys.stdout, sys.stderr = real_out, real_err
    emit(e="load", ok=True, output=cap.text())

    for i in range(start, len(tests)):
        t = tests[i]
        emit(e="start", i=i)
        cap = _Capped(out_limit)
        sys.stdout = sys.stderr = cap
        try:
            t.run(f)
            outcome, detail = "passed", ""
        except AssertionError as exc:
            outcome, detail = "failed", str(exc) or "the check failed"
        except Mismatch as exc:
            outcome, detail = "failed", str(exc)
        except BaseException as exc:  # noqa: BLE001
            outcome, detail = "error", _error_text(exc)
        finally:
            sys.stdout, sys.stderr = real_out, real_err
        emit(e="end", i=i, outcome=outcome, detail=detail, output=cap.text())
    emit(e="done")
    if job.get("box", {}).get("uid") and os.getuid() == job["box"]["uid"]:
        try:
            os.kill(-1, signal.SIGKILL)  # every process of this run's own uid but this one
        except OSError:
            pass
    os._exit(0)


if __name__ == "__main__":
    main()
