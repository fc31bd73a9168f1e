"""The cost of a command does not explode with a file's numbers (issue 17, class 3).

Renewals are computed only inside the window asked for, and at most `RENEWALS_LISTED` are
listed; a chart is never wider than `chart.MOST_WIDTH`; the drawing in `show` asks the engine
only about the events that bear on each row. Each pathological file is made here and every
command runs in a child process with a time limit, so that a regression fails its test
instead of stopping the suite.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Result, run_in_child
from treatyline import catalog, chart, countries, engine, loader, periods
from treatyline.model import DeadlineKind, DeadlineStatus, Treaty
from treatyline.periods import PartialDate, Period, Unit

Run = Callable[..., Result]
Load = Callable[[str], Treaty]
# Every command below takes well under a second or two; a quadratic or worse one took
# minutes, or never ended. The bound is generous for a slow, shared machine.
BOUND = 30.0

DAILY = """\
id: DAILY
name: Renewed every day
kind: bilateral
parties: [US, RU]
rules: {renewal: {period: 1 day}}
events:
  - {date: 1972-05-25, kind: entered_into_force}
"""
# The same, with a statement on the calendar's last day: `check` runs the engine as of the
# last event, and used to compute every day up to it.
FAR = DAILY.replace("DAILY", "FAR") + "  - {date: 9999-12-31, kind: statement}\n"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Write the pathological files: a renewal a day, and thousands of events."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "daily.yaml").write_text(DAILY, encoding="utf-8")
    (folder / "far.yaml").write_text(FAR, encoding="utf-8")
    for name, text in _crowds(1500).items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def _crowds(count: int) -> dict[str, str]:
    """Return files of `count` events each, of the kinds whose number once cost a square."""
    codes = [c for c in countries.codes() if c not in countries.HISTORICAL]

    def day(number: int) -> str:
        return (date(1971, 1, 1) + timedelta(days=number)).isoformat()

    def events(lines: list[str]) -> str:
        return "events:\n" + "".join(f"  - {line}\n" for line in lines)

    start = ["{date: 1970-01-01, kind: signed}", "{date: 1970-01-01, kind: entered_into_force}"]
    multilateral = "kind: multilateral\nrules: {withdrawal: {notice: 3 months}}\n"
    bilateral = "kind: bilateral\nparties: [US, RU]\n"
    joined = [f"{{date: {day(i)}, kind: ratified, party: {codes[i % 200]}}}" for i in range(200)]
    notices = [
        f"{{date: {day(400 + i)}, kind: withdrawal_notice, party: {codes[i % 200]}}}"
        for i in range(count)
    ]
    renounced = [
        f"{{date: {day(i)}, kind: renounced, party: {codes[i % len(codes)]}}}" for i in range(count)
    ]
    revoked = []
    for i in range(count // 2):
        revoked += [
            f"{{date: {day(4 * i)}, kind: withdrawal_notice, party: US}}",
            f"{{date: {day(4 * i + 2)}, kind: notice_revoked, party: US}}",
        ]
    extended = [f"{{date: {day(i)}, kind: extended, period: 1 day}}" for i in range(count)]
    return {
        "notices": "id: NOTICES\nname: N\n" + multilateral + events(start + joined + notices),
        "renounced": "id: RENOUNCED\nname: R\n" + multilateral + events(start[:1] + renounced),
        "revoked": "id: REVOKED\nname: V\n"
        + bilateral
        + "rules: {withdrawal: {notice: 6 months}, renewal: {period: 1 day}}\n"
        + events(start[1:] + revoked),
        "extended": "id: EXTENDED\nname: E\n"
        + bilateral
        + "rules: {duration: {term: 1 year}, extension: {}}\n"
        + events(start[1:] + extended),
    }


def _finishes(*args: str, home: Path, columns: int = 100) -> subprocess.CompletedProcess[str]:
    """Run treatyline in a child, and fail if it takes longer than `BOUND` seconds."""
    env = {
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "no-user-data"),
        "COLUMNS": str(columns),
        "NO_COLOR": "1",
    }
    began = time.monotonic()
    try:
        result = run_in_child(*args, env=env, cwd=home)
    except subprocess.TimeoutExpired:
        pytest.fail(f"treatyline {' '.join(args)} did not finish")
    took = time.monotonic() - began
    assert took < BOUND, f"treatyline {' '.join(args)} took {took:.1f} s"
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.mark.parametrize(
    "args",
    [
        ["show", "INCSEA", "--as-of", "9999-12-31"],
        ["show", "INCSEA", "--as-of", "9999-12-31", "--brief"],
        ["show", "INCSEA", "--as-of", "9999-12-31", "--format", "json"],
        ["deadlines", "--treaty", "INCSEA", "--from", "1972", "--to", "9999"],
    ],
)
def test_incsea_as_of_the_calendars_end_is_quick(tmp_path: Path, args: list[str]) -> None:
    result = _finishes(*args, home=tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["show", "DAILY"],
        ["show", "DAILY", "--brief"],
        ["show", "DAILY", "--as-of", "9999-12-31"],
        ["show", "FAR", "--format", "json"],
        ["check"],
        ["list"],
        ["chart"],
        ["deadlines", "--from", "0001", "--to", "9999"],
        ["deadlines", "--from", "0001", "--to", "9999", "--format", "ics"],
        ["what-if", "DAILY", "--notice", "2000-01-01", "--party", "US"],
        ["show", "NOTICES"],
        ["show", "REVOKED"],
        ["show", "EXTENDED"],
        ["chart", "NOTICES", "REVOKED", "EXTENDED", "RENOUNCED"],
    ],
)
def test_a_crowded_file_is_quick(data: Path, tmp_path: Path, args: list[str]) -> None:
    result = _finishes(*args, "--no-builtin", "--data", str(data), home=tmp_path)
    assert result.returncode in (0, 1), result.stderr  # what-if refuses: no withdrawal rule


def test_a_daily_renewal_lists_a_hundred_days_and_says_how_many_more(
    data: Path, tmp_path: Path
) -> None:
    shown = _finishes(
        "show", "DAILY", "--as-of", "2025-06-01", "--no-builtin", "--data", str(data), home=tmp_path
    )
    # 19,365 days passed from 1972-05-26 to 2025-06-01: the last 99, the next, and a count.
    assert "1 day; 19,266 earlier" in shown.stdout and "renewals not listed" in shown.stdout
    brief = _finishes(
        "show",
        "DAILY",
        "--as-of",
        "2025-06-01",
        "--brief",
        "--no-builtin",
        "--data",
        str(data),
        home=tmp_path,
    )
    assert "19,364 earlier renewals not shown." in brief.stdout, brief.stdout


def test_check_of_a_statement_on_the_last_day_is_quick(data: Path, tmp_path: Path) -> None:
    result = _finishes("check", "--no-builtin", str(data / "far.yaml"), home=tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, "no problems found"), result


@pytest.mark.parametrize(
    "args", [["chart"], ["chart", "--from", "0001", "--to", "9999"], ["chart", "--members"]]
)
def test_a_chart_is_no_wider_than_its_maximum(tmp_path: Path, args: list[str]) -> None:
    result = _finishes(*args, home=tmp_path, columns=1_000_000)
    assert result.returncode == 0, result.stderr
    widest = max(len(line) for line in result.stdout.splitlines())
    assert widest <= chart.MOST_WIDTH, widest


# -- the engine lists renewals lazily ------------------------------------------------------------


# In-process, the windows are modest, so that a regression cannot hang the suite; the calendar's
# end is asked for in child processes above, under BOUND. No timing is asserted here.


def test_renewals_are_computed_only_in_the_window(treaty: Load) -> None:
    daily = treaty(DAILY)
    timeline = engine.timeline(daily, as_of=date(1990, 1, 1))
    listed = timeline.of_kind(DeadlineKind.RENEWAL)
    assert len(listed) == engine.RENEWALS_LISTED
    assert (str(listed[-1].date), listed[-1].status) == ("1990-01-02", DeadlineStatus.UPCOMING)
    window = (date(1990, 1, 2) - date(1972, 5, 26)).days + 1
    assert timeline.renewals_left_out == window - engine.RENEWALS_LISTED
    earlier = f"; {timeline.renewals_left_out:,} earlier renewals not listed"
    assert listed[0].rule == f"term renewed on 1989-09-24 + 1 day{earlier}"


def test_a_window_after_the_as_of_date_lists_its_first_renewals(treaty: Load) -> None:
    daily = treaty(DAILY)
    ahead = engine.timeline(
        daily, as_of=date(1975, 1, 1), since=date(1980, 1, 1), horizon=date(1990, 1, 1)
    )
    listed = ahead.of_kind(DeadlineKind.RENEWAL)
    assert (str(listed[0].date), str(listed[-1].date)) == ("1980-01-01", "1980-04-09")
    assert all(d.status is DeadlineStatus.UPCOMING for d in listed)
    assert listed[-1].rule.endswith("; 3,555 later renewals, to 1990-01-02, not listed")


def test_renewals_end_with_the_treaty(treaty: Load) -> None:
    ended = treaty(DAILY + "  - {date: 1975-01-01, kind: terminated}\n")
    listed = engine.timeline(ended, as_of=date.max).of_kind(DeadlineKind.RENEWAL)
    assert (str(listed[-1].date), listed[-1].status) == ("1975-01-02", DeadlineStatus.AVERTED)
    assert (str(listed[-2].date), listed[-2].status) == ("1975-01-01", DeadlineStatus.PASSED)


periods_ = st.builds(
    Period, st.sampled_from([1, 2, 3, 5, 6, 12, 48, 400]), st.sampled_from(list(Unit))
)
days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    """A day, a month, a year, or a span of days (as computed dates may be)."""
    day = draw(days)
    shape = draw(st.sampled_from(["day", "month", "year", "span"]))
    if shape == "day":
        return PartialDate.day(day)
    if shape == "month":
        return PartialDate.month(day.year, day.month)
    if shape == "year":
        return PartialDate.year(day.year)
    length = draw(st.integers(min_value=1, max_value=400))
    # No further than the calendar's last day (adding past it would raise before any min()).
    return PartialDate(day, day + timedelta(days=min(length, (date.max - day).days)))


@given(partial_dates(), periods_, st.integers(min_value=0, max_value=60))
def test_adding_a_period_n_times_at_once_is_adding_it_n_times(
    when: PartialDate, period: Period, times: int
) -> None:
    try:
        expected: PartialDate | None = when
        for _ in range(times):
            assert expected is not None
            expected = periods.add(expected, period)
    except periods.OutOfCalendar:
        expected = None
    try:
        found: PartialDate | None = periods.add_times(when, period, times)
    except periods.OutOfCalendar:
        found = None
    assert found == expected


def test_a_chain_of_months_keeps_the_shortest_day_it_met() -> None:
    end_of_august = PartialDate.parse("2019-08-31")
    six_months = Period(6, Unit.MONTHS)
    assert str(periods.add_times(end_of_august, six_months, 1)) == "2020-02-29"
    assert str(periods.add_times(end_of_august, six_months, 2)) == "2020-08-29"
    assert str(periods.add_times(end_of_august, six_months, 2000)) == "3019-08-28"


# -- the drawing asks about what bears on each row -----------------------------------------------

BUNDLED = loader.load(
    [catalog.Source(p, bundled=True) for p in sorted(catalog.bundled_directory().glob("*.yaml"))]
)


@pytest.mark.parametrize("treaty", BUNDLED.treaties, ids=lambda t: t.id)
def test_a_narrowed_treaty_gives_the_same_statuses(treaty: Treaty) -> None:
    codes = sorted({e.party for e in treaty.events if e.party} | set(treaty.members()))
    narrowed = engine.narrowings(treaty, codes)
    days = sorted({e.date.latest for e in treaty.events})
    for day in [*days[:: max(1, len(days) // 8)], date(2026, 11, 23)]:
        whole = engine.timeline(treaty, as_of=day)
        status = engine.status_from(engine.timeline(narrowed[None], as_of=day))
        assert status == engine.status_from(whole), day
        statuses = engine.party_statuses_from(whole)
        for code in codes:
            alone = engine.party_statuses_from(engine.timeline(narrowed[code], as_of=day))
            assert alone.get(code) == statuses.get(code), (day, code)


def test_a_crowd_of_notices_asks_the_engine_once_a_change(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "notices.yaml"
    path.write_text(_crowds(300)["notices"], encoding="utf-8")
    (notices,) = loader.load([catalog.Source(path)]).treaties
    asked: list[int] = []
    real = engine.timeline

    def counted(treaty: Treaty, **options: object) -> engine.Timeline:
        asked.append(len(treaty.events))
        return real(treaty, **options)  # type: ignore[arg-type]

    timeline = real(notices, as_of=date(2026, 11, 23))
    monkeypatch.setattr(engine, "timeline", counted)
    assert chart.treaty_drawing(timeline) is not None
    # A row a state, a few days each, and each time only that state's events and the treaty's.
    assert len(asked) < 2000 and max(asked) < 20, (len(asked), max(asked))


def test_json_of_a_daily_renewal_is_whole(data: Path, tmp_path: Path) -> None:
    result = _finishes(
        "show", "DAILY", "--format", "json", "--no-builtin", "--data", str(data), home=tmp_path
    )
    renewals = [d for d in json.loads(result.stdout)["deadlines"] if d["kind"] == "renewal"]
    assert len(renewals) == engine.RENEWALS_LISTED
    assert "earlier renewals not listed" in renewals[0]["rule"]
