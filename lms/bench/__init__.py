"""Benchmarks (``make bench``): figures printed beside a same-run baseline, never asserted."""
