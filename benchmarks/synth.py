"""Write a realistic synthetic knowledge base of N people, for benchmarks and tests.

Why it exists: `pp` must stay fast at 50,000 people (issue 5), and the shipped
data holds a dozen. The generator imitates the shape of a real Azerbaijani
list: names with their letters (native form, English transliteration,
Russian-style and patronymic spellings), group cases, pardon decrees that free
many people at once, charges under real criminal-code articles, organizations,
and a source on every record. Sources point at https://example.org/synthetic/…
with publishers named "Example … (synthetic)", and people and organization
files start with a comment saying they are synthetic.

Deterministic for a seed. Files are written from text templates rather than
with a YAML library so that 300,000 files take seconds; every string goes
through `q()`, a JSON string literal, which is also a valid YAML double-quoted
scalar. Each person's declared status is computed from their own events with
the same table `pp` uses (`pp_cli.vocab.STATUS_EFFECT`), so it always agrees.

    python benchmarks/synth.py OUT_DIR --people 10000 [--seed 1] [--force] [--names realistic]

`--names realistic` draws first names, fathers' names and surnames from
benchmarks/namegen.py's frequency-weighted Azerbaijani lists instead, so
that many people share a name, as on real lists (`tidy`, the default, uses
every first-name/surname pair once before any repeats). The people are
still distinct: this measures false likely-duplicate warnings and what the
duplicate check costs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pp_cli.vocab import STATUS_EFFECT, EventType, Status

GENERATOR_VERSION = 1
MANIFEST = "synth.json"
START = date(2005, 1, 1)
LAST_ARREST = date(2024, 6, 30)
END = date(2024, 12, 31)  # nothing is dated later, so no record claims the future
HEADER = "# Synthetic record written by benchmarks/synth.py (seed {seed}); not a real {what}.\n"
SYNTHETIC_NOTE = "Synthetic record for benchmarks; any resemblance to a real person is coincidental."

# --- names ---------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MALE_FIRST = _words(
    "Abbas Abid Adil Afqan Ağasəf Akif Almaz Anar Arif Arzuman Asif Aydın Azər Babək Bayram Bəhruz "
    "Bəxtiyar Cabir Cahangir Camal Cavid Cəlal Cəmil Ceyhun Çingiz Dadaş Dəyanət Elçin Eldar Elmar "
    "Elnur Elşən Elvin Elxan Emin Eyvaz Fazil Fərhad Fərid Fəxrəddin Fikrət Fuad Qabil Qədir Qəhrəman "
    "Qiyas Qorxmaz Qurban Gündüz Hafiz Hikmət Həmid Həsən Heydər Hüseyn İbrahim İlham İlqar İmran "
    "İsa İsmayıl Kamil Kamran Kənan Kərim Kazım Xaqani Xəyal Xəlil Lətif Mahir Mahmud Məhərrəm Mehman "
    "Məmməd Mirzə Mübariz Murad Musa Nazim Namiq Natiq Nəriman Nicat Novruz Nurlan Oqtay Orxan Oruc "
    "Ömər Pərviz Polad Rafiq Rahib Ramil Rasim Rauf Rəşad Rəsul Rövşən Rüstəm Sabir Sadıq Samir Səbuhi "
    "Sərvər Seymur Süleyman Şahin Şəmsi Şükür Tahir Taleh Teymur Tofiq Tural Ülvi Üzeyir Vahid Vaqif "
    "Vasif Vüqar Vüsal Yadigar Yaqub Yaşar Yunis Yusif Zahid Zakir Zaur Zəfər Zülfüqar Elməddin Şahmar "
    "Nəsimi Etibar Rəhman Alov Bəşir Qalib Cümşüd Ələkbər Əziz Nüsrət İntiqam Hilal Tələt Mətləb Sahib"
)
FEMALE_FIRST = _words(
    "Afət Aida Aygün Aynur Aysel Aytən Arzu Bahar Bilqeyis Cəmilə Çiçək Dilarə Dürdanə Elmira Elnarə "
    "Esmira Fatimə Fəridə Fidan Firuzə Gülarə Gülnarə Gülər Gülşən Günel Həcər Həqiqət Hicran İlahə "
    "İnarə İradə Jalə Kəmalə Kifayət Könül Kübra Lalə Lamiyə Lətafət Leyla Məlahət Mələk Mehriban "
    "Mətanət Nailə Nərmin Nigar Nübar Nuridə Ofeliya Pəri Pərvanə Qumru Rəbiyyə Rəhilə Rəna Röya Səbinə "
    "Səidə Samirə Sevinc Sona Şəfəq Şəhla Şölə Tamilla Təhminə Təranə Türkan Ülkər Ülviyyə Ülya Validə "
    "Vüsalə Xanım Xədicə Yaqut Yeganə Zemfira Zərifə Zümrüd Nəzakət Dilbər Səadət Gülbəniz Məryəm Naznaz"
)
SURNAME_ROOTS = _words(
    "Abbas Ağa Allahverdi Baba Bağır Bayram Cabbar Cəfər Camal Dadaş Eyvaz Əhməd Əli Əsəd Əsgər Əzim "
    "Fətəli Fərhad Hacı Həmid Həsən Heydər Hümbət Hüseyn İbrahim İmran İsa İsmayıl Kamil Kazım Kərim "
    "Qafar Qasım Qədir Qurban Quli Xəlil Lətif Mahmud Məhərrəm Məmməd Mirzə Musa Mustafa Nəbi Nəcəf "
    "Nəsib Novruz Oruc Paşa Pənah Ramazan Rəhim Rəsul Rza Rüstəm Sadıq Salman Səfər Səməd Süleyman "
    "Sultan Şahbaz Şərif Şükür Tağı Talıb Tofiq Usub Vahid Vəli Yaqub Yəhya Yusif Zakir Zeynal "
    "Zülfüqar Qəhrəman Nəzər Ələkbər Bədəl Sahib Qaçay"
)
PATRONYMIC_FATHERS = MALE_FIRST[:80]

CITIES = (
    ("Bakı", "Baku"), ("Gəncə", "Ganja"), ("Sumqayıt", "Sumgayit"), ("Lənkəran", "Lankaran"),
    ("Şəki", "Shaki"), ("Mingəçevir", "Mingachevir"), ("Quba", "Guba"), ("Masallı", "Masalli"),
    ("Nardaran", "Nardaran"), ("Şirvan", "Shirvan"),
)
BAKU_DISTRICTS = ("Nasimi", "Sabail", "Yasamal", "Khatai", "Binagadi", "Narimanov", "Nizami", "Sabunchu")
FACILITIES = (
    "Baku Pretrial Detention Centre No. 1", "State Security Service detention facility",
    "Penitentiary Institution No. 2", "Penitentiary Institution No. 13", "Penitentiary Institution No. 14",
    "Prison No. 15", "Penitentiary Institution No. 17", "Shuvalan Penitentiary Institution No. 12",
    "Ganja Pretrial Detention Centre No. 2", "Lankaran Pretrial Detention Centre No. 3",
)
EXILE_CITIES = ("Istanbul", "Berlin", "Tbilisi", "Paris", "Vilnius", "Riga", "Strasbourg", "Prague")
AGENCIES = ("police", "the State Security Service", "the Main Department for Combating Organised Crime",
            "the anti-drug police", "the Prosecutor General's Office")
PUBLISHERS = (
    "Example News Agency (synthetic)", "Example Daily (synthetic)", "Example Rights Watch (synthetic)",
    "Example Monitor (synthetic)", "Example Radio (synthetic)", "Example Caucasus Review (synthetic)",
)
CALLERS = ("Example Rights Watch (synthetic)", "Example Committee for Journalists (synthetic)",
           "Example Parliamentary Assembly (synthetic)", "Example Union of Lawyers (synthetic)")
LIST_KEEPERS = ("Example Union for Freedom of Political Prisoners (synthetic)",
                "Example Working Group on Political Prisoners (synthetic)")

# article, description, category, maximum penalty in years (Criminal Code of Azerbaijan)
CHARGES = (
    ("234.4.3", "illegal possession of narcotics in large quantities for sale", "drugs", 12),
    ("234.1", "illegal possession of narcotics without intent to sell", "drugs", 3),
    ("221.3", "hooliganism committed with a weapon", "hooliganism", 7),
    ("221.2.2", "hooliganism with resistance to a public official", "hooliganism", 5),
    ("192.2.2", "illegal entrepreneurship generating large income", "economic", 5),
    ("213.2.2", "large-scale tax evasion", "economic", 8),
    ("179.3.2", "large-scale embezzlement", "economic", 10),
    ("193-1.3.2", "legalisation of property obtained by crime", "economic", 12),
    ("206.3.2", "smuggling by a group", "economic", 8),
    ("178.3.2", "fraud causing significant damage", "fraud", 7),
    ("178.4", "large-scale fraud", "fraud", 12),
    ("274", "high treason", "anti_state", None),
    ("278", "actions aimed at seizing power", "anti_state", 20),
    ("281.2", "public calls against the state by a group", "incitement", 8),
    ("283.2.2", "inciting national, racial or religious hatred by a group", "incitement", 5),
    ("167-2.2.1", "distributing religious literature without permission, by a group", "extremism", 5),
    ("214.2.1", "terrorism committed by a group", "extremism", 12),
    ("220.1", "organising mass disorder", "public_order", 12),
    ("315.2", "violent resistance to a public official", "public_order", 3),
    ("233", "organising actions that disrupt public order", "public_order", 3),
    ("228.1", "illegal possession of firearms", "weapons", 3),
    ("228.2.1", "illegal possession of firearms by a group", "weapons", 5),
    ("147.2", "defamation combined with an accusation of a grave crime", "defamation", 3),
    ("308.2", "abuse of office with grave consequences", "abuse_of_office", 8),
    ("126.1", "deliberate infliction of grave harm to health", "violence", 8),
    ("318.1", "illegal crossing of the state border", "other", 2),
)
CHARGES_BY_ROLE = {
    "journalist": ("economic", "hooliganism", "drugs", "fraud", "anti_state"),
    "blogger": ("drugs", "hooliganism", "defamation", "incitement"),
    "human_rights_defender": ("economic", "fraud", "abuse_of_office", "anti_state"),
    "lawyer": ("fraud", "economic", "defamation"),
    "opposition_politician": ("public_order", "incitement", "fraud", "anti_state", "weapons"),
    "civic_activist": ("drugs", "hooliganism", "public_order", "economic"),
    "youth_activist": ("drugs", "hooliganism", "public_order"),
    "religious_believer": ("extremism", "weapons", "drugs", "incitement", "anti_state"),
    "academic": ("anti_state", "incitement", "economic"),
    "writer_artist": ("drugs", "hooliganism", "violence", "defamation"),
}
ROLE_WEIGHTS = (
    ("religious_believer", 20), ("journalist", 14), ("civic_activist", 14), ("opposition_politician", 14),
    ("youth_activist", 10), ("blogger", 10), ("writer_artist", 5), ("human_rights_defender", 5),
    ("academic", 4), ("lawyer", 2), ("other", 2),
)
ROLE_PHRASES = {
    "journalist": "journalist", "blogger": "blogger", "human_rights_defender": "human rights defender",
    "lawyer": "lawyer", "opposition_politician": "opposition politician", "civic_activist": "civic activist",
    "youth_activist": "youth activist", "religious_believer": "religious believer", "academic": "academic",
    "writer_artist": "writer and artist", "other": "critic of the government",
}
ORG_FOR_ROLE = {
    "journalist": "media", "blogger": "media", "human_rights_defender": "ngo", "lawyer": "ngo",
    "opposition_politician": "party", "civic_activist": "movement", "youth_activist": "movement",
    "religious_believer": "religious", "academic": "ngo", "writer_artist": "media",
}
POSITIONS = {
    "party": ("member", "deputy chairman", "board member", "regional coordinator", "chairman"),
    "movement": ("member", "coordinator", "founder", "board member"),
    "media": ("reporter", "editor", "columnist", "editor-in-chief"),
    "ngo": ("staff member", "director", "lawyer", "board member"),
    "religious": ("member", "preacher", "community leader"),
}
ORG_WORDS = (
    ("Azadlıq", "Freedom"), ("Demokratiya", "Democracy"), ("Ədalət", "Justice"), ("Gələcək", "Future"),
    ("Həmrəylik", "Solidarity"), ("Birlik", "Unity"), ("Dirçəliş", "Revival"), ("Maarif", "Enlightenment"),
    ("İrəli", "Forward"), ("Vətən", "Homeland"), ("Sülh", "Peace"), ("Həqiqət", "Truth"), ("Ümid", "Hope"),
    ("İşıq", "Light"), ("Səs", "Voice"), ("Körpü", "Bridge"), ("Yol", "Path"), ("Oyanış", "Awakening"),
    ("Tərəqqi", "Progress"), ("Müstəqillik", "Independence"),
)
ORG_TEMPLATES = (  # type, Azerbaijani form, English form
    ("party", "{az} Partiyası", "{en} Party"),
    ("movement", "{az} Hərəkatı", "{en} Movement"),
    ("movement", "{az} Gənclər Hərəkatı", "{en} Youth Movement"),
    ("media", "{az} qəzeti", "{en} Newspaper"),
    ("media", "{az} TV", "{en} TV"),
    ("ngo", "{az} İnsan Hüquqları Mərkəzi", "{en} Human Rights Centre"),
    ("ngo", "{az} Hüquq Maarifçiliyi Cəmiyyəti", "{en} Legal Education Society"),
    ("religious", "{az} Dini İcması", "{en} Religious Community"),
    ("movement", "{az} Vətəndaş Təşəbbüsü", "{en} Civic Initiative"),
    ("party", "{az} Demokrat Partiyası", "{en} Democratic Party"),
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

# --- text helpers --------------------------------------------------------------------------

_EN = str.maketrans({
    "ə": "a", "Ə": "A", "ı": "i", "İ": "I", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U", "ç": "ch", "Ç": "Ch",
    "ş": "sh", "Ş": "Sh", "ğ": "gh", "Ğ": "Gh", "x": "kh", "X": "Kh", "q": "g", "Q": "G", "c": "j", "C": "J",
})
_RU = str.maketrans({
    "ı": "y", "İ": "I", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U", "ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh",
    "ğ": "g", "x": "kh", "X": "Kh", "q": "g", "Q": "K", "c": "dzh", "C": "Dzh", "h": "g", "H": "G",
})
_SLUG = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"([a-z])\1")


def q(text: str) -> str:
    """A YAML double-quoted scalar: JSON string syntax is a subset of YAML's."""
    return json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def english(text: str) -> str:
    """The usual English transliteration: `Ilqar Məmmədov` → `Ilgar Mammadov`."""
    return text.translate(_EN)


