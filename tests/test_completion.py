"""Shell completion: the shells ask treatyline itself, which offers treaties, parties and kinds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable

import pytest

from tests.conftest import Result

Run = Callable[..., Result]


def complete(monkeypatch: pytest.MonkeyPatch, run: Run, shell: str, line: str) -> list[str]:
    """Ask for completions as the script that `treatyline completion SHELL` prints does."""
    monkeypatch.setenv("_TREATYLINE_COMPLETE", f"complete_{shell}")
    if shell == "bash":
        words = line.split(" ")
        monkeypatch.setenv("COMP_WORDS", line)
        monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    else:
        monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
        monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    result = run()
    assert result.code == 0, result
    return result.stdout.splitlines()


def test_bash_completes_treaty_ids_and_aliases(monkeypatch: pytest.MonkeyPatch, run: Run) -> None:
    # "Inhumane Weapons Convention" is the CCW's alias, "Interim Agreement" SALT I's,
    # "International Code of Conduct against Ballistic Missile Proliferation" the Hague Code's:
    # names match in any case.
    assert complete(monkeypatch, run, "bash", "treatyline show IN") == [
        "INHUMANE-WEAPONS-CONVENTION",
        "INTERNATIONAL-CODE-OF-CONDUCT-AGAINST-BALLISTIC-MISSILE-PROLIFERATION",
        "INCSEA",
        "INF",
        "INTERIM-AGREEMENT",
    ]
    assert complete(monkeypatch, run, "bash", "treatyline show Pra") == ["Prague-Treaty"]


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("new", "new-start"),
        ("Ne", "New-START"),  # the name as written starts with what was typed
        ("New", "New-START"),
        ("NE", "NEW-START"),
        ("nEw", "nEw-START"),  # what was typed is kept, or the shell drops the word
    ],
)
def test_bash_matches_names_in_any_case_and_keeps_what_was_typed(
    monkeypatch: pytest.MonkeyPatch, run: Run, typed: str, offered: str
) -> None:
    assert complete(monkeypatch, run, "bash", f"treatyline show {typed}") == [offered]


def test_bash_completes_party_codes_and_deadline_kinds(
    monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    parties = complete(monkeypatch, run, "bash", "treatyline deadlines --party S")
    assert {"SA", "SE", "SU"} <= set(parties)  # SU: the USSR, a historical code
    assert all(code.startswith("S") and len(code) == 2 for code in parties)
    assert complete(monkeypatch, run, "bash", "treatyline deadlines --kind w") == [
        "withdrawal_effective"
    ]


def test_zsh_and_fish_show_the_treaty_name_beside_its_id(
    monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    zsh = "\n".join(complete(monkeypatch, run, "zsh", "treatyline show IN"))
    assert '"INF":"INF Treaty"' in zsh
    assert '"INCSEA":"Incidents at Sea Agreement"' in zsh
    fish = complete(monkeypatch, run, "fish", "treatyline what-if IN")
    hague = "INTERNATIONAL-CODE-OF-CONDUCT-AGAINST-BALLISTIC-MISSILE-PROLIFERATION"
    assert fish[:4] == [
        "INHUMANE-WEAPONS-CONVENTION\tConvention on Certain Conventional Weapons",
        f"{hague}\tHague Code of Conduct",
        "INCSEA\tIncidents at Sea Agreement",
        "INF\tINF Treaty",
    ]


def test_completion_sees_treaties_from_data_given_on_the_line(
    monkeypatch: pytest.MonkeyPatch, run: Run, tmp_path: os.PathLike[str]
) -> None:
    mine = os.path.join(tmp_path, "mine.yaml")
    with open(mine, "w", encoding="utf-8") as file:
        file.write("id: MY-DRAFT\nname: My draft\nkind: draft\n")
    found = complete(monkeypatch, run, "bash", f"treatyline show --data {mine} MY")
    assert found == ["MY-DRAFT"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_completion_script_calls_back_into_treatyline(run: Run, shell: str) -> None:
    result = run("completion", shell)
    assert result.code == 0
    assert "_TREATYLINE_COMPLETE=complete_" in result.stdout
    assert "treatyline" in result.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_loads_the_script_and_completes_a_treaty(tmp_path: os.PathLike[str]) -> None:
    """The real shell: source the script, run its function, read COMPREPLY."""
    bindir = os.path.join(tmp_path, "bin")
    os.mkdir(bindir)
    launcher = os.path.join(bindir, "treatyline")
    with open(launcher, "w", encoding="utf-8") as file:
        file.write(f'#!/bin/sh\nexec "{sys.executable}" -m treatyline "$@"\n')
    os.chmod(launcher, 0o755)
    script = (
        'eval "$(treatyline completion bash)"\n'
        "COMP_WORDS=(treatyline show NEW); COMP_CWORD=2\n"
        "_treatyline_completion treatyline\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", "--norc", "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["NEW-START"]
