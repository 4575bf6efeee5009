"""Shared fixtures: the packaged catalog, an isolated home, and the project's calibration material.

The calibration sample lives in ``tests/data/calibration`` (written for this project), so a fresh clone runs every
test; nothing depends on a folder beside the checkout.
"""

from __future__ import annotations

import json
import ipaddress
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# litellm must never fetch its price list from the internet during tests (set before anything imports it)
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"

from interviewer.catalog import Catalog, default_catalog, load_catalog

# Environment variables that could make a run reach a model or a real config; tests never keep them.
_LEAKY_ENV = (
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "GEMINI_API_KEY",
    "GROQ_API_KEY",
    "MISTRAL_API_KEY",
    "OPENROUTER_API_KEY",
    "AZURE_API_KEY",
    "INTERVIEWER_MODEL",
    "INTERVIEWER_API_BASE",
    "INTERVIEWER_DEBUG",
)


def _leaky(key: str) -> bool:
    """Any INTERVIEWER_* setting (a configured model would reach the network) or a provider key."""
    keep = ("INTERVIEWER_SHARED",)
    return key in _LEAKY_ENV or key.endswith("_API_KEY") or (key.startswith("INTERVIEWER_") and key not in keep)


# --------------------------------------------------------------------------- shared calibration material


CALIBRATION = Path(__file__).resolve().parent / "data" / "calibration"


def calibration_dir() -> Path:
    """The project's calibration sample (labelled answers and rehearsal scripts)."""
    return CALIBRATION


def load_calibration_answers() -> list[dict[str, Any]]:
    """The labelled answers of ``tests/data/calibration/answers.jsonl``."""
    cal = calibration_dir()
    items = []
    with (cal / "answers.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                items.append(json.loads(line))
    return items


def calibration_scripts() -> list[Path]:
    return sorted((calibration_dir() / "scripts").glob("*.yaml"))


def _params(values: list, ids) -> list:
    assert values, f"the calibration sample in {CALIBRATION} is missing"
    return [pytest.param(v, id=ids(v)) for v in values]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize over the calibration material: ``calibration_item``, ``calibration_question``, ``calibration_script``."""
    if "calibration_item" in metafunc.fixturenames:
        metafunc.parametrize("calibration_item", _params(load_calibration_answers(), lambda d: d["id"]))
    if "calibration_question" in metafunc.fixturenames:
        groups: dict[tuple[str, str], list[dict]] = {}
        for item in load_calibration_answers():
            groups.setdefault((item["persona"], item["question"]), []).append(item)
        # only questions with answers of at least two different labels can be ordered
        ordered = [g for g in groups.values() if len({i["label"] for i in g}) >= 2]
        metafunc.parametrize(
            "calibration_question", _params(ordered, lambda g: "+".join(i["id"] for i in g))
        )
    if "calibration_script" in metafunc.fixturenames:
        metafunc.parametrize("calibration_script", _params(calibration_scripts(), lambda p: p.stem))


@pytest.fixture
def calibration_answers_if_any() -> list[dict[str, Any]]:
    """The calibration answers (kept for tests that use them only as extra input)."""
    return load_calibration_answers()


@pytest.fixture
def calibration_answers() -> list[dict[str, Any]]:
    items = load_calibration_answers()
    assert items, f"{CALIBRATION / 'answers.jsonl'} is empty"
    return items


# --------------------------------------------------------------------------- catalog and home


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The packaged personas and rubrics only (never the user's config folder)."""
    cat = load_catalog(include_user=False)
    assert not cat.problems, [str(p) for p in cat.problems]
    return cat


@dataclass
class TmpHome:
    home: Path  # INTERVIEWER_HOME: sessions and reports
    config: Path  # INTERVIEWER_CONFIG_DIR: the user's personas/ and rubrics/

    def env(self, **extra: str) -> dict[str, str]:
        """An environment for a subprocess: this home, no API keys."""
        env = {k: v for k, v in os.environ.items() if not _leaky(k)}
        env.update(INTERVIEWER_HOME=str(self.home), INTERVIEWER_CONFIG_DIR=str(self.config), PYTHONIOENCODING="utf-8")
        env.update(extra)
        return env


@pytest.fixture
def server():
    """The fake OpenAI-compatible server on 127.0.0.1 (``tests/fakeopenai.py``) answering as an interview model: the
    judge, voice and grader replies of ``llm_helpers.interview_responder``. One per test, stopped after it."""
    from tests.fakeopenai import FakeOpenAI
    from tests.llm_helpers import interview_responder

    with FakeOpenAI(default=interview_responder) as srv:
        yield srv


@pytest.fixture(autouse=True)
def tmp_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> TmpHome:
    """Point INTERVIEWER_HOME and INTERVIEWER_CONFIG_DIR at fresh temp folders (for every test, so that nothing
    ever touches the real home), and drop API keys from the environment."""
    root = tmp_path_factory.mktemp("ihome")
    home, config = root / "data", root / "config"
    home.mkdir()
    config.mkdir()
    for key in list(os.environ):
        if _leaky(key):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("INTERVIEWER_HOME", str(home))
    monkeypatch.setenv("INTERVIEWER_CONFIG_DIR", str(config))
    default_catalog.cache_clear()
    yield TmpHome(home, config)
    default_catalog.cache_clear()


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    """Every test: fail loudly if anything in this process tries to connect anywhere but loopback."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if host not in ("127.0.0.1", "::1", "localhost"):
                raise AssertionError(f"test tried to reach the network: {address!r}")

    def connect(sock, address):
        check(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock, address):
        check(sock, address)
        return real_connect_ex(sock, address)

    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in (None, "localhost"):
            try:
                ipaddress.ip_address(name)  # an address needs no lookup; connect() checks where it goes
            except ValueError:
                raise AssertionError(f"test tried to reach the network (DNS lookup of {name!r})") from None
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
