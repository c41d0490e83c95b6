"""Ingest every source in its own process, for the kill -9 test.

usage: python ingest_runner.py LANDING_DIR WAREHOUSE BATCH_FILES
Small batches make many transactions, so a kill lands inside one of them.
"""

import sys
from pathlib import Path

import duckdb

import cdp.ingest.loader as loader
from cdp.contracts import SOURCES

if __name__ == "__main__":
    landing, warehouse, batch_files = sys.argv[1], sys.argv[2], int(sys.argv[3])
    loader.MAX_BATCH_FILES = batch_files
    con = duckdb.connect(warehouse)
    print("started", flush=True)
    for contract in SOURCES.values():
        loader.ingest_source(con, contract, Path(landing))
        print("done", contract.name, flush=True)
    con.close()
