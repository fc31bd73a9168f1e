"""Each file in tests/errors/ is a user's mistake; the .txt beside it is the exact report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

CASES = Path(__file__).parent / "errors"


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_report_is_exactly_as_recorded(
    case: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CASES)
    result = run("check", "--no-builtin", case.name)
    assert result.code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == case.with_suffix(".txt").read_text(encoding="utf-8")
