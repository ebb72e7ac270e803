"""Provenance sidecars of raw source files: ``X.provenance.json`` next to each fetched file ``X``.

``warmte fetch`` writes them (url, retrieval time, sha256 of the saved bytes, ...);
``warmte build`` reads them and calls :func:`verify` to make sure a fetched file
was not edited afterwards. A file without a sidecar (a bundled source) passes.

No streamlit or duckdb imports here.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

SIDECAR_SUFFIX = ".provenance.json"
#: Sidecar fields that must be text when present (the build slices and stores them as text).
TEXT_FIELDS = ("url", "licence", "retrieved_at", "reference_date", "sha256", "publisher", "title")


class FetchError(RuntimeError):
    """A download failed: unreachable host, HTTP error, invalid payload or unwritable file.

    Also raised when a fetched file no longer matches its sidecar. Defined here, below
    :mod:`warmte.ingest.fetch` (which re-exports it), so both raise the one error class.
    """


def sidecar_path(path: str | os.PathLike) -> Path:
    """``<file>.provenance.json`` next to ``path``."""
    path = Path(path)
    return path.with_name(path.name + SIDECAR_SUFFIX)


def sha256_file(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_provenance(path: str | os.PathLike) -> dict[str, Any] | None:
    """The sidecar of ``path`` as a dict, or None when there is none.

    Raises FetchError when the sidecar exists but is not a JSON object.
    """
    side = sidecar_path(path)
    if not side.exists() and not side.is_symlink():
        return None
    if not side.is_file():
        raise FetchError(f"Provenance sidecar {side} is not a regular file; remove it or fetch again with "
                         "warmte fetch.")
    try:
        text = side.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FetchError(f"Provenance sidecar {side} is not UTF-8 text (binary?); fetch again with warmte fetch.") \
            from None
    except OSError as exc:
        raise FetchError(f"Provenance sidecar {side} cannot be read ({exc.strerror or exc}).") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise FetchError(f"Provenance sidecar {side} is not valid JSON (nested too deeply); "
                         "fetch again with warmte fetch.") from None
    except ValueError as exc:
        raise FetchError(
            f"Provenance sidecar {side} is not valid JSON ({exc}); fetch again with warmte fetch."
        ) from None
    if not isinstance(data, dict):
        raise FetchError(
            f"Provenance sidecar {side} should hold a JSON object; fetch again with warmte fetch."
        )
    for key in TEXT_FIELDS:
        if data.get(key) is not None and not isinstance(data[key], str):
            raise FetchError(f"Provenance sidecar {side}: {key} is {type(data[key]).__name__} {data[key]!r:.40}, "
                             "expected text; fetch again with warmte fetch.")
    return data


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def verify(path: str | os.PathLike, *, required: bool = False) -> None:
    """Check that ``path`` still has the sha256 recorded in its sidecar.

    A file without a sidecar (for instance a bundled source) passes unless
    ``required`` is true. Raises FetchError on a mismatch, a missing file or a
    sidecar without a sha256.
    """
    path = Path(path)
    prov = read_provenance(path)
    side = sidecar_path(path)
    if prov is None:
        if required:
            raise FetchError(
                f"{path} has no provenance sidecar {side.name}; fetch it with warmte fetch."
            )
        return
    recorded = prov.get("sha256")
    if not isinstance(recorded, str) or not recorded:
        raise FetchError(
            f"Provenance sidecar {side} has no sha256; fetch {path.name} again with warmte fetch."
        )
    if not path.is_file():
        raise FetchError(
            f"{path} is missing but its provenance sidecar {side} exists; fetch it again with warmte fetch."
        )
    actual = sha256_file(path)
    if actual != recorded.lower():
        raise FetchError(
            f"{path} changed since it was fetched: sha256 {actual} != {recorded} recorded in {side}. "
            "Fetch it again with warmte fetch, or delete the sidecar if the edit is intended."
        )
