"""The LLM brain, through litellm: the interviewer's voice (streamed), the judge (structured output) and the grader
(a per-dimension scorer that ``report.grader`` calls). One job per module:

- ``client``: litellm (imported lazily, only here), secret redaction, failure naming, retries and time limits;
- ``prompts``: the Jinja2 prompt files and the shared context (system prompt, recent history, running notes);
- ``structured``: schema-constrained calls with format degradation (remembered per client, not per process) and repair;
- ``quotes``: evidence quotes verified verbatim against what the candidate wrote;
- ``voice``, ``judge``, ``grader``, ``preflight``: the four uses.

litellm is imported inside functions only: ``interviewer --help``, ``review`` and the TUI's first frame never pay its
3-4 s import. Every failure ends as an ``EngineFailure`` whose message names the cause and never contains a key; the
caller then falls back to the offline engine for that turn.
"""

from interviewer.judges.llm.client import LLMClient, _litellm, describe_failure, redact
from interviewer.judges.llm.grader import GradeOutput, LLMGrader
from interviewer.judges.llm.judge import JudgedDimension, JudgeOutput, LLMJudge
from interviewer.judges.llm.preflight import preflight
from interviewer.judges.llm.prompts import as_data, render_prompt, running_notes, system_prompt
from interviewer.judges.llm.quotes import verify_quotes
from interviewer.judges.llm.structured import FormatMemory, StructuredCaller, StructuredResult, parse_json_reply
from interviewer.judges.llm.voice import MAX_VOICE_CHARS, LLMVoice, clean_voice

__all__ = [
    "FormatMemory",
    "GradeOutput",
    "JudgeOutput",
    "JudgedDimension",
    "LLMClient",
    "LLMGrader",
    "LLMJudge",
    "LLMVoice",
    "MAX_VOICE_CHARS",
    "StructuredCaller",
    "StructuredResult",
    "_litellm",
    "as_data",
    "clean_voice",
    "describe_failure",
    "parse_json_reply",
    "preflight",
    "redact",
    "render_prompt",
    "running_notes",
    "system_prompt",
    "verify_quotes",
]
