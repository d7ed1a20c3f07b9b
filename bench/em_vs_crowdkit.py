"""reliability/ against crowd-kit, side by side in one run: accuracy on real data, speed, memory.

    .venv/bin/python bench/em_vs_crowdkit.py                  # everything (~10 min, 2 cores)
    .venv/bin/python bench/em_vs_crowdkit.py --sections speed raf scale

Sections: ``accuracy`` (mv / ds / glad against crowd-kit's MajorityVote / DawidSkene / GLAD
on every ../shared/data/crowd set with gold), ``speed`` (3,000 items x 40 labels, 315
annotators: GLAD against crowd-kit GLAD at the same tol), ``raf`` (a full estimate() at
RAF-DB scale, 29,672 x 40 = 1.19M labels, in a fresh subprocess for time and peak RSS),
``scale`` (estimate() from 120k to 12M labels), ``agreement`` (Krippendorff's alpha:
reliability's wrapper against the ``krippendorff`` package's paths at 1.19M labels), and,
only on request, ``forced`` (crowd-kit GLAD on relevance with its early stop switched off,
~10 min). Prints Markdown tables and ratios; the figures go into docs/benchmarks.md.
crowd-kit is a benchmark peer only.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reliability import GLAD, DawidSkene, MajorityVote  # noqa: E402
from reliability.csv_io import read_gold, read_labels  # noqa: E402
from reliability.simulation import simulate_crowd  # noqa: E402

CROWD = ROOT.parent / "shared" / "data" / "crowd"
TOL = 1e-5  # both libraries' default


def read_crowd(folder: Path) -> tuple[list[str], list[str], list[str], dict[str, str]]:
    table = read_labels(folder / "labels.csv")
    return table.items, table.workers, table.labels, read_gold(folder / "gold.csv")


def accuracy(items, predicted, gold: dict[str, str]) -> float:
    lookup = dict(zip(np.asarray(items).tolist(), np.asarray(predicted).tolist()))
    return 100.0 * np.mean([lookup[item] == label for item, label in gold.items()])


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def crowdkit_models() -> dict:
    from crowdkit.aggregation import GLAD as CkGLAD, DawidSkene as CkDS, MajorityVote as CkMV
    return {"mv": CkMV, "ds": lambda: CkDS(n_iter=100, tol=TOL), "glad": lambda: CkGLAD(tol=TOL)}


def section_accuracy() -> None:
    import pandas as pd
    ours = {"mv": MajorityVote, "ds": DawidSkene, "glad": GLAD,
            "glad (plain M-step)": lambda: GLAD(leave_one_out=False)}
    theirs = crowdkit_models()
    print("\n| data set | labels | " + " | ".join(ours) + " | ck MV | ck DS | ck GLAD "
          "| glad - ck GLAD | glad s | ck GLAD s |")
    print("|---" * (len(ours) + 8) + "|")
    for folder in sorted(p for p in CROWD.iterdir() if (p / "gold.csv").exists()):
        items, workers, labels, gold = read_crowd(folder)
        row, secs = {}, {}
        for name, make in ours.items():
            model, secs[name] = timed(lambda: make().fit(items, workers, labels))
            row[name] = accuracy(model.items_, model.labels_, gold)
        frame = pd.DataFrame({"task": items, "worker": workers, "label": labels})
        for name, make in theirs.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result, secs["ck " + name] = timed(lambda: make().fit_predict(frame))
            row["ck " + name] = accuracy(result.index, result.values, gold)
        cells = " | ".join(f"{v:.2f}" for v in row.values())
        print(f"| {folder.name} | {len(labels):,} | {cells} | {row['glad'] - row['ck glad']:+.2f} "
              f"| {secs['glad']:.2f} | {secs['ck glad']:.1f} |", flush=True)


def section_forced() -> None:
    """crowd-kit GLAD on relevance run on for 15 EM iterations (its tol rule switched off).

    With tol=1e-5 it stops after 2 iterations: its loss is not monotone across EM
    iterations, and a drop also counts as "change < tol".
    """
    import pandas as pd
    from crowdkit.aggregation import GLAD as CkGLAD
    items, workers, labels, gold = read_crowd(CROWD / "relevance")
    frame = pd.DataFrame({"task": items, "worker": workers, "label": labels})
    for n_iter, tol in ((100, TOL), (15, -np.inf)):
        model = CkGLAD(n_iter=n_iter, tol=tol)
        result, secs = timed(lambda: model.fit_predict(frame))
        print(f"\ncrowd-kit GLAD on relevance, n_iter={n_iter}, tol={tol}: "
              f"{len(model.loss_history_)} iterations, accuracy "
              f"{accuracy(result.index, result.values, gold):.2f}, {secs:.0f} s", flush=True)


def section_speed() -> None:
    import pandas as pd
    from crowdkit.aggregation import GLAD as CkGLAD
    from scipy.stats import spearmanr
    crowd = simulate_crowd(3000, 40, 315, compound_fraction=0.1, random_state=0)
    fits = [timed(lambda: GLAD(tol=TOL).fit(crowd.items, crowd.workers, crowd.labels))
            for _ in range(5)]
    ours, ours_s = fits[0][0], min(s for _, s in fits)
    frame = pd.DataFrame({"task": crowd.items, "worker": crowd.workers, "label": crowd.labels})
    theirs, theirs_s = timed(lambda: CkGLAD(tol=TOL).fit(frame))
    their_alpha = theirs.alphas_.reindex(np.arange(315)).to_numpy()
    their_label = theirs.labels_.reindex(np.arange(3000)).to_numpy()
    print(f"\n120,000 labels (3,000 x 40, 315 annotators, K=7), tol={TOL}:")
    print(f"  reliability GLAD  {ours_s:8.3f} s (best of 5)  {ours.n_iter_} EM iterations  "
          f"accuracy vs truth {np.mean(ours.labels_ == crowd.true_labels):.4f}")
    print(f"  crowd-kit GLAD    {theirs_s:8.3f} s              {len(theirs.loss_history_)} EM "
          f"iterations  accuracy vs truth {np.mean(their_label == crowd.true_labels):.4f}")
    print(f"  speed-up {theirs_s / ours_s:.0f}x; per EM iteration "
          f"{(theirs_s / len(theirs.loss_history_)) / (ours_s / ours.n_iter_):.0f}x; labels "
          f"agree on {np.mean(ours.labels_ == their_label):.4f} of items; Spearman(alpha) "
          f"between the two {spearmanr(ours.alpha_, their_alpha).statistic:.4f}, vs truth "
          f"{spearmanr(ours.alpha_, crowd.alpha).statistic:.4f} / "
          f"{spearmanr(their_alpha, crowd.alpha).statistic:.4f}")


# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (big) parent through exec
CHILD = """
import json, sys, time
import numpy as np
sys.path.insert(0, {root!r})
from reliability import CLASSES, estimate
def hwm_mb():
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    return int(status.split()[0]) / 1024
data = np.load({path!r})
names = np.array(CLASSES, dtype=object)[data["labels"]] if {named} else data["labels"]
rss0 = hwm_mb()
start = time.perf_counter()
result = estimate(data["items"], data["workers"], names, min_alpha=0.0)
seconds = time.perf_counter() - start
print(json.dumps(dict(seconds=seconds, rss_before_mb=rss0, peak_rss_mb=hwm_mb(),
      n_iter=result.summary["n_iter_total"], kept=int(result.kept.sum()),
      n_single=result.summary["n_single"], n_compound=result.summary["n_compound"],
      cronbach=result.summary["cronbach_alpha"], kripp=result.summary["krippendorff_alpha"])))
