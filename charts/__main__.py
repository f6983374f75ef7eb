"""`python -m charts COMMAND`: the documented alias of `python -m exports COMMAND`
(exports/cli.py), kept so that scripts written before the command line moved to the
exports still run. The one import from a lower layer up to `exports` is this alias's."""

import sys

from exports.cli import main

sys.exit(main())
