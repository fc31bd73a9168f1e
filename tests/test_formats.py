"""Machine output as a script reads it: every format, golden files, --output, colour, pipes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from treatyline import catalog, files

Run = Callable[..., Result]
TODAY = "2026-11-23"
GOLDEN = Path(__file__).parent / "golden"
ESCAPE = "\x1b["


@pytest.mark.parametrize(
    ("golden", "args"),
    [
        ("deadlines-2021.json", ["deadlines", "--year", "2021"]),
        ("deadlines-2021.ndjson", ["deadlines", "--year", "2021"]),
        ("deadlines-2021.csv", ["deadlines", "--year", "2021"]),
        ("deadlines-2021.tsv", ["deadlines", "--year", "2021"]),
        ("show-inf.json", ["show", "INF"]),
        ("show-inf.csv", ["show", "INF"]),
        ("what-if-inf.json", ["what-if", "INF", "--notice", "2019-02-02", "--party", "US"]),
    ],
)
def test_machine_output_matches_the_reviewed_golden_file(
    run: Run, golden: str, args: list[str]
) -> None:
    """Machine output is a contract: a change here must be deliberate and reviewed as a diff."""
    format = golden.rsplit(".", 1)[1]
    result = run(*args, "--as-of", TODAY, "--format", format)
    assert result.code == 0, result
    # An event's place names the file where it is installed; the golden file says BUNDLED.
    output = result.stdout.replace(str(catalog.bundled_directory()), "BUNDLED")
    assert output == (GOLDEN / golden).read_text(encoding="utf-8")
    assert result.stderr == ""


def test_every_format_of_deadlines_says_the_same(run: Run) -> None:
    def rows(format: str) -> list[tuple[str, str, str]]:
        out = run("deadlines", "--year", "2021", "--as-of", TODAY, "--format", format).stdout
        if format == "json":
            found = json.loads(out)["deadlines"]
        elif format == "ndjson":
            found = [json.loads(line) for line in out.splitlines()]
        else:
            delimiter = "\t" if format == "tsv" else ","
            found = list(csv.DictReader(io.StringIO(out), delimiter=delimiter))
        return [(r["treaty"], r["date"], r["status"]) for r in found]

    expected = [
        ("TPNW", "2021-01-22", "passed"),
        ("CCM", "2021-02-01", "passed"),
        ("NEW-START", "2021-02-05", "averted"),
        ("CCM", "2021-03-01", "passed"),
        ("TPNW", "2021-03-11", "passed"),
        ("TPNW", "2021-04-22", "passed"),
        ("TPNW", "2021-05-19", "passed"),
        ("TPNW", "2021-05-20", "passed"),
        ("TPNW", "2021-10-07", "passed"),
        ("OPEN-SKIES", "2021-12-18", "passed"),
        ("TPNW", "2021-12-22", "passed"),
    ]
    for format in ("json", "ndjson", "csv", "tsv"):
        assert rows(format) == expected, format


def test_every_listing_command_speaks_every_flat_format(run: Run) -> None:
    for command in (["list"], ["show", "New START"], ["check"], ["deadlines", "--year", "2026"]):
        for format in ("json", "ndjson", "csv", "tsv"):
            result = run(*command, "--as-of", TODAY, "--format", format)
            assert result.code == 0, (command, format, result)
            assert result.stdout or (command == ["check"] and format == "ndjson"), format
            if format == "ndjson":
                for line in result.stdout.splitlines():
                    assert isinstance(json.loads(line), dict)


def test_show_lists_its_chronology_flat_with_computed_entries_marked(run: Run) -> None:
    result = run("show", "New START", "--as-of", TODAY, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    computed = [(r["date"], r["kind"], r["status"]) for r in rows if r["entry"] == "computed"]
    assert computed == [("2021-02-05", "expiry", "averted"), ("2026-02-05", "expiry", "passed")]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert all(r["source"] for r in rows if r["entry"] == "recorded")


def test_tsv_escapes_tabs_and_line_breaks_so_that_a_row_is_a_line(run: Run, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "id: MINE\nname: Mine\nkind: bilateral\nparties: [US, RU]\nevents:\n"
        '  - {date: 2020-01-01, kind: signed, note: "one\\ttwo\\nthree \\\\ four"}\n',
        encoding="utf-8",
    )
    result = run("show", "MINE", "--no-builtin", "--data", str(mine), "--format", "tsv")
    header, row = result.stdout.splitlines()
    assert row.split("\t")[6] == "one\\ttwo\\nthree \\\\ four"
    assert len(row.split("\t")) == len(header.split("\t"))


def test_check_in_json_lists_each_problem_with_its_place(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: BAD\nname: Bad\nkind: bilaterl\n", encoding="utf-8")
    result = run("check", str(bad), "--no-builtin", "--format", "json")
    assert result.code == 1
    document = json.loads(result.stdout)
    (problem,) = document["problems"]
    assert (problem["path"], problem["line"], problem["column"]) == (str(bad), 3, 7)
    assert problem["severity"] == "error"
    assert problem["hint"] == "did you mean 'bilateral'?"
    assert (document["errors"], document["warnings"]) == (1, 0)


def test_output_writes_the_file_and_nothing_to_stdout(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "deadlines.csv"
    result = run("deadlines", "--year", "2021", "--as-of", TODAY, "-f", "csv", "-o", str(target))
    assert (result.code, result.stdout, result.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8") == (GOLDEN / "deadlines-2021.csv").read_text()


def test_a_table_written_to_a_file_has_no_colour_and_no_wrapping(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "inf.txt"
    result = run("show", "INF", "--as-of", TODAY, "--color", "always", "-o", str(target))
    assert result.code == 0, result
    written = target.read_text(encoding="utf-8")
    assert ESCAPE not in written
    assert "withdrawal notice of 2019-02-02 + 6 months (Art. XV(2)); passed; agrees with the" in (
        written
    )
    (clause,) = [line for line in written.splitlines() if "Each Party shall" in line]
    assert "six months prior to withdrawal from this Treaty." in clause


def test_a_failed_write_leaves_the_old_file_whole(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "deadlines.json"
    target.write_text("the old export\n", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    result = run("deadlines", "--year", "2021", "-f", "json", "-o", str(target))
    assert result.code == 1
    assert f"cannot write {target}: No space left on device" in result.stderr
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deadlines.json", "no-user-data"] or (
        sorted(p.name for p in tmp_path.iterdir()) == ["deadlines.json"]
    )


def test_an_interrupted_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "feed.ics"
    target.write_text("old\n", encoding="utf-8")

    def interrupted(source: str, destination: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomically(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["feed.ics"]


def test_an_export_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "shared.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o644)
    files.write_atomically(target, "new\n")
    assert (target.read_text(encoding="utf-8"), target.stat().st_mode & 0o777) == ("new\n", 0o644)


def test_output_into_a_missing_directory_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    result = run("list", "-f", "csv", "-o", str(tmp_path / "no" / "such" / "x.csv"))
    assert result.code == 1
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.stderr


def test_color_flag_beats_the_environment(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert ESCAPE in run("list", "--as-of", TODAY, "--color", "always").stdout
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ESCAPE in run("list", "--as-of", TODAY).stdout
    assert ESCAPE not in run("list", "--as-of", TODAY, "--color", "never").stdout


def test_a_coloured_view_written_twice_is_the_same_bytes(run: Run) -> None:
    # Its sources are hyperlinks, whose ids rich draws at random: numbered in order instead.
    first, second = (run("show", "INF", "--as-of", TODAY, "--color", "always") for _ in "12")
    assert "\x1b]8;id=1;https://" in first.stdout
    assert first.stdout == second.stdout


def test_no_color_turns_colour_off_even_when_forced_by_a_terminal(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TREATYLINE_PAGER", "")  # a terminal, but no pager in a test
    # stdout is a terminal, as rich and treatyline ask it (rich before 14 has no TTY_COMPATIBLE).
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    output = run("list", "--as-of", TODAY).stdout
    assert ESCAPE in output  # a terminal: bold and italic stay, as NO_COLOR allows
    assert not re.search(r"\x1b\[(3[0-8]|9[0-7])[;m]", output)  # but no foreground colour


def _piped(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "treatyline", *args],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )


def test_a_piped_table_has_no_escape_codes_and_one_row_a_line() -> None:
    result = _piped("deadlines", "--year", "2026", "--as-of", TODAY, env={"TERM": "xterm"})
    assert result.returncode == 0, result.stderr
    assert ESCAPE not in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith(" 2026-")]
    assert len(rows) == 5
    assert max(len(line) for line in rows) > 80
    assert "withdrawal takes effect" in rows[0]
    assert "20(3)); agrees with the record" in rows[0]


def test_piped_problems_are_single_lines_for_editors(tmp_path: Path) -> None:
    bad = tmp_path / ("a-rather-long-directory-name-" * 3)
    bad.mkdir()
    (bad / "bad.yaml").write_text("id: BAD\nname: Bad\nkind: bilaterl\n", encoding="utf-8")
    result = _piped("check", "--no-builtin", str(bad / "bad.yaml"))
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first == f"{bad / 'bad.yaml'}:3:7: error: unknown kind 'bilaterl'" or first.startswith(
        f"{bad / 'bad.yaml'}:3:7: error: "
    )


def test_a_closed_pipe_mid_output_is_quiet_and_exits_0() -> None:
    script = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'treatyline', 'list', '--format', 'json'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "p.stdout.readline()\n"
        "p.stdout.close()\n"
        "err = p.stderr.read().decode()\n"
        "sys.stderr.write(err)\n"
        "sys.exit(p.wait())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    script = (
        "import signal, sys, time\n"
        "from treatyline import cli, api\n"
        "def slow(*args, **kwargs):\n"
        "    print('loading', flush=True)\n"
        "    time.sleep(30)\n"
        "api.load = slow\n"
        "cli.main(['list'])\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "loading\n"
    process.send_signal(__import__("signal").SIGINT)
    _, err = process.communicate(timeout=10)
    assert process.returncode == 130
    assert "Traceback" not in err


def test_the_ics_feed_from_the_command_line_matches_the_golden_file(
    run: Run, tmp_path: Path
) -> None:
    from icalendar import Calendar

    with (GOLDEN / "deadlines-2021.ics").open(encoding="utf-8", newline="") as file:
        golden = file.read()
    result = run("deadlines", "--year", "2021", "--as-of", TODAY, "--format", "ics")
    assert (result.code, result.stdout) == (0, golden)
    target = tmp_path / "treaties.ics"
    run("deadlines", "--year", "2021", "--as-of", TODAY, "-f", "ics", "-o", str(target))
    assert target.read_bytes() == golden.encode("utf-8")
    parsed = Calendar.from_ical(target.read_bytes())
    summaries = [str(e["summary"]) for e in parsed.walk("VEVENT")]
    assert summaries[:3] == [
        "Treaty on the Prohibition of Nuclear Weapons: entry into force",
        "Convention on Cluster Munitions: entry into force (NU)",
        "New START: expiry",
    ]
    assert len(summaries) == 11
    assert "Open Skies Treaty: withdrawal takes effect (RU)" in summaries


def test_ics_is_only_for_deadlines(run: Run) -> None:
    result = run("list", "--format", "ics")
    assert result.code == 2
    assert "'ics' is not one of" in result.stderr or "Invalid value" in result.stderr
