"""`python -m loaders {demo,fetch,info}`."""

import sys

from loaders.cli import main

sys.exit(main())
