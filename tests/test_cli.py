"""The command line as a user and a script see it: output, streams and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from treatyline import catalog

Run = Callable[..., Result]
TODAY = "2026-11-23"


def test_show_inf_explains_the_computed_withdrawal(run: Run) -> None:
    result = run("show", "INF", "--as-of", TODAY)
    assert result.code == 0, result
    assert "Status on 2026-11-23: terminated since 2019-08-02" in result.stdout
    assert "2019-02-02 │ withdrawal notice" in result.stdout
    assert "2019-08-02 │ withdrawal takes effect" in result.stdout
    assert "(computed)" in result.stdout
    assert (
        "https://missilethreat.csis.org/united-states-withdraws-from-inf-treaty/" in result.stdout
    )
    assert result.stderr == ""


def test_show_json_carries_the_explanation(run: Run) -> None:
    result = run("show", "INF", "--as-of", TODAY, "--format", "json")
    document = json.loads(result.stdout)
    (effect,) = document["deadlines"]
    assert effect["date"] == "2019-08-02"
    assert effect["rule"] == "withdrawal notice of 2019-02-02 + 6 months"
    assert effect["article"] == "XV(2)"
    assert effect["basis"] == {"date": "2019-02-02", "kind": "withdrawal_notice"}
    assert (effect["recorded"], effect["agreement"]) == ("2019-08-02", "same")
    assert document["treaty"]["status"] == "terminated"


def test_a_treaty_answers_to_its_aliases_in_any_case(run: Run) -> None:
    for name in ("START III", "new start", "Prague Treaty", "new-start"):
        result = run("show", name, "--format", "json", "--as-of", TODAY)
        assert result.code == 0, result
        assert json.loads(result.stdout)["treaty"]["id"] == "NEW-START"


def test_an_unknown_treaty_is_a_usage_error_with_suggestions(run: Run) -> None:
    result = run("show", "New STRAT")
    assert result.code == 2
    assert result.stdout == ""
    assert "no treaty called 'New STRAT'" in result.stderr
    assert "did you mean NEW-START" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("IR", "hint: for a state's treaties: treatyline party IR\n"),
        ("Iran", "Or, for a state's treaties: treatyline party IR\n"),
        ("korea", "Or, for a state's treaties: treatyline party KP (or KR)\n"),
    ],
)
def test_a_state_where_a_treaty_belongs_is_pointed_to_its_own_command(
    run: Run, typed: str, hint: str
) -> None:
    result = run("show", typed)
    assert result.code == 2
    assert f"no treaty called '{typed}'" in result.stderr
    assert hint in result.stderr


def test_deadlines_in_2021(run: Run) -> None:
    result = run("deadlines", "--year", "2021", "--format", "json", "--as-of", TODAY)
    assert result.code == 0, result
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    rows = [
        (r["treaty"], r["date"], r["kind"], r["party"], r["status"]) for r in document["deadlines"]
    ]
    # The states that joined the CCM and the TPNW late in 2020 and in 2021 were bound from the
    # dates their articles 17(2) and 15(2) give (UN Treaty Collection status lists).
    assert rows == [
        ("TPNW", "2021-01-22", "entry_into_force", None, "passed"),
        ("CCM", "2021-02-01", "entry_into_force", "NU", "passed"),
        ("NEW-START", "2021-02-05", "expiry", None, "averted"),
        ("CCM", "2021-03-01", "entry_into_force", "LC", "passed"),
        ("TPNW", "2021-03-11", "entry_into_force", "BJ", "passed"),
        ("TPNW", "2021-04-22", "entry_into_force", "KH", "passed"),
        ("TPNW", "2021-05-19", "entry_into_force", "PH", "passed"),
        ("TPNW", "2021-05-20", "entry_into_force", "KM", "passed"),
        ("TPNW", "2021-10-07", "entry_into_force", "SC", "passed"),
        ("OPEN-SKIES", "2021-12-18", "withdrawal_effective", "RU", "passed"),
        ("TPNW", "2021-12-22", "entry_into_force", "CL", "passed"),
    ]
    averted = document["deadlines"][2]
    assert averted["averted_by"] == {"date": "2021-02-03", "kind": "extended"}
    assert {"rule", "article"} <= set(averted)


def test_to_is_inclusive(run: Run) -> None:
    result = run(
        "deadlines",
        "--from",
        "2020-11-22",
        "--to",
        "2021-12-18",
        "--format",
        "csv",
        "--kind",
        "withdrawal_effective",
        "--kind",
        "renewal",
        "--kind",
        "expiry",
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # The TTBT and the PNET renew themselves on the same day, 2020-12-11.
    assert [row["date"] for row in rows] == [
        "2020-11-22",
        "2020-12-11",
        "2020-12-11",
        "2021-02-05",
        "2021-12-18",
    ]


def test_deadlines_filter_by_party_and_treaty(run: Run) -> None:
    result = run("deadlines", "--party", "US", "--treaty", "abm", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["treaty"], r["date"], r["party"]) for r in rows] == [("ABM", "2002-06-13", "US")]


def test_year_and_from_do_not_mix(run: Run) -> None:
    result = run("deadlines", "--year", "2021", "--from", "2021-01-01")
    assert result.code == 2
    assert "--year and --from/--to cannot be combined" in result.stderr


def test_a_bad_date_option_is_a_usage_error(run: Run) -> None:
    result = run("show", "INF", "--as-of", "2019-02-30")
    assert result.code == 2
    assert "February 2019 has 28 days" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_party_option_is_a_usage_error(run: Run) -> None:
    result = run("deadlines", "--party", "XX")
    assert result.code == 2
    assert "'XX' is not a country code" in result.stderr
    assert "use ISO 3166-1 alpha-2 codes" in result.stderr  # no state it could mean


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Iran", "did you mean IR (Iran, Islamic Republic of)?"),
        ("IRN", "did you mean IR (Iran, Islamic Republic of)?"),  # ISO 3166-1 alpha-3
        (
            "korea",
            "did you mean KP (Korea, Democratic People's Republic of) or KR (Korea, Republic of)?",
        ),
        ("UK", "did you mean GB (United Kingdom of Great Britain and Northern Ireland)?"),
        ("USSR", "did you mean SU (USSR)?"),
        ("Ivory Coast", "did you mean CI (Côte d'Ivoire)?"),  # a name ISO no longer uses
        ("cote d'ivoire", "did you mean CI (Côte d'Ivoire)?"),  # without its accent
    ],
)
def test_a_name_for_a_party_is_answered_with_the_codes_it_may_mean(
    run: Run, typed: str, meant: str
) -> None:
    result = run("party", typed)
    assert result.code == 2
    assert f"'{typed}' is not a country code; {meant}" in result.stderr
    assert "use ISO 3166-1" not in result.stderr  # the codes meant are the hint


def test_a_party_code_on_the_command_line_may_be_in_lower_case(run: Run) -> None:
    lower = run("party", "ir", "--format", "json", "--as-of", TODAY)
    assert lower.code == 0
    assert lower.stdout == run("party", "IR", "--format", "json", "--as-of", TODAY).stdout
    assert json.loads(lower.stdout)["state"] == "IR"
    listed = run("list", "--party", "ru", "--status", "withdrawn", "--format", "csv")
    assert "OPEN-SKIES" in listed.stdout


def test_list_shows_every_bundled_treaty_with_its_status(run: Run) -> None:
    result = run("list", "--format", "csv", "--as-of", TODAY)
    rows = {row["id"]: row["status"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert len(rows) == len(list(catalog.bundled_directory().glob("*.yaml"))) >= 30
    assert list(rows) == sorted(rows)
    assert {key: rows[key] for key in ("INF", "NEW-START", "SALT-II", "EST", "CTBT")} == {
        "INF": "terminated",
        "NEW-START": "expired",
        "SALT-II": "never_in_force",
        "EST": "draft",
        "CTBT": "signed",
    }


def test_deadlines_in_2026_show_new_starts_expiry_and_the_mine_ban_withdrawals(run: Run) -> None:
    result = run("deadlines", "--year", "2026", "--format", "csv", "--as-of", TODAY)
    rows = [
        (row["date"], row["treaty"], row["kind"], row["party"], row["status"])
        for row in csv.DictReader(io.StringIO(result.stdout))
    ]
    assert rows == [
        ("2026-01-10", "OTTAWA", "withdrawal_effective", "FI", "passed"),
        ("2026-02-05", "NEW-START", "expiry", "", "passed"),
        ("2026-02-20", "OTTAWA", "withdrawal_effective", "PL", "passed"),
        ("2026-03-01", "CCM", "entry_into_force", "VU", "passed"),  # acceded 2025-09-05
        ("2026-05-25", "INCSEA", "renewal", "", "passed"),
    ]


def test_list_on_a_past_date(run: Run) -> None:
    result = run("list", "--format", "json", "--as-of", "2021-01-01")
    statuses = {t["id"]: t["status"] for t in json.loads(result.stdout)["treaties"]}
    assert statuses["NEW-START"] == "in_force"
    assert statuses["INF"] == "terminated"


def test_check_is_clean_on_the_bundled_data(run: Run) -> None:
    result = run("check")
    assert (result.code, result.stdout.strip()) == (0, "no problems found"), result


BROKEN = """\
id: INF-COPY
name: Broken
kind: bilateral
parties: [US, RU]
events:
  - {date: 2019-02-30, kind: withdrawl, party: US}
