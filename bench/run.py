"""Measure treatyline's start-up and its scale against what they are compared with, side by side.

    python bench/run.py [--size small|full] [--only startup|scale] [--rounds N] [--importtime]

Start-up runs `python -c pass`, `treatyline deadlines --year 2021 --format json`,
`treatyline show INF`, `list --format json`, `--version`, a completion TAB, `show NPT` and
`party RU` in turn, round after round, with the interpreter running this script, and divides
each run by the same round's bare start; each goal is printed MET or NOT MET with the range of
those ratios. Scale writes a synthetic corpus of valid timelines (bench/corpus.py) at several
sizes and compares `treatyline check --no-builtin DIR`, which the goals name, and
`treatyline deadlines --year 2021 --format json --no-builtin --data DIR`, which computes every
treaty's deadlines besides, each with an empty cache (cold) and a filled one (warm), against
the parse floor: `yaml.compose`
with libyaml's loader on the same files, read included, in a fresh interpreter just like the
command; and a warm `show INF` with the largest corpus beside the bundled timelines against
one without it. Every run is a child process, timed from its
start to its end, and its peak memory is the child's own maximum resident set size (wait4).
Timings are printed, never asserted: CI runs `--size small` only to see that the benchmark
works.

Only the standard library and the PyYAML that treatyline depends on are used.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # beside this script, wherever it is run from

# The goals, as ratios: what each start costs against a bare interpreter's start, and how the
# reading of a large corpus compares with the parse floor and with itself.
STARTUP_GOALS = {
    "deadlines --year 2021 --format json": 3.5,
    "show INF": 7.0,
    "list --format json": 4.0,
    "--version": 2.0,
    "one completion TAB (show IN)": 5.0,
}
GOALS = {
    "cold / parse floor": 1.3,
    "warm / cold": 0.25,
    "warm show INF beside the corpus / alone": 1.5,
    "peak memory at 100k events (MB)": 250.0,
}
# The commands that scale runs on a corpus (its directory is added), cold and warm.
SCALE_COMMANDS = {
    "check": ["check", "--no-builtin"],
    "deadlines": ["deadlines", "--year", "2021", "--format", "json", "--no-builtin", "--data"],
}
_STEPS = [f"{step} {name}" for name in SCALE_COMMANDS for step in ("cold", "warm")]
SIZES = {"small": (20, 100), "full": (20, 200, 2000)}  # treaties, of 50 events each
FLOOR = """\
import os, sys, yaml
directory = sys.argv[1]
for name in sorted(os.listdir(directory)):
    if name.endswith((".yaml", ".yml")):
        with open(os.path.join(directory, name), "rb") as handle:
            yaml.compose(handle.read().decode("utf-8-sig"), Loader=yaml.CSafeLoader)
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: bytes
    processor_seconds: float = 0.0  # user and system time, of the run and all it waited for


