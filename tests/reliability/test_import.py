import subprocess
import sys

from tests.shared_data import REPO_ROOT


def test_import_reliability_does_not_import_django():
    code = ("import sys, reliability, reliability.simulation, reliability.cli; "
            "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
