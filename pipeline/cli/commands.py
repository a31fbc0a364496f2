"""The ``newsclean`` command line.

``newsclean run [--input PATH_OR_GLOB ...] [--output DIR] [--config FILE] [--no-dedup] [--dry-run] [Beam options]``

Project flags are parsed here; every other flag goes to Beam's ``PipelineOptions`` unchanged, so ``--runner``,
``--direct_num_workers`` and Dataflow/Flink/Spark options pass straight through. Exit codes: 0 success, 2 usage or
config error (one line on stderr saying what to do), 1 failure.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from collections.abc import Sequence

import yaml

from pipeline import __version__
from pipeline.cli import calibrate
from pipeline.cli.explain import explain, format_explanation
from pipeline.core.config import DEFAULT_CONFIG_PATH, Config, load_config
from pipeline.core.configtree import to_dict
from pipeline.core.errors import RunFailure, UsageError
from pipeline.core.rundate import expand_date, resolve_run_date
from pipeline.io.inputs import describe, resolve_inputs
from pipeline.job.run import RunRequest, pipeline_options, run
from pipeline.job.summary import format_summary

DEFAULT_INPUT = "seeds"
DEFAULT_OUTPUT = "output"
DEFAULT_HISTORY_DAYS = 7
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every usage error takes the same one-line path."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see 'newsclean {self.prog.split()[-1]} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsclean", description="Clean and de-duplicate scraped news articles with Apache Beam.")
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run_parser = commands.add_parser(
        "run",
        help="clean and de-duplicate articles",
        description="Clean and de-duplicate articles. Flags not listed here are passed to Beam's PipelineOptions "
        "(e.g. --runner=DataflowRunner --project=... or --direct_running_mode=multi_processing).",
    )
    run_parser.add_argument(
        "--input",
        nargs="+",
        action="extend",
        metavar="PATH_OR_GLOB",
        help=f"directories (read recursively), .txt/.jsonl/.jsonl.gz files or globs (default: {DEFAULT_INPUT}/)",
    )
    run_parser.add_argument("--output", default=DEFAULT_OUTPUT, help=f"output directory (default: {DEFAULT_OUTPUT}/)")
    run_parser.add_argument(
        "--config", default=None, help=f"YAML config file (default: {DEFAULT_CONFIG_PATH} if it exists)"
    )
    run_parser.add_argument("--no-dedup", action="store_true", help="clean only; keep every valid article")
    run_parser.add_argument(
        "--history",
        metavar="PATH",
        help="fingerprint store (local or any Beam filesystem): drop articles that earlier runs kept, and add this "
        "run's kept articles under its run date",
    )
    run_parser.add_argument(
        "--history-days",
        type=int,
        default=DEFAULT_HISTORY_DAYS,
        metavar="N",
        help=f"match against the N run dates before --run-date (default: {DEFAULT_HISTORY_DAYS})",
    )
    run_parser.add_argument(
        "--run-date",
        metavar="YYYY-MM-DD",
        help="the date this run is for (default: today, UTC); replaces {date} in --input and --output",
    )
    run_parser.add_argument(
        "--dry-run", action="store_true", help="print the resolved config and the input files, then exit"
    )
    run_parser.add_argument(
        "--quiet", action="store_true", help="no progress lines while running and no summary at the end"
    )
    run_parser.add_argument(
        "--ledger",
        action="store_true",
        help="also write removed-lines-*.jsonl: every removed line with its article id and rule "
        "(same as cleaning.ledger: true)",
    )
    explain_parser = commands.add_parser(
        "explain",
        help="show what a finished run did to one article",
        description="Show what a finished run did to one article: the lines removed and by which rule, the Unicode "
        "fixes, the headline, and whether it was kept, which article it duplicates at what similarity, or why it "
        "was rejected. Run it where the run was started (it re-reads the run's inputs).",
    )
    explain_parser.add_argument("id", help="the article id (as in the output files)")
    explain_parser.add_argument(
        "--output", default=DEFAULT_OUTPUT, help=f"the run's output directory (default: {DEFAULT_OUTPUT}/)"
    )
    calibrate.add_parser(commands)
    return parser


def _load(config_arg: str | None) -> Config:
    if config_arg is not None:
        return load_config(config_arg)
    return load_config(DEFAULT_CONFIG_PATH if DEFAULT_CONFIG_PATH.exists() else None)


def command_run(args: argparse.Namespace, beam_args: list[str]) -> int:
    config = _load(args.config)
    if args.ledger:
        config = dataclasses.replace(config, cleaning=dataclasses.replace(config.cleaning, ledger=True))
    run_date = resolve_run_date(args.run_date)
    inputs = [expand_date(spec, run_date) for spec in args.input or [DEFAULT_INPUT]]
    output = expand_date(args.output, run_date).rstrip("/") or "/"
    resolved = resolve_inputs(inputs)
    dedup = config.dedup.enabled and not args.no_dedup
    if args.dry_run:
        pipeline_options(beam_args)  # validates Beam flags without running anything
        resolved_config = to_dict(config)
        resolved_config["dedup"]["enabled"] = dedup
        print("# resolved config")
        print(yaml.safe_dump(resolved_config, sort_keys=False).rstrip())
        print(f"# {len(resolved.files)} input files")
        print("\n".join(describe(resolved.files)) or "(none)")
        if resolved.skipped:
            print(f"# {len(resolved.skipped)} files skipped (not .txt/.jsonl/.jsonl.gz)")
            print("\n".join(resolved.skipped))
        print(f"# run date: {run_date}")
        print(f"# output: {output}/")
        return EXIT_OK
    if resolved.skipped:
        logging.warning(
            "skipping %d files that are not .txt/.jsonl/.jsonl.gz, e.g. %s", len(resolved.skipped), resolved.skipped[0]
        )
    renamed = [f.path for f in resolved.files if f.raw_path]
    if renamed:
        logging.warning(
            "%d input file names are not UTF-8, e.g. %s: read anyway, their bytes shown as \\xNN in ids and outputs",
            len(renamed),
            renamed[0],
        )
    if not resolved.files:
        logging.warning("no input files found in %s: writing empty outputs", " ".join(inputs))
    if args.history and not dedup:
        raise UsageError("--history needs dedup: drop --no-dedup, or set dedup.enabled: true in the config")
    if args.history_days < 1:
        raise UsageError(f"--history-days must be at least 1, got {args.history_days}")
    request = RunRequest(
        resolved.files,
        output,
        config,
        dedup,
        tuple(beam_args),
        run_date=run_date,
        progress=not args.quiet,
        history=expand_date(args.history, run_date) if args.history else None,
        history_days=args.history_days,
    )
    summary = run(request)
    if not args.quiet:
        print(format_summary(summary))
    return EXIT_OK


def command_explain(args: argparse.Namespace, extra: list[str]) -> int:
    if extra:
        raise UsageError(f"unknown arguments for explain: {' '.join(extra)} (see 'newsclean explain --help')")
    print(format_explanation(explain(args.id, args.output.rstrip("/") or "/")))
    return EXIT_OK


def stray_argument(extra: Sequence[str]) -> str | None:
    """The first argument newsclean did not know that is no Beam flag nor a flag's value (``--project my-project``),
    or None. Beam would only warn about it and drop it: ``newsclean run scrapes/`` would run on the default input.

    >>> stray_argument(["--runner", "DataflowRunner", "--temp_location=gs://b/tmp"]) is None
    True
    >>> stray_argument(["scrapes/"])
    'scrapes/'
    >>> stray_argument(["--streaming=true", "scrapes/"])
    'scrapes/'
    """
    previous = ""
    for argument in extra:
        if not argument.startswith("-") and not (previous.startswith("--") and "=" not in previous):
            return argument
        previous = argument
    return None


def skip_ipython_probe() -> None:
    """Mark IPython as absent in a process that has not imported it: a command never runs inside IPython, yet each
    pipeline build asks whether it does (Beam's ``interactive_utils.is_in_ipython``) by importing it, 0.1-0.2 s of a
    run's start-up wherever IPython is installed (as it is wherever Jupyter is). A notebook that calls :func:`main`
    has imported it already and keeps it.

    >>> import types
    >>> saved = sys.modules.pop("IPython", None)
    >>> skip_ipython_probe(); sys.modules["IPython"] is None
    True
    >>> sys.modules["IPython"] = shell = types.ModuleType("IPython")
    >>> skip_ipython_probe(); sys.modules["IPython"] is shell
    True
    >>> _ = sys.modules.pop("IPython"); sys.modules.update({"IPython": saved} if saved else {})
    """
    # None in sys.modules makes `import IPython` raise ImportError, which Beam takes as "not in IPython".
    sys.modules.setdefault("IPython", None)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="newsclean: %(levelname)s: %(message)s")
    skip_ipython_probe()
    try:
        args, beam_args = build_parser().parse_known_args(argv)
        stray = stray_argument(beam_args)
        if stray is not None:
            raise UsageError(f"unexpected argument {stray!r}: give input files or folders with --input")
        if args.command == "run":
            return command_run(args, beam_args)
        if args.command == "explain":
            return command_explain(args, beam_args)
        if args.command == "calibrate":
            return calibrate.command(args, beam_args)
        raise UsageError(f"unknown command {args.command}")
    except UsageError as error:
        print(f"newsclean: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except RunFailure as failure:
        print(f"newsclean: failed: {failure}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("newsclean: interrupted; no output was published", file=sys.stderr)
        return EXIT_FAILURE
    except RuntimeError as error:
        if not interrupted(error):
            raise
        print("newsclean: interrupted; no output was published", file=sys.stderr)
        return EXIT_FAILURE


def interrupted(error: BaseException) -> bool:
    """Whether ``error`` comes from Ctrl-C: Beam's runner re-raises a KeyboardInterrupt in a DoFn as a RuntimeError.

    >>> try:
    ...     try:
    ...         raise KeyboardInterrupt
    ...     except KeyboardInterrupt:
    ...         raise RuntimeError("KeyboardInterrupt [while running 'Normalize']")
    ... except RuntimeError as error:
    ...     interrupted(error)
    True
    >>> interrupted(RuntimeError("other"))
    False
    """
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


if __name__ == "__main__":
    sys.exit(main())
