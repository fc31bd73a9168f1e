"""Own how treatyline declares its records: `@record`, a dataclass made without generating code.

`dataclasses.dataclass` writes the source of every record's `__init__`, `__eq__`, `__hash__`,
`__repr__` and, frozen, `__setattr__` and `__delattr__`, and compiles it, on every start of
the program: for treatyline's fifty records that was more than half of what `treatyline
deadlines --format json` did (docs/performance.md). `@record` gives the same behaviour from
functions written once, here, and compiled once into this module's bytecode: a record takes
its fields in order, positionally or by name, with defaults and `field(default_factory=...)`;
it compares and hashes by its fields, orders by them with `order=True`, refuses changes when
frozen, and is picklable. `field`, `replace` and `fields` stand in for the dataclasses
functions of those names, whose module (with the inspect module it imports) is itself slow to
import. mypy reads `@record` as a dataclass (PEP 681).
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # typing.TYPE_CHECKING, for mypy; typing itself costs start-up time
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**kwargs):
        return lambda decorator: decorator


_FIELDS = "__record_fields__"


class FrozenRecordError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class _Factory:
    """What `field` leaves in a class body: the function that makes a field's default."""

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """Give a field a default made afresh for each record, as dataclasses.field does."""
    return _Factory(default_factory)  # type: ignore[return-value]  # read by @record


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, frozen: bool = True, order: bool = False) -> Any:
    """Make `cls` a record of the fields its class body annotates, in their order."""
    if cls is None:
        return lambda cls: _make(cls, frozen=frozen, order=order)
    return _make(cls, frozen=frozen, order=order)


def fields(record_type: type) -> tuple[str, ...]:
    """Return the names of a record type's fields, in order."""
    names: tuple[str, ...] = getattr(record_type, _FIELDS)
    return names


def replace(instance: T, /, **changes: Any) -> T:
    """Return a copy of a record with the `changes` made, through its `__init__`."""
    names = fields(type(instance))
    unknown = changes.keys() - set(names)
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no field {sorted(unknown)[0]!r}")
    current = {name: getattr(instance, name) for name in names}
    return type(instance)(**{**current, **changes})


def _make(cls: type[T], *, frozen: bool, order: bool) -> type[T]:
    # The class's own annotations, in order; not inspect.get_annotations: inspect is slow to import.
    names = tuple(vars(cls).get("__annotations__", {}))
    defaults: dict[str, object] = {}
    factories: dict[str, Callable[[], object]] = {}
    for name in names:
        if name not in cls.__dict__:
            continue
        value = cls.__dict__[name]
        if isinstance(value, _Factory):
            factories[name] = value.make
            delattr(cls, name)  # the instance's value, not the factory, is what reading gives
        else:
            defaults[name] = value
    setattr(cls, _FIELDS, names)
    methods = _methods(cls.__name__, names, defaults, factories, frozen=frozen)
    if order:
        methods.update(_ordering(names))
    for name, method in methods.items():
        if name not in cls.__dict__:  # a method the class writes itself stays
            if method is not None:
                method.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, method)
    return cls


def _values(names: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    """Return what reads a record's field values as a tuple (attrgetter, in C)."""
    if len(names) == 1:
        (name,) = names
        return lambda instance: (getattr(instance, name),)
    return attrgetter(*names) if names else lambda instance: ()


def _methods(
    type_name: str,
    names: tuple[str, ...],
    defaults: dict[str, object],
    factories: dict[str, Callable[[], object]],
    *,
    frozen: bool,
) -> dict[str, Callable[..., Any]]:
    values = _values(names)
    known = frozenset(names)

    count = len(names)
    # Every field in order, a default where there is one: a copy updated with the values given
    # keeps the fields' order, in C, where a loop over the fields would cost microseconds.
    template = {name: defaults.get(name) for name in names}
    required = known.difference(defaults, factories)

    def __init__(self: object, *args: object, **kwargs: object) -> None:
        if not kwargs and len(args) == count:  # every field given in order: the common case
            self.__dict__.update(zip(names, args, strict=True))
            return
        if len(args) > count:
            raise TypeError(f"{type_name}() takes {count} fields, {len(args)} were given")
        given = dict(zip(names, args, strict=False))
        if kwargs:
            if not known.issuperset(kwargs) or not given.keys().isdisjoint(kwargs):
                name = next(n for n in kwargs if n not in known or n in given)
                raise TypeError(f"{type_name}() got an unexpected or repeated {name!r}")
            given.update(kwargs)
        if not required.issubset(given):
            name = next(n for n in names if n in required and n not in given)
            raise TypeError(f"{type_name}() is missing its field {name!r}")
        state = template.copy()
        state.update(given)
        for name in factories:
            if name not in given:
                state[name] = factories[name]()
        self.__dict__.update(state)

    def __repr__(self: object) -> str:
        shown = ", ".join(
            f"{name}={value!r}" for name, value in zip(names, values(self), strict=True)
        )
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self: object, other: object) -> bool:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    methods: dict[str, Callable[..., Any]] = {
        "__init__": __init__,
        "__repr__": __repr__,
        "__eq__": __eq__,
    }
    if not frozen:
        methods["__hash__"] = None  # type: ignore[assignment]  # mutable, as dataclasses do
        return methods

    def __hash__(self: object) -> int:
        return hash(values(self))

    def __setattr__(self: object, name: str, value: object) -> None:
        raise FrozenRecordError(f"cannot assign to field {name!r}")

    def __delattr__(self: object, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field {name!r}")

    methods.update(__hash__=__hash__, __setattr__=__setattr__, __delattr__=__delattr__)
    return methods


def _ordering(names: tuple[str, ...]) -> dict[str, Callable[..., Any]]:
    values = _values(names)

    def __lt__(self: object, other: object) -> bool:
        if other.__class__ is self.__class__:
            return values(self) < values(other)
        return NotImplemented

    def __le__(self: object, other: object) -> bool:
        if other.__class__ is self.__class__:
            return values(self) <= values(other)
        return NotImplemented

    def __gt__(self: object, other: object) -> bool:
        if other.__class__ is self.__class__:
            return values(self) > values(other)
        return NotImplemented

    def __ge__(self: object, other: object) -> bool:
        if other.__class__ is self.__class__:
            return values(self) >= values(other)
        return NotImplemented

    return {"__lt__": __lt__, "__le__": __le__, "__gt__": __gt__, "__ge__": __ge__}
