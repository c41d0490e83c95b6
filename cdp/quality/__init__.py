"""Quality gates: Great Expectations suites from ``expectations/`` run on DuckDB data.

Plain Python, no Dagster: :mod:`~cdp.quality.suites` reads the suite files,
:func:`cdp.quality.runner.run_suite` validates one against the warehouse, and
:mod:`pipelines.defs.quality` turns the outcomes into Dagster asset checks. This
package's ``__init__`` imports nothing, so that :mod:`cdp.config` can import the
settings without GX or the models.
"""
