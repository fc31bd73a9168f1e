"""Own periods ("6 months"), partial dates ("2018-06") and all date arithmetic on them.

The rules follow the European Convention on the Calculation of Time-Limits (ETS No. 76) as
DESIGN.md section 4 sets out: the day of the event is not counted, a period of days ends N days
later, a period of months or years ends on the same day number, or on the month's last day
when the month is too short. There is no weekend roll-over.
"""

from __future__ import annotations

import enum
import re
from datetime import date, timedelta

from treatyline.records import record


class Unit(enum.Enum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"

    def singular(self) -> str:
        return self.value[:-1]


class PeriodError(ValueError):
    """Text that is not a period; carries a hint for the report."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class DateError(ValueError):
    """Text that is not a date; carries a hint for the report."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class OutOfCalendar(ArithmeticError):
    """A computed date that falls outside years 1 to 9999."""


NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
}

# The patterns are strings, compiled by re (and kept in its cache) on their first use: a
# command that parses no period or date pays nothing for them at start-up.
_PERIOD = r"^\s*(?P<count>[0-9]+|[a-z]+)\s+(?P<unit>[a-z]+?)s?\s*$"
_PERIOD_HINT = "write a whole number and a unit, such as '6 months', '150 days' or '10 years'"


@record
class Period:
    """A length of time as a treaty states it: a count of days, weeks, months or years."""

    count: int
    unit: Unit

    def __str__(self) -> str:
        name = self.unit.singular() if self.count == 1 else self.unit.value
        return f"{self.count} {name}"

    def in_months(self) -> int | None:
        """Return the period in whole months, or None for periods of days or weeks."""
        if self.unit is Unit.MONTHS:
            return self.count
        if self.unit is Unit.YEARS:
            return self.count * 12
        return None


# The calendar holds 3,652,059 days: no period of more digits can be added to any date, and
# Python refuses to read a number of more than 4,300 digits at all.
MAX_DIGITS = 7
_TOO_LONG_HINT = "no period longer than 9,999 years fits the calendar of years 1 to 9999"


def parse_period(text: str) -> Period:
    """Read '6 months', '150 days', '1 year' or 'six months' into a Period."""
    match = re.match(_PERIOD, text.lower())
    if match is None:
        raise PeriodError(f"'{text}' is not a period", _PERIOD_HINT)
    raw_count, raw_unit = match["count"], match["unit"]
    if len(raw_count) > MAX_DIGITS:
        raise PeriodError(f"'{text[:20]}...' is longer than the calendar", _TOO_LONG_HINT)
    count = int(raw_count) if raw_count.isdigit() else NUMBER_WORDS.get(raw_count)
    if count is None:
        raise PeriodError(f"'{raw_count}' is not a number I can read", _PERIOD_HINT)
    try:
        unit = Unit(raw_unit + "s")
    except ValueError:
        units = ", ".join(u.value for u in Unit)
        raise PeriodError(f"'{raw_unit}' is not a unit", f"use one of {units}") from None
    if count <= 0:
        raise PeriodError(f"a period must be longer than zero, not '{text}'", _PERIOD_HINT)
    return Period(count, unit)


