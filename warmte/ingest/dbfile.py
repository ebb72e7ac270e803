"""THE atomic replace of the database file, used by ``warmte build`` and ``warmte import``.

:func:`replace` writes the new database into a temporary file next to the target
(a new file, or a copy of the target with its ``.wal``), runs the data checks on
it and renames it over the target only when every check passed. On any failure
the temporary file and its ``.wal`` are removed and the target is left
byte-identical. An import keeps the previous file as
``backups/<name>-YYYYmmddTHHMMSS.duckdb`` (:func:`backup_path`). Readers open the
database per load, so they see the old or the new file, never a half-written one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar

import duckdb

T = TypeVar("T")


@dataclass
class Replaced(Generic[T]):
    """What :func:`replace` did: the value ``fill`` returned and the backup of the previous file (or None)."""

    value: T
    backup: Path | None = None


def replace(target: Path, fill: Callable[[duckdb.DuckDBPyConnection], T], *,
            checks: Callable[[duckdb.DuckDBPyConnection], list[str]],
            failed: Callable[[list[str]], BaseException],
            copy: bool = False, backup_at: datetime | None = None,
            before_rename: Callable[[], None] | None = None, tag: str = "") -> Replaced[T]:
    """Write a new ``target`` database atomically.

    ``fill`` writes into a connection to a temporary file next to ``target``: a
    new, empty database, or with ``copy`` a copy of ``target`` (and its ``.wal``).
    Then ``checks`` run on it; when they report problems, ``failed(problems)`` is
    raised. ``before_rename`` may raise to stop at the last moment (the target
    changed meanwhile, say). With ``backup_at`` the previous file is kept as
    :func:`backup_path` (a hard link where possible). Only then is the temporary
    file renamed over ``target``; on any failure it is removed with its ``.wal``
    and ``target`` stays byte-identical. ``tag`` marks the temporary file's name.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{tag + '.' if tag else ''}", suffix=".tmp",
                                    dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    leftovers = (tmp, tmp.with_name(tmp.name + ".wal"))
    backup = None
    try:
        if copy:
            shutil.copyfile(target, tmp)
            wal = target.with_name(target.name + ".wal")
            if wal.exists():
                shutil.copyfile(wal, leftovers[1])
        else:
            tmp.unlink()  # DuckDB must create the file itself
        con = duckdb.connect(str(tmp))
        try:
            value = fill(con)
            problems = checks(con)
            if problems:
                raise failed(problems)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if before_rename is not None:
            before_rename()
        if backup_at is not None:
            backup = backup_path(target, backup_at)
            backup.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(target, backup)
            except OSError:
                shutil.copy2(target, backup)
        os.replace(tmp, target)
    except BaseException:
        for p in leftovers:
            p.unlink(missing_ok=True)
        raise
    leftovers[1].unlink(missing_ok=True)
    return Replaced(value, backup)


@contextlib.contextmanager
def lock(db: Path):
    """One import at a time per database (advisory lock next to it)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    lock_path = db.with_name(f".{db.name}.import.lock")
    with open(lock_path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def identity(path: Path) -> tuple[int, int, int]:
    """Inode, modification time and size: changes whenever the file is replaced or written."""
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def backup_path(db: Path, now: datetime) -> Path:
    folder = db.parent / "backups"
    stamp = now.strftime("%Y%m%dT%H%M%S")
    candidate = folder / f"{db.stem}-{stamp}.duckdb"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{db.stem}-{stamp}-{n}.duckdb"
    return candidate
