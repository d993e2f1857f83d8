"""Merging two person records into one (`pp merge KEEP OTHER`): a plan of file changes, checked, then written.

What the merged record holds:

- KEEP's id; OTHER's id (and its former ids) join KEEP's `former_ids`, so
  links, scripts and `pp show OTHER-ID` keep working;
- every name of both: OTHER's `name`, `native_name` and `other_names` that
  KEEP does not already have become `other_names` (noted "from merged record
  OTHER"); OTHER's `native_name` fills KEEP's when KEEP has none;
- lists combined without repeats: sources (by URL), roles, affiliations,
  recognitions, disputes, restricted fields, `distinct_from`;
- a field only OTHER gives is taken; a field both give with the same value
  stays; a field both give differently keeps KEEP's value, and OTHER's is
  recorded under `disputed`, with OTHER's sources, so nothing is dropped
  silently. Dates that agree at different precision (`1980`, `1980-05-02`)
  are not a conflict: the more precise one is kept; an as-of date takes the
  later of the two when the statuses agree;
- `restricted` if either was.

Every reference to OTHER is rewritten to KEEP (`PERSON_REFERENCES`): events'
`people` and the `people` of their charges and sentences, cases'
`defendants`, other people's `distinct_from` and `relations` (dropped where
it would name the record itself). OTHER's file is removed.

A merge is refused when either record does not exist or they are the same,
when either records the other in `distinct_from` (someone decided they are
two people), when OTHER's conflicting values have no source to cite, or when
the result would have validation errors the files did not have before.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pp_cli.errors import PPError

if TYPE_CHECKING:
    from pp_cli.kb import KnowledgeBase
    from pp_cli.models import Prisoner

# Fields that are lists of things to combine; the rest are single values.
_UNIQUE_BY = {"sources": "url", "affiliations": None, "recognitions": None}


@dataclass
class Change:
    path: str
    old: str
    new: str | None  # None: the file is removed


@dataclass
class Plan:
    keep: str
    other: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a reviewer should know (disputes recorded…)

    def diff(self) -> str:
        """The changes as a unified diff, one file after another."""
        out: list[str] = []
        for change in self.changes:
            new = (change.new or "").splitlines(keepends=True)
            out.extend(difflib.unified_diff(
                change.old.splitlines(keepends=True), new,
                f"a/{change.path}", "/dev/null" if change.new is None else f"b/{change.path}",
            ))
        return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def plan_merge(kb: KnowledgeBase, keep_id: str, other_id: str) -> Plan:
    """What merging OTHER into KEEP changes, checked against the rest of the knowledge base."""
    from pp_cli.models import Prisoner
    from pp_cli.recordedit import set_fields

    if keep_id == other_id:
        raise PPError(f"`{keep_id}` is the same record twice", "name two different people: pp merge KEEP OTHER")
    for pid in (keep_id, other_id):
        if pid not in kb.prisoners:
            bad = f"data/prisoners/{pid}.yaml"
            raise PPError(f"no person `{pid}`" + (f": {bad} has errors" if bad in kb.bad_files else ""),
                          "fix that file first (pp validate)" if bad in kb.bad_files else "check the id")
    keep, other = kb.prisoners[keep_id], kb.prisoners[other_id]
    for a, b in ((keep, other), (other, keep)):
        if b.id in a.distinct_from:
            raise PPError(
                f"`{a.id}` records `distinct_from: [{b.id}]`: someone decided they are two people",
                f"if they are one person after all, remove `{b.id}` from distinct_from in {kb.path_of(a)} first",
            )
    plan = Plan(keep_id, other_id)
    values = merged_values(keep, other, plan.notes)
    keep_path, other_path = kb.path_of(keep), kb.path_of(other)
    texts = {keep_path: set_fields(_text(kb, keep_path), values, list(Prisoner.model_fields))} if values else {}
    for path in sorted(set(kb.paths.values()) - {keep_path, other_path}):
        fields = _references(path, _text(kb, path), keep_id, other_id)
        if fields:
            texts[path] = set_fields(_text(kb, path), fields, _order(path))
    plan.changes = [Change(path, _text(kb, path), new) for path, new in texts.items() if new != _text(kb, path)]
    plan.changes.append(Change(other_path, _text(kb, other_path), None))
    _check(kb, plan)
    return plan


# Where records name a person: (top-level field, key inside each item or None for a list of ids).
PERSON_REFERENCES = {
    "events": (("people", None), ("charges", "people"), ("sentences", "people"), ("sentence", "people")),
    "cases": (("defendants", None),),
    "prisoners": (("distinct_from", None), ("relations", "person")),
}


def _references(path: str, text: str, keep_id: str, other_id: str) -> dict[str, Any]:
    """The top-level fields of one record file that name OTHER, rewritten to name KEEP (as written, not as loaded)."""
    from pp_cli.records import kind_of
    from pp_cli.yamlio import load_mapping

    places = PERSON_REFERENCES.get(kind_of(path) or "", ())
    if other_id not in text:
        return {}
    data = load_mapping(text.encode("utf-8"))
    own = data.get("id") if kind_of(path) == "prisoners" else None
    out: dict[str, Any] = {}
    for top, inner in places:
        value = data.get(top)
        if value is None:
            continue
        new = _rewrite(value, inner, keep_id, other_id, own)
        if new != value:
            out[top] = new
    return out


def _rewrite(value: Any, inner: str | None, keep_id: str, other_id: str, own: str | None) -> Any:
    if inner is None:  # a list of ids: OTHER becomes KEEP, once; never the record's own id
        if not isinstance(value, list):
            return value
        return [v for v in dict.fromkeys(keep_id if v == other_id else v for v in value) if v != own]
    if isinstance(value, dict):  # `sentence: {people: […]}`
        return _rewrite([value], inner, keep_id, other_id, own)[0]
    if not isinstance(value, list):
        return value
    out = []
    for item in value:
        if isinstance(item, dict) and isinstance(item.get(inner), list):
            item = {**item, inner: _rewrite(item[inner], None, keep_id, other_id, own)}
        elif isinstance(item, dict) and item.get(inner) == other_id:
            if keep_id == own:
                continue  # a relation to oneself
            item = {**item, inner: keep_id}
        out.append(item)
    return out


def _order(path: str) -> list[str]:
    from pp_cli.models import KINDS
    from pp_cli.records import kind_of

    return list(KINDS[kind_of(path) or "prisoners"].model_fields)


def apply(root, plan: Plan) -> None:
    """Write the plan: KEEP's file first (it carries OTHER's id from then on), the references, then remove OTHER."""
    from pp_cli.recordedit import remove, write_atomically

    for change in plan.changes:
        if change.new is not None:
            write_atomically(root, change.path, change.old, change.new)
    for change in plan.changes:
        if change.new is None:
            remove(root, change.path)


def merged_values(keep: Prisoner, other: Prisoner, notes: list[str]) -> dict[str, Any]:
    """The top-level fields of KEEP that change, with their new values (as YAML-ready data)."""
    from pp_cli.dates import PartialDate
    from pp_cli.models import Prisoner

    k = keep.model_dump(mode="json", exclude_none=True)
    o = other.model_dump(mode="json", exclude_none=True)
    out: dict[str, Any] = {}
    note = f"from merged record {other.id}"

    def dispute(name: str, claim: Any) -> None:
        if not o.get("sources"):
            raise PPError(
                f"`{other.id}` gives a different `{name}` ({json.dumps(claim, ensure_ascii=False)}) "
                f"but has no sources to cite for it",
                f"add a source to {other.id}, or make the two values agree, before merging",
            )
        entry = {"field": name, "claim": claim, "sources": o["sources"], "note": f"value in merged record {other.id}"}
        disputes = out.setdefault("disputed", list(k.get("disputed", [])))
        if not any(d.get("field") == name and d.get("claim") == claim for d in disputes):
            disputes.append(entry)
            notes.append(f"`{name}` differs: kept {json.dumps(k[name], ensure_ascii=False)}, "
                         f"recorded {json.dumps(claim, ensure_ascii=False)} as disputed")

    # names: every spelling is worth keeping
    names = [n for n in (o.get("name"), o.get("native_name")) if n]
    names += [n["name"] for n in o.get("other_names", [])]
    if not k.get("native_name") and o.get("native_name"):
        out["native_name"] = o["native_name"]
    have = set(keep.all_names()) | set(out.values())
    extra = [{"name": n, "note": note} for n in dict.fromkeys(names) if n not in have]
    if extra:
        out["other_names"] = [*k.get("other_names", []), *extra]
    out["former_ids"] = list(dict.fromkeys(x for x in [*keep.former_ids, other.id, *other.former_ids]
                                           if x != keep.id))
    for name in Prisoner.model_fields:
        if name in ("id", "name", "native_name", "other_names", "former_ids", "disputed") or name not in o:
            continue
        kv, ov = k.get(name), o[name]
        if isinstance(ov, list):
            combined = _union(name, k.get(name, []), ov)
            if name == "distinct_from":
                combined = [d for d in combined if d not in (keep.id, other.id)]
            elif name == "relations":
                combined = [r for r in combined if r.get("person") not in (keep.id, other.id)]
            if combined != k.get(name, []):
                out[name] = combined
        elif name == "restricted":
            if ov and not kv:
                out[name] = True
        elif kv is None:
            out[name] = ov
        elif kv != ov:
            if name in ("born", "status_as_of"):
                a, b = PartialDate.parse(kv), PartialDate.parse(ov)
                if name == "status_as_of" and k.get("status") == o.get("status"):
                    out[name] = str(max(a, b, key=lambda d: d.hi))  # the later confirmation of the same status
                    continue
                if not (a.certainly_before(b) or b.certainly_before(a)):  # one date, at two precisions
                    if PRECISION[b.precision] > PRECISION[a.precision]:
                        out[name] = ov
                    continue
            dispute(name, ov)
    for d in o.get("disputed", []):
        disputes = out.setdefault("disputed", list(k.get("disputed", [])))
        if d not in disputes:
            disputes.append(d)
    if out.get("disputed") == k.get("disputed", []):
        out.pop("disputed", None)
    return {key: value for key, value in out.items() if value != k.get(key)}


PRECISION = {"year": 0, "month": 1, "day": 2}


def _union(name: str, mine: list, theirs: list) -> list:
    key = _UNIQUE_BY.get(name)
    seen = [json.dumps(x.get(key) if key else x, sort_keys=True, ensure_ascii=False) for x in mine]
    out = list(mine)
    for item in theirs:
        mark = json.dumps(item.get(key) if key else item, sort_keys=True, ensure_ascii=False)
        if mark not in seen:
            seen.append(mark)
            out.append(item)
    return out


def _text(kb: KnowledgeBase, relpath: str) -> str:
    from pp_cli.records import read_bounded

    return read_bounded(kb.root / relpath).decode("utf-8")


def _check(kb: KnowledgeBase, plan: Plan) -> None:
    """Refuse a plan whose files would have errors they did not have before."""
    from pp_cli.checks import run_checks
    from pp_cli.kb import KnowledgeBase as KB
    from pp_cli.records import kind_of, parse_bytes

    changed = {c.path: c.new for c in plan.changes}
    after = KB(kb.root)
    new_problems = []
    for (kind, _rid), path in kb.paths.items():
        if path not in changed:
            after.add(path, getattr(kb, kind)[_rid], [])
        elif changed[path] is not None:
            record, problems = parse_bytes(changed[path].encode("utf-8"), path, kind_of(path) or kind)
            new_problems += problems
            after.add(path, record, problems)
    gone = {p for p, new in changed.items() if new is None}
    before = {(p.code, p.path, p.message) for p in run_checks(kb) if p.severity == "error"}
    found = [p for p in [*new_problems, *run_checks(after)]  # anywhere: a former id may clash with a third file
             if p.severity == "error" and p.path not in gone and (p.code, p.path, p.message) not in before]
    if found:
        first = found[0]
        raise PPError(f"the merge would break {first.location}: {first.message} ({first.code})"
                      + (f", and {len(found) - 1} more" if len(found) > 1 else ""),
                      "fix the records by hand, or merge the other way round")
