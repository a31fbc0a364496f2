"""The ``newsclean`` command: ``run``, ``explain``, ``calibrate`` and their argument parsing."""

from pipeline.cli.commands import main

__all__ = ["main"]
