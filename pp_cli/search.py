"""Full-text search over people, events and organizations (`pp search`).

Two separate steps, so that the documents can be kept in the on-disk index
and search need not re-read every file:

* `documents(kb)` turns every record into a `SearchDoc`: a plain,
  JSON-serialisable dataclass holding each searchable field twice — as
  written (for snippets) and as space-separated *skeleton* tokens
  (`names.skeleton`), one per word of the original, so a match found in the
  normalised text maps back to the words a user sees.
* `search(docs, query, limit)` normalises the query the same way and ranks
  the documents that contain every query word (exactly, or as a prefix of
  at least three letters), weighting names above titles above charges above
  summaries above source titles. So `Məmmədov`, `Mammadov` and `Mamedov`
  find the same people, as do `Xədicə`, `Khadija` and `khadija`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pp_cli.names import fold, skeleton

if TYPE_CHECKING:
    from pp_cli.kb import KnowledgeBase

# A word: letters and digits, with inner apostrophes (Il'gar) kept inside it.
# A possessive `'s` is not part of the word (Mammadov's → Mammadov).
_WORD = re.compile(r"[^\W_]+(?:['’ʼ](?!s\b)[^\W_]+)*")
SEPARATOR = " · "
WEIGHTS = {"names": 10.0, "ids": 3.0, "title": 6.0, "charges": 4.0, "summary": 2.0, "details": 2.0, "sources": 1.0}
KIND_ORDER = {"prisoner": 0, "organization": 1, "event": 2}
PREFIX_MIN = 3
SNIPPET_BEFORE = 40
SNIPPET_LENGTH = 140


@dataclass
class SearchDoc:
    """One searchable record: what to show, and each field as written and normalised."""

    kind: str  # "prisoner", "event" or "organization"
    id: str
    title: str
    date: str | None = None  # an event's date, as written
    text: dict[str, str] = field(default_factory=dict)  # field -> text as written
    norm: dict[str, str] = field(default_factory=dict)  # field -> skeleton tokens aligned with text's words

    @classmethod
    def make(cls, kind: str, id: str, title: str, fields: dict[str, Iterable[str | None]],
             date: str | None = None) -> SearchDoc:
        text = {}
        for name, values in fields.items():
            joined = SEPARATOR.join(v for v in values if v)
            if joined:
                text[name] = joined
        return cls(kind, id, title, date, text, {name: normalise(value) for name, value in text.items()})

    def to_dict(self) -> dict[str, Any]:
        # by hand: dataclasses.asdict deep-copies, which cost seconds over a large knowledge base's index
        return {"kind": self.kind, "id": self.id, "title": self.title, "date": self.date,
                "text": dict(self.text), "norm": dict(self.norm)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchDoc:
        return cls(**data)


@dataclass
class Hit:
    """A ranked result: the record, the field it matched in and a snippet around the match."""

    kind: str
    id: str
    title: str
    score: float
    field: str
    snippet: str
    highlights: list[tuple[int, int]]  # spans of `snippet` that matched
    date: str | None = None


def words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(unicodedata.normalize("NFC", text)))


@lru_cache(maxsize=262_144)
def _token(word: str) -> str:
    """One word's skeleton (cached: a knowledge base repeats the same words endlessly)."""
    return skeleton(word).replace(" ", "") or "_"


@lru_cache(maxsize=262_144)
def fold_word(word: str) -> str:
    return fold(word)


def normalise(text: str) -> str:
    """Skeleton tokens of `text`, one per word, space-separated."""
    return " ".join(_token(m.group()) for m in words(text))


def query_tokens(query: str) -> list[str]:
    return [t for t in (_token(m.group()) for m in words(query)) if t != "_"]


def _charges(events: Iterable[Any]) -> list[str]:
    out = []
    for event in events:
        for c in event.charges:
            out += [c.description, c.article and f"article {c.article}", c.code,
                    c.category.value.replace("_", " ") if c.category else None]
    return list(dict.fromkeys(v for v in out if v))


def _sources(record: Any) -> list[str]:
    return list(dict.fromkeys(v for s in record.sources for v in (s.title, s.publisher) if v))


def record_texts(kb: KnowledgeBase) -> Iterator[tuple[str, str, str, str | None, dict[str, list[str | None]]]]:
    """(kind, id, title, date, {field: texts}) for every record: what search and exports index."""
    orgs = kb.organizations
    for p in kb.prisoners.values():
        yield "prisoner", p.id, p.name, None, {
            "names": p.all_names(),
            "ids": [p.id, *p.former_ids],
            "summary": [p.summary],
            "charges": _charges(kb.events_of(p.id)),
            "details": [
                *(r.value.replace("_", " ") for r in p.roles),
                *(orgs[a.org].name if a.org in orgs else a.org for a in p.affiliations),
                *(a.position for a in p.affiliations),
                *(r.by for r in p.recognitions),
            ],
            "sources": _sources(p),
        }
    for o in orgs.values():
        yield "organization", o.id, o.name, None, {
            "names": [o.name, o.native_name, *(n.name for n in o.other_names)],
            "ids": [o.id, *o.former_ids],
            "summary": [o.summary],
            "sources": _sources(o),
        }
    for e in kb.events.values():
        yield "event", e.id, e.title, str(e.date), {
            "title": [e.title],
            "ids": [e.id, *e.former_ids],
            "summary": [e.summary],
            "charges": _charges([e]),
            "details": [
                e.court, e.judge, e.facility, e.location, e.by,
                e.sentence.text() if e.sentence else None,
                *((e.echr.case, e.echr.application, e.echr.finding) if e.echr else ()),
            ],
            "sources": _sources(e),
        }