"""


def test_check_reports_located_errors_and_exits_1(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    result = run("check", str(path))
    assert result.code == 1
    assert f"{path}:6:12: error: date: '2019-02-30' is not a date" in result.stdout
    assert f"{path}:6:30: error: unknown event kind 'withdrawl'" in result.stdout
    assert "    6 |   - {date: 2019-02-30, kind: withdrawl, party: US}" in result.stdout
    assert "  hint: did you mean 'withdrawal_notice'?" in result.stdout
    assert "2 errors, 0 warnings in 1 file" in result.stdout


def test_computing_commands_refuse_broken_data(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    result = run("deadlines", "--data", str(path), "--format", "json")
    assert result.code == 1
    assert result.stdout == ""
    assert "unknown event kind 'withdrawl'" in result.stderr
    assert "Traceback" not in result.stderr


def test_user_data_adds_events_to_a_bundled_treaty(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "extends: NEW-START\nevents:\n"
        "  - {date: 2026-02-06, kind: statement, party: US, note: A new era}\n"
    )
    result = run("show", "New START", "--data", str(path), "--format", "json", "--as-of", TODAY)
    events = json.loads(result.stdout)["events"]
    assert events[-1]["note"] == "A new era"


def test_no_builtin_leaves_the_bundled_data_out(run: Run) -> None:
    result = run("list", "--no-builtin", "--format", "csv")
    assert result.stdout == "id,name,kind,status,since,reason\n"


def test_a_missing_data_path_is_a_usage_error(run: Run) -> None:
    result = run("list", "--data", "/no/such/place.yaml")
    assert result.code == 2
    assert "no such file or directory: /no/such/place.yaml" in result.stderr


def test_the_user_data_directory_and_treatyline_path_are_read(
    run: Run, tmp_path: Path, monkeypatch: object
) -> None:
    home = tmp_path / "data"
    (home / "treatyline" / "timelines").mkdir(parents=True)
    (home / "treatyline" / "timelines" / "x.yaml").write_text("id: X\nname: X\nkind: draft\n")
    other = tmp_path / "other"
    other.mkdir()
    (other / "y.yaml").write_text("id: Y\nname: Y\nkind: draft\n")
    os.environ["XDG_DATA_HOME"] = str(home)
    os.environ["TREATYLINE_PATH"] = str(other)
    try:
        result = run("list", "--no-builtin", "--format", "csv")
    finally:
        del os.environ["TREATYLINE_PATH"]
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ["X", "Y"]


def test_every_command_has_help_with_an_example(run: Run) -> None:
    for command in ("show", "deadlines", "list", "check"):
        result = run(command, "--help")
        assert result.code == 0
        assert "Example" in result.stdout, command
    assert "inclusive" in run("deadlines", "--help").stdout


def test_version(run: Run) -> None:
    result = run("--version")
    assert (result.code, result.stdout.strip()) == (0, "treatyline 0.1.0")


def test_it_runs_as_a_module_from_another_directory(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "treatyline", "show", "INF", "--format", "json", "--as-of", TODAY],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["treaty"]["status"] == "terminated"


def test_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    script = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'treatyline', 'show', 'INF'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "p.stdout.close()\n"
        "sys.stderr.write(p.stderr.read().decode())\n"
        "sys.exit(p.wait())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert "Traceback" not in result.stderr
    assert "BrokenPipeError" not in result.stderr


GOLDEN = Path(__file__).parent / "golden"


def test_deadlines_json_and_csv_match_the_reviewed_golden_files(run: Run) -> None:
    """Machine output is a contract: a change here must be deliberate and reviewed as a diff."""
    for format in ("json", "csv"):
        result = run("deadlines", "--year", "2021", "--as-of", TODAY, "--format", format)
        golden = (GOLDEN / f"deadlines-2021.{format}").read_text(encoding="utf-8")
        assert result.stdout == golden, format


def test_check_compares_a_stated_status_on_the_as_of_date(run: Run, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "id: MINE\nname: Mine\nkind: bilateral\nparties: [US, RU]\nstatus: in_force\n"
        "rules: {duration: {term: 1 year}}\n"
        "events:\n  - {date: 2025-03-01, kind: entered_into_force}\n",
        encoding="utf-8",
    )
    before = run("check", str(mine), "--as-of", "2025-06-01")
    assert (before.code, before.stdout.strip()) == (0, "no problems found"), before
    after = run("check", str(mine), "--as-of", TODAY)
    assert after.code == 0
    assert "the file says MINE is in_force, but on 2026-11-23 its dates make it expired" in (
        after.stdout
    )


def test_a_symlink_loop_in_a_data_directory_is_a_located_error(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "one.yaml").symlink_to(data / "two.yaml")
    (data / "two.yaml").symlink_to(data / "one.yaml")
    (data / "good.yaml").write_text("id: GOOD\nname: Good\nkind: draft\n", encoding="utf-8")
    result = run("check", "--no-builtin", str(data))
    assert result.code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{data / 'one.yaml'}:1:1: error: cannot read the file" in result.stdout
    assert f"{data / 'two.yaml'}:1:1: error: cannot read the file" in result.stdout