"""


def run_child(n_items: int, per_item: int, n_workers: int, named: bool, tmp: Path) -> dict:
    """estimate() in a fresh interpreter, so that ru_maxrss is this run's peak alone."""
    crowd = simulate_crowd(n_items, per_item, n_workers, compound_fraction=0.1, random_state=0)
    path = tmp / f"crowd-{n_items}.npz"
    np.savez(path, items=crowd.items, workers=crowd.workers, labels=crowd.labels)
    code = CHILD.format(root=str(ROOT), path=str(path), named=named)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    path.unlink()
    return json.loads(done.stdout)


def section_raf(tmp: Path) -> None:
    print("\nRAF-DB scale: estimate(method='glad', min_alpha=0) on 29,672 x 40 = 1,186,880 "
          "labels, 315 annotators, fresh process each:")
    for named in (False, True):
        runs = [run_child(29672, 40, 315, named, tmp) for _ in range(3)]
        best = min(runs, key=lambda r: r["seconds"])
        label = "class names (str)" if named else "class codes (int)"
        every = ", ".join(f"{r['seconds']:.2f}" for r in runs)
        print(f"  {label}: {best['seconds']:.2f} s (best of 3; all {every}), peak RSS "
              f"{max(r['peak_rss_mb'] for r in runs):.0f} MB (process before estimate: "
              f"{best['rss_before_mb']:.0f} MB), {best['n_iter']} iterations, "
              f"{best['kept']} annotators kept, single {best['n_single']}, compound "
              f"{best['n_compound']}, Cronbach {best['cronbach']:.3f}, "
              f"Krippendorff {best['kripp']:.3f}", flush=True)


