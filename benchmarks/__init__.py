"""Benchmarks run by `make bench`. Each stage prints its figures with their scale."""
