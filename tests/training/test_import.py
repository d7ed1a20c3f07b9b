import subprocess
import sys

from tests.shared_data import REPO_ROOT

MODULES = ["training", "training.synth", "training.models", "training.losses", "training.data",
           "training.dataset", "training.train", "training.evaluate", "training.baselines",
           "training.cli"]


def run_python(code: str) -> None:
    """Run `code` in a fresh interpreter (sys.modules of this one is already polluted)."""
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_importing_training_does_not_import_django():
    run_python("import sys\n" + "".join(f"import {m}\n" for m in MODULES)
               + "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
               + "assert not bad, bad\n")


def test_synth_and_package_root_do_not_import_torch():
    """The site's seed_demo draws faces without paying for a torch import."""
    run_python("import sys, training, training.synth\n"
               "assert 'torch' not in sys.modules, 'torch imported'\n")
