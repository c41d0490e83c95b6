"""Dagster definitions by domain: ingest, dbt, automation. Assets here are thin wrappers."""
