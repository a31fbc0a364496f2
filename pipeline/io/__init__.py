"""Turning input files into records and records into output files."""