@dataclass
class Series:
    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def low(self) -> float:
        return min(run.seconds for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(run.peak_mb for run in self.runs)


def treatyline_command() -> tuple[list[str], str]:
    """Return how to run treatyline with this interpreter, and a note saying which way."""
    script = Path(sys.executable).parent / "treatyline"
    if script.is_file():
        return [str(script)], f"the installed console script {script}"
    return [sys.executable, "-m", "treatyline"], f"{sys.executable} -m treatyline"


def child_environment(work: Path) -> dict[str, str]:
    """The environment of every child: no user timelines, a cache of the benchmark's own."""
    env = dict(os.environ)
    # Installed packages carry their bytecode; a checkout gets it on its first run, unless this
    # variable (set in some containers) forbids writing it, which would time the compiler.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TREATYLINE_PATH", None)
    env.update(
        XDG_DATA_HOME=str(work / "no-user-data"),
        XDG_CACHE_HOME=str(work / "cache"),
        NO_COLOR="1",
        COLUMNS="100",
    )
    return env


def run(command: Sequence[str], env: dict[str, str], *, check: bool = True) -> Run:
    """Run a command to its end; return its wall time, its peak memory and its output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if check and child.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {child.returncode}:\n{stderr.decode()}")
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    processor = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss * scale / 1e6, stdout, processor)


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"date: {date.today().isoformat()}",
        f"machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"python: {platform.python_implementation()} {platform.python_version()}"
        f" ({sys.executable})",
    ]


def verdict(value: float, goal: float, *, below: bool = True) -> str:
    met = value <= goal if below else value >= goal
    return f"{'MET' if met else 'NOT MET'} (goal {'<=' if below else '>='} {goal:g})"


def spread(ratios: Sequence[float]) -> str:
    """Say a series of ratios as its median and its range, the machine's noise made visible."""
    return f"{statistics.median(ratios):.2f}x (range {min(ratios):.2f}-{max(ratios):.2f})"


def bytecode(env: dict[str, str]) -> str:
    """Say whether treatyline runs from bytecode, or compiles its modules on every start."""
    probe = (
        "import importlib.util, os, treatyline.engine as m;"
        "print(os.path.exists(importlib.util.cache_from_source(m.__file__)))"
    )
    child = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    if child.stdout.strip() == "True":
        return "bytecode: present (the modules are not compiled at each start)"
    return "bytecode: ABSENT: every start compiles treatyline's modules, which these times include"


# -- start-up ---------------------------------------------------------------------------------


def startup(work: Path, rounds: int, importtime: bool) -> dict[str, float]:
    command, how = treatyline_command()
    env = child_environment(work)
    tab = {
        **env,
        "_TREATYLINE_COMPLETE": "complete_bash",
        "COMP_WORDS": "treatyline show IN",
        "COMP_CWORD": "2",
    }
    cases: dict[str, tuple[list[str], dict[str, str]]] = {
        "bare python (-c pass)": ([sys.executable, "-c", "pass"], env),
        "deadlines --year 2021 --format json": (
            [*command, "deadlines", "--year", "2021", "--format", "json"],
            env,
        ),
        "show INF": ([*command, "show", "INF"], env),
        "list --format json": ([*command, "list", "--format", "json"], env),
        "--version": ([*command, "--version"], env),
        "one completion TAB (show IN)": (command, tab),
        # A treaty with a membership table of some 190 lines, and a state across every treaty.
        "show NPT": ([*command, "show", "NPT"], env),
        "party RU": ([*command, "party", "RU"], env),
    }
    print(f"\n== Start-up: {rounds} interleaved rounds; treatyline runs as {how}")
    print("   (bundled timelines, the cache filled by three warm-up runs of each command)")
    for arguments, environment in cases.values():
        for _ in range(3):
            run(arguments, environment)
    print(f"   {bytecode(env)}")
    series = {label: Series(label) for label in cases}
    labels = list(cases)
    for number in range(rounds):
        turn = labels[number % len(labels) :] + labels[: number % len(labels)]
        for label in turn:
            series[label].runs.append(run(*cases[label]))
    cold = Series("deadlines json, empty cache")
    for _ in range(max(3, rounds // 4)):
        shutil.rmtree(work / "cache", ignore_errors=True)
        cold.runs.append(run(*cases["deadlines --year 2021 --format json"]))
    bare = series["bare python (-c pass)"]
    print(
        f"   {'command':40s} {'median':>9s} {'min':>9s} {'x bare':>7s} {'peak MB':>8s}"
        "  x bare, round by round"
    )
    ratios: dict[str, float] = {}
    for item in [*series.values(), cold]:
        # Each round's run against the same round's bare start: the noise of a busy machine
        # moves both, and the range shows how far.
        per_round = [a.seconds / b.seconds for a, b in zip(item.runs, bare.runs, strict=False)]
        print(
            f"   {item.label:40s} {item.median * 1000:7.1f}ms {item.low * 1000:7.1f}ms"
            f" {item.median / bare.median:7.2f} {item.peak_mb:8.1f}  {spread(per_round)}"
        )
        if item.label in STARTUP_GOALS:
            ratios[item.label] = statistics.median(per_round)
    for name, value in ratios.items():
        print(f"   {name} / bare python: {value:.2f}x, {verdict(value, STARTUP_GOALS[name])}")
    if importtime:
        print_importtime(command, env)
    return ratios


def print_importtime(command: list[str], env: dict[str, str], top: int = 15) -> None:
    """Print where `deadlines --format json` spends its import time (python -X importtime)."""
    arguments = [sys.executable, "-X", "importtime", "-m", "treatyline"]
    arguments += ["deadlines", "--year", "2021", "--format", "json"]
    child = subprocess.run(arguments, env=env, capture_output=True, text=True, check=True)
    rows = []
    for line in child.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = (part.strip() for part in line[12:].split("|"))
        rows.append((int(cumulative), int(own), name))
    print(f"\n   -X importtime of {' '.join(arguments[3:])}: top {top} by cumulative time")
    print(f"   {'cumulative':>11s} {'self':>8s}  module")
    for cumulative, own, name in sorted(rows, reverse=True)[:top]:
        print(f"   {cumulative / 1000:9.1f}ms {own / 1000:6.1f}ms  {name}")


# -- scale ------------------------------------------------------------------------------------


def _processors() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # a system that does not say which it may use
        return os.cpu_count() or 1


def scale(work: Path, sizes: Sequence[int], rounds: int) -> dict[str, float]:
    command, how = treatyline_command()
    env = child_environment(work)
    print(f"\n== Scale: {corpus.EVENTS_PER_TREATY} events a treaty; treatyline runs as {how}")
    print("   floor: a fresh interpreter that imports yaml, reads each file and composes it")
    print("   with yaml.CSafeLoader; cold: the command with an empty cache; warm: the same again")
    print("   check: `check --no-builtin DIR`, which the goals name; deadlines:")
    print("   `deadlines --year 2021 --format json --no-builtin --data DIR`, which reads as much")
    print("   and computes every treaty's deadlines besides")
    print("   A cold reading of more than 1 MB of YAML is spread over the processors treatyline")
    print(f"   may use ({_processors()} here; the floor uses one); its peak memory is that of the")
    print("   largest of its processes")
    print(
        f"   {'events':>7s} {'files':>5s} {'MB':>5s} {'floor':>8s} {'command':>9s} {'cold':>8s}"
        f" {'warm':>8s} {'cold/floor':>10s} {'warm/cold':>9s} {'cold us/ev':>10s}"
        f" {'warm us/ev':>10s} {'cold MB':>7s} {'warm MB':>7s}"
    )
    results: dict[int, dict[str, Series]] = {}
    for treaties in sizes:
        events = treaties * corpus.EVENTS_PER_TREATY
        directory = work / f"corpus-{events}"
        written = corpus.write(directory, treaties)
        checked = run([*command, "check", "--no-builtin", str(directory)], env, check=False)
        if b"no problems found" not in checked.stdout:
            sys.exit(f"the synthetic corpus of {events} events is not clean:\n{checked.stdout!r}")
        found = {name: Series(name) for name in ("floor", *_STEPS)}
        for number in range(rounds):
            order = ["floor", *SCALE_COMMANDS] if number % 2 == 0 else [*SCALE_COMMANDS, "floor"]
            for name in order:
                if name == "floor":
                    floor_run = run([sys.executable, "-c", FLOOR, str(directory)], env)
                    found["floor"].runs.append(floor_run)
                    continue
                shutil.rmtree(work / "cache", ignore_errors=True)
                for step in ("cold", "warm"):
                    arguments = [*command, *SCALE_COMMANDS[name], str(directory)]
                    found[f"{step} {name}"].runs.append(run(arguments, env))
        for name in SCALE_COMMANDS:
            outputs = {r.stdout for step in ("cold", "warm") for r in found[f"{step} {name}"].runs}
            no_cache = {k: v for k, v in env.items() if k not in ("HOME", "XDG_CACHE_HOME")}
            outputs.add(run([*command, *SCALE_COMMANDS[name], str(directory)], no_cache).stdout)
            if len(outputs) != 1:
                sys.exit(f"{name}: cold, warm and uncached runs differ at {events} events")
        floor = found["floor"]
        for name in SCALE_COMMANDS:
            cold, warm = found[f"cold {name}"], found[f"warm {name}"]
            print(
                f"   {events:7d} {treaties:5d} {written / 1e6:5.1f} {floor.median:7.2f}s"
                f" {name:>9s} {cold.median:7.2f}s {warm.median:7.2f}s"
                f" {cold.median / floor.median:10.2f} {warm.median / cold.median:9.2f}"
                f" {cold.median / events * 1e6:10.1f} {warm.median / events * 1e6:10.1f}"
                f" {cold.peak_mb:7.1f} {warm.peak_mb:7.1f}"
            )
        results[events] = found
    print("   (medians of", rounds, "rounds; every run's output compared: identical)")
    largest = max(results)
    found = results[largest]
    ratios: dict[str, float] = {}
    for name in SCALE_COMMANDS:
        cold, warm, floor = found[f"cold {name}"], found[f"warm {name}"], found["floor"]
        per_round = {
            "cold / parse floor": [
                c.seconds / f.seconds for c, f in zip(cold.runs, floor.runs, strict=True)
            ],
            "warm / cold": [
                w.seconds / c.seconds for w, c in zip(warm.runs, cold.runs, strict=True)
            ],
        }
        # The goals compare times on the clock; the processors' time of all the processes
        # says what a spread reading costs the machine (for reference, with no goal).
        processor = [
            c.processor_seconds / f.processor_seconds
            for c, f in zip(cold.runs, floor.runs, strict=True)
        ]
        for goal, values in per_round.items():
            # The goals name `check`; the same ratios of `deadlines` are printed beside them.
            key = goal if name == "check" else f"{goal} ({name})"
            ratios[key] = statistics.median(values)
            print(
                f"   {name}: {goal} at {largest} events: {spread(values)},"
                f" {verdict(ratios[key], GOALS[goal])}"
                + ("" if name == "check" else " (for reference: the goal names check)")
            )
        print(
            f"   {name}: cold / parse floor in processor time at {largest} events:"
            f" {spread(processor)} (for reference: every process's time, no goal)"
        )
    name = "warm show INF beside the corpus / alone"
    beside = one_treaty(command, env, work / f"corpus-{largest}", rounds)
    ratios[name] = statistics.median(beside)
    print(f"   {name} ({largest} events): {spread(beside)}, {verdict(ratios[name], GOALS[name])}")
    counts = sorted(results)
    for small, large in itertools.pairwise(counts):
        for step in _STEPS:
            a, b = results[small][step].median, results[large][step].median
            per_event = (b - a) / (large - small) * 1e6
            print(
                f"   {step} from {small} to {large} events: +{b - a:.2f}s,"
                f" {per_event:.1f} us for each added event"
            )
    if largest >= 100_000:
        peak = max(found[step].peak_mb for step in _STEPS)
        name = "peak memory at 100k events (MB)"
        ratios[name] = peak
        print(f"   peak memory at {largest} events: {peak:.0f} MB, {verdict(peak, GOALS[name])}")
    return ratios


def one_treaty(
    command: list[str], env: dict[str, str], corpus_dir: Path, rounds: int
) -> list[float]:
    """Time a warm `show INF` with the corpus beside the bundled timelines against one without
    it, round by round; return the ratios. Constant cost per treaty keeps them near 1."""
    alone = [*command, "show", "INF"]
    beside = [*command, "show", "INF", "--data", str(corpus_dir)]
    for arguments in (alone, beside, alone, beside):  # fill the cache for both
        run(arguments, env)
    ratios = []
    for number in range(max(rounds, 5)):
        pair = (alone, beside) if number % 2 == 0 else (beside, alone)
        times = {tuple(arguments): run(arguments, env).seconds for arguments in pair}
        ratios.append(times[tuple(beside)] / times[tuple(alone)])
    return ratios


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=["small", "full"], default="full")
    parser.add_argument("--only", choices=["startup", "scale"])
    parser.add_argument("--rounds", type=int, help="rounds of each measurement")
    parser.add_argument("--importtime", action="store_true", help="where start-up time goes")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the ratios here")
    options = parser.parse_args(argv)
    small = options.size == "small"
    print("treatyline benchmark,", options.size, "size")
    for line in machine():
        print("  ", line)
    ratios: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="treatyline-bench-") as name:
        work = Path(name)
        if options.only in (None, "startup"):
            ratios |= startup(work, options.rounds or (5 if small else 21), options.importtime)
        if options.only in (None, "scale"):
            rounds = options.rounds or (1 if small else 5)
            ratios |= scale(work, SIZES[options.size], rounds)
    if options.json:
        options.json.write_text(json.dumps(ratios, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
