"""Settings precedence (defaults < config.toml < INTERVIEWER_* env < CLI) and what doctor shows."""

from __future__ import annotations

import io

import pytest

from interviewer import doctor
from interviewer.config import describe_sources, load_settings, quick_model_configured


@pytest.fixture
def cfg(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_CONFIG_DIR", str(tmp_path))
    for k in ("INTERVIEWER_MODEL", "INTERVIEWER_API_BASE", "INTERVIEWER_TIMEOUT", "INTERVIEWER_JUDGE_MODEL", "INTERVIEWER_API_KEY"):
        monkeypatch.delenv(k, raising=False)
    return tmp_path / "config.toml"


def test_defaults_mean_offline(cfg):
    s = load_settings()
    assert not s.llm_enabled and s.timeout == 60 and s.retries == 2
    assert not quick_model_configured()


def test_precedence_toml_env_cli(cfg, monkeypatch):
    cfg.write_text('model = "openai/from-toml"\ntimeout = 12\njudge_model = "openai/judge-toml"\n')
    s = load_settings()
    assert (s.model, s.timeout, s.effective_judge_model, s.effective_voice_model) == (
        "openai/from-toml", 12, "openai/judge-toml", "openai/from-toml")
    assert quick_model_configured()
    monkeypatch.setenv("INTERVIEWER_MODEL", "openai/from-env")
    monkeypatch.setenv("INTERVIEWER_TIMEOUT", "7")
    s = load_settings()
    assert (s.model, s.timeout) == ("openai/from-env", 7)
    s = load_settings(model="openai/from-cli", api_base="http://127.0.0.1:1/v1")
    assert s.model == "openai/from-cli" and s.api_base == "http://127.0.0.1:1/v1"
    sources = {name: src for name, _, src in describe_sources(s, {"model": "openai/from-cli"})}
    assert sources["model"] == "command line"
    assert sources["timeout"] == "env INTERVIEWER_TIMEOUT"
    assert sources["judge_model"].startswith("config ")
    assert sources["concurrency"] == "default"


def test_interviewer_table_in_toml(cfg):
    cfg.write_text('[interviewer]\nmodel = "ollama/llama3.1"\napi-base = "http://localhost:11434"\n')
    s = load_settings()
    assert s.model == "ollama/llama3.1" and s.api_base == "http://localhost:11434"


def test_broken_toml_is_one_clear_error(cfg):
    cfg.write_text("model = [unclosed\n")
    with pytest.raises(ValueError, match="config file .*config.toml is invalid"):
        load_settings()


def test_invalid_value_names_the_field(cfg, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_TIMEOUT", "-3")
    with pytest.raises(Exception, match="timeout"):
        load_settings()


def test_doctor_offline_never_prints_a_key(cfg, monkeypatch):
    secret = "sk-test-DOCTOR-SHOULD-NOT-PRINT-1234"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    monkeypatch.setenv("INTERVIEWER_API_KEY", secret)
    out = io.StringIO()
    assert doctor.run(None, None, None, out=out) == 0
    text = out.getvalue()
    assert secret not in text
    assert "OPENAI_API_KEY set" in text and "api_key" in text and "set (hidden)" in text
    assert "Engine: offline" in text
