"""newsclean: turn scraped news text into a clean, de-duplicated JSONL corpus with Apache Beam."""

__version__ = "1.0.0"
