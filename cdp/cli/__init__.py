"""The ``cdp`` command line."""

from cdp.cli.main import app

__all__ = ["app"]
