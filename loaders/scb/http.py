"""The only module that talks to the network: timeouts, retries and a rate limiter.

Every request waits for a slot in a sliding-window rate limiter built from the API's own
limits, then is retried on 429 (after the server's `Retry-After`), on 5xx, on timeouts
and on broken or truncated connections, with capped exponential backoff. Any other
answer, or running out of attempts, raises :class:`HttpError`, which keeps the status,
the server's explanation and the number of attempts.
"""

from __future__ import annotations

import collections
import email.utils
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from loaders.scb.api import Call

if TYPE_CHECKING:
    import requests

USER_AGENT = "offentlig-forsorjning-loader/1 (+python-requests)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry. Backoff: base·2^n seconds, at most `cap`."""

    max_retries: int = 5
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    max_retry_after: float = 120.0
    timeout: float = 60.0
    connect_timeout: float | None = None
    """Seconds to wait for a connection (None: `timeout`); short when SCB may be away."""

    def backoff(self, retry: int) -> float:
        return min(self.backoff_cap, self.backoff_base * 2**retry)


class RateLimiter:
    """At most `max_calls` calls in any `window` seconds (a sliding log of call times)."""

    def __init__(
        self,
        max_calls: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_calls = max_calls
        self.window = window
        self._clock = clock
        self._sleep = sleep
        self._calls: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Wait until a call is allowed and record it; returns the seconds waited."""
        if self.max_calls <= 0:
            return 0.0
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                while self._calls and now - self._calls[0] >= self.window:
                    self._calls.popleft()
                if len(self._calls) < self.max_calls:
                    self._calls.append(now)
                    return waited
                delay = self._calls[0] + self.window - now
            self._sleep(delay)
            waited += delay


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    attempts: int


class HttpError(Exception):
    """A request failed for good. `str()` is one line: status or cause, and attempts."""

    def __init__(
        self, cause: str, *, status: int | None = None, attempts: int = 1, detail: str = ""
    ) -> None:
        self.cause = cause
        self.status = status
        self.attempts = attempts
        self.detail = detail
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(f"{cause}{tries}{f': {detail}' if detail else ''}")


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def problem_detail(body: bytes) -> str:
    """The server's explanation: an RFC 7807 problem, v1's `{"error": …}`, or plain text."""
    try:
        doc = json.loads(body)
    except ValueError:
        return _one_line(body.decode("utf-8", "replace"))
    if isinstance(doc, dict):
        parts = [str(doc[k]) for k in ("title", "detail", "error") if doc.get(k)]
        if parts:
            return _one_line(" – ".join(parts))
    return _one_line(json.dumps(doc, ensure_ascii=False))


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds (delay-seconds or an HTTP date), None if absent/invalid."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if seconds == seconds else None


class HttpClient:
    """Sends :class:`Call` objects politely; safe to share between threads."""

    def __init__(
        self,
        policy: RetryPolicy,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy
        self.limiter = limiter
        self._sleep = sleep
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self.attempts = 0
        self.retries = 0

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            import requests  # Performance (#18): ~75 ms of the app's start, only when asked

            session = requests.Session()
            session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def _count(self, retry: bool) -> None:
        with self._lock:
            self.attempts += 1
            self.retries += int(retry)

    def send(self, call: Call) -> Response:
        """The successful response to `call`, after retries; raises :class:`HttpError`."""
        import requests  # see _session

        policy = self.policy
        attempt = 0
        while True:
            if self.limiter is not None:
                self.limiter.acquire()
            self._count(retry=attempt > 0)
            status: int | None = None
            detail = ""
            try:
                answer = self._session().request(
                    call.method,
                    call.url,
                    params=list(call.params) or None,
                    json=call.body,
                    timeout=(policy.connect_timeout or policy.timeout, policy.timeout),
                )
                body = answer.content
            except requests.Timeout:
                cause, wait = f"no answer within {policy.timeout:g} s", policy.backoff(attempt)
            except requests.exceptions.ChunkedEncodingError as err:
                cause, wait = "truncated response", policy.backoff(attempt)
                detail = _one_line(str(err))
            except requests.ConnectionError as err:
                cause, wait = "connection failed", policy.backoff(attempt)
                detail = _one_line(str(err))
            else:
                status = answer.status_code
                if 200 <= status < 300:
                    return Response(status, body, attempt + 1)
                cause = f"HTTP {status} {answer.reason or ''}".rstrip()
                detail = problem_detail(body) if body else ""
                if status not in RETRY_STATUSES:
                    raise HttpError(cause, status=status, attempts=attempt + 1, detail=detail)
                wait = policy.backoff(attempt)
                if status == 429:
                    asked = retry_after_seconds(answer.headers.get("Retry-After"))
                    if asked is not None and asked > policy.max_retry_after:
                        raise HttpError(
                            f"{cause}: the server asks to wait {asked:g} s (Retry-After), "
                            f"more than {policy.max_retry_after:g} s",
                            status=status,
                            attempts=attempt + 1,
                        )
                    wait = asked if asked is not None else wait
            if attempt == policy.max_retries:
                raise HttpError(cause, status=status, attempts=attempt + 1, detail=detail)
            self._sleep(wait)
            attempt += 1

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()
