"""Fuzz `pp` with hostile record files: nothing a pull request holds may make it crash.

Why it exists: issue 9 found 119 tracebacks in 30,000 mutations of valid
records (explicit tags, huge numbers, YAML 1.1 forms, look-alike letters…).
The suite runs a short fuzz (tests/test_fuzz.py); this script runs a long
one anyone can repeat, deterministic for a seed:

    python benchmarks/fuzz.py --mutations 30000 [--seed 1] [--every 10]

Each mutation rewrites one file of a small knowledge base (a prisoner, an
event or an organization) by flipping bytes, inserting hostile tokens or
changing its structure, then runs the pipeline every command shares —
reading, YAML, the models, all of `pp validate`'s checks, the person rows
`pp list` shows, the profile `pp show` prints and the public copy exports
use. Every `--every`-th mutation also goes through the real CLI
(`validate`, `validate --format github`, `list --format json`, `show`,
`export --public`). A finding (exit 1) is fine; a Python exception, exit 3
("internal error") or a hang is a failure, printed with the file that
caused it. Exit status: 0 when no failure was found.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PRISONER = """\
id: ana-aliyeva
name: "Ana Aliyeva"
native_name: "Ana Əliyeva"
country: AZ
status: detained
status_as_of: "2016-05-26"
born: "1990-04"
roles: [journalist]
affiliations: [nida]
other_names: [Ana Aliyev]
distinct_from: [leyla-yunus]
restricted_fields: ["born[0]"]
disputed:
  - field: status_as_of
    claim: "2016-06"
    sources:
      - url: https://example.org/other
        title: Another report
relations:
  - person: leyla-yunus
    kind: colleague
sources:
  - url: https://example.org/report
    title: A report
    publisher: Example
    published: "2016-05-26"
"""
EVENT = """\
id: 2016-05-10-arrest
date: "2016-05-10"
type: arrest
title: "Arrest of Ana Aliyeva"
people: [ana-aliyeva]
count: 2
charges:
  - description: drug possession
    category: drugs
    article: "234.4.3"
sources:
  - url: https://example.org/report
    title: A report
    published: "2016-05-26"
"""
ORG = """\
id: nida
name: "N!DA"
type: movement
sources:
  - url: https://example.org/report
    title: A report
