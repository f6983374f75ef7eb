"""`python -m loaders {demo,fetch,info,reparse}`."""

import sys

from loaders.cli import main

sys.exit(main())
