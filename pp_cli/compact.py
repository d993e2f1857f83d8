"""Records made small enough to hold 265,000 of them at once (issue 13).

A loaded record is mostly pydantic's bookkeeping, and it repeats: every
model instance has its own set of the field names its file gave (~400
bytes; a few dozen distinct sets serve every record), its own empty list
for each unset list field, and its own dict with its own copy of the field
names' table. `compact` makes each repeated part shared, in place, once a
record has validated: the field set comes from a table of the distinct
ones, empty lists become one shared empty list, and the values move into a
dict sharing one key table per model class (CPython's key-sharing instance
dicts: about a third of the size). That is about half the memory of a
loaded knowledge base. Sharing is safe because records are frozen and
pydantic copies the field set before changing it (`model_copy`); the shared
empty list refuses to be changed, so no caller can grow every record's list
at once.
"""

from __future__ import annotations

from collections.abc import Callable
from types import UnionType
from typing import Any, NoReturn, SupportsIndex, Union, get_args, get_origin

from pydantic import BaseModel


class _EmptyList(list):  # type: ignore[type-arg]
    """The one empty list unset list fields share: equal to `[]`, and never changed."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("a record's list is shared and cannot be changed; build a new list")

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse

    def __copy__(self) -> list[Any]:
        return []

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return []

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return list, ()

    def __mul__(self, n: SupportsIndex) -> list[Any]:
        return []


EMPTY: list[Any] = _EmptyList()
_SETS: dict[frozenset[str], set[str]] = {}
# scalar lists, model lists, models, and the maker of a key-sharing dict of a model's values
_Plan = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], Callable[[dict[str, Any]], dict[str, Any]]]
_PLANS: dict[type, _Plan] = {}


def compact(model: BaseModel) -> None:
    """Share `model`'s field set, empty lists and key table (and its nested models'), in place."""
    plan = _PLANS.get(type(model)) or _plan(type(model))
    fields = model.__pydantic_fields_set__
    shared = _SETS.setdefault(frozenset(fields), fields)
    if shared is not fields:
        object.__setattr__(model, "__pydantic_fields_set__", shared)
    values = model.__dict__
    scalar_lists, model_lists, models, shared_keys = plan
    for name in scalar_lists:
        if not values[name]:
            values[name] = EMPTY
    for name in model_lists:
        items = values[name]
        if not items:
            values[name] = EMPTY
        else:
            for item in items:
                compact(item)
    for name in models:
        item = values[name]
        if item is not None:
            compact(item)
    object.__setattr__(model, "__dict__", shared_keys(values))


def _plan(cls: type[BaseModel]) -> _Plan:
    """Which fields of `cls` hold lists of values, lists of models, or a model; and its dicts' holder class."""
    kinds: dict[str, list[str]] = {"scalars": [], "models": [], "model": []}
    for name, info in cls.model_fields.items():
        kind = _kind(info.annotation)
        if kind is not None:
            kinds[kind].append(name)
    plan = (tuple(kinds["scalars"]), tuple(kinds["models"]), tuple(kinds["model"]), _key_sharing(cls))
    _PLANS[cls] = plan
    return plan


def _key_sharing(cls: type[BaseModel]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A function copying a `cls` instance's values into a dict that shares its key table with every other.

    CPython shares one key table among the attribute dicts of a plain
    class's instances whose attributes are set in the same order; the
    function sets them on such an instance and returns its dict.
    """
    holder = type(f"{cls.__name__}Values", (), {"__module__": __name__})

    def fill(values: dict[str, Any]) -> dict[str, Any]:
        keeper = holder()
        for name, value in values.items():  # pydantic's dicts hold every field, in field order
            setattr(keeper, name, value)
        return keeper.__dict__

    return fill


def _kind(annotation: Any) -> str | None:
    """"scalars" for a list of values, "models" for a list of models, "model" for a model (or an optional one)."""
    if get_origin(annotation) in (Union, UnionType):
        return next((k for a in get_args(annotation) if (k := _kind(a)) is not None), None)
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (Any,)
        return "models" if isinstance(item, type) and issubclass(item, BaseModel) else "scalars"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model"
    return None