def russian(text: str) -> str:
    """A Russian-style spelling: `Ilqar Məmmədov` → `Ilgar Mamedov`, `Əliyev` → `Aliev`."""
    words = []
    for word in text.split():
        out, seen_vowel = [], False
        for ch in word:
            if ch in "əƏ":
                out.append("A" if ch == "Ə" else ("a" if not seen_vowel else "e"))
            else:
                out.append(ch)
            if ch.lower() in "aeiouəıöü":
                seen_vowel = True
        spelled = "".join(out).translate(_RU)
        spelled = _DOUBLE.sub(r"\1", spelled.replace("iyev", "iev").replace("ayev", "aev"))
        words.append(spelled)
    return " ".join(words)


def harmony_li(root: str) -> str:
    """The -lı/-li/-lu/-lü suffix that follows the root's last vowel (Qəhrəmanlı, Məmmədli)."""
    for ch in reversed(root.lower()):
        if ch in "aı":
            return "lı"
        if ch in "eəi":
            return "li"
        if ch in "ou":
            return "lu"
        if ch in "öü":
            return "lü"
    return "li"


def surnames() -> list[str]:
    """Male surname forms from the roots: -ov/-yev, -lı and -zadə."""
    out: list[str] = []
    for root in SURNAME_ROOTS:
        out.append(root + ("yev" if root[-1].lower() in "aeiouəıöü" else "ov"))
        out.append(root + harmony_li(root))
        out.append(root + "zadə")
    return out


