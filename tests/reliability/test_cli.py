import csv
import json
import subprocess
import sys

import pytest

from reliability.cli import main
from tests.shared_data import REPO_ROOT

GOOD = "item,worker,label\n" + "".join(
    f"img{j},w{w},{'happiness' if (j + w) % 5 else 'sadness'}\n"
    for j in range(12) for w in range(5))


def _run(tmp_path, text, *args, name="in.csv", raw=None):
    path = tmp_path / name
    path.write_bytes(raw if raw is not None else text.encode())
    return main(["estimate", str(path), "--out", str(tmp_path / "out"), *args])


def _header(path):
    with path.open(newline="") as f:
        return next(csv.reader(f))


@pytest.mark.parametrize("method", ["glad", "ds", "mv"])
def test_outputs_follow_the_contract(tmp_path, method, capsys):
    assert _run(tmp_path, GOOD, "--method", method, "--min-alpha", "-5") == 0
    out = tmp_path / "out"
    assert _header(out / "items.csv") == ["item", "label", "confidence", "beta", "subset",
                                          "compound", "p_happiness", "p_sadness"]
    assert _header(out / "workers.csv") == ["worker", "alpha", "n_labels", "kept"]
    summary = json.loads((out / "summary.json").read_text())
    for key in ("n_items", "n_workers", "n_labels", "n_classes", "method", "n_iter",
                "converged", "log_likelihood", "cronbach_alpha", "krippendorff_alpha",
                "seconds", "n_duplicates"):
        assert key in summary
    assert summary["n_items"] == 12 and summary["method"] == method
    with (out / "items.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 12 and {r["subset"] for r in rows} <= {"single", "compound", ""}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out"]  # no temp left


@pytest.mark.parametrize("text, raw, line, words", [
    ("", None, 1, "empty file"),
    ("item,worker\na,b\n", None, 1, "missing column(s) label"),
    ("item,worker,label\na,w,x\nb,w,x\n", None, 2, "a single class"),
    (None, b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", 1, "not a UTF-8 text CSV"),
    ("item,worker,label\na,w,x\nb,w\n", None, 3, "expected 3 fields, got 2"),
    ("item,worker,label\na,w,x\nb,,y\n", None, 3, "empty worker"),
    ("item,worker,label\n", None, 2, "no labels after the header"),
    ("item,worker,label\na,w,x\na,v,y\na,w,y\n", None, 4, "expected one label per"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, text, raw, line, words):
    args = ("--duplicates", "error") if "one label per" in words else ()
    assert _run(tmp_path, text or "", *args, raw=raw) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"line {line}:" in err and words in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [["estimate", "x.csv"], ["estimate", "x.csv", "--out", "o",
                                                        "--method", "em"]])
def test_usage_errors_are_one_line_too(capsys, args):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_existing_output_is_replaced_whole_or_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.txt").write_text("old run")
    assert _run(tmp_path, "item,worker,label\n") == 2
    assert (out / "stale.txt").exists()  # a failed run leaves the old output alone
    assert _run(tmp_path, GOOD) == 0
    assert sorted(p.name for p in out.iterdir()) == ["items.csv", "summary.json", "workers.csv"]


def test_duplicates_are_counted(tmp_path):
    text = GOOD + "img0,w0,sadness\n"
    assert _run(tmp_path, text, "--duplicates", "last") == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["n_duplicates"] == 1 and summary["n_labels"] == 60


def test_python_dash_m(tmp_path):
    (tmp_path / "in.csv").write_text(GOOD)
    done = subprocess.run([sys.executable, "-m", "reliability", "estimate",
                           str(tmp_path / "in.csv"), "--out", str(tmp_path / "o")],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o" / "summary.json").exists()
