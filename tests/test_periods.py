"""The date rules of DESIGN.md section 4, on the recorded cases, and their properties."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatyline.periods import (
    DateError,
    OutOfCalendar,
    PartialDate,
    Period,
    PeriodError,
    Precision,
    Unit,
    add,
    add_to_day,
    parse_period,
)

RECORDED = [
    # (what happened, start, period, the date it recorded)
    ("INF: US notice -> withdrawal", "2019-02-02", "6 months", "2019-08-02"),
    ("ABM: US notice -> withdrawal", "2001-12-13", "6 months", "2002-06-13"),
    ("Open Skies: US notice -> withdrawal", "2020-05-22", "6 months", "2020-11-22"),
    ("Open Skies: Russian notice -> withdrawal", "2021-06-18", "6 months", "2021-12-18"),
    ("START I: in force -> expiry", "1994-12-05", "15 years", "2009-12-05"),
    ("TPNW: 50th ratification -> in force", "2020-10-24", "90 days", "2021-01-22"),
    ("JCPOA: UNSCR 2231 -> Adoption Day", "2015-07-20", "90 days", "2015-10-18"),
    ("New START: in force -> first expiry", "2011-02-05", "10 years", "2021-02-05"),
    ("New START: expiry -> extended expiry", "2021-02-05", "5 years", "2026-02-05"),
    ("CFE: Russian notice -> end of the period", "2023-06-09", "150 days", "2023-11-06"),
    ("CWC: 65th ratification -> in force", "1996-10-31", "180 days", "1997-04-29"),
]


@pytest.mark.parametrize(("case", "start", "period", "expected"), RECORDED)
def test_recorded_cases(case: str, start: str, period: str, expected: str) -> None:
    result = add(PartialDate.parse(start), parse_period(period))
    assert str(result) == expected, case


@pytest.mark.parametrize(
    ("start", "expected"), [("2019-08-31", "2020-02-29"), ("2024-08-31", "2025-02-28")]
)
def test_months_clamp_to_the_last_day_of_a_short_month(start: str, expected: str) -> None:
    assert str(add(PartialDate.parse(start), Period(6, Unit.MONTHS))) == expected


def test_six_months_is_not_180_days() -> None:
    notice = PartialDate.parse("2019-02-02")
    assert str(add(notice, parse_period("6 months"))) == "2019-08-02"
    assert str(add(notice, parse_period("180 days"))) == "2019-08-01"


def test_no_weekend_roll_over() -> None:
    # Open Skies: the US withdrawal took effect on Sunday 2020-11-22.
    effect = add_to_day(date(2020, 5, 22), Period(6, Unit.MONTHS))
    assert effect == date(2020, 11, 22)
    assert effect.weekday() == calendar.SUNDAY


@pytest.mark.parametrize(
    ("start", "period", "expected"),
    [
        ("2018-06", "6 months", "2018-12"),
        ("2018-06", "1 year", "2019-06"),
        ("2018", "10 years", "2028"),
        ("2018", "6 months", "2018-07-01/2019-06-30"),
        ("2018-06", "150 days", "2018-10-29/2018-11-27"),
    ],
)
def test_partial_dates_keep_their_precision(start: str, period: str, expected: str) -> None:
    assert str(add(PartialDate.parse(start), parse_period(period))) == expected


@pytest.mark.parametrize(
    ("text", "precision"),
    [("2019-02-02", Precision.DAY), ("2018-06", Precision.MONTH), ("2018", Precision.YEAR)],
)
def test_dates_round_trip_with_their_precision(text: str, precision: Precision) -> None:
    parsed = PartialDate.parse(text)
    assert parsed.precision is precision
    assert str(parsed) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-02-30", "February 2019 has 28 days"),
        ("2019-13-01", "no month 13"),
        ("2019-2-2", "is not a date"),
        ("0000-01-01", "no year 0"),
        ("yesterday", "is not a date"),
    ],
)
def test_impossible_dates_are_refused(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("6 months", Period(6, Unit.MONTHS)),
        ("1 year", Period(1, Unit.YEARS)),
        ("150 days", Period(150, Unit.DAYS)),
        ("three months", Period(3, Unit.MONTHS)),
        ("Six Months", Period(6, Unit.MONTHS)),
        ("2 weeks", Period(2, Unit.WEEKS)),
    ],
)
def test_periods_are_read_from_text(text: str, period: Period) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["0 days", "-3 months", "six", "6 fortnights", "a while"])
def test_bad_periods_are_refused_with_a_hint(text: str) -> None:
    with pytest.raises(PeriodError) as error:
        parse_period(text)
    assert error.value.hint


def test_leaving_the_calendar_is_an_error_not_a_crash() -> None:
    with pytest.raises(OutOfCalendar, match="beyond the calendar"):
        add(PartialDate.parse("9999-10-01"), Period(6, Unit.MONTHS))


days = st.dates(min_value=date(1, 1, 1), max_value=date(9000, 12, 31))
counts = st.integers(min_value=1, max_value=600)


@given(days, counts)
def test_a_period_of_months_keeps_the_day_or_ends_the_month(day: date, months: int) -> None:
    end = add_to_day(day, Period(months, Unit.MONTHS))
    last = calendar.monthrange(end.year, end.month)[1]
    assert end.day == min(day.day, last)
    assert (end.year * 12 + end.month) - (day.year * 12 + day.month) == months


@given(days, counts)
def test_months_agree_with_dateutil(day: date, months: int) -> None:
    # treatyline does its own month arithmetic (importing dateutil cost start-up time); the
    # well-known library is the oracle.
    from dateutil.relativedelta import relativedelta

    try:
        expected = day + relativedelta(months=months)
    except (ValueError, OverflowError):
        return  # beyond year 9999: the test above covers the error
    assert add_to_day(day, Period(months, Unit.MONTHS)) == expected


@given(days, st.integers(min_value=1, max_value=500))
def test_twelve_months_are_one_year(day: date, years: int) -> None:
    by_months = add_to_day(day, Period(12 * years, Unit.MONTHS))
    assert by_months == add_to_day(day, Period(years, Unit.YEARS))


@given(days, days, counts)
def test_adding_a_period_keeps_the_order_of_dates(first: date, second: date, count: int) -> None:
    earlier, later = sorted((first, second))
    for unit in Unit:
        assert add_to_day(earlier, Period(count, unit)) <= add_to_day(later, Period(count, unit))


@given(days, st.integers(min_value=1, max_value=10_000))
def test_days_are_counted_from_the_day_after(day: date, count: int) -> None:
    assert add_to_day(day, Period(count, Unit.DAYS)) == day + timedelta(days=count)