def female_surname(male: str) -> str:
    return male + "a" if male.endswith(("ov", "ev")) else male


def wrap(text: str, indent: str = "  ", width: int = 78) -> str:
    """Greedy word wrap for a folded block scalar (`>-`)."""
    lines, line = [], indent
    for word in text.split():
        if len(line) + len(word) + 1 > width and line.strip():
            lines.append(line)
            line = indent
        line += word if line == indent else " " + word
    lines.append(line)
    return "\n".join(lines) + "\n"


def month_text(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def join_names(names: list[str], limit: int = 3) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) <= limit:
        return ", ".join(names[:-1]) + " and " + names[-1]
    rest = len(names) - limit + 1
    return ", ".join(names[: limit - 1]) + f" and {rest} others"


# --- records -------------------------------------------------------------------------------

WRITERS = 4  # threads creating files; os.open and os.write release the GIL
BATCH = 500  # files per batch handed to a writer thread
MAX_EVENTS = 10  # per person: the case's events, a pardon and leaving the country included
DECREE = "<decree>"  # id of a person's reference to a pardon or amnesty written at the end
ID_WORDS = {
    "arrest": "arrested", "detention": "detained", "pretrial_detention": "remanded-in-custody",
    "house_arrest": "placed-under-house-arrest", "charged": "charged", "pretrial_extended": "detention-extended",
    "trial_opened": "trial-opens", "sentenced": "sentenced", "appeal_ruling": "appeal-rejected",
    "acquittal": "acquitted", "release": "released-on-parole", "sentence_suspended": "sentence-suspended",
    "sentence_completed": "freed-after-sentence", "death": "dies-in-custody", "hunger_strike": "hunger-strike",
    "transfer": "transferred", "ill_treatment": "ill-treatment-reported", "international_call": "release-urged",
    "recognized": "recognised-as-political-prisoner", "echr_judgment": "echr-judgment",
    "un_opinion": "un-arbitrary-detention-opinion", "left_country": "leaves-country",
}
RELEASING = frozenset(t.value for t, (status, _) in STATUS_EFFECT.items() if status is Status.released)


