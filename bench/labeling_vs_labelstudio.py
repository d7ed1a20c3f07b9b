"""The labeling loop, facecrowd and Label Studio side by side in one run (issue #2 benchmark).

    .venv/bin/python bench/labeling_vs_labelstudio.py --ls-venv /tmp/ls-venv --images 30000 --annotators 24 --seconds 30

Runs bench/labeling_load.py's benchmark on facecrowd (gunicorn, scratch database
--database), then bench/labelstudio_peer.py's on Label Studio (uwsgi with the same process x
thread count, scratch database --ls-database), one after the other on the same machine with
the same client, and prints both outputs and the ratios. Loopback only; each timed phase lasts
--seconds. The load average is printed before and after each phase, since the machine is shared.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import labeling_load, labelstudio_peer


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def figures(stats: dict) -> dict:
    out = {"votes/s": len(stats["acked"]) / stats["elapsed"]}
    for name in ("next", "vote"):
        ms = np.array(stats[name]) * 1000
        out[f"{name} p50"] = float(np.percentile(ms, 50))
        out[f"{name} p99"] = float(np.percentile(ms, 99))
    return out


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b else "n/a"


def main() -> None:
    parser = labeling_load.build_parser()
    parser.description = __doc__.splitlines()[0]
    labelstudio_peer.add_arguments(parser)
    args = parser.parse_args()
    args.ls_processes = args.ls_processes or args.workers
    args.ls_threads = args.ls_threads or args.threads
    failed = False

    print(f"== facecrowd (load average before: {loadavg()}) ==", flush=True)
    fc_stats = labeling_load.run(args)
    try:
        labeling_load.report(args, fc_stats)
    except SystemExit:
        failed = True
    sys.stdout.flush()

    print(f"\n== Label Studio (load average before: {loadavg()}) ==", flush=True)
    ls_stats, info = labelstudio_peer.run(args, log=lambda line: print(line, flush=True))
    labelstudio_peer.report(args, ls_stats, info)
    print(f"load average after: {loadavg()}")

    fc, ls = figures(fc_stats), figures(ls_stats)
    print(f"\n== side by side: facecrowd vs label-studio {info['version']}, "
          f"{args.images} images, {args.annotators} annotators, {args.seconds:g} s each ==")
    print(f"votes/s: facecrowd {fc['votes/s']:.1f}  label-studio {ls['votes/s']:.1f}  "
          f"ratio {ratio(fc['votes/s'], ls['votes/s'])}")
    for key in ("next p50", "next p99", "vote p50", "vote p99"):
        print(f"{key}: facecrowd {fc[key]:.1f} ms  label-studio {ls[key]:.1f} ms  "
              f"ratio {ratio(ls[key], fc[key])} lower")
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
