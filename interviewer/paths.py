"""Where things live: packaged data, the user's config folder and the data dir. Light: no third-party imports
beyond platformdirs, so start-up paths can use it."""

from __future__ import annotations

import os
from pathlib import Path

APP = "interviewer"
_PKG = Path(__file__).resolve().parent


def package_data_dir(kind: str) -> Path:
    """The packaged ``personas``/``rubrics``/``prompts`` folder.

    In a wheel they live in ``interviewer/_data/<kind>``; in a source checkout (editable install or tests) they are
    the top-level folders of the repository.
    """
    installed = _PKG / "_data" / kind
    if installed.is_dir():
        return installed
    return _PKG.parent / kind


def user_config_dir() -> Path:
    """Where users put their own personas/, rubrics/ and config.toml."""
    env = os.environ.get("INTERVIEWER_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir as _ucd

    return Path(_ucd(APP, appauthor=False))


def user_cache_dir() -> Path:
    """Where rebuildable caches go (compiled report templates): the platform's cache folder, safe to delete."""
    from platformdirs import user_cache_dir as _ucd

    return Path(_ucd(APP, appauthor=False))


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Sessions and reports: ``--data-dir`` beats ``INTERVIEWER_HOME`` beats the platform's data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("INTERVIEWER_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def check_writable(root: Path) -> None:
    """Raise DataDirError (one line naming the folder and how to choose another) unless a session can be saved under
    ``root``: ``root/sessions`` can be made and a small file written, synced and removed. Here rather than in the
    store so that the app checks its data dir before its first frame without importing the store's models."""
    from interviewer.errors import DataDirError

    sessions = root / "sessions"
    probe = sessions / f".write-check-{os.getpid()}.tmp"
    try:
        sessions.mkdir(parents=True, exist_ok=True)
        with open(probe, "wb") as fh:
            fh.write(b"{}\n" * 64)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise DataDirError.from_oserror(root, exc) from None
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
