"""The deployment settings, read from the environment by the app and every command line.

The names are a promise to the people who host the app (README, "Inställningar"):
`HE_SCB_API` (the PxWeb v2 root), `HE_REFRESH_EVERY` (seconds between checks of SCB's
`updated` stamps; 0 turns the check off) and `HE_OFFLINE=1` (never contact SCB). The
data directory (`HE_DATA_DIR`) belongs to `data.store`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

from loaders.scb.api import DEFAULT_BASE_URLS, V2

SCB_API_ENV = "HE_SCB_API"
REFRESH_EVERY_ENV = "HE_REFRESH_EVERY"
OFFLINE_ENV = "HE_OFFLINE"
DEFAULT_REFRESH_EVERY = 21600.0
CONNECT_TIMEOUT = 3.0
"""Seconds to wait for SCB to accept a connection before falling back: short, so that a
first start without network shows the synthetic data in a few seconds, not minutes."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    scb_api: str = DEFAULT_BASE_URLS[V2]
    refresh_every: float = DEFAULT_REFRESH_EVERY
    offline: bool = False

    @property
    def refresh_on(self) -> bool:
        return not self.offline and self.refresh_every > 0


def settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in `environ` (default: the process's environment); a malformed
    `HE_REFRESH_EVERY` is logged and the default used, so a typo never stops the app."""
    env = os.environ if environ is None else environ
    every = DEFAULT_REFRESH_EVERY
    text = env.get(REFRESH_EVERY_ENV, "").strip()
    if text:
        try:
            every = float(text)
            if every < 0 or every != every:
                raise ValueError(text)
        except ValueError:
            log.warning(
                "%s=%r is not a number of seconds; using %g",
                REFRESH_EVERY_ENV,
                text,
                DEFAULT_REFRESH_EVERY,
            )
            every = DEFAULT_REFRESH_EVERY
    return Settings(
        scb_api=env.get(SCB_API_ENV, "").strip() or DEFAULT_BASE_URLS[V2],
        refresh_every=every,
        offline=env.get(OFFLINE_ENV, "").strip() not in ("", "0"),
    )
