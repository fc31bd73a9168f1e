"""The machine around treatyline: locale, terminal width, home, and directories it may not write.

A closed pipe and Ctrl-C are tested with the other stream behaviour in tests/test_formats.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, run_in_child
from treatyline import catalog

Run = Callable[..., Result]
TODAY = "2026-11-23"


def _bare_environment(**extra: str) -> dict[str, str]:
    """What a cron job or a container might give: a PATH, nothing of the user's own."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **extra}


@pytest.mark.parametrize(
    "locale", [{"LANG": "C", "LC_ALL": "C"}, {"LC_ALL": "C", "PYTHONIOENCODING": "ascii"}]
)
def test_a_c_locale_still_shows_the_treaty(tmp_path: Path, locale: dict[str, str]) -> None:
    env = _bare_environment(HOME=str(tmp_path), **locale)
    result = run_in_child("show", "INF", "--as-of", TODAY, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "terminated since 2019-08-02" in result.stdout
    assert "withdrawal notice of 2019-02-02 + 6 months" in result.stdout


def test_twenty_columns_lose_no_word_of_a_table(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "20")
    result = run("deadlines", "--year", "2021", "--as-of", TODAY)
    assert result.code == 0, result
    for word in ("2021-01-22", "TPNW", "2021-02-05", "NEW-START", "averted", "OPEN-SKIES"):
        assert word in result.stdout
    assert "…" not in result.stdout
    listed = run("list", "--as-of", TODAY)
    assert "terminated" in listed.stdout and "…" not in listed.stdout


def test_twenty_columns_keep_problem_lines_whole(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "20")
    (tmp_path / "bad.yaml").write_text("id: X\nname: X\nkind: bilateral\nkidn: oops\n")
    monkeypatch.chdir(tmp_path)
    result = run("check", "--no-builtin", "bad.yaml")
    assert result.code == 1
    assert "bad.yaml:4:1: error: unknown key 'kidn' in a timeline\n" in result.stdout


@pytest.mark.parametrize("columns", ["0", "-5", "wide"])
def test_a_columns_that_is_no_width_is_ignored(
    run: Run, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    charted = run("chart", "--as-of", TODAY)
    assert charted.code == 0, charted
    assert "INF" in charted.stdout and "NEW-START" in charted.stdout
    missing = run("show", "XXX", "--as-of", TODAY)
    assert missing.code == 2
    assert "no treaty called 'XXX'" in missing.stderr


def test_a_narrow_chart_keeps_every_row_named_apart(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "26")
    result = run("chart", "--as-of", TODAY)
    assert result.code == 0, result
    rows = [line for line in result.stdout.splitlines() if "━" in line or "┄" in line]
    labels = [row.split(" ")[0] for row in rows]
    assert any("…" in label for label in labels)
    assert len(labels) == len(set(labels)), labels


def test_no_home_needs_no_user_directory(tmp_path: Path) -> None:
    env = _bare_environment()
    assert "HOME" not in env and "XDG_DATA_HOME" not in env
    result = run_in_child("deadlines", "--year", "2021", "-f", "json", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = [d["treaty"] for d in json.loads(result.stdout)["deadlines"]]
    assert (len(found), found[0], found[2], found[9]) == (11, "TPNW", "NEW-START", "OPEN-SKIES")


def test_a_read_only_data_directory_is_read_and_never_written(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(catalog.bundled_directory() / "inf.yaml", data / "mine.yaml")
    (data / "mine.yaml").chmod(0o444)
    data.chmod(0o555)
    before = sorted(p.name for p in data.iterdir())
    env = _bare_environment(HOME=str(tmp_path / "home"))
    try:
        for command in (
            ["check", str(data), "--no-builtin"],
            ["show", "INF", "--data", str(data), "--no-builtin"],
        ):
            result = run_in_child(*command, "--as-of", TODAY, env=env, cwd=tmp_path)
            assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in data.iterdir()) == before
    finally:
        data.chmod(0o755)


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs a read-only file system: Linux /sys")
def test_output_to_a_read_only_file_system_is_an_error_not_a_traceback(run: Run) -> None:
    result = run("deadlines", "--year", "2021", "--format", "json", "--output", "/sys/out.json")
    assert result.code == 1
    assert result.stderr.startswith("treatyline: cannot write /sys/out.json")
    assert "Traceback" not in result.stderr


def test_an_ascii_terminal_gets_a_placeholder_and_data_stays_utf8(tmp_path: Path) -> None:
    env = _bare_environment(HOME=str(tmp_path), PYTHONIOENCODING="ascii")
    shown = run_in_child("show", "CFE", "--as-of", TODAY, env=env, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "T?rkiye, with the other NATO allies" in shown.stdout
    data = subprocess.run(
        [sys.executable, "-m", "treatyline", "show", "CFE", "--as-of", TODAY, "-f", "json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert data.returncode == 0, data.stderr
    assert "Türkiye" in data.stdout.decode("utf-8")


def _read_only_place() -> Path | None:
    """A directory that even root cannot create: on Linux, /sys refuses new entries."""
    place = Path("/sys/treatyline-cache")
    try:
        place.mkdir()
    except OSError:
        return place
    place.rmdir()
    return None


@pytest.mark.parametrize("where", ["missing", "a file", "read-only"])
def test_any_cache_directory_gives_the_same_answer(tmp_path: Path, where: str) -> None:
    cache = {
        "missing": tmp_path / "not" / "yet",
        "a file": tmp_path / "file",
        "read-only": _read_only_place(),
    }[where]
    if cache is None:
        pytest.skip("no read-only file system to point at")
    (tmp_path / "file").write_text("not a directory")
    env = _bare_environment(HOME=str(tmp_path), XDG_CACHE_HOME=str(cache))
    command = ("deadlines", "--from", "1960", "--format", "json", "--as-of", TODAY)
    fresh = run_in_child(*command, "--no-cache", env=env, cwd=tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    for attempt in ("cold", "warm"):
        cached = run_in_child(*command, env=env, cwd=tmp_path)
        assert (cached.returncode, cached.stdout, cached.stderr) == (0, fresh.stdout, ""), attempt
    assert (tmp_path / "file").read_text() == "not a directory"


def test_no_cache_writes_no_cache(tmp_path: Path) -> None:
    env = _bare_environment(HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "c"))
    result = run_in_child("show", "INF", "--no-cache", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "c").exists()
    run_in_child("show", "INF", env=env, cwd=tmp_path)
    assert any((tmp_path / "c").rglob("*")), "the cache is written when it is on"
