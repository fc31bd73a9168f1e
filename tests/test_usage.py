"""What a newcomer meets first: one error style, one date grammar, answers for empty results,
clean piped text, a pager on a terminal, and Ctrl-C that is quiet from the first instant."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

Run = Callable[..., Result]
TODAY = "2026-11-23"
BOX = set("╭╮╰╯│─")


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["list", "--nation", "US"], "no such option: --nation", "treatyline list --help"),
        (["list", "--asof", TODAY], "no such option: --asof", "did you mean --as-of?"),
        (["show"], "missing argument 'TREATY'", "treatyline show --help"),
        (["list", "--format", "xml"], "'xml' is not one of", "treatyline list --help"),
        (["shw", "INF"], "no such command 'shw'", "did you mean 'show'?"),
        (["show", "INF", "--as-of", "soon"], "--as-of: 'soon' is neither", "YYYY-MM-DD"),
        (["show", "NOPE"], "no treaty called 'NOPE'", "did you mean"),
    ],
)
def test_every_usage_error_is_one_plain_message_with_a_hint(
    run: Run, args: list[str], message: str, hint: str
) -> None:
    result = run(*args)
    assert result.code == 2, result
    assert result.stdout == ""
    first, second = result.stderr.splitlines()
    assert first.startswith("treatyline: ") and message in first, result
    assert second.startswith("  hint: ") and hint in second, result
    assert not BOX & set(result.stderr), result  # no rich panel


def test_an_odd_suggestion_is_not_made(run: Run) -> None:
    # click's loose match offered --data for --party (before list took --party); nothing is
    # better than that.
    assert "--data" not in run("what-if", "INF", "--state", "US").stderr


def test_usage_errors_are_plain_in_a_log_even_with_colour_asked_for(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "treatyline", "list", "--nation", "US", "--color", "never"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "treatyline: no such option: --nation\n  hint: treatyline list --help lists what it takes\n"
    )


@pytest.mark.parametrize(
    ("option", "text", "day"),
    [
        ("--as-of", "2021-06-15", "2021-06-15"),
        ("--as-of", "2021-06", "2021-06-30"),  # a month or a year means its last day
        ("--as-of", "2021", "2021-12-31"),
        ("--as-of", "today", None),
    ],
)
def test_as_of_takes_the_grammar_of_every_date_option(
    run: Run, option: str, text: str, day: str | None
) -> None:
    result = run("list", option, text, "--format", "json")
    assert result.code == 0, result
    from datetime import date

    assert json.loads(result.stdout)["as_of"] == (day or date.today().isoformat())


def test_as_of_takes_an_offset_from_today(run: Run) -> None:
    from datetime import date

    from treatyline.periods import Period, Unit, subtract_from_day

    result = run("list", "--as-of", "-1y", "--format", "json")
    expected = subtract_from_day(date.today(), Period(1, Unit.YEARS))
    assert json.loads(result.stdout)["as_of"] == expected.isoformat()


def test_a_bad_as_of_says_what_the_grammar_allows(run: Run) -> None:
    result = run("list", "--as-of", "2021-13")
    assert result.code == 2
    assert "treatyline: --as-of: '2021-13' is not a date: there is no month 13" in result.stderr
    assert "hint: write a date (YYYY-MM-DD, or YYYY-MM or YYYY), 'today'" in result.stderr


def test_notice_takes_offsets_and_needs_a_day(run: Run) -> None:
    result = run("what-if", "INF", "--notice", "+6m", "--party", "US", "--as-of", "2018-08-02")
    assert result.code == 0, result
    assert "on 2019-02-02" in result.stdout and "take effect on 2019-08-02" in result.stdout
    result = run("what-if", "INF", "--notice", "2019", "--as-of", TODAY)
    assert result.code == 2
    assert "--notice needs a day, and '2019' is a whole year" in result.stderr


def test_chart_takes_dates_and_offsets_not_only_years(run: Run) -> None:
    result = run("chart", "INF", "--from", "1980-06-01", "--to", "+0y".replace("+0y", "1990"))
    assert result.code == 0, result
    assert "1980 to 1990" in result.stdout
    result = run("chart", "NEW-START", "--from", "today", "--to", "+5y", "--as-of", "2020-01-01")
    assert result.code == 0, result
    assert "2020 to 2025" in result.stdout


@pytest.mark.parametrize("command", ["deadlines", "chart"])
def test_a_reversed_range_is_a_usage_error_naming_both_dates(run: Run, command: str) -> None:
    result = run(command, "--from", "2030", "--to", "2020", "--as-of", TODAY)
    assert result.code == 2
    assert "--from 2030 (2030-01-01) is after --to 2020 (2020-12-31)" in result.stderr
    assert "hint: give the earlier date to --from" in result.stderr


def test_no_deadlines_is_said_in_words(run: Run) -> None:
    result = run("deadlines", "--from", "1950", "--to", "1951-06", "--as-of", TODAY)
    assert (result.code, result.stdout) == (0, "No deadlines between 1950-01-01 and 1951-06-30.\n")
    result = run("deadlines", "--year", "1950", "--party", "US", "--as-of", TODAY)
    assert (
        result.stdout == "No deadlines between 1950-01-01 and 1950-12-31 for the --party given.\n"
    )
    # Programs still get an empty list.
    result = run("deadlines", "--year", "1950", "--as-of", TODAY, "--format", "json")
    assert json.loads(result.stdout)["deadlines"] == []


def test_no_timelines_is_said_in_words(run: Run) -> None:
    result = run("list", "--no-builtin", "--as-of", TODAY)
    assert result.stdout.startswith("No timelines loaded:")


def test_check_takes_data_as_its_hint_says(run: Run, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: BAD\nname: Bad\nkind: bilaterl\n", encoding="utf-8")
    result = run("check", "--no-builtin", "--data", str(tmp_path / "bad.yaml"))
    assert result.code == 1
    assert "bad.yaml:3:7: error: unknown kind 'bilaterl'" in result.stdout


UNSOURCED = """\
id: MINE
name: Mine
kind: bilateral
parties: [US, RU]
events:
  - {date: 2020-01-01, kind: signed}
  - date: 2020-02-01
    kind: entered_into_force
    source: https://example.org/in-force
    contested:
      - {date: 2020-02-02, held_by: someone}
