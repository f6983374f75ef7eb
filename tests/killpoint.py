"""Run `python -m loaders ARGS`, but pause at a commit step until killed (for tests).

    python tests/killpoint.py {before|after} {raw|dataset} -- ARGS...

`raw` is the rename of the staging directory to `raw/<fetch id>`, `dataset` the rename
of the temporary file to `he.parquet`. At the step the process prints `PAUSED` and
blocks on stdin, so a test can SIGKILL it at exactly that moment. Only the rename calls
are wrapped; the loader itself runs unchanged.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loaders.cli import main


def _matches(step: str, destination: os.PathLike[str] | str) -> bool:
    target = Path(destination)
    return target.name == "he.parquet" if step == "dataset" else target.parent.name == "raw"


def _pause(when: str, step: str) -> None:
    print(f"PAUSED {when} {step}", flush=True)
    sys.stdin.read()


def _wrap(real, when: str, step: str):
    def rename(source, destination, *args, **kwargs):
        if when == "before" and _matches(step, destination):
            _pause(when, step)
        result = real(source, destination, *args, **kwargs)
        if when == "after" and _matches(step, destination):
            _pause(when, step)
        return result

    return rename


if __name__ == "__main__":
    when, step, separator, *arguments = sys.argv[1:]
    assert separator == "--" and when in ("before", "after") and step in ("raw", "dataset")
    os.rename = _wrap(os.rename, when, step)
    os.replace = _wrap(os.replace, when, step)
    sys.exit(main(arguments))
