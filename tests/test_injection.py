"""Terminal and log injection: a value from a file reaches a terminal or a CI log only as text.

A name or note with an escape sequence (a title change, a screen clear, OSC 52 writing the
clipboard) is shown with its control characters as escapes, in tables and in `check`'s report;
machine formats keep the value, escaped as the format escapes it; no value can start a line
that looks like a problem report or a CI command.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

Run = Callable[..., Result]
ESC = "\x1b"
HOSTILE = r"""id: HOSTILE
name: "Retitles\e]0;pwned\a the terminal"
title: "Clears\e[2J the screen"
kind: bilateral
parties: [US, RU]
summary: "Says one thing\nforged.yaml:1:1: error: and forges a line"
rules:
  withdrawal: {notice: 6 months, article: "XV\e[31m(2)"}
events:
  - {date: 2000-01-01, kind: signed, note: "Writes the clipboard\e]52;c;c2VjcmV0\a", source: https://example.org/x}
  - {date: 2001-01-01, kind: withdrawal_notice, party: US, note: "::error file=x::forged"}
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["show", "HOSTILE", "--color", "always"],
        ["show", "HOSTILE", "--brief"],
        ["show", "HOSTILE", "--color", "never"],
        ["deadlines", "--treaty", "HOSTILE"],
        ["list"],
        ["party", "US"],
    ],
)
def test_no_escape_from_a_file_reaches_the_terminal(
    run: Run, hostile: Path, args: list[str]
) -> None:
    result = run(*args, "--no-builtin", "--data", str(hostile), "--as-of", "2026-11-23")
    assert result.code == 0, result
    # --color always writes rich's own style codes; none of the file's sequences remains.
    for sequence in ("\x1b]0;", "\x1b[2J", "\x1b]52;", "\x1b[31m(2)", "\x07"):
        assert sequence not in result.stdout, (sequence, result.stdout)
    if "--brief" in args or args[0] == "show":
        assert "Retitles\\x1b]0;pwned\\x07 the terminal" in result.stdout


def test_no_value_starts_a_line_of_its_own(run: Run, hostile: Path) -> None:
    out = run("show", "HOSTILE", "--no-builtin", "--data", str(hostile)).stdout
    lines = [line.lstrip(" │") for line in out.splitlines()]
    assert not any(line.startswith(("forged.yaml:1:1", "::error")) for line in lines), out
    assert "Says one thing\\nforged.yaml:1:1: error: and forges a line" in out


def test_machine_formats_keep_the_value_escaped_as_the_format_escapes(
    run: Run, hostile: Path
) -> None:
    out = run("show", "HOSTILE", "--no-builtin", "--data", str(hostile), "--format", "json")
    assert ESC not in out.stdout  # JSON writes \u001b
    document = json.loads(out.stdout)
    assert document["treaty"]["name"] == "Retitles\x1b]0;pwned\x07 the terminal"


def test_a_key_or_kind_with_a_line_break_forges_no_report_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(
        'id: KEYS\nname: Keys\nkind: bilateral\n"x\\nkeys.yaml:1:1: error: forged": 1\n'
        'events:\n  - {date: 2000-01-01, kind: "signed\\n::error::forged"}\n',
        encoding="utf-8",
    )
    result = run("check", "--no-builtin", str(path))
    assert result.code == 1
    starts = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert len(starts) == 2  # the two real problems, each on its own line
    assert not any(
        line.startswith(("keys.yaml:1:1", "::error")) for line in result.stdout.splitlines()
    )
    assert ESC not in result.stdout


def test_a_usage_error_shows_what_was_typed_as_text(run: Run) -> None:
    result = run("show", "\x1b[2JINF")
    assert result.code == 2
    assert ESC not in result.stderr
    assert "no treaty called '\\x1b[2JINF'" in result.stderr


MARKUP = """id: MARKUP
name: "[bold red]Named[/] :warning:"
kind: bilateral
parties: [US, RU]
tags: ["[i]tagged[/i]"]
rules:
  withdrawal: {notice: 6 months, article: "XV[2]", text: "Leave [link=https://example.org]here[/link]"}
events:
  - {date: 2000-01-01, kind: signed, source: https://example.org/x}
"""


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["list", "--color", "always"], "[bold red]Named[/] :warning:"),
        (["party", "US", "--color", "always"], "[bold red]Named[/] :warning:"),
        (["show", "MARKUP", "--color", "always"], "Leave [link=https://example.org]here[/link]"),
        (["show", "MARKUP"], "XV[2]"),
    ],
)
def test_brackets_and_colons_from_a_file_are_text_not_markup(
    run: Run, tmp_path: Path, args: list[str], shown: str
) -> None:
    # rich would read "[link=...]" as a hyperlink to anywhere, "[bold red]" as a style, and
    # ":warning:" as an emoji, dropping what the file says.
    path = tmp_path / "markup.yaml"
    path.write_text(MARKUP, encoding="utf-8")
    result = run(*args, "--no-builtin", "--data", str(path), "--as-of", "2026-11-23")
    assert result.code == 0, result
    assert shown in result.stdout
    # The sources are links; the rule's words make none.
    assert ";https://example.org\x1b" not in result.stdout
