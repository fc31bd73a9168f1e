"""@record behaves as the frozen dataclasses it replaced: the rest of the code relies on it."""

import pickle
from datetime import date

import pytest

from treatyline.errors import Location
from treatyline.model import Event, EventKind, InstrumentKind, Rules, Treaty
from treatyline.periods import PartialDate
from treatyline.records import FrozenRecordError, field, fields, record, replace


@record(order=True)
class Pair:
    first: int
    second: str = "b"
    extra: list[int] = field(default_factory=list)


@record
class Other:
    first: int
    second: str = "b"
    extra: list[int] = field(default_factory=list)


def test_fields_are_taken_in_order_by_position_or_name_with_defaults() -> None:
    assert fields(Pair) == ("first", "second", "extra")
    assert Pair(1) == Pair(first=1) == Pair(1, "b", []) == Pair(1, extra=[], second="b")
    assert Pair(1, "c").second == "c"
    assert Pair(1).extra is not Pair(1).extra  # a fresh default each time


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {}), ((1, "b", [], 4), {}), ((1,), {"first": 2}), ((1,), {"nothing": 2})],
)
def test_a_wrong_call_is_a_type_error(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    with pytest.raises(TypeError):
        Pair(*args, **kwargs)


def test_records_compare_hash_and_order_by_their_fields_and_type() -> None:
    assert Pair(1, "a") != Pair(1, "b")
    assert Pair(1, "a") != Other(1, "a")  # same fields, another type
    assert Location("a.yaml", 3, 4) < Location("a.yaml", 10, 1) < Location("b.yaml", 1, 1)
    assert sorted([Pair(2), Pair(1, "z"), Pair(1, "a")]) == [Pair(1, "a"), Pair(1, "z"), Pair(2)]
    assert len({Location("a", 1, 1), Location("a", 1, 1), Location("a", 1, 2)}) == 2
    assert repr(Location("a", 1, 2)) == "Location(path='a', line=1, column=2)"


def test_a_frozen_record_refuses_changes_and_replace_copies_it() -> None:
    where = Location("inf.yaml", 41, 5)
    with pytest.raises(FrozenRecordError):
        where.line = 2  # type: ignore[misc]
    with pytest.raises(FrozenRecordError):
        del where.line  # type: ignore[misc]
    moved = replace(where, line=42)
    assert (where.line, moved.line, moved.path) == (41, 42, "inf.yaml")
    with pytest.raises(TypeError):
        replace(where, row=1)


def test_a_mutable_record_can_change_and_is_not_hashable() -> None:
    @record(frozen=False)
    class Tally:
        count: int = 0

    tally = Tally()
    tally.count += 1
    assert tally == Tally(1)
    with pytest.raises(TypeError):
        hash(tally)


def test_records_survive_pickling_as_the_cache_keeps_them() -> None:
    notice = Event(
        EventKind.WITHDRAWAL_NOTICE,
        PartialDate(date(2019, 2, 2), date(2019, 2, 2)),
        Location("inf.yaml", 41, 5),
        party="US",
    )
    where = Location("inf.yaml", 2, 1)
    treaty = Treaty("INF", "INF Treaty", InstrumentKind.BILATERAL, where, events=(notice,))
    assert pickle.loads(pickle.dumps(notice)) == notice
    assert pickle.loads(pickle.dumps(treaty)) == treaty
    assert treaty.rules == Rules()  # the factory's default