@dataclass
class Org:
    id: str
    name: str
    native_name: str
    type: str


@dataclass
class Event:
    day: date  # the true day; `precision` says how much of it the record gives
    type: str
    people: list[str]
    title: str = ""
    summary: str = ""
    extra: str = ""  # pre-rendered YAML lines for type-specific fields
    organizations: list[str] = field(default_factory=list)
    precision: str = "day"
    id: str = ""

    @property
    def date_text(self) -> str:
        if self.precision == "year":
            return f"{self.day.year:04d}"
        if self.precision == "month":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()


@dataclass
class Person:
    id: str
    name: str
    native_name: str
    first: str
    surname: str
    gender: str
    other_names: list[tuple[str, str]]
    born: str
    roles: list[str]
    affiliations: list[tuple[str, str, str]]  # org id, position, since
    events: list[Event] = field(default_factory=list)
    charges: list[tuple] = field(default_factory=list)
    sentence_years: float | None = None


@dataclass
class Decree:
    """A pardon or amnesty that frees many people on one day."""

    day: date
    type: str  # pardon or amnesty
    people: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


@dataclass
class Case:
    """The people of one criminal case and the events they share."""

    ids: list[str]
    orgs: list[str]
    who: str
    were: str
    timeline: list[Event] = field(default_factory=list)

    def add(self, day: date, kind: str, title: str, summary: str, extra: str = "") -> None:
        self.timeline.append(Event(day, kind, self.ids, title, summary, extra, self.orgs))

    @property
    def last(self) -> date:
        return self.timeline[-1].day


def charge_lines(charges: list[tuple]) -> str:
    text = "charges:\n"
    for article, description, category, max_years in charges:
        text += (f"  - article: {q(article)}\n    code: Criminal Code of Azerbaijan\n"
                 f"    description: {q(description)}\n    category: {category}\n")
        if max_years is not None:
            text += f"    max_penalty_years: {max_years}\n"
    return text


def write_files(batch: list[tuple[str, bytes]]) -> None:
    """Create each file (never overwriting one) with one open and one write."""
    for path, data in batch:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)


def days(rng: random.Random, lo: int, hi: int) -> timedelta:
    return timedelta(days=rng.randint(lo, hi))


