"""Fuzzing: whatever a timeline file holds, the loader reports problems and the CLI answers.

Three sources of input: generated timeline documents (mostly well-formed, so that the engine
and every command run on them too), bundled files with random damage, and raw bytes. The loader
must return problems and never raise; the command line must exit 0, 1 or 2 and never print a
traceback. `HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py` runs many more examples.
"""

from __future__ import annotations

import os
import string
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.conftest import Result
from treatyline import catalog, loader
from treatyline.catalog import Source
from treatyline.model import EventKind, InstrumentKind

settings.register_profile(
    "default",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("fuzz", parent=settings.get_profile("default"), max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

Run = Callable[..., Result]
BUNDLED = sorted(catalog.bundled_directory().glob("*.yaml"))

# -- generated documents ---------------------------------------------------------------------

codes = st.sampled_from(["US", "RU", "SU", "GB", "FR", "CN", "NO", "no", "ON", "YES", "XX", ""])
days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
likely_days = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))
dates = st.one_of(
    likely_days,
    days,
    likely_days.map(lambda d: d.isoformat()[:7]),
    likely_days.map(lambda d: str(d.year)),
    st.sampled_from(["2019-02-30", "2019-13-01", "0000-01-01", "9999-12-31", "yesterday"]),
)
periods = st.one_of(
    st.builds(
        "{} {}".format,
        st.integers(-2, 400)
        | st.sampled_from(["six", "ninety", "twelve", "a", "1.5", "10000", "3652059", "9" * 5000]),
        st.sampled_from(["days", "day", "weeks", "months", "month", "years", "fortnights"]),
    ),
    st.sampled_from(["unlimited", "", "6", "months"]),
)
# Control characters too: escape sequences that would retitle or clear a terminal.
words = st.text(
    string.ascii_letters + string.digits + " -_.:,'\"[]{}&*!#|>%@`\t\n\x1b\x07\x9b\x00\x7f",
    max_size=20,
)
junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | words | days,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=3),
    max_leaves=6,
)


