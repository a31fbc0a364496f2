"""Same-corpus dedup baselines (datatrove's MinHash dedup, a plain datasketch MinHashLSH script).

Both return a :class:`~benchmarks.baselines.common.BaselineResult`; see benchmarks/README.md.
"""
