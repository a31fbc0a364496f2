"""Benchmarks of newsclean on real data, run through its command line (see README.md)."""
