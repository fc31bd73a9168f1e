"""The fast path (fastpath.py): the commonest command lines run without typer, and give exactly
what typer's path gives; everything else is typer's own to read."""

import importlib
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treatyline import argtable, cli, commands, fastpath

TABLE = Path(fastpath.__file__).with_name("argtable.py")


def test_the_argument_table_is_the_one_typer_app_generates() -> None:
    generated = cli.argument_table()
    if os.environ.get("TREATYLINE_UPDATE_DOCS"):
        TABLE.write_text(generated, encoding="utf-8")
    assert TABLE.read_text(encoding="utf-8") == generated, (
        "an option changed in cli.py: run TREATYLINE_UPDATE_DOCS=1 pytest tests/test_fastpath.py"
    )


def test_every_body_defaults_as_typer_does() -> None:
    # The fast path passes only the options given: a body's own default must be typer's.
    group = typer.main.get_command(cli.app)
    for name, (body, _, _) in argtable.COMMANDS.items():
        command = group.commands[name]  # type: ignore[attr-defined]
        signature = inspect.signature(getattr(commands, body))
        for param in command.params:
            assert param.name in signature.parameters, (name, param.name)
            default = signature.parameters[param.name].default
            if not param.required:
                assert default == param.default, (name, param.name, default, param.default)


# Each runs on the fast path: the table settles it.
FAST = [
    ["--version"],
    ["show", "INF"],
    ["show", "inf", "--format", "json"],
    ["show", "New START", "-f", "csv", "--as-of", "2021-01-01"],
    ["show", "CWC", "--members", "--as-of=2000", "--brief"],
    ["show", "NOPE"],
    ["deadlines", "--year", "2021", "--format", "json"],
    ["deadlines", "-y", "2021", "-k", "withdrawal_effective", "-k", "expiry", "--status", "passed"],
    ["deadlines", "--from", "2020", "--to", "2022", "-p", "US", "-p", "RU", "--format", "csv"],
    ["deadlines", "--next", "1y", "--as-of", "2019-02-01", "--format", "ics"],
    ["deadlines", "--treaty", "New START", "--format", "ndjson", "--no-builtin"],
    ["list", "--format", "json"],
    ["list", "--party", "RU", "--status", "withdrawn", "--as-of", "2024"],
    ["list", "--kind", "multilateral", "--tag", "nuclear", "--format", "tsv"],
    ["party", "RU"],
    ["party", "IR", "--as-of", "2025-01-01", "--format", "json"],
    ["party", "ir", "--format", "csv"],
    ["chart", "INF", "ABM", "--as-of", "2019-01-01", "--color", "never"],
    ["chart", "--members", "--from", "1990"],
    ["check", "--format", "json"],
    ["what-if", "INF", "--notice", "2019-02-02", "--party", "US"],
    ["what-if", "INF"],
    ["show", "INF", "--data", "no-such-folder"],
]

# Each goes to typer: help, completion, and anything the table does not settle.
TYPERS = [
    [],
    ["--help"],
    ["--version", "show"],
    ["show", "--help"],
    ["show", "INF", "-h"],
    ["show"],
    ["show", "INF", "extra"],
    ["show", "INF", "--bogus"],
    ["show", "INF", "--asof", "2000"],
    ["show", "INF", "-fjson"],
    ["show", "INF", "--format", "yaml"],
    ["show", "INF", "--format"],
    ["show", "INF", "--brief=yes"],
    ["show", "--", "INF"],
    ["show", "INF", "--as-of", "-1y"],
    ["show", "INF", "--as-of", "1999-13-01"],
    ["show", "INF", "--output", "out/"],
    ["deadlines", "--year", "0"],
    ["deadlines", "--year", "x"],
    ["list", "--party", "XX"],
    ["party", "Iran"],
    ["list", "-p", "korea"],
    ["list", "--status", "nonsense"],
    ["nosuch"],
    ["completion", "bash"],
]


