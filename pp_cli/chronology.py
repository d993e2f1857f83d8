"""One order for events whose dates are partial, ranges, approximate or open (`before`/`by`).

Why one module: the timeline, `pp show`, status derivation, custody episodes
and the site all list a person's events, and a reader takes the order as
causal. Two rules, applied in this order (also in README.md, "Dates"):

1. **Dates.** Each event is placed by `PartialDate.sort_key`: a closed date
   at its first possible day (coarser before finer, so `2016-05` comes before
   `2016-05-10`), a range at its start, an approximate date at its nominal
   day, an open date (`before 2016-05-10`, `by 2016-05-26`) at its latest
   possible day. Every placement lies inside the days the date allows, so an
   event certainly earlier than another (`a.hi < b.lo`) is always placed
   first. Ties keep the id order.
2. **Stated order.** Where dates cannot tell (the Amnesty call of `2015-03`
   that reports an ECHR ruling known only `by 2015-03`), an event says
   `follows: [event ids]`, and is never listed before an event it follows:
   among the events whose predecessors are all listed, the one placed
   earliest by rule 1 goes next (a stable topological sort). `pp validate`
   reports unknown ids, cycles, and a `follows` that its dates contradict.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # ordering plain rows (`pp timeline` from the index) needs no models
    from pp_cli.models import Event

T = TypeVar("T")


def date_key(event: Event) -> tuple:
    """Rule 1: where the dates alone place `event`."""
    return (event.date.sort_key(), event.id)


def order(events: Iterable[Event]) -> list[Event]:
    """`events` in chronological order: by date, then never before an event they follow."""
    return arrange(events, date_key, lambda e: e.id, lambda e: e.follows)


def arrange(items: Iterable[T], key: Callable[[T], Hashable], ident: Callable[[T], str],
            follows: Callable[[T], Iterable[str]]) -> list[T]:
    """`order` for anything with a rule-1 key, an id and the ids it follows (events or their plain rows)."""
    ranked = sorted(items, key=key)  # type: ignore[arg-type]
    if not any(follows(e) for e in ranked):
        return ranked
    by_id = {ident(e): e for e in ranked}
    position = {ident(e): i for i, e in enumerate(ranked)}
    waiting = {ident(e): {f for f in follows(e) if f in by_id and f != ident(e)} for e in ranked}
    after: dict[str, list[str]] = {}
    for eid, before in waiting.items():
        for f in before:
            after.setdefault(f, []).append(eid)
    ready = [position[eid] for eid, before in waiting.items() if not before]
    heapq.heapify(ready)
    out: list[T] = []
    while ready:
        item = ranked[heapq.heappop(ready)]
        out.append(item)
        for nxt in after.get(ident(item), ()):
            waiting[nxt].discard(ident(item))
            if not waiting[nxt]:
                heapq.heappush(ready, position[nxt])
    if len(out) < len(ranked):  # a cycle (pp validate reports it): the rest by date alone
        done = {ident(e) for e in out}
        out.extend(e for e in ranked if ident(e) not in done)
    return out


def cycles(events: dict[str, Event]) -> list[list[str]]:
    """Each `follows` cycle once, as the ids around it (for `pp validate`)."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 on the current path, 2 finished

    def visit(eid: str, path: list[str]) -> None:
        state[eid] = 1
        path.append(eid)
        for f in events[eid].follows:
            if f not in events:
                continue
            if state.get(f) == 1:
                loop = path[path.index(f):]
                if frozenset(loop) not in seen:
                    seen.add(frozenset(loop))
                    found.append(loop)
            elif f not in state:
                visit(f, path)
        path.pop()
        state[eid] = 2

    for eid in sorted(events):
        if eid not in state and events[eid].follows:
            visit(eid, [])
    return found
