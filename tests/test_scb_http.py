"""The HTTP module's pure parts: the rate limiter (fake clock), Retry-After, problems."""

from __future__ import annotations

from datetime import UTC, datetime

from loaders.scb.http import RateLimiter, RetryPolicy, problem_detail, retry_after_seconds


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_limiter_allows_max_calls_per_window_then_waits_for_the_oldest():
    clock = FakeClock()
    limiter = RateLimiter(3, 10.0, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        assert limiter.acquire() == 0.0
    clock.now = 4.0
    assert limiter.acquire() == 6.0  # the first call (t=0) leaves the window at t=10
    assert clock.now == 10.0
    assert limiter.acquire() == 0.0
    assert clock.sleeps == [6.0]


def test_limiter_never_has_more_than_max_calls_in_any_window():
    clock = FakeClock()
    limiter = RateLimiter(30, 10.0, clock=clock, sleep=clock.sleep)
    times = []
    for i in range(100):
        clock.now += 0.05 * (i % 3)
        limiter.acquire()
        times.append(clock.now)
    for i, start in enumerate(times):
        assert sum(1 for t in times[i:] if t < start + 10.0) <= 30


def test_limiter_without_limit_never_waits():
    clock = FakeClock()
    limiter = RateLimiter(0, 10.0, clock=clock, sleep=clock.sleep)
    assert [limiter.acquire() for _ in range(100)] == [0.0] * 100


def test_backoff_doubles_up_to_the_cap():
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=3.0)
    assert [policy.backoff(n) for n in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_retry_after_as_seconds_or_http_date():
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("0.25") == 0.25
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:05 GMT", now=now) == 5.0
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("nan") is None


def test_problem_detail_reads_rfc7807_v1_errors_and_text():
    problem = b'{"type":"x","title":"Bad Request","status":400,"detail":"Too many cells"}'
    assert problem_detail(problem) == "Bad Request – Too many cells"
    assert problem_detail(b'{"error":"Too many values selected"}') == "Too many values selected"
    assert problem_detail(b"Too Many Requests\n  try later") == "Too Many Requests try later"
    assert problem_detail(b"[1, 2]") == "[1, 2]"
    assert len(problem_detail(b"x" * 1000)) == 200
