"""Running the command line in a test: `python -m exports …` against a data directory."""

from __future__ import annotations

import io
from pathlib import Path

from exports.cli import main


def run(argv: list[str], data_dir: Path) -> tuple[int, str]:
    """The exit code and what went to stdout."""
    out = io.StringIO()
    code = main([*argv, "--data-dir", str(data_dir)], out=out)
    return code, out.getvalue()
