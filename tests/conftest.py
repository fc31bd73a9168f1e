"""Shared helpers: timelines from inline YAML, a CLI runner, renderables as plain text."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from treatyline import cli, loader
from treatyline.catalog import Source
from treatyline.model import Treaty


@pytest.fixture
def timeline(tmp_path: Path) -> Callable[..., loader.Loaded]:
    """Load inline YAML documents (one file each) as treatyline would, without bundled data."""

    def load(*documents: str, bundled: bool = False) -> loader.Loaded:
        sources = []
        for number, document in enumerate(documents):
            path = tmp_path / f"timeline-{number}.yaml"
            path.write_text(textwrap.dedent(document), encoding="utf-8")
            sources.append(Source(path, bundled=bundled))
        return loader.load(sources)

    return load


@pytest.fixture
def treaty(timeline: Callable[..., loader.Loaded]) -> Callable[[str], Treaty]:
    """Load one inline YAML document that must load without errors, and return its treaty."""

    def load(document: str) -> Treaty:
        loaded = timeline(document)
        assert not loaded.errors, "\n".join(f"{p.where}: {p.message}" for p in loaded.errors)
        (only,) = loaded.treaties
        return only

    return load


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


@pytest.fixture(autouse=True)
def _private_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Keep every test's cache of read timelines out of the user's ~/.cache, and out of its
    tmp_path too: tests look at what a command leaves in their directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[..., Result]:
    """Run the real command line in-process, with a fixed width, no colour and no user data."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "no-user-data"))
    monkeypatch.delenv("TREATYLINE_PATH", raising=False)

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            cli.main(list(args))
        out, err = capsys.readouterr()
        code = exit_info.value.code
        return Result(code if isinstance(code, int) else 1, out, err)

    return invoke


def text(renderable: RenderableType, width: int = 100) -> str:
    """Render without colour at a fixed width, as the user would read it."""
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return str(output)


def run_in_child(
    *args: str, env: dict[str, str], cwd: Path, memory: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run treatyline in a child process, for what only a process shows (a crash, a hang, the
    locale), with a time limit so that a hang fails its test instead of stopping the suite, and
    `memory` bytes of address space at most."""

    def limit_memory() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "treatyline", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        check=False,
    )
