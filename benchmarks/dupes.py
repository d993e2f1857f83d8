"""Precision and recall of the likely-duplicate check (PP601, `pp dupes`) on realistic labelled people.

Why: issue 11 asks for precision ≥ 0.9 at recall ≥ 0.95 on names as real
lists hold them (benchmarks/namegen.py says how they are drawn), and for
fewer than 100 flagged pairs among 10,000 distinct people with realistic
namesakes. This runs the same function `pp validate` and `pp dupes` use
(`pp_cli.duplicates.likely_duplicates`) on records built in memory, and
prints a table: precision and recall at several score thresholds (the
default one marked), recall by what made the duplicate differ, and the
false pairs among distinct people only.

    python benchmarks/dupes.py [--people 5000] [--duplicates 0.1] [--distinct 10000] [--seeds 1,2,3] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from namegen import Record, generate  # noqa: E402

from pp_cli.duplicates import FLOOR, THRESHOLD, likely_duplicates  # noqa: E402
from pp_cli.models import Prisoner  # noqa: E402

THRESHOLDS = (FLOOR, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def prisoners(records: list[Record]) -> list[Prisoner]:
    """The records as the prisoner models `pp` loads (ids are their positions)."""
    out = []
    for k, r in enumerate(records):
        fields = {"id": f"p{k}", "name": r.name, "country": r.country,
                  "other_names": [{"name": n} for n in r.other_names]}
        for key in ("born", "gender", "given_name", "patronymic", "surname"):
            if getattr(r, key) is not None:
                fields[key] = getattr(r, key)
        out.append(Prisoner.model_validate(fields))
    return out


def measure(people: int, duplicates: float, seed: int) -> dict:
    records, truth = generate(people, duplicates, seed)
    models = prisoners(records)
    started = time.perf_counter()
    found = likely_duplicates(models, min_score=FLOOR)
    seconds = time.perf_counter() - started
    scored = {(int(m.a.id[1:]), int(m.b.id[1:])): m for m in found}
    scored = {tuple(sorted(k)): m for k, m in scored.items()}
    rows = []
    for t in THRESHOLDS:
        flagged = {k for k, m in scored.items() if m.score >= t}
        hits = len(flagged & truth)
        precision = hits / len(flagged) if flagged else 1.0
        rows.append((t, len(flagged), hits, precision, hits / len(truth) if truth else 1.0))
    missed = Counter()
    total = Counter()
    for a, b in truth:
        how = records[a].how or records[b].how
        kind = f"{records[a].country}: {how}"
        total[kind] += 1
        m = scored.get((a, b))
        if m is None or m.score < THRESHOLD:
            missed[kind] += 1
    false = [m for k, m in scored.items() if m.score >= THRESHOLD and k not in truth]
    return {"records": len(records), "pairs": len(truth), "rows": rows, "seconds": seconds,
            "missed": missed, "total": total, "false": false, "records_list": records,
            "truth": truth, "scored": scored}


def distinct(people: int, seed: int) -> tuple[int, dict[float, int], float, list]:
    records, _ = generate(people, 0.0, seed)
    models = prisoners(records)
    started = time.perf_counter()
    found = likely_duplicates(models, min_score=FLOOR)
    seconds = time.perf_counter() - started
    counts = {t: sum(m.score >= t for m in found) for t in THRESHOLDS}
    return len(records), counts, seconds, [m for m in found if m.score >= THRESHOLD]


def table(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in [header, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5000, help="distinct people in the labelled set")
    parser.add_argument("--duplicates", type=float, default=0.1, help="share of people with a second record")
    parser.add_argument("--distinct", type=int, default=10000, help="people in the no-duplicates run (0: skip)")
    parser.add_argument("--seeds", default="1,2,3", help="generator seeds, comma-separated")
    parser.add_argument("--show", type=int, default=0, help="print this many misses and false pairs")
    parser.add_argument("--markdown", action="store_true", help="Markdown tables")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "")
    body = []
    for seed in seeds:
        res = measure(args.people, args.duplicates, seed)
        for t, flagged, _hits, precision, recall in res["rows"]:
            mark = " (default)" if t == THRESHOLD else ""
            body.append([str(seed), f"{t:g}{mark}", f"{res['records']:,}", f"{res['pairs']:,}", f"{flagged:,}",
                         f"{precision:.3f}", f"{recall:.3f}"])
        body.append([str(seed), "time", "", "", "", "", f"{res['seconds']:.2f} s"])
        by_country: dict[str, list[int]] = {}
        for kind, n in res["total"].items():
            country = kind.split(":")[0]
            found = by_country.setdefault(country, [0, 0])
            found[0] += n - res["missed"][kind]
            found[1] += n
        body.append([str(seed), "recall by country", "", "", "", "",
                     " · ".join(f"{c} {f / n:.3f} ({n})" for c, (f, n) in sorted(by_country.items()))])
        if args.show:
            recs = res["records_list"]
            print(f"\nseed {seed}: missed by kind:", dict(res["missed"]), "of", dict(res["total"]))
            missed = [(a, b) for a, b in sorted(res["truth"]) if (a, b) not in res["scored"]
                      or res["scored"][(a, b)].score < THRESHOLD]
            for a, b in missed[: args.show]:
                m = res["scored"].get((a, b))
                print("  missed:", m.shown_score if m else "-", recs[a], "|", recs[b], "|", m.reason if m else "")
            for m in res["false"][: args.show]:
                print("  false:", m.shown_score, recs[int(m.a.id[1:])], "|", recs[int(m.b.id[1:])], "|", m.reason)
    print(table(["seed", "min score", "records", "true pairs", "flagged", "precision", "recall"], body,
                args.markdown))
    if args.distinct:
        rows = []
        for seed in seeds:
            n, counts, seconds, found = distinct(args.distinct, seed)
            rows.append([str(seed), f"{n:,}", f"{counts[THRESHOLD]:,}", f"{seconds:.2f} s",
                         " · ".join(f"{t:g}: {c:,}" for t, c in counts.items())])
            for m in found[: args.show]:
                print("  distinct, flagged:", m.shown_score, m.name_a, "|", m.name_b, "|", m.reason)
        print()
        print(table(["seed", "distinct people", "flagged pairs (all false)", "time", "at other thresholds"], rows,
                    args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
