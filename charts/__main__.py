"""`python -m charts COMMAND`: see charts/cli.py."""

import sys

from charts.cli import main

sys.exit(main())