"""
FILES = {"data/prisoners/ana-aliyeva.yaml": PRISONER, "data/events/2016/2016-05-10-arrest.yaml": EVENT,
         "data/organizations/nida.yaml": ORG}
STEADY = {"data/prisoners/leyla-yunus.yaml": 'id: leyla-yunus\nname: "Leyla Yunus"\ncountry: AZ\nsources:\n'
          "  - url: https://example.org/report\n    title: A report\n"}

# What an attacker would paste: explicit tags, huge and odd numbers, YAML 1.1 forms, aliases,
# look-alike letters, invisible characters, controls, markup, line breaks that forge log lines.
TOKENS = [
    "!!str ", "!!omap ", "!!binary ", "!!set ", "!!timestamp ", "!!float ", "!!int ", "!!bool ", "!!map ",
    "!!seq ", "!!null ", "!!python/object:os.system ", "! ", "!x ", "!<tag:yaml.org,2002:str> ", "%TAG ! x\n",
    "9" * 5000, "-" + "9" * 4400, "1e999", "0x1F", "0o17", "017", "1_000", "20:16", "1:30:00.5", ".inf", ".nan",
    "2016-13-45", "2016-02-30", "by 2016", "9999-99-99", "yes", "off", "~", "<<: *a\n", "&a ", "*a", "*b",
    "Ѕеуmуr Наzi", "Ｓｅｙｍｕｒ", "\u3164", "\u200b", "\u200d", "\u2060", "\u00ad", "\u2028", "\U000e0041",
    "\u202e", "\x1b[2J", "\x00", "\r", "\t", "[bold]x[/]", "\n::error file=x::forged\n", "? ", "- ", ": ", "[",
    "{", "]", "}", "'", '"', "#", "|\n", ">\n", "---\n", "...\n", "\ufeff", "con", "aux", "nul", "com1",
    "born[0]", "sources.0.url", "restricted: true\n", "restricted_fields: [status]\n", "count: " + "9" * 30 + "\n",
]


def mutate(rng: random.Random, original: str) -> bytes:
    """One to four random edits of `original`, as bytes (which need not be valid UTF-8 any more)."""
    data = bytearray(original.encode("utf-8"))
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(["token", "token", "token", "flip", "delete", "truncate", "duplicate_line", "swap_lines",
                         "replace_value"])
        at = rng.randint(0, max(len(data) - 1, 0))
        if op == "token":
            data[at:at] = rng.choice(TOKENS).encode("utf-8")
        elif op == "flip" and data:
            data[at] = rng.randint(0, 255)
        elif op == "delete":
            del data[at : at + rng.randint(1, 20)]
        elif op == "truncate":
            del data[at:]
        elif op == "replace_value":
            lines = bytes(data).split(b"\n")
            i = rng.randrange(len(lines))
            if b":" in lines[i]:
                key = lines[i].split(b":", 1)[0]
                lines[i] = key + b": " + rng.choice(TOKENS).encode("utf-8").strip(b"\n")
            data = bytearray(b"\n".join(lines))
        else:
            lines = bytes(data).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if op == "duplicate_line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def core(root: Path) -> None:
    """What every command does with the files, without the CLI: load, check, rows, profiles, public copy."""
    from pp_cli.checks import run_checks
    from pp_cli.kb import load
    from pp_cli.privacy import public_kb
    from pp_cli.profile import profile
    from pp_cli.queries import person_row

    kb = load(root, use_cache=False)
    run_checks(kb)
    for p in kb.prisoners.values():
        person_row(kb, p)
    public = public_kb(kb)
    for p in public.prisoners.values():
        person_row(public, p)
    for p in kb.prisoners.values():
        profile(kb, p)


COMMANDS = (["validate"], ["validate", "--format", "github"], ["list", "--format", "json"],
            ["show", "ana-aliyeva"], ["export", "--format", "json", "--public"])


def cli(root: Path) -> str | None:
    """The real commands in this process; a description of the first crash, or None."""
    from typer.testing import CliRunner

    from pp_cli.cli import app

    runner = CliRunner()
    for args in COMMANDS:
        result = runner.invoke(app, ["--no-cache", "--data", str(root), *args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            return f"pp {' '.join(args)}: " + "".join(traceback.format_exception(result.exception))
        if result.exit_code not in (0, 1):
            return f"pp {' '.join(args)}: exit {result.exit_code}: {result.output.strip()[-500:]}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--mutations", type=int, default=3000, help="number of mutated files (default 3000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--every", type=int, default=10, help="run the real CLI on every Nth mutation (default 10)")
    parser.add_argument("--show", type=int, default=5, help="failures to print in full (default 5)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    failures: list[tuple[int, str, bytes, str]] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pp-fuzz-") as folder:
        root = Path(folder) / "kb"
        for rel, text in {**FILES, **STEADY}.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        names = sorted(FILES)
        for n in range(1, args.mutations + 1):
            rel = rng.choice(names)
            content = mutate(rng, FILES[rel])
            (root / rel).write_bytes(content)
            try:
                core(root)
                problem = cli(root) if n % args.every == 0 else None
            except Exception:  # noqa: BLE001 - a crash is what this looks for
                problem = traceback.format_exc()
            if problem:
                failures.append((n, rel, content, problem))
            (root / rel).write_text(FILES[rel], encoding="utf-8")
            if n % 1000 == 0:
                print(f"{n:,} mutations, {len(failures)} failures, {time.monotonic() - started:.0f} s", file=sys.stderr)
    took = time.monotonic() - started
    for n, rel, content, problem in failures[: args.show]:
        print(f"--- mutation {n}: {rel}\n{content.decode('utf-8', 'backslashreplace')}\n{problem}")
    summary = {"mutations": args.mutations, "seed": args.seed, "cli_every": args.every,
               "failures": len(failures), "seconds": round(took, 1)}
    print(json.dumps(summary))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
