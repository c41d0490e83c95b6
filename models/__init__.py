"""Analytics on the warehouse: plain Python on DuckDB, Polars and numpy, no Dagster.

Dagster assets in :mod:`pipelines` are thin wrappers around these functions, so each can
be called, tested and benchmarked on its own.
"""
