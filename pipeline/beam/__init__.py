"""Thin Beam wrappers: composite PTransforms around the pure functions of pipeline.text and pipeline.dedup."""
