"""Names of the tagged outputs and of the metric namespace shared by the Beam steps."""

REJECTS = "rejects"
STATS = "stats"
METRICS_NAMESPACE = "newsclean"
