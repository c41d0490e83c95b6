"""Ingest: landing files → typed ``raw.<source>`` tables, with a ledger and a quarantine."""

from cdp.ingest.batch import FileOutcome
from cdp.ingest.errors import FileRejectedError
from cdp.ingest.files import LandingFile, discover, landing_fingerprint
from cdp.ingest.loader import SourceReport, ingest_source

__all__ = [
    "FileOutcome",
    "FileRejectedError",
    "LandingFile",
    "SourceReport",
    "discover",
    "ingest_source",
    "landing_fingerprint",
]
