"""Finding landing files and fingerprinting them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from cdp.contracts import SourceContract

_CHUNK = 1 << 20


@dataclass(frozen=True)
class LandingFile:
    """One export file waiting in ``data/landing/<source>/``.

    ``rel_path`` (relative to the landing folder, POSIX separators) is what the ledger
    and the ``_source_file`` lineage column record, so a moved data folder still matches.
    """

    source: str
    path: Path
    rel_path: str
    size_bytes: int
    mtime_ns: int

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()


def discover(landing_dir: Path, contract: SourceContract) -> list[LandingFile]:
    """Files of ``contract``'s format under its landing folder, oldest name first.

    Hidden files and files still being written by convention (``*.tmp``, ``*.part``) are
    ignored; a gzip-compressed export (``.csv.gz``) counts as its format.
    """
    folder = landing_dir / contract.name
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        name = path.name
        if not path.is_file() or name.startswith("."):
            continue
        if not (name.endswith(contract.extension) or name.endswith(contract.extension + ".gz")):
            continue
        stat = path.stat()
        found.append(
            LandingFile(
                source=contract.name,
                path=path,
                rel_path=path.relative_to(landing_dir).as_posix(),
                size_bytes=stat.st_size,
                mtime_ns=stat.st_mtime_ns,
            )
        )
    return found


def landing_fingerprint(landing_dir: Path, contracts: list[SourceContract]) -> str:
    """A digest of every landing file's name, size and mtime: changes when files land."""
    digest = hashlib.sha256()
    for contract in contracts:
        for f in discover(landing_dir, contract):
            digest.update(f"{f.rel_path}\0{f.size_bytes}\0{f.mtime_ns}\n".encode())
    return digest.hexdigest()
