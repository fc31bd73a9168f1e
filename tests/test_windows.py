"""Relative windows: --next, --from today, --to +1y, counted from the as-of date."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Result
from treatyline import api
from treatyline.errors import TreatylineError
from treatyline.periods import DateError, PartialDate, parse_relative

Run = Callable[..., Result]


def dates(result: Result) -> list[tuple[str, str]]:
    assert result.code == 0, result
    return [(r["date"], r["treaty"]) for r in csv.DictReader(io.StringIO(result.stdout))]


def test_next_90_days_from_the_as_of_date(run: Run) -> None:
    result = run("deadlines", "--next", "90d", "--as-of", "2025-12-01", "-f", "csv")
    assert dates(result) == [
        # Malaysia's ratification of the Outer Space Treaty is known by its year only, so the
        # day it bound Malaysia is "2025", which the window's first month may hold.
        ("2025", "OST"),
        ("2025-12-01", "OTTAWA"),  # Tonga, acceded 2025-06-25
        ("2025-12-04", "ATT"),  # Vanuatu
        ("2025-12-11", "PNET"),  # renews itself with the TTBT (Art. VIII)
        ("2025-12-11", "TTBT"),
        ("2025-12-25", "TPNW"),  # Ghana, ratified 2025-09-26
        ("2025-12-27", "OTTAWA"),
        ("2025-12-27", "OTTAWA"),
        ("2025-12-27", "OTTAWA"),
        ("2026-01-10", "OTTAWA"),
        ("2026-02-05", "NEW-START"),
        ("2026-02-20", "OTTAWA"),
        ("2026-03-01", "CCM"),  # Vanuatu, acceded 2025-09-05
    ]


def test_from_today_to_one_year_ahead(run: Run) -> None:
    result = run(
        "deadlines", "--from", "today", "--to", "+1y", "--as-of", "2026-01-01", "-f", "csv"
    )
    assert dates(result) == [
        ("2026-01-10", "OTTAWA"),
        ("2026-02-05", "NEW-START"),
        ("2026-02-20", "OTTAWA"),
        ("2026-03-01", "CCM"),
        ("2026-05-25", "INCSEA"),
    ]


def test_an_offset_back_in_time(run: Run) -> None:
    result = run(
        "deadlines",
        "--from",
        "-6m",
        "--to",
        "today",
        "--as-of",
        "2019-08-31",
        "-f",
        "csv",
        "--kind",
        "withdrawal_effective",
    )
    assert dates(result) == [("2019-08-02", "INF")]


def test_windows_do_not_mix(run: Run) -> None:
    result = run("deadlines", "--next", "90d", "--year", "2021")
    assert result.code == 2
    assert "--year and --next cannot be combined" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--next", "-90d"], "--next looks ahead, and '-90d' lies before"),
        (["--next", "soon"], "--next: 'soon' is neither a date nor an offset"),
        (["--from", "tomorrow-ish"], "--from: 'tomorrow-ish' is neither a date nor an offset"),
        (["--to", "+9999y"], "--to: 2026-11-23 + 9999 years is beyond the calendar"),
        (["--to", "2021-02-30"], "--to: '2021-02-30' is not a date: February 2021 has 28 days"),
        (["--from", "+0d"], "--from: an offset must be longer than zero, not '+0d'"),
    ],
)
def test_a_bad_window_is_a_usage_error_with_a_hint(run: Run, args: list[str], message: str) -> None:
    result = run("deadlines", *args, "--as-of", "2026-11-23")
    assert result.code == 2
    assert message in result.stderr
    assert "hint:" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", "2026-01-31"),
        ("+1m", "2026-02-28"),  # the month's last day when the day number is missing
        ("-1m", "2025-12-31"),
        ("90d", "2026-05-01"),
        ("+2w", "2026-02-14"),
        ("+1y", "2027-01-31"),
        ("6 months", "2026-07-31"),
        ("2021", "2021"),
        ("2021-06", "2021-06"),
    ],
)
def test_relative_days_count_like_treaty_periods(text: str, expected: str) -> None:
    assert str(parse_relative(text, today=date(2026, 1, 31))) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)), st.integers(1, 1200))
def test_an_offset_forward_and_back_never_passes_the_start(day: date, months: int) -> None:
    ahead = parse_relative(f"+{months}m", today=day).earliest
    back = parse_relative(f"-{months}m", today=ahead).earliest
    assert back <= day  # clamping at a month's end may only ever shorten the way back
    assert (day - back).days < 4


def test_the_api_window_matches_the_options() -> None:
    assert api.window(as_of=date(2026, 11, 23), year=2021) == (date(2021, 1, 1), date(2021, 12, 31))
    assert api.window(as_of=date(2026, 11, 23), ahead="1y") == (
        date(2026, 11, 23),
        date(2027, 11, 23),
    )
    assert api.window(as_of=date(2026, 11, 23), start="2021", end="2022-06") == (
        date(2021, 1, 1),
        date(2022, 6, 30),
    )
    with pytest.raises(TreatylineError):
        api.window(as_of=date(2026, 11, 23), year=2021, start="today")
    with pytest.raises(DateError):
        parse_relative("yesterday", today=date(2026, 11, 23))
    assert parse_relative("2026-11-23", today=date(2000, 1, 1)) == PartialDate.day(
        date(2026, 11, 23)
    )