def documents(kb: KnowledgeBase, keep: Callable[[str, str], bool] | None = None) -> Iterator[SearchDoc]:
    """Every prisoner, organization and event as a `SearchDoc`, one at a time; only those `keep(kind, id)`
    accepts, if given (chosen before the document is made: normalising its words is the cost)."""
    for kind, rid, title, when, fields in record_texts(kb):
        if keep is None or keep(kind, rid):
            yield SearchDoc.make(kind, rid, title, fields, date=when)


def fold_text(text: str) -> str:
    """`text` folded to lowercase ASCII word by word (`Məmmədov` → `mammadov`)."""
    return " ".join(fold_word(m.group()) for m in words(text))


def _match(token: str, field_tokens: list[str]) -> list[tuple[int, float]]:
    """Positions where `token` matches, with 1.0 for a whole word and 0.5 for a prefix."""
    found = []
    for i, t in enumerate(field_tokens):
        if t == token:
            found.append((i, 1.0))
        elif len(token) >= PREFIX_MIN and t.startswith(token):
            found.append((i, 0.5))
    return found


def _phrase(tokens: list[str], field_tokens: list[str]) -> bool:
    n = len(tokens)
    return any(field_tokens[i:i + n] == tokens for i in range(len(field_tokens) - n + 1))


def score(doc: SearchDoc, tokens: list[str]) -> tuple[float, str, set[int]] | None:
    """(score, best field, matched word positions in it), or None unless every token matches."""
    total = 0.0
    per_field: dict[str, set[int]] = {}
    tokens_in: dict[str, int] = {}  # how many query words each field matched
    split: dict[str, list[str]] = {}
    for token in tokens:
        best = 0.0
        for name, norm in doc.norm.items():
            if token not in norm:  # cheap substring test before splitting into words
                continue
            field_tokens = split.setdefault(name, norm.split(" "))
            found = _match(token, field_tokens)
            if not found:
                continue
            weight = WEIGHTS.get(name, 1.0)
            best = max(best, weight * max(s for _, s in found))
            per_field.setdefault(name, set()).update(i for i, _ in found)
            tokens_in[name] = tokens_in.get(name, 0) + 1
        if best == 0.0:
            return None
        total += best
    if len(tokens) > 1:
        for name, field_tokens in split.items():
            if _phrase(tokens, field_tokens):
                total += WEIGHTS.get(name, 1.0) * len(tokens)
                break
    if "names" in doc.norm and any(normalise(n).split(" ") == tokens for n in doc.text["names"].split(SEPARATOR)):
        total += 20.0  # the query is exactly one of the names
    best_field = max(per_field, key=lambda f: (tokens_in[f], WEIGHTS.get(f, 1.0), len(per_field[f])))
    return total, best_field, per_field[best_field]


def snippet(text: str, positions: set[int]) -> tuple[str, list[tuple[int, int]]]:
    """A window of `text` around the first matched word, with the matched words' spans."""
    found = words(text)
    text = unicodedata.normalize("NFC", text)
    spans = [(found[i].start(), found[i].end()) for i in sorted(positions) if i < len(found)]
    if not spans:
        return text[:SNIPPET_LENGTH], []
    start = max(0, spans[0][0] - SNIPPET_BEFORE)
    if start <= 15:
        start = 0
    else:  # begin at a word boundary, never inside a word
        space = text.find(" ", start, spans[0][0])
        start = space + 1 if space >= 0 else spans[0][0]
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space < end + 20 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    body = " ".join(text[start:end].split("\n"))
    offset = len(prefix) - start
    marks = [(s + offset, e + offset) for s, e in spans if s >= start and e <= end]
    return prefix + body + suffix, marks


def search(docs: Iterable[SearchDoc], query: str, limit: int | None = 20) -> list[Hit]:
    """Documents containing every word of `query`, best first."""
    tokens = query_tokens(query)
    if not tokens:
        return []
    scored = []
    for doc in docs:
        result = score(doc, tokens)
        if result is not None:
            scored.append((doc, *result))
    scored.sort(key=lambda item: (-item[1], KIND_ORDER.get(item[0].kind, 9), fold(item[0].title), item[0].id))
    hits = []
    for doc, total, name, positions in scored[:limit] if limit is not None else scored:
        text, marks = snippet(doc.text[name], positions)
        hits.append(Hit(doc.kind, doc.id, doc.title, round(total, 2), name, text, marks, doc.date))
    return hits
