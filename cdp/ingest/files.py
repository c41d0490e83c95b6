"""Finding landing files, fingerprinting them, and making them readable as UTF-8."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path

from cdp.contracts import SourceContract

_CHUNK = 1 << 20
# Legacy encodings tried, in order, for text that is not UTF-8. cp1252 (Windows Western)
# is what spreadsheet exports mostly are; latin-1 decodes any byte, so it always ends it.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


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

    @property
    def gzipped(self) -> bool:
        return self.path.name.endswith(".gz")

    def inspect(self, text: bool) -> tuple[str, bool]:
        """SHA-256 of the bytes as stored and, for text formats, whether they are UTF-8.

        One pass over the file; a gzip file's content is checked after decompression.
        """
        digest = hashlib.sha256()
        decoder = codecs.getincrementaldecoder("utf-8")()
        inflate = zlib.decompressobj(wbits=47) if self.gzipped else None
        utf8 = text
        with self.path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
                if utf8:
                    try:
                        decoder.decode(inflate.decompress(chunk) if inflate else chunk)
                    except (UnicodeDecodeError, zlib.error):
                        utf8 = False
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        return digest.hexdigest(), utf8


def readable_copy(f: LandingFile, utf8: bool, tmp_dir: Path) -> tuple[Path, str | None]:
    """A path DuckDB can read as UTF-8 text, and what was done to get it (or None).

    Compressed or legacy-encoded text is streamed into a UTF-8 copy in ``tmp_dir``; a
    UTF-8 file (gzip CSV included: DuckDB inflates it) is read where it is.
    """
    needs_inflate = f.path.name.endswith(".jsonl.gz")  # read_text cannot inflate
    if utf8 and not needs_inflate:
        return f.path, None
    opener = _gzip_text if f.gzipped else _plain_text
    target = tmp_dir / f.rel_path.removesuffix(".gz")
    target.parent.mkdir(parents=True, exist_ok=True)
    for encoding in ("utf-8",) if utf8 else FALLBACK_ENCODINGS:
        try:
            with opener(f.path, encoding) as src, target.open("w", encoding="utf-8") as dst:
                while chunk := src.read(_CHUNK):
                    dst.write(chunk)
        except UnicodeDecodeError:
            continue
        steps = (["gunzip"] if f.gzipped else []) + ([] if utf8 else [f"{encoding}->utf-8"])
        return target, "+".join(steps)
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _plain_text(path: Path, encoding: str):
    return path.open(encoding=encoding, newline="")


def _gzip_text(path: Path, encoding: str):
    return gzip.open(path, "rt", encoding=encoding, newline="")


def discover(landing_dir: Path, contract: SourceContract) -> list[LandingFile]:
    """Files of ``contract``'s format under its landing folder, in name order.

    Hidden files and partial downloads (``*.tmp``, ``*.part``: other endings) are
    ignored; a gzip-compressed export (``.csv.gz``, ``.jsonl.gz``) counts as its format.
    """
    folder = landing_dir / contract.name
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        name = path.name
        if not path.is_file() or name.startswith("."):
            continue
        if not name.endswith((contract.extension, contract.extension + ".gz")):
            continue
        stat = path.stat()
        rel = path.relative_to(landing_dir).as_posix()
        found.append(LandingFile(contract.name, path, rel, stat.st_size, stat.st_mtime_ns))
    return found


def landing_fingerprint(landing_dir: Path, contracts: list[SourceContract]) -> str:
    """A digest of every landing file's name, size and mtime: changes when files land."""
    digest = hashlib.sha256()
    for contract in contracts:
        for f in discover(landing_dir, contract):
            digest.update(f"{f.rel_path}\0{f.size_bytes}\0{f.mtime_ns}\n".encode())
    return digest.hexdigest()
