"""`python -m exports COMMAND`: the analysts' command line, see exports/cli.py."""

import sys

from exports.cli import main

sys.exit(main())