def _outcome(action: object, capfdbinary: pytest.CaptureFixture[bytes]) -> tuple[int, bytes, bytes]:
    capfdbinary.readouterr()
    code = action()  # type: ignore[operator]
    sys.stdout.flush()
    sys.stderr.flush()
    out, err = capfdbinary.readouterr()
    return code, out, err


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "no-user-data"))
    monkeypatch.delenv("TREATYLINE_PATH", raising=False)
    monkeypatch.delenv(fastpath.COMPLETE_VAR, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.usefixtures("plain")
@pytest.mark.parametrize("argv", FAST, ids=" ".join)
def test_the_fast_path_prints_what_typer_prints(
    argv: list[str], capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert argv == ["--version"] or fastpath.parse(argv) is not None
    fast = _outcome(fastpath.runner(argv), capfdbinary)
    typers = _outcome(lambda: cli.run(argv), capfdbinary)
    assert fast == typers
    assert fast[1] or fast[2]


@pytest.mark.usefixtures("plain")
@pytest.mark.parametrize("argv", TYPERS, ids=lambda argv: " ".join(argv) or "(nothing)")
def test_what_the_table_does_not_settle_is_typers(
    argv: list[str], capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert fastpath.parse(argv) is None
    assert _outcome(fastpath.runner(argv), capfdbinary) == _outcome(
        lambda: cli.run(argv), capfdbinary
    )


@pytest.mark.usefixtures("plain")
def test_a_completion_request_is_typers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fastpath.COMPLETE_VAR, "bash_complete")
    assert fastpath.parse(["show", "INF"]) is None


def _imported_after(argv: list[str]) -> set[str]:
    script = (
        "import sys\n"
        "from treatyline import fastpath\n"
        f"fastpath.runner({argv!r})\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return set(child.stdout.split())


def test_a_plain_command_does_not_import_typer() -> None:
    assert "typer" not in _imported_after(["deadlines", "--year", "2021", "--format", "json"])
    assert "typer" not in _imported_after(["show", "INF"])
    assert "typer" in _imported_after(["show", "INF", "--help"])


def test_a_warm_run_does_not_import_the_reading_of_text(tmp_path: Path) -> None:
    # What the cache answers needs no YAML and none of the modules that read it.
    script = (
        "import os, sys\n"
        "from treatyline import fastpath\n"
        "out = os.dup(1)\n"
        "os.dup2(os.open(os.devnull, os.O_WRONLY), 1)\n"
        "fastpath.runner(['deadlines', '--year', '2021', '--format', 'json'])()\n"
        "sys.stdout.flush()\n"
        "os.write(out, ' '.join(sorted(sys.modules)).encode())\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env["XDG_DATA_HOME"] = str(tmp_path / "no-user-data")
    env.pop("TREATYLINE_PATH", None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
            env=env,
        )
        for _ in range(2)
    ]
    cold, warm = (set(run.stdout.split()) for run in runs)
    reading = {"yaml", "treatyline.loader.reader", "treatyline.loader.nodes"}
    assert reading <= cold
    assert not reading & warm


def test_a_converted_value_is_the_type_typer_gives() -> None:
    body, values = fastpath.parse(
        ["deadlines", "-y", "2021", "-k", "expiry", "-p", "US", "-d", ".", "-o", "f.json"]
    ) or (None, {})
    assert body is commands.deadlines
    assert values == {
        "year": 2021,
        "kind": [commands.DeadlineKind.EXPIRY],
        "party": ["US"],
        "data": [Path(".")],
        "output": Path("f.json"),
    }


def test_leaving_without_teardown_keeps_every_file_whole(tmp_path: Path) -> None:
    # The console script ends with os._exit once its output is flushed: what it wrote (an
    # --output file, an SVG, the cache) must be complete, and stdout all there when piped.
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "none"),
        "COLUMNS": "100",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def child(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "treatyline", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            timeout=60,
            check=True,
        )

    printed = child("deadlines", "--year", "2021", "--format", "json").stdout
    assert printed.endswith(b"}\n") and b'"deadlines"' in printed
    child("deadlines", "--year", "2021", "--format", "json", "-o", "out.json")
    assert (tmp_path / "out.json").read_bytes() == printed
    child("show", "INF", "--svg", "inf.svg")
    assert (tmp_path / "inf.svg").read_text(encoding="utf-8").rstrip().endswith("</svg>")
    # The cache the first run wrote is whole: a load from it, in a process that imports
    # treatyline as the command did, parses no file at all.
    script = (
        "import os, pathlib, sys\n"
        "from treatyline import catalog, loader\n"
        "from treatyline.loader import reader\n"
        "def refuse(read, text):\n"
        "    sys.exit('parsed ' + read.path)\n"
        "reader._parse = refuse\n"
        "cache = pathlib.Path(os.environ['XDG_CACHE_HOME'], 'treatyline')\n"
        "found = loader.load(catalog.search_path({}, []), cache=cache)\n"
        "print(len(found.treaties))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, timeout=60
    )
    assert loaded.returncode == 0, loaded.stderr
    assert int(loaded.stdout) > 40


# Any command line at all, made of the table's commands and options and of values that are
# good, bad or odd: wherever the fast path runs it, the output is typer's. Commands that write
# files (--output, --svg, --html, site) are left out: the two runs would write the same file.
_WRITERS = {"--output", "-o", "--svg", "--html"}
_VALUES = [
    "2021", "2019-02-02", "2026-13", "1995", "-1y", "+6m", "today", "90d", "", "x", "-", "--",
    "INF", "inf", "New START", "NOPE", "RU", "US", "SU", "ru", "XX", "json", "csv", "ndjson",
    "table", "tsv", "ics", "yaml", "never", "always", "withdrawal_effective", "passed",
    "multilateral", "nuclear", "withdrawn", "0", "10000", "1_000", " 7", "-h", "--help",
]  # fmt: skip


def _good_value(kind: str) -> st.SearchStrategy[str]:
    """Values the option converts: most lines should reach the command, some not."""
    if kind.startswith("choice "):
        module, _, name = kind.split(" ")[1].rpartition(".")
        choices = getattr(importlib.import_module(module), name)
        return st.sampled_from([member.value for member in choices])
    if kind.startswith("integer"):
        return st.sampled_from(["1", "2021", "9999"])
    if kind == "parser as_of_day":
        return st.sampled_from(["1995-01-01", "2021", "2019-08", "today"])
    if kind == "parser party_code":
        return st.sampled_from(["RU", "US", "SU", "IR"])
    if kind == "path":
        return st.sampled_from([".", "no-such-folder"])
    return st.sampled_from(["INF", "New START", "2021", "+1y", "90d", "nuclear"])


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    name = draw(st.sampled_from(sorted(c for c in argtable.COMMANDS if c != "site")))
    _, arguments, table = argtable.COMMANDS[name]
    options = sorted(o for o in table if o not in _WRITERS)
    words = [name]
    for _ in range(len(arguments) and draw(st.integers(0, 2))):
        words.append(draw(st.sampled_from(["INF", "NPT", "New START", "CWC", "RU", "IR", "x"])))
    for _ in range(draw(st.integers(0, 4))):
        option = draw(st.sampled_from(options))
        kind = table[option][1]
        odd = draw(st.integers(0, 4)) == 0  # one in five: anything at all
        if kind == "flag" and not odd:
            words.append(option)
            continue
        value = draw(st.sampled_from(_VALUES) if odd else _good_value(kind))
        words += [f"{option}={value}"] if draw(st.booleans()) else [option, value]
    return words


@pytest.mark.usefixtures("plain")
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=command_lines())
def test_any_command_line_gives_what_typer_gives(
    argv: list[str], capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    fast = _outcome(fastpath.runner(argv), capfdbinary)
    assert fast == _outcome(lambda: cli.run(argv), capfdbinary), argv


# A TAB after a command whose argument is a treaty is answered without typer; everything else
# a shell asks is typer's. Both must print the same bytes.
QUICK_TABS = [
    "treatyline show IN",
    "treatyline show ",
    "treatyline show new",
    "treatyline show Ne",
    "treatyline what-if ne",
    "treatyline chart Pra",
    "treatyline show zz",
    "treatyline show INF ",
]
TYPERS_TABS = [
    ("treatyline show -", "2"),
    ("treatyline show --as-of", "3"),
    ("treatyline show 'New S", "2"),
    ("treatyline party R", "2"),
    ("treatyline list ", "2"),
    ("treatyline chart INF NE", "3"),
    ("treatyline show IN", "02"),
    ("treatyline sh", "1"),
]


def _tab(monkeypatch: pytest.MonkeyPatch, line: str, cword: str) -> None:
    monkeypatch.setenv(fastpath.COMPLETE_VAR, "complete_bash")
    monkeypatch.setenv("COMP_WORDS", line)
    monkeypatch.setenv("COMP_CWORD", cword)


@pytest.mark.usefixtures("plain")
@pytest.mark.parametrize("line", QUICK_TABS)
def test_a_treaty_tab_offers_what_typer_offers(
    line: str, monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    _tab(monkeypatch, line, "2")
    assert fastpath.completing(os.environ) is not None
    fast = _outcome(fastpath.runner([]), capfdbinary)
    assert fast == _outcome(lambda: cli.run([]), capfdbinary)
    assert fast[0] == 0


@pytest.mark.usefixtures("plain")
def test_a_treaty_tab_offers_the_treaties_begun(
    monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    _tab(monkeypatch, "treatyline show Pra", "2")
    assert _outcome(fastpath.runner([]), capfdbinary) == (0, b"Prague-Treaty\n", b"")


@pytest.mark.usefixtures("plain")
@pytest.mark.parametrize(("line", "cword"), TYPERS_TABS)
def test_any_other_tab_is_typers(
    line: str,
    cword: str,
    monkeypatch: pytest.MonkeyPatch,
    capfdbinary: pytest.CaptureFixture[bytes],
) -> None:
    _tab(monkeypatch, line, cword)
    assert fastpath.completing(os.environ) is None
    assert _outcome(fastpath.runner([]), capfdbinary) == _outcome(lambda: cli.run([]), capfdbinary)


def test_a_treaty_tab_does_not_import_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    _tab(monkeypatch, "treatyline show IN", "2")
    assert "typer" not in _imported_after([])
    _tab(monkeypatch, "treatyline show -", "2")
    assert "typer" in _imported_after([])


@pytest.mark.usefixtures("plain")
def test_a_treaty_tab_without_stdout_is_quiet_as_typers(
    monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    # `treatyline >&-`: typer's echo writes nothing and exits 0; so does the fast path.
    _tab(monkeypatch, "treatyline show IN", "2")
    outcomes = []
    for action in (fastpath.runner([]), lambda: cli.run([])):
        capfdbinary.readouterr()
        with monkeypatch.context() as closed:
            closed.setattr(sys, "stdout", None)
            code = action()
        outcomes.append((code, *capfdbinary.readouterr()))
    assert outcomes[0] == outcomes[1] == (0, b"", b"")
