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
import errno
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar

import duckdb

T = TypeVar("T")

#: How long a second build or import waits for the lock of the database (seconds; $WARMTE_LOCK_WAIT).
LOCK_WAIT = 5.0
#: Backups kept per database after an import ($WARMTE_KEEP_BACKUPS).
KEEP_BACKUPS = 5
#: Temporary files older than this (seconds) are leftovers of a killed run.
STALE_AFTER = 3600


class WriteError(RuntimeError):
    """The database file could not be written (permissions, disk full, locked); the message names the path."""


class Busy(WriteError):
    """Another build or import holds the lock of the database."""


def describe(exc: OSError, path: str | os.PathLike | None = None) -> str:
    """An OSError as '<path>: <reason>' with a hint for the common cases."""
    where = exc.filename or path or "?"
    if exc.errno == errno.ENOSPC:
        return f"{where}: no space left on the device (disk full)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{where}: permission denied (is the folder read-only, or owned by another user?)"
    if exc.errno == errno.EROFS:
        return f"{where}: the file system is read-only"
    return f"{where}: {exc.strerror or exc}"


def real_path(path: str | os.PathLike) -> Path:
    """The real path of the database (symbolic links resolved), so that a link stays a link."""
    return Path(os.path.realpath(path))


def _keep_mode_and_owner(tmp: Path, target: Path) -> None:
    """Give the new file the mode and owner of the file it replaces (else a fresh file's 0644)."""
    try:
        st = target.stat()
    except FileNotFoundError:
        os.chmod(tmp, 0o666 & ~_umask())
        return
    os.chmod(tmp, stat.S_IMODE(st.st_mode))
    if hasattr(os, "chown"):
        with contextlib.suppress(PermissionError):
            os.chown(tmp, st.st_uid, st.st_gid)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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
    try:
        return _replace(target, fill, checks=checks, failed=failed, copy=copy, backup_at=backup_at,
                        before_rename=before_rename, tag=tag)
    except duckdb.Error as exc:
        text = str(exc)
        if "No space left on device" in text:
            raise WriteError(f"{target.parent}: no space left on the device (disk full)") from None
        if isinstance(exc, duckdb.IOException):
            raise WriteError(f"{target}: cannot write the new database ({text.splitlines()[0]})") from None
        raise
    except OSError as exc:
        raise WriteError(describe(exc, target.parent)) from None


def _replace(target: Path, fill, *, checks, failed, copy, backup_at, before_rename, tag):
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{tag + '.' if tag else ''}", suffix=".tmp",
                                    dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    leftovers = (tmp, tmp.with_name(tmp.name + ".wal"))
    backup = made_dir = None
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
        _keep_mode_and_owner(tmp, target)
        if before_rename is not None:
            before_rename()
        if backup_at is not None:
            backup = backup_path(target, backup_at)
            if not backup.parent.is_dir():
                backup.parent.mkdir(parents=True)
                made_dir = backup.parent
            try:
                os.link(target, backup)
            except OSError:
                shutil.copy2(target, backup)
        os.replace(tmp, target)
    except BaseException:
        for p in leftovers:
            p.unlink(missing_ok=True)
        if backup is not None and backup.exists() and target.exists() and backup.stat().st_ino == target.stat().st_ino:
            backup.unlink()  # a hard link to the unchanged database: not a backup of anything
        if made_dir is not None:
            with contextlib.suppress(OSError):
                made_dir.rmdir()
        raise
    leftovers[1].unlink(missing_ok=True)
    return Replaced(value, backup)


def lock_path(db: Path) -> Path:
    return db.with_name(f".{db.name}.lock")


@contextlib.contextmanager
def lock(db: Path, wait: float | None = None, required: bool = True):
    """One build or import at a time per database: an advisory lock on ``.<name>.lock`` next to its real path.

    A second writer waits up to ``wait`` seconds (default ``$WARMTE_LOCK_WAIT`` or :data:`LOCK_WAIT`) and then
    raises :class:`Busy`. Without ``required`` (a dry run, which writes nothing) a lock file that cannot be
    created is no error.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    if wait is None:
        try:
            wait = float(os.environ.get("WARMTE_LOCK_WAIT", LOCK_WAIT))
        except ValueError:
            wait = LOCK_WAIT
    path = lock_path(real_path(db))
    deadline = time.monotonic() + max(0.0, wait)
    while True:
        try:
            fh = open(path, "a+")  # noqa: SIM115 - closed below
        except OSError as exc:
            if not required:
                yield
                return
            raise WriteError(f"cannot create the lock file: {describe(exc, path)}") from None
        try:
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise Busy(f"{db}: another build or import is writing this database (lock {path} held "
                                   f"for more than {wait:g} s); try again when it has finished") from None
                    time.sleep(0.1)
            # The holder before us removes the file when it is done: lock the file that is at the path now.
            try:
                same = os.fstat(fh.fileno()).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
        except BaseException:
            fh.close()
            raise
        if same:
            break
        fh.close()
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still locked: nothing is left beside the database
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def remove_stale(target: Path, max_age: float = STALE_AFTER, now: float | None = None) -> list[Path]:
    """Remove the temporary files (and their ``.wal``) a killed build or import left next to ``target``.

    Only names :func:`replace` makes (``.<name>.[tag.]XXXXXXXX.tmp[.wal]``) older than ``max_age`` seconds;
    call it while holding :func:`lock`. Returns what was removed.
    """
    now = time.time() if now is None else now
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(?:[a-z]+\.)?[A-Za-z0-9_]{{8}}\.tmp(?:\.wal)?$")
    removed = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for p in entries:
        if not pattern.match(p.name):
            continue
        try:
            st = p.lstat()
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > max_age:
                p.unlink()
                removed.append(p)
        except OSError:
            continue
    return removed


def keep_backups() -> int:
    """How many backups to keep: ``$WARMTE_KEEP_BACKUPS`` (a whole number >= 1) or :data:`KEEP_BACKUPS`."""
    text = os.environ.get("WARMTE_KEEP_BACKUPS", "").strip()
    if not text:
        return KEEP_BACKUPS
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"WARMTE_KEEP_BACKUPS is {text!r}: expected a whole number of at least 1")
    return int(text)


def prune_backups(target: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``target`` in ``backups/``; returns what was deleted."""
    folder = target.parent / "backups"
    pattern = re.compile(rf"^{re.escape(target.stem)}-\d{{8}}T\d{{6}}(?:-\d+)?\.duckdb$")
    try:
        found = [p for p in folder.iterdir() if pattern.match(p.name) and p.is_file()]
    except OSError:
        return []

    def order(p: Path):
        st = p.stat()
        stamp, _, n = p.stem[len(target.stem) + 1:].partition("-")
        return (stamp, int(n or 1), st.st_mtime_ns)

    removed = []
    for p in sorted(found, key=order)[:-keep]:
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            continue
    return removed


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
