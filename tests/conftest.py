"""Shared fixtures. Tests run from the project root, which is on sys.path.

No test may reach the internet: SCB is never contacted unless a test points HE_SCB_API
at the fake PxWeb server and clears HE_OFFLINE (also for the app servers they start).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ["HE_OFFLINE"] = "1"
