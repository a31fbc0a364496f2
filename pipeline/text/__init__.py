"""Pure text-cleaning functions. Nothing in this package imports Beam."""