def sometimes(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the plausible value, sometimes anything at all."""
    return st.one_of(value, value, value, junk)


clause = st.fixed_dictionaries(
    {}, optional={"article": sometimes(words), "text": words, "source": st.just("https://x.org")}
)
rules = st.fixed_dictionaries(
    {},
    optional={
        "withdrawal": st.builds(dict, clause, notice=sometimes(periods)),
        "duration": st.builds(dict, clause, term=sometimes(periods)),
        "extension": st.builds(
            dict, clause, limit=sometimes(periods), times=sometimes(st.integers(-1, 3))
        ),
        "renewal": st.builds(dict, clause, period=sometimes(periods)),
        "entry_into_force": st.builds(
            dict, clause, instruments=sometimes(st.integers(0, 50)), after=sometimes(periods)
        ),
        "entry_into_force_for_state": st.builds(
            dict,
            clause,
            after=sometimes(periods),
            counted_from=sometimes(st.sampled_from(["deposit", "month_of_deposit"])),
            deposited_after=sometimes(st.sampled_from(["entry_into_force", "last_instrument"])),
        ),
        "surprise": junk,
    },
)
event = st.fixed_dictionaries(
    {
        "date": sometimes(dates),
        "kind": sometimes(st.sampled_from([kind.value for kind in EventKind])),
    },
    optional={
        "party": sometimes(codes),
        "note": words,
        "source": st.sampled_from(["https://example.org/a", "example.org", 42]),
        "period": periods,
        "until": dates,
        "name": words,
        "contested": junk,
        "kidn": junk,
    },
)
member = st.fixed_dictionaries(
    {"state": sometimes(codes)},
    optional={
        "signed": sometimes(dates),
        "ratified": sometimes(dates),
        "acceded": dates,
        "succeeded": dates,
        "from": codes,
        "in_force": dates,
        "source": st.sampled_from(["https://example.org/b", "nowhere"]),
        "note": words,
    },
)
membership = st.fixed_dictionaries(
    {"states": sometimes(st.lists(sometimes(member), max_size=6))},
    optional={
        "source": st.just("https://example.org/list"),
        "read": dates,
        "counts": st.fixed_dictionaries(
            {"on": sometimes(dates)},
            optional={"parties": sometimes(st.integers(0, 5)), "signatories": st.integers(0, 5)},
        ),
        "complete": sometimes(st.sampled_from(["yes", "no", "maybe"])),
    },
)
document = st.fixed_dictionaries(
    {
        "id": sometimes(st.sampled_from(["FUZZ", "INF", "fuzz", "F-1", "1987"])),
        "name": sometimes(words),
        "kind": sometimes(st.sampled_from([kind.value for kind in InstrumentKind])),
    },
    optional={
        "parties": sometimes(st.lists(codes, max_size=4)),
        "rules": sometimes(rules),
        "events": sometimes(st.lists(sometimes(event), max_size=8)),
        "status": sometimes(st.sampled_from(["in_force", "terminated", "expired", "asleep"])),
        "aliases": sometimes(st.lists(words, max_size=2)),
        "successors": sometimes(st.dictionaries(codes, st.lists(codes, max_size=2), max_size=2)),
        "extends": st.sampled_from(["INF", "FUZZ", "NOPE"]),
        "membership": sometimes(membership),
    },
)


def dump(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


# -- damaged files and raw bytes -------------------------------------------------------------


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """A bundled timeline with a few random cuts, insertions and swapped lines."""
    data = bytearray(draw(st.sampled_from(BUNDLED)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "swap", "byte"]))
        if action == "cut":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = draw(
                st.binary(max_size=8)
                | st.sampled_from(
                    [
                        b"\t",
                        b": ",
                        b"- ",
                        b"&a",
                        b"*a",
                        b"!!python/name:os.system",
                        b"\n  ",
                        b"[",
                        b"{",
                    ]
                )
            )
        elif action == "swap":
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
        else:
            data[at:at] = bytes([draw(st.integers(0, 255))])
    return bytes(data)


inputs = st.one_of(document.map(lambda d: dump(d).encode()), damaged(), st.binary(max_size=300))


# -- the loader ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "fuzz.yaml"


@given(data=inputs)
def test_the_loader_returns_problems_and_never_raises(scratch: Path, data: bytes) -> None:
    scratch.write_bytes(data)
    loaded = loader.load([Source(scratch)], as_of=date(2026, 11, 23))
    lines = data.decode("utf-8", errors="replace").splitlines() or [""]
    for problem in loaded.problems:
        assert problem.where.path == str(scratch)
        assert 1 <= problem.where.line <= len(lines) + 1
        assert problem.message
    if not loaded.errors:
        assert len(loaded.treaties) <= 1


@given(doc=document)
def test_a_generated_document_loads_or_says_why(scratch: Path, doc: Any) -> None:
    scratch.write_text(dump(doc), encoding="utf-8")
    loaded = loader.load([Source(scratch)])
    assert loaded.treaties or loaded.errors


# -- the command line ------------------------------------------------------------------------

COMMANDS = [
    ["check", "--no-builtin", "{file}"],
    ["show", "FUZZ", "--no-builtin", "--data", "{file}", "--as-of", "2026-11-23"],
    ["show", "INF", "--data", "{file}", "--format", "json"],
    ["deadlines", "--no-builtin", "--data", "{file}", "--from", "1900", "--format", "csv"],
    ["deadlines", "--data", "{file}", "--year", "2021", "--format", "ics"],
    ["list", "--no-builtin", "--data", "{file}", "--as-of", "1990-01-01"],
    ["what-if", "FUZZ", "--no-builtin", "--data", "{file}", "--notice", "2030-01-01"],
    ["what-if", "FUZZ", "--no-builtin", "--data", "{file}", "--extend", "5y"],
    ["chart", "--no-builtin", "--data", "{file}", "--as-of", "2026-11-23"],
    ["chart", "--data", "{file}", "--party", "US", "--from", "1950"],
    ["show", "FUZZ", "--no-builtin", "--data", "{file}", "--svg", "{file}.svg"],
    ["show", "FUZZ", "--no-builtin", "--data", "{file}", "--members", "--brief"],
    ["party", "US", "--no-builtin", "--data", "{file}", "--format", "json"],
    ["chart", "--members", "--no-builtin", "--data", "{file}"],
    ["list", "--no-builtin", "--data", "{file}", "--party", "RU"],
]


@given(data=inputs, command=st.sampled_from(COMMANDS))
def test_the_cli_never_prints_a_traceback(
    run: Run, scratch: Path, data: bytes, command: list[str]
) -> None:
    scratch.write_bytes(data)
    result = run(*(word.format(file=scratch) for word in command))
    assert result.code in (0, 1, 2), result
    assert "Traceback" not in result.stdout + result.stderr


option_words = st.sampled_from(
    [
        "show", "deadlines", "list", "check", "what-if", "completion", "chart", "INF", "New START",
        "--year", "--from", "--to", "--next", "--as-of", "--format", "--party", "--kind",
        "--notice", "--extend", "--treaty", "--color", "--data", "--output", "-f", "-y", "--svg",
        "0", "2021", "-1", "99999", "today", "+1y", "-6m", "90d", "2019-02-30", "json", "ics",
        "US", "no", "expiry", "always", "bash", "--help", "", "party", "--members", "--status",
        "--tag", "--brief", "0001-01-01", "9999-12-31", "+99999999y", "-3652059d", "\x1b[2J",
    ]
)  # fmt: skip


@given(argv=st.lists(option_words | words, max_size=6))
def test_any_options_give_an_answer_or_a_usage_error(
    run: Run, argv: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # where a stray --output would land
    result = run(*argv)
    assert result.code in (0, 1, 2), result
    assert "Traceback" not in result.stdout + result.stderr


# -- links and special files -----------------------------------------------------------------

SECRET = "aws_secret_access_key = fuzz-must-never-print-this"
ENTRY_KINDS = ["timeline", "inside", "outside", "dangling", "loop", "fifo", "directory", "up"]
FOLDER_COMMANDS = [
    ["check", "--no-builtin", "{folder}"],
    ["list", "--no-builtin", "--data", "{folder}", "--format", "json"],
    ["show", "FUZZ", "--no-builtin", "--data", "{folder}"],
    ["chart", "--no-builtin", "--data", "{folder}"],
    ["check", "--no-builtin", "{folder}", "-o", "{folder}/{name}.yaml"],
    ["deadlines", "--no-builtin", "--data", "{folder}", "--svg", "{folder}/{name}.yaml"],
]  # fmt: skip


def _make_entry(folder: Path, name: str, kind: str, data: bytes, outside: Path) -> None:
    """Put at `folder/name.yaml` a file, a link of some sort, a named pipe or a directory."""
    path = folder / f"{name}.yaml"
    if path.exists() or path.is_symlink():
        return
    if kind == "timeline":
        path.write_bytes(data)
    elif kind == "inside":
        (folder / f"{name}.target").write_bytes(data)
        path.symlink_to(f"{name}.target")
    elif kind == "outside":
        path.symlink_to(outside)
    elif kind == "dangling":
        path.symlink_to(folder / "nothing-here")
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    else:
        path.symlink_to("..")


@given(
    entries=st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(ENTRY_KINDS), inputs),
        max_size=4,
    ),
    command=st.sampled_from(FOLDER_COMMANDS),
    name=st.sampled_from(["a", "b", "c"]),
)
def test_links_and_special_files_are_refused_not_followed(
    run: Run, entries: list[tuple[str, str, bytes]], command: list[str], name: str
) -> None:
    with tempfile.TemporaryDirectory() as scratch_directory:
        root = Path(scratch_directory)
        outside = root / "credentials"
        outside.write_text(SECRET + "\n")
        folder = root / "data"
        folder.mkdir()
        for entry, kind, data in entries:
            _make_entry(folder, entry, kind, data, outside)
        writes = "-o" in command or "--svg" in command
        # Writing to a named pipe waits for its reader, as the shell's `>` does.
        assume(not (writes and (folder / f"{name}.yaml").is_fifo()))
        result = run(*(word.format(folder=folder, name=name) for word in command))
        assert result.code in (0, 1, 2), result
        assert "Traceback" not in result.stdout + result.stderr
        assert "fuzz-must-never-print-this" not in result.stdout + result.stderr
        if not writes:  # an output named through a link is written where the link points
            assert outside.read_text() == SECRET + "\n"
