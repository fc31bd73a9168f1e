"""docs/cli.md holds every command's --help, as the command prints it; this keeps them in sync.

After changing a help text, regenerate the page with:

    TREATYLINE_UPDATE_DOCS=1 pytest tests/test_docs.py
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

Run = Callable[..., Result]
PAGE = Path(__file__).parent.parent / "docs" / "cli.md"
COMMANDS = (
    "show",
    "deadlines",
    "list",
    "party",
    "chart",
    "check",
    "what-if",
    "site",
    "completion",
)
INTRO = """\
# The command line

Every command's `--help`, exactly as treatyline prints it at 80 columns. A test keeps this
page in sync with the code; regenerate it with `TREATYLINE_UPDATE_DOCS=1 pytest tests/test_docs.py`.
The fields of the machine formats are in [json.md](json.md); the forms every date option takes
(`--as-of`, `--from`, `--to`, `--notice`) are in the README, under "Use".
"""


def _helps(run: Run) -> dict[str, str]:
    """Return every command's --help as printed on an 80-column terminal."""
    helps = {}
    for command in ("", *COMMANDS):
        result = run(*([command] if command else []), "--help")
        assert result.code == 0, result
        helps[command] = result.stdout
    return helps


def _page(run: Run) -> str:
    sections = [INTRO]
    for command, help in _helps(run).items():
        title = f"treatyline {command}".strip()
        body = "\n".join(line.rstrip() for line in help.splitlines()).strip("\n")
        sections.append(f"## {title}\n\n```text\n{body}\n```\n")
    return "\n".join(sections)


@pytest.fixture
def run80(run: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("COLUMNS", "80")
    return run


def test_the_cli_page_holds_every_commands_help(run80: Run) -> None:
    expected = _page(run80)
    if os.environ.get("TREATYLINE_UPDATE_DOCS"):
        PAGE.write_text(expected, encoding="utf-8")
    assert PAGE.read_text(encoding="utf-8") == expected, (
        "docs/cli.md is out of date: TREATYLINE_UPDATE_DOCS=1 pytest tests/test_docs.py"
    )


def test_help_fits_80_columns_without_splitting_a_choice(run80: Run) -> None:
    for command, help in _helps(run80).items():
        for line in help.splitlines():
            assert len(line) <= 80, f"{command}: {line!r}"
            # A list of choices such as <table|json|csv>, or a [default: ...], is one word:
            # never cut in two.
            assert not re.search(r"<[\w|-]*$|^\s*[\w|-]+>", line), f"{command}: {line!r}"
            assert line.count("[") == line.count("]"), f"{command}: {line!r}"


def test_every_command_is_on_the_page(run: Run) -> None:
    listed = run("--help").stdout
    for command in COMMANDS:
        assert f" {command} " in listed, command
        assert f"## treatyline {command}\n" in PAGE.read_text(encoding="utf-8")


def test_the_api_example_prints_what_the_page_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # no user timelines
    monkeypatch.delenv("TREATYLINE_PATH", raising=False)
    page = (PAGE.parent / "api.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", page, re.DOTALL)
    printed = re.search(r"prints\n\n```text\n(.*?)```", page, re.DOTALL)
    assert code is not None and printed is not None
    exec(compile(code[1], "docs/api.md", "exec"), {})
    assert capsys.readouterr().out == printed[1]
