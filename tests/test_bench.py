"""The benchmark's synthetic corpus: the same bytes every time, and data treatyline accepts.

The benchmark itself runs in CI (`python bench/run.py --size small`); its timings are printed,
never asserted. Here only what it measures on is checked, quickly.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from treatyline import api

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus


def test_the_corpus_is_the_same_every_time(tmp_path: Path) -> None:
    assert corpus.write(tmp_path / "a", 3) == corpus.write(tmp_path / "b", 3)
    for name in ("syn-00001.yaml", "syn-00002.yaml", "syn-00003.yaml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_the_corpus_is_valid_and_has_fifty_events_a_treaty(tmp_path: Path) -> None:
    corpus.write(tmp_path, 12)  # a bilateral treaty, terms, extensions and milestones among them
    loaded = api.load(tmp_path, builtin=False, environ={}, as_of=date(2026, 11, 23))
    assert loaded.problems == ()
    assert len(loaded.treaties) == 12
    assert {len(t.events) for t in loaded.treaties} == {corpus.EVENTS_PER_TREATY}
    assert api.deadlines(loaded, as_of=date(2026, 11, 23))
