"""Words, not codes, for people-facing formats (table, Markdown); machine formats keep the codes.

Why: a journalist copying a table should not have to decode `youth_activist`
or `international_call`. One table of words for every vocabulary, so `list`,
`timeline`, `stats`, `report` and `show` say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Words where "replace _ by a space" would not read as English.
SPECIAL = {
    ("detail", "serving_sentence"): "serving a sentence",
    ("detail", "sentence_suspended"): "sentence suspended",
    ("detail", "sentence_completed"): "sentence completed",
    ("detail", "conditional_release"): "conditional release",
    ("type", "echr_judgment"): "ECHR judgment",
    ("type", "un_opinion"): "UN opinion",
    ("type", "international_call"): "call for release",
    ("type", "left_country"): "left the country",
    ("type", "pretrial_detention"): "pretrial detention",
    ("type", "pretrial_extended"): "pretrial detention extended",
    ("type", "other"): "event",
    ("role", "human_rights_defender"): "human rights defender",
    ("role", "writer_artist"): "writer or artist",
    ("category", "anti_state"): "anti-state",
    ("status", "house_arrest"): "under house arrest",
}


def words(kind: str, code: str | None) -> str:
    """`youth_activist` → `youth activist`; `international_call` → `call for release`."""
    if not code:
        return ""
    return SPECIAL.get((kind, code), code.replace("_", " "))


def words_list(kind: str, codes: Iterable[str] | None) -> list[str]:
    return [words(kind, c) for c in codes or ()]


def status_words(status: str | None, detail: str | None = None) -> str:
    """`detained (serving a sentence)`; the detail only when a record says it."""
    text = words("status", status)
    return f"{text} ({words('detail', detail)})" if detail else text


def as_of_words(as_of: str | None) -> str:
    """`as of 2016-05-26`; an open date reads `last confirmed by 2016-05-26`, not `as of by 2016-05-26`."""
    if not as_of:
        return "no as-of date"
    if as_of.startswith(("by ", "before ")):
        return f"last confirmed {as_of}"
    return f"as of {as_of}"


def person_row_words(row: dict[str, Any], org_names: dict[str, str] | None = None) -> dict[str, Any]:
    """A `pp list` row for people: status, roles and categories in words, affiliations by name."""
    names = org_names or {}
    return {
        **row,
        "status": words("status", row.get("status")),
        "status_text": status_words(row.get("status"), row.get("status_detail")),
        "status_detail": words("detail", row.get("status_detail")),
        "roles": words_list("role", row.get("roles")),
        "charge_categories": words_list("category", row.get("charge_categories")),
        "charges": [words("category", c) if c.replace("_", "").isalpha() else c for c in row.get("charges") or []],
        "affiliations": [names.get(a, a) for a in row.get("affiliations") or []],
    }


def dispute_text(record: Any, field: str) -> str | None:
    """`count 16 (disputed: 14 political prisoners among 148 pardoned, The Economist)`, or None.

    Shown wherever the value is shown, so a disputed figure is never quoted alone.
    """
    value = getattr(record, field, None)
    claims = [d for d in getattr(record, "disputed", []) if d.field == field]
    if not claims:
        return None
    parts = []
    for d in claims:
        who = ", ".join(dict.fromkeys(s.publisher for s in d.sources if s.publisher))
        claim = f"{d.claim} {d.means}" if d.means else str(d.claim)
        parts.append(f"{claim}, {who}" if who else claim)
    shown = value if value is not None else "not recorded"
    what = getattr(record, "count_of", None) if field == "count" else None
    return f"{field.replace('_', ' ')} {shown}{' ' + what if what else ''} (disputed: {'; '.join(parts)})"


def disputes_of(record: Any) -> dict[str, str]:
    """Every disputed field of `record` with its text (see `dispute_text`)."""
    out: dict[str, str] = {}
    for d in getattr(record, "disputed", []):
        if d.field not in out:
            out[d.field] = dispute_text(record, d.field) or ""
    return out
