"""Bad-input errors that the CLI turns into one line on stderr and exit status 2."""
from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """A release folder, image, label line or checkpoint that cannot be used as given."""

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")
        self.path, self.line = Path(path), line