class Generator:
    """Builds the knowledge base case by case, writing event files as it goes."""

    def __init__(self, out: Path, people: int, seed: int, names: str = "tidy") -> None:
        self.data = out / "data"
        self.world = None
        if names == "realistic":
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from namegen import World

            self.world = World(seed)
        self.n = people
        self.seed = seed
        self.rng = random.Random(seed)
        self.files = {"prisoners": 0, "events": 0, "organizations": 0}
        self.event_ids: set[str] = set()
        self.person_ids: set[str] = set()
        self.dirs: set[str] = set()
        self.batch: list[tuple[str, bytes]] = []
        self.pending: list[Future[None]] = []
        self.pool = ThreadPoolExecutor(WRITERS)
        self.orgs: list[Org] = []
        self.org_by_id: dict[str, Org] = {}
        self.orgs_by_type: dict[str, list[Org]] = {}
        self.decrees: list[Decree] = []
        self.surnames = surnames()
        self.decks: dict[str, list[int]] = {}
        self.name_uses: dict[tuple[str, str], int] = {}
        self.publisher_slugs = {p: slug(p) for p in PUBLISHERS}
        self.headers = {w: HEADER.format(seed=seed, what=w) for w in ("person", "organization")}
        self.role_names = [r for r, _ in ROLE_WEIGHTS]
        self.role_weights = [w for _, w in ROLE_WEIGHTS]

    # -- output

    def write(self, relpath: str, text: str) -> None:
        """Queue a new file; batches are written by threads, since creating files is the slow part."""
        path = f"{self.data}/{relpath}"
        folder = path.rpartition("/")[0]
        if folder not in self.dirs:
            os.makedirs(folder, exist_ok=True)
            self.dirs.add(folder)
        self.batch.append((path, text.encode("utf-8")))
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.pending.append(self.pool.submit(write_files, self.batch))
            self.batch = []
        while len(self.pending) > 2 * WRITERS:  # bound the memory held by queued batches
            self.pending.pop(0).result()

    def finish(self) -> None:
        self.flush()
        for future in self.pending:
            future.result()  # re-raises a failed write
        self.pool.shutdown()

    def source(self, ident: str, title: str, day: date, indent: str = "  ") -> str:
        publisher = self.rng.choice(PUBLISHERS)
        published = min(day + days(self.rng, 0, 6), END)
        url = (f"https://example.org/synthetic/{self.publisher_slugs[publisher]}/"
               f"{published.year}/{published.month:02d}/{ident}")
        return (f"{indent}- url: {url}\n{indent}  title: {q(title)}\n{indent}  publisher: {q(publisher)}\n"
                f"{indent}  published: \"{published.isoformat()}\"\n")

    def unique_event_id(self, base: str) -> str:
        base = base[:110].rstrip("-")
        candidate, n = base, 2
        while candidate in self.event_ids:
            candidate = f"{base}-{n}"
            n += 1
        self.event_ids.add(candidate)
        return candidate

    def write_event(self, ev: Event) -> None:
        parts = [f"id: {ev.id}\ndate: \"{ev.date_text}\"\ntype: {ev.type}\n"
                 f"title: {q(ev.title)}\npeople:\n", "".join(f"  - {p}\n" for p in ev.people)]
        if ev.organizations:
            parts.append("organizations:\n" + "".join(f"  - {o}\n" for o in ev.organizations))
        parts.append(ev.extra)
        parts.append(f"summary: {q(ev.summary)}\nsources:\n")
        parts.append(self.source(ev.id, ev.title, ev.day))
        self.write(f"events/{ev.day.year}/{ev.id}.yaml", "".join(parts))
        self.files["events"] += 1

    # -- organizations and decrees

    def make_orgs(self) -> None:
        count = max(50, min(200, self.n // 100))
        combos = [(w, t) for t in ORG_TEMPLATES for w in ORG_WORDS]
        for (az, en), (kind, az_form, en_form) in self.rng.sample(combos, count):
            name = en_form.format(en=en)
            org = Org(slug(name), name, az_form.format(az=az), kind)
            self.orgs.append(org)
            self.org_by_id[org.id] = org
            self.orgs_by_type.setdefault(kind, []).append(org)

    def write_orgs(self) -> None:
        for org in self.orgs:
            founded = self.rng.randint(1990, 2012)
            what = "non-governmental organisation" if org.type == "ngo" else org.type
            summary = (f"Synthetic {what} founded in {founded}, several of whose members appear in this "
                       "synthetic knowledge base. Not a real body.")
            text = (f"{self.headers['organization']}id: {org.id}\nname: {q(org.name)}\n"
                    f"native_name: {q(org.native_name)}\ntype: {org.type}\ncountry: AZ\n"
                    f"summary: >-\n{wrap(summary)}sources:\n"
                    + self.source(org.id, f"About the {org.name}", date(founded, 6, 1)))
            self.write(f"organizations/{org.id}.yaml", text)
            self.files["organizations"] += 1

    def make_decrees(self) -> None:
        """Pardon decrees around Novruz, Republic Day and New Year; now and then an amnesty act."""
        for year in range(START.year, END.year + 1):
            for month, lo, hi in ((3, 15, 20), (5, 25, 28), (12, 24, 30)):
                if self.rng.random() < 0.8:
                    self.decrees.append(Decree(date(year, month, self.rng.randint(lo, hi)), "pardon"))
            if self.rng.random() < 0.3:
                month = self.rng.choice((6, 10))
                self.decrees.append(Decree(date(year, month, self.rng.randint(1, 28)), "amnesty"))
        self.decrees.sort(key=lambda d: d.day)

    def decree_after(self, kind: str, earliest: date) -> Decree | None:
        return next((d for d in self.decrees if d.type == kind and d.day >= earliest), None)

    def write_decrees(self) -> None:
        for decree in self.decrees:
            if not decree.people:
                continue
            n = len(decree.people)
            total = n + self.rng.randint(0, 3 * n + 20)
            among = join_names(decree.names, 4)
            if decree.type == "pardon":
                title = f"Presidential pardon decree frees {total} prisoners"
                summary = (f"A pardon decree signed by the president freed {total} prisoners, among them {among}; "
                           "rights groups said many political prisoners remained behind bars.")
                by, word = "President of Azerbaijan", "presidential-pardon"
            else:
                title = f"Amnesty act frees {total} prisoners"
                summary = f"An amnesty act adopted by parliament freed {total} prisoners, among them {among}."
                by, word = "Milli Majlis (parliament)", "amnesty-act"
            ev = Event(decree.day, decree.type, decree.people, title, summary, f"by: {q(by)}\ncount: {total}\n")
            ev.id = self.unique_event_id(f"{decree.day.isoformat()}-{word}")
            self.write_event(ev)

    # -- people

    def pick_name(self, gender: str) -> tuple[str, str]:
        """First name and surname; every combination is used once before any repeats (unless realistic)."""
        if self.world is not None:
            first = self.world.names[("az", gender)].draw(self.rng)
            surname = self.world.names[("az", "surname")].draw(self.rng)
            return first, surname if gender == "male" else female_surname(surname)
        firsts = MALE_FIRST if gender == "male" else FEMALE_FIRST
        size = len(firsts) * len(self.surnames)
        deck = self.decks.get(gender)
        if deck is None:
            deck = self.decks[gender] = self.rng.sample(range(size), size)
        k = deck.pop() if deck else self.rng.randrange(size)
        surname = self.surnames[k % len(self.surnames)]
        return firsts[k // len(self.surnames)], surname if gender == "male" else female_surname(surname)

    def make_people(self, count: int, role: str, org: Org | None, arrest: date) -> list[Person]:
        rng = self.rng
        people = []
        for _ in range(count):
            gender = "male" if rng.random() < 0.72 else "female"
            first, sur = self.pick_name(gender)
            self.name_uses[(first, sur)] = self.name_uses.get((first, sur), 0) + 1
            native = f"{first} {sur}"
            name = english(native)
            pid = base = slug(name)
            n = 2
            while pid in self.person_ids:
                pid = f"{base}-{n}"
                n += 1
            self.person_ids.add(pid)
            others = []
            if russian(native) not in (name, native):
                others.append((russian(native), "Russian-style transliteration"))
            if rng.random() < 0.5:
                father = (self.world.names[("az", "male")].draw(rng) if self.world is not None
                          else rng.choice(PATRONYMIC_FATHERS))
                others.append((f"{first} {father} {'oğlu' if gender == 'male' else 'qızı'} {sur}",
                               "full name with patronymic, as in court documents"))
            if rng.random() < 0.2 and f"{first} {english(sur)}" not in (name, native):
                others.append((f"{first} {english(sur)}", "mixed spelling used by some sources"))
            born_day = date(arrest.year - rng.randint(19, 66), rng.randint(1, 12), rng.randint(1, 28))
            born = str(born_day.year) if rng.random() < 0.6 else born_day.isoformat()
            roles = [role]
            if rng.random() < 0.25:
                extra = rng.choices(self.role_names, self.role_weights)[0]
                if extra not in (role, "other"):
                    roles.append(extra)
            affiliations = []
            if org is None and rng.random() < 0.6:
                kind = ORG_FOR_ROLE.get(role) or rng.choice(list(POSITIONS))
                org_here: Org | None = rng.choice(self.orgs_by_type.get(kind) or self.orgs)
            else:
                org_here = org
            if org_here is not None:
                affiliations.append((org_here.id, rng.choice(POSITIONS[org_here.type]),
                                     str(arrest.year - rng.randint(0, 8))))
            if rng.random() < 0.15:
                other = rng.choice(self.orgs)
                if all(other.id != a[0] for a in affiliations):
                    affiliations.append((other.id, "member", str(arrest.year - rng.randint(1, 12))))
            people.append(Person(pid, name, native, first, sur, gender, others, born, roles, affiliations))
        return people

    # -- cases

    def case(self, size: int) -> list[Person]:
        """One criminal case: arrest, custody, charges, trial, appeal and what came after."""
        rng = self.rng
        arrest = START + timedelta(days=int((LAST_ARREST - START).days * rng.random() ** 0.6))
        role = rng.choices(self.role_names, self.role_weights)[0]
        org = None
        if size > 1:
            org = rng.choice(self.orgs_by_type.get(ORG_FOR_ROLE.get(role, "movement")) or self.orgs)
        people = self.make_people(size, role, org, arrest)
        ids = [p.id for p in people]
        c = Case(ids, [org.id] if org else [], join_names([p.name for p in people]), "were" if size > 1 else "was")
        who, were = c.who, c.were
        pool = [ch for ch in CHARGES if ch[2] in CHARGES_BY_ROLE.get(role, ("other", "public_order"))]
        charges = rng.sample(pool, min(len(pool), rng.choice((1, 1, 2, 2, 3))))
        city = rng.choice(CITIES)[1]
        court = f"{rng.choice(BAKU_DISTRICTS)} District Court" if city == "Baku" else f"{city} City Court"
        trial_court, appeal_court = f"{city} Grave Crimes Court", f"{city} Court of Appeal"
        facility = rng.choice(FACILITIES)

        verb = "detained" if rng.random() < 0.1 else "arrested"
        c.add(arrest, "detention" if verb == "detained" else "arrest", f"{who} {verb} in {city}",
              f"{who} {were} {verb} in {city} by {rng.choice(AGENCIES)}"
              + (f"; the {org.name} called the arrests a reprisal for its work." if org else "."),
              f"location: {q(city)}\n")
        if rng.random() < 0.07:
            c.add(c.last + days(rng, 1, 3), "house_arrest", f"{who} placed under house arrest",
                  f"The {court} placed {who} under house arrest pending trial.", f"court: {q(court)}\n")
        else:
            c.add(c.last + days(rng, 1, 3), "pretrial_detention", f"{who} remanded in custody for four months",
                  f"The {court} ordered {who} held in pretrial detention for four months at the {facility}.",
                  f"court: {q(court)}\nfacility: {q(facility)}\n")
        articles = ", ".join(ch[0] for ch in charges)
        c.add(c.last + days(rng, 2, 45), "charged",
              f"{who} charged under article{'s' if len(charges) > 1 else ''} {articles}",
              f"Prosecutors charged {who} with " + "; ".join(ch[1] for ch in charges)
              + ". Lawyers for the defence called the charges fabricated.", charge_lines(charges))
        if rng.random() < 0.4:
            c.add(c.last + days(rng, 100, 125), "pretrial_extended", f"Pretrial detention of {who} extended",
                  f"The {court} extended the pretrial detention of {who} by three months.", f"court: {q(court)}\n")
        c.add(c.last + days(rng, 40, 200), "trial_opened", f"Trial of {who} opens",
              f"The trial of {who} opened at the {trial_court}.", f"court: {q(trial_court)}\n")
        years: float | None = None
        if rng.random() < 0.03:
            c.add(c.last + days(rng, 30, 150), "acquittal", f"{who} acquitted",
                  f"The {trial_court} acquitted {who} of all charges.", f"court: {q(trial_court)}\n")
        else:
            cap = max((ch[3] or 15) for ch in charges)
            years = rng.choice([y for y in (2, 3, 4, 4.5, 5, 6, 7, 7.5, 8, 9, 10, 12) if y <= cap] or [2])
            phrase = f"{years:g} years in prison"
            c.add(c.last + days(rng, 30, 150), "sentenced", f"{who} sentenced to {phrase}",
                  f"The {trial_court} found {who} guilty and sentenced {'each of them' if size > 1 else 'them'} "
                  f"to {phrase}. Observers said the proceedings fell short of fair-trial standards.",
                  f"court: {q(trial_court)}\nsentence:\n  description: {q(phrase)}\n  years: {years:g}\n")
            c.add(c.last + days(rng, 45, 150), "appeal_ruling", f"Court of appeal upholds the sentence of {who}",
                  f"The {appeal_court} rejected the appeal of {who} and upheld the sentence.",
                  f"court: {q(appeal_court)}\n")
            for _ in range(min(rng.choice((0, 0, 1, 1, 2)), MAX_EVENTS - 2 - len(c.timeline))):
                self.side_event(c, facility)
            self.ending(c, arrest, years, court, facility, [p.name for p in people])
        timeline = [e for e in c.timeline if e.day <= END]
        self.set_precision(timeline)
        key = f"{org.id}-members" if org else ids[0]
        for ev in timeline:
            if ev.id != DECREE:
                ev.id = self.unique_event_id(f"{ev.date_text}-{key}-{ID_WORDS[ev.type]}")
                self.write_event(ev)
        freed = timeline[-1].type in RELEASING
        for person in people:
            person.events = list(timeline)
            person.charges = charges
            person.sentence_years = years
            if freed and rng.random() < 0.2:
                self.leave_country(person)
        return people

    def side_event(self, c: Case, facility: str) -> None:
        """Something that happens while in custody, or about the case, without changing the status."""
        rng, who, were = self.rng, c.who, c.were
        day = c.last + days(rng, 20, 300)
        kind = rng.choice(("hunger_strike", "transfer", "ill_treatment", "international_call", "recognized",
                           "echr_judgment", "un_opinion", "international_call"))
        if kind == "hunger_strike":
            c.add(day, kind, f"{who} on hunger strike",
                  f"{who} went on hunger strike at the {facility} to protest the imprisonment.",
                  f"facility: {q(facility)}\n")
        elif kind == "transfer":
            target = rng.choice(FACILITIES)
            c.add(day, kind, f"{who} transferred to {target}",
                  f"{who} {were} moved to the {target}, far from home.", f"facility: {q(target)}\n")
        elif kind == "ill_treatment":
            c.add(day, kind, f"Lawyers report ill-treatment of {who}",
                  f"Lawyers said {who} had been beaten and held in solitary confinement at the {facility}.",
                  f"facility: {q(facility)}\n")
        elif kind == "international_call":
            caller = rng.choice(CALLERS)
            c.add(day, kind, f"{caller} urges the release of {who}",
                  f"{caller} called on the authorities to release {who} immediately and unconditionally.",
                  f"by: {q(caller)}\n")
        elif kind == "recognized":
            keeper = rng.choice(LIST_KEEPERS)
            c.add(day, kind, f"{who} recognised as political prisoner{'s' if len(c.ids) > 1 else ''}",
                  f"{keeper} added {who} to its list of political prisoners.", f"by: {q(keeper)}\n")
        elif kind == "echr_judgment":
            application = f"{rng.randint(1000, 89999)}/{rng.randint(5, 24):02d}"
            c.add(day, kind, f"European Court finds violations in the case of {who}",
                  f"The European Court of Human Rights found that the detention of {who} violated the Convention.",
                  f"court: European Court of Human Rights\nechr:\n  application: {q(application)}\n"
                  "  finding: violation\n  articles_violated: [\"5\", \"18\"]\n")
        else:
            c.add(day, kind, f"UN Working Group calls the detention of {who} arbitrary",
                  f"The UN Working Group on Arbitrary Detention found the detention of {who} arbitrary.",
                  "by: UN Working Group on Arbitrary Detention\n")

    def ending(self, c: Case, arrest: date, years: float, court: str, facility: str, names: list[str]) -> None:
        """Pardon, amnesty, parole, a suspended sentence, death, the end of the term, or still inside."""
        rng, who, were = self.rng, c.who, c.were
        end_of_term = arrest + timedelta(days=int(years * 365.25))
        r = rng.random()
        decree = None
        if r < 0.22:
            decree = self.decree_after("pardon", c.last + timedelta(days=32))
        elif r < 0.27:
            decree = self.decree_after("amnesty", c.last + timedelta(days=32))
        if decree is not None and decree.day < end_of_term:
            decree.people.extend(c.ids)
            decree.names.extend(names)
            c.timeline.append(Event(decree.day, decree.type, c.ids, id=DECREE))
        elif 0.27 <= r < 0.33:
            c.add(c.last + days(rng, 60, 700), "release", f"{who} released early on parole",
                  f"A court granted {who} early conditional release.", f"court: {q(court)}\n")
        elif 0.33 <= r < 0.38:
            suspended = f"{years:g} years, suspended"
            c.add(c.last + days(rng, 40, 400), "sentence_suspended", f"Supreme Court suspends the sentence of {who}",
                  f"The Supreme Court replaced the prison term of {who} with a suspended sentence, and "
                  f"{'they were' if len(c.ids) > 1 else 'the prisoner was'} freed in the courtroom.",
                  f"court: Supreme Court\nsentence:\n  description: {q(suspended)}\n  years: {years:g}\n"
                  "  suspended: true\n")
        elif 0.38 <= r < 0.39:
            c.add(c.last + days(rng, 30, 900), "death", f"{who} died in custody",
                  f"{who} died in custody at the {facility}; relatives said medical care had been denied.",
                  f"facility: {q(facility)}\n")
        elif end_of_term <= END and rng.random() < 0.9:
            c.add(max(c.last + timedelta(days=30), end_of_term), "sentence_completed",
                  f"{who} freed after serving the sentence",
                  f"{who} {were} released from the {facility} after serving the full sentence.",
                  f"facility: {q(facility)}\n")

    def leave_country(self, person: Person) -> None:
        last = person.events[-1]
        gone = last.day + days(self.rng, 60, 800)
        if gone > END:
            return
        exile = self.rng.choice(EXILE_CITIES)
        ev = Event(gone, "left_country", [person.id], f"{person.name} leaves Azerbaijan for {exile}",
                   f"{person.name} left Azerbaijan and settled in {exile}, citing continued pressure.",
                   f"location: {q(exile)}\n")
        if (gone.year, gone.month) != (last.day.year, last.day.month) and self.rng.random() < 0.3:
            ev.precision = "month"
        ev.id = self.unique_event_id(f"{ev.date_text}-{person.id}-{ID_WORDS[ev.type]}")
        self.write_event(ev)
        person.events.append(ev)

    def set_precision(self, timeline: list[Event]) -> None:
        """Give some dates only to the month (or year), where no neighbour shares it.

        Then the order `pp` derives (by start, coarser first) is the true order,
        so the declared status still agrees with the events.
        """
        for i, ev in enumerate(timeline):
            if ev.id == DECREE or self.rng.random() >= 0.25:
                continue
            near = [timeline[j].day for j in (i - 1, i + 1) if 0 <= j < len(timeline)]
            if all((d.year, d.month) != (ev.day.year, ev.day.month) for d in near):
                ev.precision = "month"
                if ev.type in ("international_call", "recognized", "un_opinion") and all(
                    d.year != ev.day.year for d in near
                ):
                    ev.precision = "year"

    # -- prisoners

    def write_person(self, p: Person) -> None:
        """The prisoner file; a declared status is the one its own events give, as `pp` derives it."""
        rng = self.rng
        status = detail = None
        for ev in p.events:
            effect = STATUS_EFFECT.get(EventType(ev.type))
            if effect is not None:
                status, detail = effect[0].value, (effect[1].value if effect[1] else None)
        first, last = p.events[0], p.events[-1]
        parts = [self.headers["person"], f"id: {p.id}\nname: {q(p.name)}\nnative_name: {q(p.native_name)}\n"]
        if p.other_names:
            parts.append("other_names:\n" + "".join(
                f"  - name: {q(n)}\n    note: {q(note)}\n" for n, note in p.other_names))
        parts.append(f"gender: {p.gender}\nborn: \"{p.born}\"\ncountry: AZ\nroles:\n")
        parts.append("".join(f"  - {r}\n" for r in p.roles))
        if p.affiliations:
            parts.append("affiliations:\n" + "".join(
                f"  - org: {o}\n    position: {q(pos)}\n    since: \"{since}\"\n" for o, pos, since in p.affiliations))
        as_of = min(last.day + days(rng, 0, 40), END)
        if status is not None and rng.random() < 0.75:
            parts.append(f"status: {status}\n" + (f"status_detail: {detail}\n" if detail else "")
                         + f"status_as_of: \"{as_of.isoformat()}\"\n")
        pronoun = "He" if p.gender == "male" else "She"
        story = [f"{p.name} is a {ROLE_PHRASES[p.roles[0]]}"]
        if p.affiliations:
            story[0] += f" and {p.affiliations[0][1]} of the {self.org_by_id[p.affiliations[0][0]].name}"
        story[0] += "."
        story.append(f"{pronoun} was arrested in {month_text(first.day)} and charged with "
                     + " and ".join(ch[1] for ch in p.charges[:2]) + ".")
        if p.sentence_years:
            story.append(f"{pronoun} was sentenced to {p.sentence_years:g} years in prison.")
        story.append({
            "detained": f"{pronoun} remains in custody.",
            "released": f"{pronoun} was freed in {month_text(last.day)}.",
            "exiled": f"{pronoun} later left the country.",
            "house_arrest": f"{pronoun} is under house arrest.",
            "deceased": f"{pronoun} died in custody.",
        }.get(status or "", ""))
        story.append(SYNTHETIC_NOTE)
        parts.append("summary: >-\n" + wrap(" ".join(s for s in story if s)))
        if rng.random() < 0.6:
            keeper = rng.choice(LIST_KEEPERS)
            listed = min(first.day + days(rng, 30, 400), END)
            criteria = ", ".join(sorted(rng.sample("abcde", rng.randint(1, 3))))
            parts.append(f"recognitions:\n  - by: {q(keeper)}\n    date: \"{listed.year}-{listed.month:02d}\"\n"
                         f"    criteria: [{criteria}]\n    sources:\n"
                         + self.source(f"{p.id}-list", f"List of political prisoners ({listed.year})", listed,
                                       "      "))
        parts.append("sources:\n")
        parts.append(self.source(p.id, f"Profile: {p.name}", as_of))
        parts.append(self.source(f"{first.id}", f"{p.name} {'detained' if first.type == 'detention' else 'arrested'}"
                                 f" in {month_text(first.day)}", first.day))
        self.write(f"prisoners/{p.id}.yaml", "".join(parts))
        self.files["prisoners"] += 1

    # -- the whole thing

    def run(self) -> dict:
        self.make_orgs()
        self.make_decrees()
        people: list[Person] = []
        while len(people) < self.n:
            left = self.n - len(people)
            size = 1 if left == 1 or self.rng.random() < 0.8 else min(left, self.rng.randint(2, 8))
            people.extend(self.case(size))
        self.write_decrees()  # last: a decree lists people from many cases
        for p in people:
            self.write_person(p)
        self.write_orgs()
        self.finish()
        unique = [p for p in people if self.name_uses[(p.first, p.surname)] == 1] or people
        pick = unique[len(unique) // 2]
        return {
            "generator": "benchmarks/synth.py",
            "version": GENERATOR_VERSION,
            "people": self.n,
            "seed": self.seed,
            "names": "realistic" if self.world is not None else "tidy",
            "files": dict(self.files),
            "show_id": pick.id,
            "show_name": pick.name,
            "search_text": english(pick.surname),
        }


def generate(out_dir: Path, people: int, seed: int = 1, force: bool = False, names: str = "tidy") -> dict:
    """Write OUT_DIR/data/ and OUT_DIR/synth.json; only ever delete a folder synth.py wrote."""
    out_dir = Path(out_dir)
    data, manifest = out_dir / "data", out_dir / MANIFEST
    if data.exists() and any(data.iterdir()):
        if not (force and manifest.exists()):
            raise SystemExit(f"{data} is not empty; pass --force to replace a knowledge base that synth.py "
                             f"wrote (one with {MANIFEST} beside it)")
        manifest.unlink()
        shutil.rmtree(data)
        shutil.rmtree(out_dir / ".pp-cache", ignore_errors=True)
    data.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    info = Generator(out_dir, people, seed, names).run()
    info["seconds"] = round(time.perf_counter() - started, 2)
    manifest.write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write data/ and synth.json into")
    parser.add_argument("--people", type=int, required=True, help="number of people")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true", help="replace a knowledge base synth.py wrote before")
    parser.add_argument("--names", choices=("tidy", "realistic"), default="tidy",
                        help="tidy: unique first-name/surname pairs (default); realistic: namesakes as on real lists")
    args = parser.parse_args(argv)
    if args.people < 1:
        parser.error("--people must be at least 1")
    info = generate(args.out_dir, args.people, args.seed, args.force, args.names)
    print(f"wrote {sum(info['files'].values()):,} files {info['files']} to {args.out_dir / 'data'} "
          f"in {info['seconds']} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
