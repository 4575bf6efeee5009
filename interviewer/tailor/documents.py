"""Reading a job description or a resume: a .txt/.md file, stdin ("-"), or a PDF through pypdf (imported lazily)."""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import UserError

MAX_CHARS = 40_000  # a job description or resume longer than this is cut (about 6,000 words)
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", "")


class DocumentError(UserError, ValueError):
    """A job description or resume that cannot be read; ``str()`` is one line for the user."""


@dataclass(frozen=True)
class Document:
    name: str  # the file name, or "stdin"
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:MAX_CHARS]


def pdf_text(data: bytes, name: str = "PDF") -> str:
    """The text of a PDF, page by page, through pypdf."""
    import io

    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - a dependency of the package
        raise DocumentError("reading PDF files needs the pypdf package: pip install pypdf") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:  # noqa: BLE001
                raise DocumentError(f"{name} is an encrypted PDF; export it without a password") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"{name} is not a readable PDF ({type(exc).__name__}: {str(exc)[:80]})") from None
    return "\n\n".join(p.strip() for p in pages if p.strip())


def read_document(path: str | Path, what: str = "file") -> Document:
    """Read ``path`` ("-" is stdin). PDFs go through pypdf, anything else is read as UTF-8 text."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        name = "stdin"
    else:
        p = Path(path).expanduser()
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise DocumentError(f"cannot read the {what} {p}: {exc.strerror or exc}") from None
        name = p.name
    if data[:5] == b"%PDF-" or str(path).lower().endswith(".pdf"):
        text = pdf_text(data, name)
    else:
        text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    text = _clean(text)
    if len(text.split()) < 5:
        hint = " (a scanned PDF has no text layer; paste the text into a .txt file)" if name.lower().endswith(".pdf") else ""
        raise DocumentError(f"the {what} {name} holds almost no text{hint}")
    return Document(name, text)
