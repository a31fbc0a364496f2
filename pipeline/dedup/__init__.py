"""Pure fingerprinting and duplicate-resolution functions. Nothing in this package imports Beam."""
