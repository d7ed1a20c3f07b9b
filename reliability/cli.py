"""``python -m reliability estimate INPUT.csv --out DIR [...]``: a thin layer over estimate()."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from ._encode import DUPLICATE_POLICIES, DuplicateLabelError
from .estimate import METHODS, MIN_COMPOUND_SIZE, estimate
from .csv_io import InputError, read_labels, write_outputs


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line on stderr with exit status 2, like bad input files."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The ``estimate`` command and its options (the contract other tools rely on)."""
    parser = _OneLineParser(prog="python -m reliability",
                            description="Crowd label reliability estimation.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("estimate", help="estimate reliabilities, labels and subsets")
    run.add_argument("input", type=Path, help="CSV with the header item,worker,label")
    run.add_argument("--out", type=Path, required=True, help="output folder")
    run.add_argument("--method", choices=sorted(METHODS), default="glad")
    run.add_argument("--min-alpha", type=float, default=None,
                     help="drop annotators with alpha below this and re-estimate")
    run.add_argument("--duplicates", choices=DUPLICATE_POLICIES, default="keep",
                     help="repeated (item, worker) rows (default: keep all)")
    run.add_argument("--exclude", action="append", default=[], metavar="WORKER",
                     help="exclude an annotator (repeatable)")
    run.add_argument("--min-compound-size", type=int, default=MIN_COMPOUND_SIZE)
    run.add_argument("--random-state", type=int, default=0)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (2 for bad input, one line on stderr)."""
    args = build_parser().parse_args(argv)
    try:
        table = read_labels(args.input)
        result = estimate(table.items, table.workers, table.labels, classes=table.classes,
                          method=args.method, min_alpha=args.min_alpha, exclude=args.exclude,
                          duplicates=args.duplicates,
                          min_compound_size=args.min_compound_size,
                          random_state=args.random_state)
        write_outputs(args.out, result)
    except DuplicateLabelError as err:
        print(f"{args.input}: line {err.row + 2}: {err}", file=sys.stderr)
        return 2
    except InputError as err:
        print(str(err), file=sys.stderr)
        return 2
    except ValueError as err:  # e.g. --min-alpha above every annotator
        print(f"{args.input}: {err}", file=sys.stderr)
        return 2
    s = result.summary
    print(f"{s['method']}: {s['n_items']} items, {s['n_workers_kept']}/{s['n_workers']} "
          f"workers kept, {s['n_labels']} labels, {s['seconds']:.2f} s -> {args.out}")
    return 0
