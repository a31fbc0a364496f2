#!/usr/bin/env python3
"""Where a run's wall time goes, stage by stage: one ``newsclean run`` on the in-memory runner, timed per fused stage.

Beam's in-memory runner (the FnApiRunner) runs a pipeline as fused stages, one after the other, each on the
runner's single thread; newsclean's local worker processes help only in the stages that hand them text work
(normalizing; cleaning and fingerprinting). A stage that keeps one core busy while the other idles is where a run
on 2 cores loses most, and a py-spy profile (``throughput.py --profile``) cannot tell stages apart. This script
wraps the runner's ``_execute_bundle`` (a private method of Beam 2.77, wrapped in this process only) to add up, per
stage, the wall seconds and the CPU seconds of the runner process (the worker processes' CPU is not in them: a
stage whose wall time is far above its CPU time was waiting for the workers), and prints the stages that took the
longest, with when each first ran::

    python benchmarks/stage_times.py --input benchmarks/.work/tp-1m/distinct-100000
    python benchmarks/stage_times.py --input seeds --top 10 --project /path/to/snapshot

A diagnostic, not a benchmark: the figures are for comparing two versions of the code on one corpus in one sitting.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Beam's names of the transforms fused into a stage, as its stage names spell them.
NAME_NOISE = re.compile(r"ref_AppliedPTransform_|ref_PCollection_|[()]")


@dataclass
class StageTimes:
    """Seconds per stage name: wall, runner-process CPU, and when the stage first started (from the run's start)."""

    started: float = field(default_factory=time.perf_counter)
    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    first: dict[str, float] = field(default_factory=dict)

    def timed(self, name: str, work: Callable[[], Any]) -> Any:
        """Run ``work`` as one bundle of stage ``name``, adding its times."""
        self.first.setdefault(name, time.perf_counter() - self.started)
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return work()
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu

    def table(self, top: int) -> list[str]:
        """The ``top`` longest stages, longest first, as lines of text.

        >>> times = StageTimes(started=0.0, wall={"a": 2.0, "b": 5.0}, cpu={"a": 2.0, "b": 1.0},
        ...                    first={"a": 0.5, "b": 1.0})
        >>> times.table(1)
        ['  start    wall     cpu  stage', '    1.0     5.0     1.0  b']
        """
        lines = ["  start    wall     cpu  stage"]
        for name in sorted(self.wall, key=lambda stage: -self.wall[stage])[:top]:
            lines.append(f"{self.first[name]:7.1f} {self.wall[name]:7.1f} {self.cpu[name]:7.1f}  {short_name(name)}")
        return lines


def short_name(stage: str, width: int = 160) -> str:
    """A fused stage's name without Beam's reference prefixes and parentheses, cut to ``width`` characters.

    >>> short_name("((ref_AppliedPTransform_Deduplicate-Route_465)+(WriteArticles-SpillLines_572))")
    'Deduplicate-Route_465+WriteArticles-SpillLines_572'
    """
    return NAME_NOISE.sub("", stage)[:width]


def run(arguments: Sequence[str], times: StageTimes) -> int:
    """``newsclean run`` with ``arguments`` and every bundle timed into ``times``; its exit status."""
    from apache_beam.runners.portability.fn_api_runner import fn_runner

    from pipeline.cli.commands import main

    original = fn_runner.FnApiRunner._execute_bundle

    def execute_bundle(runner: Any, context: Any, manager: Any, bundle_input: Any) -> Any:
        return times.timed(manager.stage.name, lambda: original(runner, context, manager, bundle_input))

    fn_runner.FnApiRunner._execute_bundle = execute_bundle
    try:
        return main(["run", *arguments, "--runner=FnApiRunner", "--direct_running_mode=in_memory"])
    finally:
        fn_runner.FnApiRunner._execute_bundle = original


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True, help="what `newsclean run --input` reads")
    parser.add_argument("--output", help="the run's output directory (default: a temporary one)")
    parser.add_argument("--top", type=int, default=20, help="stages to show")
    parser.add_argument("--project", type=Path, default=ROOT, help="the checkout whose pipeline/ and configs/ run")
    args = parser.parse_args(argv)
    input_path = str(Path(args.input).resolve())
    os.chdir(args.project)  # configs/ is found from the working directory
    project = str(args.project.resolve())
    if project not in sys.path:
        sys.path.insert(0, project)  # its pipeline package, before any other
    times = StageTimes()
    with tempfile.TemporaryDirectory(prefix="stage-times-") as scratch:
        output = args.output or os.path.join(scratch, "out")
        status = run(["--input", input_path, "--output", output, "--quiet"], times)
    print(f"newsclean run: exit {status}, {time.perf_counter() - times.started:.1f} s")
    print("\n".join(times.table(args.top)))
    return status


if __name__ == "__main__":
    sys.exit(main())
