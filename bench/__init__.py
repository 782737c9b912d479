"""Benchmarks at region scale: a deterministic data generator and a runner (issue 7)."""
