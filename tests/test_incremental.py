"""Answers kept up to date a few people at a time equal a full rebuild's, after any sequence of edits.

A small knowledge base takes random edits — people gaining and losing
events, ids renamed with `former_ids`, organizations renamed, duplicates
appearing and disappearing, files deleted and restored or broken and fixed,
dates moving across an `--as-of` boundary — and after each step every
command's output through the cache must equal `--no-cache`'s. Short in the
suite; longer by hand:

    python -m tests.test_incremental --steps 300 --seed 7
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from pp_cli.cli import app
from tests.conftest import KB, event_yaml

FIRST = ["Ali", "Zaur", "Bahar", "Leyla", "Rauf", "Aysel", "Kamran", "Nigar", "Tofiq", "Gunel"]
LAST = ["Aliyev", "Quliyev", "Mammadli", "Huseynova", "Mirzayev", "Hasanov", "Karimli", "Rzayeva"]
TYPES = ["arrest", "pretrial_detention", "sentenced", "release", "pardon", "transfer", "hunger_strike"]
AS_OF = "2016-06-30"
CASE = "group-case"  # a case some events join; its file comes and goes
COMMANDS: list[list[str]] = [
    ["list", "-f", "json"],
    ["list", "--status", "detained", "-f", "json"],
    ["list", "--as-of", AS_OF, "-f", "json"],
    ["stats", "-f", "json"],
    ["stats", "--as-of", AS_OF, "-f", "json"],
    ["stats", "-f", "tsv"],
    ["stats", "--by", "year", "-f", "json"],
    ["stats", "--by", "case", "-f", "csv"],
    ["stats", "--by", "list", "-f", "json"],
    ["stats", "--status", "detained", "--by", "detention", "-f", "json"],
    ["stats", "--charge", "234", "-f", "json"],
    ["stats", "--affiliation", "nida", "--by", "role", "-f", "json"],
    ["timeline", "-f", "json"],
    ["timeline", "--case", CASE, "-f", "json"],
    ["timeline", "--organization", "nida", "--since", "2016", "-f", "tsv"],
    ["validate"],
    ["validate", "--format", "json"],
]


class World:
    """The knowledge base and what the generator knows of it, to choose sensible edits."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.kb = KB(root)
        self.rng = rng
        self.people: dict[str, str] = {}  # id -> name
        self.events: dict[str, tuple[str, list[str]]] = {}  # id -> (relative path, people)
        self.orgs = {"musavat": "Müsavat", "nida": "NIDA"}
        self.trash: dict[str, bytes] = {}  # deleted files, to restore
        self.serial = 0
        for oid, name in self.orgs.items():
            self.kb.org(oid, name)
        for _ in range(8):
            self.add_person()
        for _ in range(12):
            self.add_event()

    def fresh(self, stem: str) -> str:
        self.serial += 1
        return f"{stem}-{self.serial}"

    def touch(self, path: Path) -> None:
        """Date an edited file a little in the past, uniquely: exercises the stat shortcut, not only hashing."""
        self.serial += 1
        when = 1_600_000_000_000_000_000 + self.serial * 1_000_000_000
        os.utime(path, ns=(when, when))

    def write_person(self, pid: str, name: str, **fields: str) -> None:
        org = self.rng.choice([*self.orgs, None])
        if org:
            fields.setdefault("affiliations", f"[{{org: {org}}}]")
        if self.rng.random() < 0.3:
            edition = self.rng.choice(["2015-01", "2016-01"])
            fields.setdefault("recognitions", f'[{{by: UFPPA list, list: ufppa, edition: "{edition}", '
                                              f'number: {self.rng.randint(1, 9)}, kind: political_prisoner}}]')
        if self.rng.random() < 0.3:
            fields.setdefault("status", self.rng.choice(["detained", "released"]))
            fields.setdefault("status_as_of", '"2016-01-01"')
        self.touch(self.kb.prisoner(pid, name, **fields))
        self.people[pid] = name

    def add_person(self) -> str:
        name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
        pid = self.fresh(name.lower().replace(" ", "-"))
        self.write_person(pid, name)
        return f"{pid} added"

    def date(self) -> str:
        year = self.rng.choice([2015, 2016, 2016, 2017])
        return self.rng.choice([f"{year}", f"{year}-{self.rng.randint(1, 12):02d}",
                                f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"])

    def write_event(self, eid: str, date: str, type_: str, people: list[str]) -> None:
        year = date[:4]
        old = self.events.get(eid)
        if old and not old[0].startswith(f"data/events/{year}/"):
            (self.kb.root / old[0]).unlink(missing_ok=True)
        rel = f"data/events/{year}/{eid}.yaml"
        fields: dict[str, str] = {}
        if self.rng.random() < 0.2:
            fields["charges"] = f'[{{article: "{self.rng.choice(["234", "221", "234.4.3"])}"}}]'
        if self.rng.random() < 0.15:
            fields["case"] = CASE
        if self.rng.random() < 0.15:
            fields["organizations"] = "[nida]"
        others = sorted(set(self.events) - {eid})
        if others and self.rng.random() < 0.05:  # a stated order, possibly through other people's events
            fields["follows"] = f"[{self.rng.choice(others)}]"
        self.touch(self.kb.write(rel, event_yaml(eid, date, type_, people, **fields)))
        self.events[eid] = (rel, people)

    def add_event(self) -> None:
        if not self.people:
            return
        people = self.rng.sample(sorted(self.people), k=min(len(self.people), self.rng.choice([1, 1, 2, 3])))
        date = self.date()
        self.write_event(f"{date[:4]}-{self.fresh('event')}", date, self.rng.choice(TYPES), people)

    # -- the edits ------------------------------------------------------------------

    def estimate(self) -> str:
        """A number without names, which `pp stats` shows beside its counts."""
        date = self.date()
        eid = f"{date[:4]}-{self.fresh('estimate')}"
        rel = f"data/events/{date[:4]}/{eid}.yaml"
        self.touch(self.kb.write(rel, event_yaml(eid, date, "estimate", [], count=str(self.rng.randint(5, 90)),
                                                 count_of="political prisoners")))
        self.trash[rel] = b""  # removing it later means deleting it
        return f"estimate {eid} added"

    def toggle_case(self) -> str:
        """The case file appears or goes (its events name it either way)."""
        path = self.kb.root / f"data/cases/{CASE}.yaml"
        if path.exists():
            path.unlink()
            return "case file removed"
        people = self.rng.sample(sorted(self.people), k=min(2, len(self.people)))
        name = self.rng.choice(["The group case", "Case of the two"])
        self.touch(self.kb.write(f"data/cases/{CASE}.yaml", f"id: {CASE}\nname: {name}\ncountry: AZ\n"
                                 f"defendants: [{', '.join(people)}]\n"
                                 "sources:\n  - url: https://example.org/case\n    title: The case\n"))
        return f"case file written ({name})"

    def gain_event(self) -> str:
        self.add_event()
        return "event added"

    def lose_event(self) -> str:
        if not self.events:
            return "no event to remove"
        eid = self.rng.choice(sorted(self.events))
        rel, _people = self.events.pop(eid)
        self.trash[rel] = (self.kb.root / rel).read_bytes()
        (self.kb.root / rel).unlink()
        return f"event {eid} removed"

    def event_people(self) -> str:
        if not self.events or not self.people:
            return "no event"
        eid = self.rng.choice(sorted(self.events))
        rel, people = self.events[eid]
        people = sorted(set(people) ^ {self.rng.choice(sorted(self.people))}) or [self.rng.choice(sorted(self.people))]
        text = (self.kb.root / rel).read_text(encoding="utf-8")
        date = next(line for line in text.splitlines() if line.startswith("date:")).split('"')[1]
        self.write_event(eid, date, self.rng.choice(TYPES), people)
        return f"event {eid} now names {people}"

    def move_date(self) -> str:
        """Across the --as-of boundary, or not."""
        if not self.events:
            return "no event"
        eid = self.rng.choice(sorted(self.events))
        rel, people = self.events[eid]
        date = self.rng.choice(["2016-06-29", "2016-06-30", "2016-07-01", "2016-06", "2016", self.date()])
        self.write_event(eid, date, self.rng.choice(TYPES), people)
        return f"event {eid} dated {date}"

    def rename_person(self) -> str:
        if not self.people:
            return "nobody"
        old = self.rng.choice(sorted(self.people))
        name = self.people.pop(old)
        (self.kb.root / f"data/prisoners/{old}.yaml").unlink()
        new = self.fresh(old.rsplit("-", 1)[0])
        self.write_person(new, name, former_ids=f"[{old}]")
        if self.rng.random() < 0.7:  # the events follow; otherwise they still name the old id
            for eid, (rel, people) in list(self.events.items()):
                if old in people:
                    text = (self.kb.root / rel).read_text(encoding="utf-8")
                    date = next(line for line in text.splitlines() if line.startswith("date:")).split('"')[1]
                    self.write_event(eid, date, "arrest", [new if p == old else p for p in people])
        return f"{old} renamed {new}"

    def rename_person_name(self) -> str:
        if not self.people:
            return "nobody"
        pid = self.rng.choice(sorted(self.people))
        name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
        self.write_person(pid, name)
        return f"{pid} now called {name}"

    def rename_org(self) -> str:
        oid = self.rng.choice(sorted(self.orgs))
        self.orgs[oid] = self.rng.choice(["Müsavat Party", "Musavat", "NIDA Movement", "Nida", "Popular Front"])
        self.touch(self.kb.org(oid, self.orgs[oid]))
        return f"organization {oid} renamed {self.orgs[oid]}"

    def duplicate(self) -> str:
        """A namesake (a likely duplicate), or an event id used twice (PP105); removed again later."""
        if self.rng.random() < 0.5 and self.people:
            pid = self.rng.choice(sorted(self.people))
            twin = self.fresh(pid.rsplit("-", 1)[0])
            self.write_person(twin, self.people[pid])
            return f"{twin} namesake of {pid}"
        if not self.events:
            return "no event"
        eid = self.rng.choice(sorted(self.events))
        rel, _people = self.events[eid]
        copy = f"data/events/2030/{eid}.yaml"
        self.touch(self.kb.write(copy, (self.kb.root / rel).read_bytes()))
        self.trash[copy] = b""  # restoring it means deleting it
        return f"event id {eid} used twice"

    def delete_or_restore(self) -> str:
        if self.trash and self.rng.random() < 0.6:
            rel = self.rng.choice(sorted(self.trash))
            content = self.trash.pop(rel)
            path = self.kb.root / rel
            if not content:
                path.unlink(missing_ok=True)
                return f"{rel} removed again"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            self.touch(path)
            self.reread(rel, content)
            return f"{rel} restored"
        if not self.people:
            return "nobody"
        pid = self.rng.choice(sorted(self.people))
        rel = f"data/prisoners/{pid}.yaml"
        self.trash[rel] = (self.kb.root / rel).read_bytes()
        (self.kb.root / rel).unlink()
        del self.people[pid]
        return f"{rel} deleted"

    def reread(self, rel: str, content: bytes) -> None:
        text = content.decode("utf-8")
        rid = next(line for line in text.splitlines() if line.startswith("id:")).split(":", 1)[1].strip()
        if rel.startswith("data/prisoners/"):
            name = next(line for line in text.splitlines() if line.startswith("name:"))
            self.people[rid] = name.split('"')[1] if '"' in name else "Rauf Hasanov"  # a broken file, restored
        elif rel.startswith("data/events/") and not rel.startswith("data/events/2030/"):
            people = next(line for line in text.splitlines() if line.startswith("people:"))
            self.events[rid] = (rel, [p.strip() for p in people.split("[", 1)[1].rstrip("]").split(",")])

    def break_or_fix(self) -> str:
        if not self.people:
            return "nobody"
        pid = self.rng.choice(sorted(self.people))
        path = self.kb.root / f"data/prisoners/{pid}.yaml"
        if b"[oops" in path.read_bytes():
            self.write_person(pid, self.people[pid])
            return f"{pid} fixed"
        self.touch(self.kb.write(f"data/prisoners/{pid}.yaml", f"id: {pid}\nname: [oops\n"))
        return f"{pid} broken"

    def step(self) -> str:
        # Edits a few people at a time come often, so the incremental path is the one mostly tried;
        # those that re-derive everyone (renames, organizations, duplicate ids) come now and then.
        edits = [self.gain_event, self.gain_event, self.lose_event, self.event_people, self.event_people,
                 self.move_date, self.move_date, self.rename_person_name, self.break_or_fix,
                 self.rename_person, self.rename_org, self.duplicate, self.delete_or_restore, self.add_person,
                 self.estimate, self.toggle_case]
        done = [self.rng.choice(edits)() for _ in range(self.rng.choice([1, 1, 1, 2, 4]))]
        for rel in [r for r in self.trash if r.startswith("data/events/2030/")]:
            if self.rng.random() < 0.7:  # a duplicate id does not stay long
                del self.trash[rel]
                (self.kb.root / rel).unlink(missing_ok=True)
                done.append(f"{rel} removed again")
        return "; ".join(done)

    def questions(self) -> list[list[str]]:
        """Every command, plus show and search for a few people (ids, names, a surname)."""
        asked = list(COMMANDS)
        for pid in self.rng.sample(sorted(self.people), k=min(2, len(self.people))):
            asked.append(["show", pid, "-f", "json"])
            asked.append(["show", self.people[pid], "-f", "json"])
            asked.append(["timeline", "--person", pid, "-f", "json"])
            asked.append(["timeline", "--person", self.people[pid], "--since", "2016", "-f", "tsv"])
            asked.append(["search", self.people[pid].split()[-1], "-f", "json"])
        asked.append(["search", "Müsavat", "-f", "json"])
        self.rng.shuffle(asked)  # each command is sometimes the first to meet a change
        return asked


def check(root: Path, steps: int, seed: int, log=None) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """Run `steps` random edits; how often rows were re-derived, and findings checked, for a few people only,
    and how often rows read while speculating were read again for those people only."""
    rng = random.Random(seed)
    world = World(root, rng)
    runner = CliRunner()
    env = {"PP_DATA": str(root), "NO_COLOR": "1", "COLUMNS": "200", "PP_NO_CACHE": None, "PP_TRACE": "1"}
    derivations: list[str] = []

    def ask(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
        derivations.extend(line for line in result.stderr.splitlines()
                           if line.startswith(("pp: derived", "pp: checked", "pp: read")))
        return result.exit_code, result.stdout

    history: list[str] = []
    for number in range(steps + 1):
        history.append("start" if number == 0 else world.step())
        if log:
            log(f"step {number}: {history[-1]}")
        for question in world.questions():
            cached, fresh = ask(*question), ask("--no-cache", *question)
            assert cached == fresh, (f"seed {seed}, step {number}: `pp {' '.join(question)}` differs from "
                                     f"--no-cache after: {' | '.join(history)}; exit {cached[0]} vs {fresh[0]}\n"
                                     + "\n".join(difflib.unified_diff(fresh[1].splitlines(), cached[1].splitlines(),
                                                                      "--no-cache", "cached", lineterm="")))
            assert ask(*question) == fresh  # and again, warm
    patched = sum(line.startswith("pp: read") for line in derivations)
    partial = [line for line in derivations if "every" not in line and not line.startswith("pp: read")]
    checked = sum(line.startswith("pp: checked") for line in partial)
    if log:
        log(f"{len(partial) - checked} partial derivations, {checked} partial checks and {patched} rows read "
            f"again in part; {len(derivations) - len(partial) - patched} whole")
    return len(partial) - checked, checked, patched


def small_buckets(monkeypatch, files: int = 2) -> None:
    """Split folders into buckets of about `files` files, as the folder of 50,000 people is (pp_cli.fingerprint)."""
    import pp_cli.fingerprint

    monkeypatch.setattr(pp_cli.fingerprint, "BUCKET_FILES", files)


def test_answers_after_random_edits_equal_a_full_rebuild(tmp_path, monkeypatch):
    monkeypatch.delenv("PP_NO_CACHE", raising=False)
    runs = [check(tmp_path / f"kb-{seed}", steps=6, seed=seed) for seed in (1, 2)]
    small_buckets(monkeypatch)  # and with folders split into buckets, which files come and go between
    runs.append(check(tmp_path / "kb-buckets", steps=6, seed=3))
    # both incremental paths were taken (rows read again in part need a list first after a change: not asserted)
    assert all(sum(counts) > 0 for counts in zip(*(run[:2] for run in runs), strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Random edits; every answer compared with --no-cache.")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bucket-files", type=int, default=0, help="split folders into buckets of about N files")
    args = parser.parse_args(argv)
    if args.bucket_files:
        import pp_cli.fingerprint

        pp_cli.fingerprint.BUCKET_FILES = args.bucket_files
    with tempfile.TemporaryDirectory(prefix="pp-incremental-") as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "user-cache")
        os.environ.pop("PP_CACHE_DIR", None)
        check(Path(tmp) / "kb", args.steps, args.seed, log=lambda m: print(m, file=sys.stderr))
    print(f"{args.steps} steps with seed {args.seed}: every answer equal to --no-cache's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
