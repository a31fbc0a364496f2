"""The run report: aggregates and deterministic samples collected by the pipeline, rendered as ``report.html``.

``samples`` decides which articles are sampled and what a sample holds (pure, no Beam); ``collect`` holds the thin
Beam transforms that gather samples and bounded aggregates; ``data`` turns ``summary.json`` plus the samples into the
report's figures; ``render`` renders them as one self-contained HTML file with inline SVG charts.
"""
