"""The default sample materialized once per test session, shared by the e2e modules that
check what the whole stack makes of it (analytics, CCPR metrics and KPIs)."""

from dataclasses import replace

import pytest

from cdp.config import Settings
from cdp.generate import GeneratorConfig, generate
from pipelines.run import materialize_all


@pytest.fixture(scope="session")
def default_sample(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a data dir holding the default sample, every asset materialized and
    every check passed."""
    root = tmp_path_factory.mktemp("default_sample")
    settings = replace(Settings.for_data_dir(root / "data"), dagster_home=root / "dagster")
    generate(GeneratorConfig(), settings.data_dir)
    outcome = materialize_all(settings)
    assert outcome.success, f"failed steps: {outcome.failed_steps}"
    assert not outcome.failed_checks, outcome.failed_checks
    return settings
