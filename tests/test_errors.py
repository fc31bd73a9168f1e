"""Hostile and mistaken input: each case in tests/errors/ and the exact report it must produce.

Cases that git cannot hold (a huge file, an unreadable file, a named pipe, nesting deep enough
to crash libyaml) are made here, and the ones that could hang or crash the process run in a
subprocess with a time limit, so that a regression fails instead of stopping the suite.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest

from tests.conftest import Result, run_in_child
from treatyline import loader

CASES = Path(__file__).parent / "errors"
Run = Callable[..., Result]


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.suffix == ".yaml" or p.is_dir())


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.stem)
def test_the_report_is_exactly_as_recorded(
    case: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CASES)
    expected = case.with_suffix(".txt").read_text(encoding="utf-8")
    result = run("check", "--no-builtin", case.name)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == expected
    assert result.code == (1 if ": error: " in expected else 0)


def test_every_case_has_its_report() -> None:
    reports = {p.stem for p in CASES.glob("*.txt")}
    assert reports == {p.stem for p in _cases()}


def test_a_bom_and_crlf_line_ends_read_like_any_file(run: Run) -> None:
    case = CASES / "bom-crlf.yaml"
    assert case.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in case.read_bytes()
    result = run("show", "BOM", "--no-builtin", "--data", str(case), "--format", "json")
    assert result.code == 0, result
    assert '"name": "Saved on Windows"' in result.stdout  # no stray \r, no BOM in the id


def test_a_python_tag_runs_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    witness = tmp_path / "owned"
    case = tmp_path / "tag.yaml"
    case.write_text(f'id: X\nname: !!python/object/apply:os.system ["touch {witness}"]\n')
    monkeypatch.chdir(tmp_path)
    result = run("check", "--no-builtin", "tag.yaml")
    assert result.code == 1
    assert "is not allowed" in result.stdout
    assert not witness.exists()


def test_a_file_over_the_size_limit_is_refused_unread(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w") as file:
        file.write("id: BIG\nname: Big\nkind: bilateral\n")
        file.write("# padding\n" * (loader.MAX_FILE_BYTES // 10))
    assert big.stat().st_size > loader.MAX_FILE_BYTES == 4 * 1024 * 1024
    monkeypatch.chdir(tmp_path)
    result = run("check", "--no-builtin", "big.yaml")
    assert result.code == 1
    assert result.stdout == (
        "big.yaml:1:1: error: the file is larger than 4 MiB\n"
        "  hint: split it: a file with 'extends: BIG' adds events to a treaty from another file\n"
        "1 error, 0 warnings in 1 file\n"
    )


def test_an_unreadable_file_is_reported_and_the_others_still_load(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, whom file modes do not stop, so the refusal is the system's answer
    # to open(), given here for one file.
    (tmp_path / "good.yaml").write_bytes((CASES / "symlink-loop" / "good.yaml").read_bytes())
    secret = tmp_path.resolve() / "secret.yaml"
    secret.write_text("id: SECRET\n")
    real_open = builtins.open

    def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike) and os.path.realpath(file) == str(secret):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--no-builtin", ".")
    assert result.code == 1
    assert result.stdout == (
        "secret.yaml:1:1: error: cannot read the file: Permission denied\n"
        "1 error, 0 warnings in 1 file\n"
    )
    shown = run("show", "GOOD", "--no-builtin", "--data", "good.yaml", "--format", "json")
    assert shown.code == 0, shown


def _treatyline(*args: str, cwd: Path, memory: int | None = None) -> CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return run_in_child(*args, env=env, cwd=cwd, memory=memory)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    result = _treatyline("check", "--no-builtin", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "pipe.yaml:1:1: error: cannot read the file: it is not a regular file\n"
        "  hint: timeline files are plain files; copy the data into one\n"
        "1 error, 0 warnings in 1 file\n"
    )


def test_nesting_deep_enough_to_crash_libyaml_is_refused(tmp_path: Path) -> None:
    # 100,000 levels overflow the C stack of libyaml's composer: without the guard the process
    # dies of SIGSEGV.
    (tmp_path / "deep.yaml").write_text("id: DEEP\ntags: " + "[" * 100_000 + "]" * 100_000)
    result = _treatyline("check", "--no-builtin", "deep.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("deep.yaml:2:56: error: the data nests deeper than 50 levels")


def test_block_nesting_is_bounded_too(tmp_path: Path) -> None:
    levels = "".join(f"{' ' * depth}- \n" for depth in range(0, 120, 2))
    (tmp_path / "deep.yaml").write_text("id: DEEP\ntags:\n" + levels)
    result = _treatyline("check", "--no-builtin", "deep.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "error: the data nests deeper than 50 levels" in result.stdout


def test_an_alias_bomb_is_refused_without_expanding_it() -> None:
    # Expanded, the bomb is 9**9 strings, gigabytes; refused, it fits in the memory cap.
    result = _treatyline(
        "check", "--no-builtin", "alias-bomb.yaml", cwd=CASES, memory=1024 * 1024 * 1024
    )
    assert result.returncode == 1, result.stderr
    assert "anchors and aliases are not supported" in result.stdout
