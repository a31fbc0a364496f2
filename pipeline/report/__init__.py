"""The run report: aggregates and deterministic samples collected by the pipeline, rendered as ``report.html``.

``samples`` decides which articles are sampled and what a sample holds; ``aggregates`` the bounded counts; ``data``
turns ``summary.json`` plus the samples into the report's figures; ``render`` renders them as one self-contained HTML
file with inline SVG charts. All pure, no Beam: the transforms that gather samples in a run are in
:mod:`pipeline.beam.report`.
"""
