"""The per-article work as picklable tasks over chunks of records: normalize, clean, fingerprint. The Beam DoFns run
them inline, or hand them to the local engine (:mod:`pipeline.local`); either way the results are the same."""
