"""Where the segment registry, the snapshot, the exports and the audit log live."""

from pathlib import Path

import dagster as dg

from cdp.config import Settings


class ActivationResource(dg.ConfigurableResource):
    """The activation paths of :class:`cdp.config.Settings`."""

    segments_dir: str
    published_path: str
    exports_dir: str
    privacy_dir: str

    @classmethod
    def from_settings(cls, settings: Settings) -> "ActivationResource":
        return cls(
            segments_dir=str(settings.segments_dir),
            published_path=str(settings.published_path),
            exports_dir=str(settings.exports_dir),
            privacy_dir=str(settings.privacy_dir),
        )

    def path(self, name: str) -> Path:
        return Path(getattr(self, name))
