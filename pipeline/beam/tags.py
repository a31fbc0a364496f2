"""Names of the tagged outputs and of the metric namespace shared by the Beam steps.

The tags of a ``CoGroupByKey``'s inputs are short strings (under 10 characters): Beam passes those through the join as
data, and any other tag (a longer string, or a tuple's positions) costs one more step after the join to put the tags
back, a ParDo that costs the local runner ~16 ms of fixed time in every run."""

REJECTS = "rejects"
STATS = "stats"
METRICS_NAMESPACE = "newsclean"