def section_scale(tmp: Path) -> None:
    print("\n| labels | items x labels/item | annotators | estimate() s | peak RSS MB "
          "| EM iterations (both fits) |")
    print("|---|---|---|---|---|---|")
    for n_items in (3000, 15000, 29672, 75000, 150000, 300000):
        r = run_child(n_items, 40, 315, False, tmp)
        print(f"| {n_items * 40:,} | {n_items:,} x 40 | 315 | {r['seconds']:.2f} | "
              f"{r['peak_rss_mb']:.0f} | {r['n_iter']} |", flush=True)


def section_agreement() -> None:
    """Krippendorff's alpha at RAF-DB scale: reliability's wrapper and the package's paths."""
    import krippendorff
    from reliability import krippendorff_alpha
    from reliability._encode import encode
    from reliability.baselines import vote_counts
    crowd = simulate_crowd(29672, 40, 315, random_state=0)
    votes = vote_counts(encode(crowd.items, crowd.workers, crowd.labels))
    ours, ours_s = timed(lambda: krippendorff_alpha(votes))
    lib, lib_s = timed(lambda: krippendorff.alpha(value_counts=votes,
                                                  level_of_measurement="nominal"))
    binary = [np.stack([votes[:, k], votes.sum(axis=1) - votes[:, k]], axis=1) for k in range(7)]
    _, per_class_s = timed(lambda: [
        krippendorff.alpha(value_counts=b, level_of_measurement="nominal") for b in binary])
    matrix = np.full((315, 29672), np.nan)
    matrix[crowd.workers, crowd.items] = crowd.labels
    _, raters_s = timed(lambda: krippendorff.alpha(reliability_data=matrix,
                                                   level_of_measurement="nominal"))
    print(f"\nKrippendorff's alpha, 1,186,880 labels: reliability {ours.value:.6f} with 7 "
          f"per-class values in {ours_s:.3f} s; krippendorff package {lib:.6f}: {lib_s:.3f} s "
          f"from value counts (+{per_class_s:.3f} s for the 7 per-class values), "
          f"{raters_s:.3f} s from a 315 x 29,672 raters x units matrix")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", nargs="+",
                        default=["accuracy", "speed", "raf", "scale", "agreement"],
                        choices=["accuracy", "speed", "raf", "scale", "agreement", "forced"])
    parser.add_argument("--tmp", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    print(f"numpy {np.__version__}; CPUs: {__import__('os').cpu_count()}")
    for name in args.sections:
        if name == "accuracy":
            section_accuracy()
        elif name == "speed":
            section_speed()
        elif name == "raf":
            section_raf(args.tmp)
        elif name == "agreement":
            section_agreement()
        elif name == "forced":
            section_forced()
        else:
            section_scale(args.tmp)


if __name__ == "__main__":
    main()
