"""Shared fixtures: the packaged catalog, an isolated home, and the shared calibration material.

The shared folder sits beside the checkout (``<root>/main`` and ``<root>/shared``); ``INTERVIEWER_SHARED`` points
elsewhere. Tests that need it are skipped when it cannot be found.
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


def shared_dir() -> Path | None:
    """The shared folder (design doc, calibration), or None when it is not there."""
    candidates = [Path(__file__).resolve().parents[2] / "shared"]
    env = os.environ.get("INTERVIEWER_SHARED")
    if env:
        candidates.append(Path(env).expanduser())
    for c in candidates:
        if (c / "calibration").is_dir():
            return c
    return None


def calibration_dir() -> Path | None:
    root = shared_dir()
    return root / "calibration" if root else None


def load_calibration_answers() -> list[dict[str, Any]]:
    """The labelled answers of ``calibration/answers.jsonl`` ([] when the shared folder is missing)."""
    cal = calibration_dir()
    if cal is None or not (cal / "answers.jsonl").is_file():
        return []
    items = []
    with (cal / "answers.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                items.append(json.loads(line))
    return items


def calibration_scripts() -> list[Path]:
    cal = calibration_dir()
    if cal is None:
        return []
    return sorted((cal / "scripts").glob("*.yaml"))


SKIP_NO_SHARED = pytest.mark.skip(reason="shared calibration folder not found (set INTERVIEWER_SHARED)")


def require_shared() -> Path:
    root = shared_dir()
    if root is None:
        pytest.skip("shared calibration folder not found (set INTERVIEWER_SHARED)")
    return root


def _params(values: list, ids) -> list:
    if not values:
        return [pytest.param(None, marks=SKIP_NO_SHARED, id="no-shared")]
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
    """The calibration answers, or [] without the shared folder (for tests that only use them as extra input)."""
    return load_calibration_answers()


@pytest.fixture
def calibration_answers() -> list[dict[str, Any]]:
    require_shared()
    items = load_calibration_answers()
    if not items:
        pytest.skip("calibration/answers.jsonl is missing or empty")
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