class Precision(enum.Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    SPAN = "span"


_DATE = r"^(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?$"
_DATE_HINT = "write dates as YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known"


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    """Return the length of a month, as calendar.monthrange(year, month)[1] does."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month]


def _month_end(year: int, month: int) -> date:
    return date(year, month, _days_in(year, month))


@record(order=True)
class PartialDate:
    """A date known to the day, to the month, to the year, or only to a span of days.

    It is the closed range `earliest..latest`; its precision follows from the range, so that
    '2018-06' is 2018-06-01..2018-06-30 and prints as '2018-06' again.
    """

    earliest: date
    latest: date

    @classmethod
    def day(cls, day: date) -> PartialDate:
        return cls(day, day)

    @classmethod
    def month(cls, year: int, month: int) -> PartialDate:
        return cls(date(year, month, 1), _month_end(year, month))

    @classmethod
    def year(cls, year: int) -> PartialDate:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'."""
        match = re.match(_DATE, text.strip())
        if match is None:
            raise DateError(f"'{text}' is not a date", _DATE_HINT)
        year = int(match["year"])
        if year == 0:
            raise DateError(f"'{text}' is not a date: there is no year 0", _DATE_HINT)
        if match["month"] is None:
            return cls.year(year)
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise DateError(f"'{text}' is not a date: there is no month {month}", _DATE_HINT)
        if match["day"] is None:
            return cls.month(year, month)
        day = int(match["day"])
        length = _days_in(year, month)
        if not 1 <= day <= length:
            import calendar  # only for this message: it costs start-up time

            name = f"{calendar.month_name[month]} {year}"
            raise DateError(
                f"'{text}' is not a date: {name} has {length} days",
                "check the day against the source",
            )
        return cls.day(date(year, month, day))

    @property
    def precision(self) -> Precision:
        first, last = self.earliest, self.latest
        if first == last:
            return Precision.DAY
        if (
            first.day == 1
            and (last.year, last.month) == (first.year, first.month)
            and last.day == _days_in(last.year, last.month)
        ):
            return Precision.MONTH
        if (first.month, first.day) == (1, 1) and last == date(first.year, 12, 31):
            return Precision.YEAR
        return Precision.SPAN

    @property
    def exact(self) -> date | None:
        """Return the day when the date is known to the day."""
        return self.earliest if self.earliest == self.latest else None

    def __str__(self) -> str:
        precision = self.precision
        if precision is Precision.DAY:
            return self.earliest.isoformat()
        if precision is Precision.MONTH:
            return self.earliest.isoformat()[:7]
        if precision is Precision.YEAR:
            return f"{self.earliest.year:04d}"
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"

    def is_before(self, day: date) -> bool:
        """Return True when the whole range lies on or before `day`."""
        return self.latest <= day

    def is_after(self, day: date) -> bool:
        """Return True when the whole range lies after `day`."""
        return self.earliest > day


def _shift_months(day: date, months: int) -> date:
    """Move `day` by whole months, keeping its day number or clamping to the month's last day.

    Raises ValueError outside years 1 to 9999.
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is out of range")
    return date(year, month + 1, min(day.day, _days_in(year, month + 1)))


def add_to_day(day: date, period: Period) -> date:
    """Return the last day of `period` counted from the day after `day` (dies ad quem)."""
    try:
        if period.unit is Unit.DAYS:
            return day + timedelta(days=period.count)
        if period.unit is Unit.WEEKS:
            return day + timedelta(weeks=period.count)
        return _shift_months(day, period.in_months() or 0)
    except (OverflowError, ValueError) as error:
        raise OutOfCalendar(f"{day.isoformat()} + {period} is beyond the calendar") from error


def add(when: PartialDate, period: Period) -> PartialDate:
    """Return the end of `period` after `when`, keeping the precision `when` has."""
    if when.earliest == when.latest:  # known to the day, as most dates are
        day = add_to_day(when.earliest, period)
        return PartialDate(day, day)
    months = period.in_months()
    precision = when.precision
    if precision is Precision.MONTH and months is not None:
        shifted = add_to_day(when.earliest, period)
        return PartialDate.month(shifted.year, shifted.month)
    if precision is Precision.YEAR and period.unit is Unit.YEARS:
        return PartialDate.year(add_to_day(when.earliest, period).year)
    return PartialDate(add_to_day(when.earliest, period), add_to_day(when.latest, period))


# The Gregorian calendar repeats every 400 years: month lengths, February's too, recur after
# 4,800 months, so a series of periods of months meets every length it will ever meet by then.
_CYCLE_MONTHS = 4800


def add_times(when: PartialDate, period: Period, times: int) -> PartialDate:
    """Return the end of `times` periods in a row after `when`, each counted from the end of
    the one before, as `add` applied `times` times gives, without counting them one by one.

    A chain of months keeps the day number of its start until a shorter month cuts it, and
    then keeps the shorter one (2019-08-31, + 6 months: 2020-02-29, 2020-08-29): the day is
    the least of the month lengths met, which repeat every 400 years.
    """
    if times <= 0:
        return when
    months = period.in_months()
    try:
        if months is None:  # days and weeks: each end of the range moves as far
            days = timedelta(days=period.count * (7 if period.unit is Unit.WEEKS else 1) * times)
            return PartialDate(when.earliest + days, when.latest + days)
        precision = when.precision
        if precision is Precision.DAY:
            return PartialDate.day(_chain_months(when.earliest, months, times))
        if precision is Precision.MONTH:
            shifted = _shift_months(when.earliest, months * times)
            return PartialDate.month(shifted.year, shifted.month)
        if precision is Precision.YEAR and period.unit is Unit.YEARS:
            return PartialDate.year(_shift_months(when.earliest, months * times).year)
    except (OverflowError, ValueError) as error:
        raise OutOfCalendar(f"{when} + {times} x {period} is beyond the calendar") from error
    # A range of days that `add` may turn into a month on the way, and treat as one from
    # then on: step until it does, for one cycle at most, then chain both ends.
    for done in range(min(times, _CYCLE_MONTHS)):
        if when.precision is Precision.MONTH:
            return add_times(when, period, times - done)
        when = add(when, period)
    left = times - min(times, _CYCLE_MONTHS)
    try:
        return PartialDate(
            _chain_months(when.earliest, months, left), _chain_months(when.latest, months, left)
        )
    except (OverflowError, ValueError) as error:
        raise OutOfCalendar(f"{when} + {left} x {period} is beyond the calendar") from error


def _chain_months(day: date, months: int, times: int) -> date:
    """Return `day` moved by `months`, `times` times over, each move clamping as `add` does.

    Raises ValueError outside years 1 to 9999.
    """
    if times <= 0:
        return day
    start = day.year * 12 + day.month - 1
    year, month = divmod(start + months * times, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is out of range")
    number = day.day
    if number > 28:
        met = {(start + months * step) % 12 + 1 for step in range(1, min(times, 12) + 1)}
        if 2 not in met:  # no February: the lengths met do not depend on the year
            number = min([number, *(_DAYS_IN_MONTH[m] for m in met)])
        else:
            for step in range(1, min(times, _CYCLE_MONTHS) + 1):
                y, m = divmod(start + months * step, 12)
                number = min(number, _days_in(y, m + 1))
                if number == 28:
                    break
    return date(year, month + 1, min(number, _days_in(year, month + 1)))


def subtract_from_day(day: date, period: Period) -> date:
    """Return the day `period` before `day`, the mirror of `add_to_day`."""
    try:
        if period.unit is Unit.DAYS:
            return day - timedelta(days=period.count)
        if period.unit is Unit.WEEKS:
            return day - timedelta(weeks=period.count)
        return _shift_months(day, -(period.in_months() or 0))
    except (OverflowError, ValueError) as error:
        raise OutOfCalendar(f"{day.isoformat()} - {period} is before the calendar") from error


_OFFSET = r"^(?P<sign>[+-]?)(?P<count>[0-9]+)\s*(?P<unit>[dwmy])$"
_SHORT_UNITS = {"d": Unit.DAYS, "w": Unit.WEEKS, "m": Unit.MONTHS, "y": Unit.YEARS}
OFFSET_HINT = "write an offset such as 90d, +2w, -6m or +1y"
# The one grammar of every date option (docs/cli.md, "Dates in options").
WHEN_HINT = (
    "write a date (YYYY-MM-DD, or YYYY-MM or YYYY), 'today',"
    " or an offset such as 90d, +2w, -6m or +1y"
)


def parse_offset(text: str) -> tuple[int, Period]:
    """Read '90d', '+2w', '-6m' or '+1y' (or '6 months') into a sign (+1 or -1) and a Period."""
    match = re.match(_OFFSET, text.strip().lower())
    if match is None:
        try:
            return 1, parse_period(text)
        except PeriodError:
            raise PeriodError(f"'{text}' is not an offset", OFFSET_HINT) from None
    if len(match["count"]) > MAX_DIGITS:
        raise PeriodError(f"'{text[:20]}...' is longer than the calendar", _TOO_LONG_HINT)
    count = int(match["count"])
    if count == 0:
        raise PeriodError(f"an offset must be longer than zero, not '{text}'", OFFSET_HINT)
    sign = -1 if match["sign"] == "-" else 1
    return sign, Period(count, _SHORT_UNITS[match["unit"]])


def shift(day: date, sign: int, period: Period) -> date:
    """Return `day` moved by `period`, forwards for a positive sign and back for a negative."""
    return add_to_day(day, period) if sign > 0 else subtract_from_day(day, period)


def parse_relative(text: str, *, today: date) -> PartialDate:
    """Read a date option: a date (YYYY-MM-DD, YYYY-MM, YYYY), 'today', or an offset from
    `today` ('+1y', '-6m', '90d').

    An offset counts like a treaty's period: '+1m' from 2026-01-31 is 2026-02-28.
    """
    cleaned = text.strip().lower()
    if cleaned == "today":
        return PartialDate.day(today)
    if re.match(_DATE, cleaned):
        try:
            return PartialDate.parse(cleaned)
        except DateError as error:
            raise DateError(str(error), WHEN_HINT) from None
    try:
        sign, period = parse_offset(cleaned)
        return PartialDate.day(shift(today, sign, period))
    except PeriodError as error:
        message = str(error) if re.match(_OFFSET, cleaned) else None
        raise DateError(message or f"'{text}' is neither a date nor an offset", WHEN_HINT) from None
    except OutOfCalendar as error:
        raise DateError(str(error), "choose an offset that stays within years 1 to 9999") from None


def days_between(start: date, end: date) -> int:
    """Return how many days `end` lies after `start`."""
    return (end - start).days
