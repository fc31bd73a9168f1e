"""Extreme values and output that cannot be written: a located error or a usage error, and an
exit code, never a traceback (issue 17, classes 1 and 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

Run = Callable[..., Result]
NINES = "9" * 5000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["what-if", "NPT", "--notice", "9999-12-31", "--party", "US"],
            "--notice 9999-12-31: 9999-12-31 + 3 months is beyond the calendar",
        ),
        (["what-if", "NPT", "--notice", "0001-01-01", "--party", "US"], "NPT is not concluded"),
        (
            ["what-if", "New START", "--extend", "10000y", "--as-of", "2021-01-01"],
            "2021-02-05 + 10000 years is beyond the calendar",
        ),
        (["what-if", "New START", "--extend", f"{NINES}y"], "is longer than the calendar"),
        (["deadlines", "--next", f"{NINES}d"], "--next: '99999999999999999999...' is longer"),
        (["deadlines", "--from", f"+{NINES}d"], "--from: '+9999999999999999999...' is longer"),
        (["deadlines", "--to", f"-{NINES}y"], "--to: '-9999999999999999999...' is longer"),
        (["list", "--as-of", f"+{NINES}m"], "--as-of: '+9999999999999999999...' is longer"),
    ],
)
def test_an_extreme_option_is_an_error_not_a_traceback(
    run: Run, args: list[str], message: str
) -> None:
    result = run(*args)
    assert result.code in (1, 2), result
    assert message in result.stderr, result
    assert "Traceback" not in result.stderr


def _child(*args: str, **options: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "treatyline", *args], capture_output=True, **options
    )


@pytest.mark.parametrize("command", ["list", "--version", "deadlines --format json"])
def test_a_closed_stdout_is_said_in_one_line(command: str) -> None:
    # `treatyline list >&-`: the descriptor is closed, so Python has no sys.stdout at all.
    result = subprocess.run(
        ["sh", "-c", f"'{sys.executable}' -m treatyline {command} >&-"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "treatyline: cannot write the output: standard output is closed"
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("format", ["table", "json"])
def test_a_full_disk_is_said_in_one_line(format: str) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "treatyline", "list", "--format", format],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert result.returncode == 1
    assert result.stderr == "treatyline: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("format", ["table", "json"])
def test_a_reader_gone_before_the_first_write_is_no_error(format: str) -> None:
    script = (
        f"'{sys.executable}' -m treatyline list --format {format} | true; exit ${{PIPESTATUS[0]}}"
    )
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_file_name_that_is_not_utf8_keeps_its_bytes_as_escapes(run: Run, tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xff.yaml"), "w", encoding="utf-8") as bad:
        bad.write("id: BAD\nname: Bad\nkind: bilaterl\n")
    result = _child("check", "--no-builtin", str(tmp_path), "--format", "json")
    assert result.returncode == 1
    text = result.stdout.decode("utf-8")  # valid UTF-8 whatever the name
    (problem,) = json.loads(text)["problems"]
    # The JSON escape of a lone surrogate: Python's surrogateescape gives the byte back.
    assert os.fsencode(problem["path"]).endswith(b"bad\xff.yaml")
    csv = _child("check", "--no-builtin", str(tmp_path), "--format", "csv")
    assert "bad\\udcff.yaml,3,7,error" in csv.stdout.decode("utf-8")


def test_an_empty_treaty_name_suggests_nothing(run: Run) -> None:
    result = run("show", "")
    assert result.code == 2
    assert result.stderr == (
        "treatyline: a treaty's name is empty\n  hint: `treatyline list` shows them all\n"
    )


def test_a_refusal_without_the_treatys_words_gives_no_empty_hint(run: Run, tmp_path: Path) -> None:
    (tmp_path / "bare.yaml").write_text(
        "id: BARE\nname: Bare\nkind: bilateral\nparties: [US, RU]\nrules:\n"
        "  duration: {term: 10 years}\nevents:\n  - {date: 2000-01-01, kind: entered_into_force}\n",
        encoding="utf-8",
    )
    result = run("what-if", "BARE", "--extend", "5y", "--no-builtin", "--data", str(tmp_path))
    assert result.code == 1
    assert result.stderr == "treatyline: BARE's text provides for no extension\n"


@pytest.mark.parametrize("args", [("check", "\x00"), ("check", "good.yaml", "-o", "a\x00b")])
def test_a_nul_in_an_argument_is_a_usage_error(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert (result.code, result.stdout) == (2, "")
    assert "NUL" in result.stderr and "Traceback" not in result.stderr