"""


def test_check_strict_lists_every_unsourced_event_and_claim(run: Run, tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(UNSOURCED, encoding="utf-8")
    lenient = run("check", "--no-builtin", str(tmp_path))
    assert (lenient.code, lenient.stdout) == (0, "no problems found\n")
    strict = run("check", "--no-builtin", "--strict", str(tmp_path))
    assert strict.code == 1
    found = [line for line in strict.stdout.splitlines() if ": error: " in line]
    assert [line.split("mine.yaml:")[1] for line in found] == [
        "6:5: error: an event without a source (--strict)",
        "11:9: error: a claim without a source (--strict)",
    ]


def test_the_bundled_timelines_pass_the_strict_check(run: Run) -> None:
    """Only sources on hosts not recognised are left to warn of (issue 15), with their share."""
    result = run("check", "--strict", "--as-of", TODAY)
    assert result.code == 0, result
    lines = result.stdout.splitlines()
    found = [line for line in lines if ": warning: " in line or ": error: " in line]
    assert [line for line in found if "source is not on a recognised host" not in line] == []
    assert " sources on recognised hosts (" in result.stderr


def _piped(*args: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    result = subprocess.run(
        [sys.executable, "-m", "treatyline", *args],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["show", "INF", "--as-of", TODAY],
        ["list", "--as-of", TODAY],
        ["show", "INF", "--as-of", TODAY, "--color", "always"],
    ],
)
def test_piped_tables_carry_no_trailing_spaces(args: list[str]) -> None:
    lines = _piped(*args).splitlines()
    assert len(lines) > 20
    assert [line for line in lines if line.rstrip(" ") != line] == []


def _on_a_terminal(
    *args: str, env: dict[str, str], tmp_path: Path, lines: int = 20
) -> tuple[int, str]:
    """Run treatyline with stdout on a pseudo-terminal of `lines` lines; return what it showed."""
    controller, terminal = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("PAGER", "TREATYLINE_PAGER")}
    environment.update({"COLUMNS": "100", "LINES": str(lines), "TERM": "dumb", **env})
    process = subprocess.Popen(
        [sys.executable, "-m", "treatyline", *args],
        stdout=terminal,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=environment,
        cwd=tmp_path,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    return process.wait(timeout=60), shown.decode("utf-8", "replace")


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = f"cat > {paged}"
    code, shown = _on_a_terminal(
        "show", "INF", "--as-of", TODAY, env={"TREATYLINE_PAGER": pager}, tmp_path=tmp_path
    )
    assert code == 0
    assert "withdrawal takes effect" in paged.read_text(encoding="utf-8")
    assert "withdrawal takes effect" not in shown


def test_no_pager_short_output_and_pipes_are_not_paged(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = {"PAGER": f"cat > {paged}"}
    code, shown = _on_a_terminal(
        "show", "INF", "--as-of", TODAY, "--no-pager", env=pager, tmp_path=tmp_path
    )
    assert code == 0 and "withdrawal takes effect" in shown
    code, shown = _on_a_terminal("list", "--as-of", TODAY, env=pager, tmp_path=tmp_path, lines=500)
    assert code == 0 and "Treaties (status as of 2026-11-23)" in shown
    code, shown = _on_a_terminal(
        "show", "INF", "--as-of", TODAY, env={**pager, "TREATYLINE_PAGER": ""}, tmp_path=tmp_path
    )
    assert code == 0 and "withdrawal takes effect" in shown
    assert not paged.exists()
    # Piped, never.
    environment = {**os.environ, **pager}
    subprocess.run(
        [sys.executable, "-m", "treatyline", "show", "INF"],
        capture_output=True,
        env=environment,
        check=True,
    )
    assert not paged.exists()


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        ("list", "treatyline.model"),  # the fast path: every command needs the records
        ("--help", "typer"),  # typer's path: the heaviest import of all
    ],
)
def test_ctrl_c_during_the_first_imports_exits_130_quietly(
    tmp_path: Path, argv: str, module: str
) -> None:
    # Slow down an import and interrupt it there: before the error boundary exists.
    script = (
        "import builtins, sys, time\n"
        "real_import = builtins.__import__\n"
        "def slow_import(name, *args, **kwargs):\n"
        f"    if name == {module!r}:\n"
        "        print('importing', flush=True)\n"
        "        time.sleep(30)\n"
        "    return real_import(name, *args, **kwargs)\n"
        "builtins.__import__ = slow_import\n"
        "from treatyline.launch import main\n"
        "main()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "importing\n"
    started = time.monotonic()
    process.send_signal(__import__("signal").SIGINT)
    _, err = process.communicate(timeout=10)
    assert time.monotonic() - started < 5
    assert process.returncode == 130
    assert err == ""


def test_the_console_script_enters_where_ctrl_c_is_handled() -> None:
    import tomllib

    pyproject = Path(__file__).parent.parent / "pyproject.toml"
    scripts = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"treatyline": "treatyline.launch:main"}
    main = (Path(__file__).parent.parent / "treatyline" / "__main__.py").read_text()
    assert "from treatyline.launch import main" in main
