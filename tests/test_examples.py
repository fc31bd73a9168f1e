"""Every example in a command's --help and in the README runs as shown, and succeeds."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.test_docs import COMMANDS

Run = Callable[..., Result]
README = Path(__file__).parent.parent / "README.md"
# A command line up to the end of its part in a pipe, redirection, $(...) or comment.
COMMAND = re.compile(r"(?:^|[\s/\"(])treatyline( [^|>#)\n]*)?")

MY_TIMELINE = """\
id: MY-AGREEMENT
name: My agreement
kind: bilateral
parties: [US, RU]
events:
  - date: 2020-01-01
    kind: signed
    source: https://example.org/my-agreement
"""


def _commands(text: str) -> list[str]:
    found = []
    for match in COMMAND.finditer(text):
        words = shlex.split(match[1] or "")
        if words:
            found.append(shlex.join(words))
    return found


def _help_examples() -> list[str]:
    from typer.testing import CliRunner

    from treatyline.cli import app

    examples = []
    for command in COMMANDS:
        help = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"}).output
        block = help.split("Examples:", 1)[1].split("\n\n", 1)[1].split("Arguments:")[0]
        block = block.split("Options:")[0]
        examples += _commands(block)
    return examples


def _readme_examples() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    return [command for block in blocks for command in _commands(block)]


@pytest.fixture
def in_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder that holds the user's own timelines, as the examples assume."""
    folder = tmp_path / "work"
    (folder / "my-timelines").mkdir(parents=True)
    (folder / "my-timelines" / "mine.yaml").write_text(MY_TIMELINE, encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def test_every_command_has_examples() -> None:
    examples = _help_examples()
    for command in COMMANDS:
        assert any(example.split()[0] == command for example in examples), command


@pytest.mark.parametrize("example", _help_examples())
def test_a_help_example_runs_as_shown(run: Run, in_a_folder: Path, example: str) -> None:
    result = run(*shlex.split(example))
    assert result.code == 0, f"treatyline {example}\n{result}"


@pytest.mark.parametrize("example", _readme_examples())
def test_a_readme_example_runs_as_shown(run: Run, in_a_folder: Path, example: str) -> None:
    result = run(*shlex.split(example))
    assert result.code == 0, f"treatyline {example}\n{result}"
