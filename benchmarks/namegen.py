"""Realistic people for the likely-duplicate benchmark: namesakes, siblings and true duplicates.

Why: the duplicate check must be measured on names as real lists hold them,
not on tidy unique ones. Names come from Faker's az_AZ and ru_RU locales
(and a list of Burmese name syllables), drawn with Zipf-like weights so that
a few names are very common — the most common surnames and given names of
each country first, in the order of their known frequency, then Faker's
lists in a shuffled order as the long tail. So, as in real lists:

- namesakes: many people share a given name and a surname (`Elnur Məmmədov`),
  told apart only by patronymic or birth year, where the record gives them;
- siblings: brothers and sisters share surname and patronymic
  (`Aksenov Aleksey Mikhailovich` / `Aksenov Andrey Mikhailovich`);
- Azerbaijani records in native Latin, English, Russian-style Latin and
  Cyrillic forms, with `… oğlu …` patronymics and the official order
  `Surname Given Father oğlu`; Russian ones in Cyrillic and in several
  transliterations, `Surname Given Patronymic` or `Given Surname`; Burmese
  ones without surnames, with honorifics (U, Daw, Ko, Ma) and spelling
  variants (`Htun`/`Tun`);
- true duplicates: a second record of the same person from another source,
  in another script, transliteration or word order, with parts missing
  (patronymic, birth year), initials, a typo (a letter dropped, doubled,
  changed or two swapped) and, rarely, letters swapped for look-alikes from
  another script (a spoof).

Each record has a birth year or date with probability `BIRTH`, a gender
with `GENDER`, and a patronymic where its source style writes one; a
duplicate's record draws these independently, as a second source would.
Deterministic for a seed. Used by benchmarks/dupes.py and by
`benchmarks/synth.py --names realistic`.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from synth import harmony_li  # the -lı/-li/-lu/-lü suffix, as synth.py writes surnames

TRADITIONS = (("az", 0.55), ("ru", 0.30), ("mm", 0.15))
COUNTRY = {"az": "AZ", "ru": "RU", "mm": "MM"}
BIRTH = 0.85  # share of records with a birth year (or date)
FULL_DATE = 0.4  # of those, with the full date
GENDER = 0.9
SIBLINGS = 0.12  # share of people who are a brother or sister of someone listed before them
STRUCTURED = 0.2  # share of records that also give given_name / patronymic / surname fields

def _list(text: str) -> list[str]:
    return text.split()


# The most common names first, in their known order of frequency; Faker's lists follow as the tail.
AZ_SURNAME_HEAD = _list(
    "Məmmədov Əliyev Həsənov Hüseynov Quliyev İsmayılov Abbasov Babayev İbrahimov Rəhimov Cəfərov "
    "Süleymanov Əhmədov Kərimov Musayev Nəsirov Orucov Əsgərov Qasımov Vəliyev Rzayev Salmanov Məhərrəmov "
    "Bayramov Novruzov Qurbanov Zeynalov Rüstəmov Nağıyev Hacıyev Mirzəyev Sadıqov Xəlilov Əzizov Paşayev"
)
AZ_MALE_HEAD = _list(
    "Əli Məmməd Hüseyn Elnur Elçin Rəşad Orxan Tural Vüsal Kamran Elvin Rauf Ramin Nicat Anar Elşən Fərid "
    "Samir Murad Rəsul Emin Ceyhun Fuad Kənan Rövşən Zaur Vüqar İlqar Namiq Rəhim Tofiq Vaqif Ilham Seymur"
)
AZ_FEMALE_HEAD = _list(
    "Leyla Günel Aynur Sevinc Nigar Aysel Gülnar Nərmin Lalə Səbinə Aytən Xədicə Könül Aygün Şəbnəm "
    "Ülviyyə Fidan Elnarə Səadət Röya"
)
RU_MALE_HEAD = _list(
    "Александр Сергей Дмитрий Андрей Алексей Максим Евгений Иван Михаил Владимир Николай Артем Денис Игорь "
    "Олег Павел Роман Юрий Виктор Антон Илья Константин Вадим Кирилл Егор"
)
RU_FEMALE_HEAD = _list(
    "Елена Ольга Наталья Татьяна Ирина Светлана Анна Мария Екатерина Юлия Марина Галина Людмила Анастасия "
    "Дарья Ксения"
)
BURMESE_SYLLABLES = (  # given as (syllable, weight); common ones recur endlessly in AAPP's lists
    "Aung:30 Kyaw:28 Zaw:20 Min:24 Htet:14 Htun:16 Myo:18 Naing:14 Win:18 Thant:8 Soe:16 Hlaing:12 Thein:12 "
    "Tun:14 Oo:12 Nyi:8 Phyo:10 Wai:8 Yan:10 Lin:16 Thu:12 Zin:8 Ye:10 Kyi:10 Su:10 Mya:8 Khin:12 Aye:12 "
    "Thet:8 Hnin:8 May:8 Phyu:8 Ei:6 Nandar:4 Sandar:4 Cho:6 Myint:12 Moe:10 Nay:8 Pyae:6 Sithu:4 Thura:6 "
    "Zeya:4 Wint:4 Khaing:6 Thi:6 Htay:8 Maung:8 San:10 Than:10 Shwe:6 Nilar:4 Hla:10 Tin:12 Sein:8 Ko:4"
)
# Spellings of one syllable that real lists mix (one per record: a source has its habits).
BURMESE_VARIANTS = {"Htun": "Tun", "Thein": "Thien", "Myint": "Myin", "Kyaw": "Kyau", "Phyo": "Pyo", "Moe": "Mo",
                    "Htay": "Htei", "Hlaing": "Hlaig", "Soe": "So", "Thant": "Thand"}
PARTICLE_WORDS = frozenset(_list("oğlu oglu qızı qizi gizi оглы кызы"))

# --- transliteration ------------------------------------------------------------------------

_AZ_EN = str.maketrans({"ə": "a", "Ə": "A", "ı": "i", "İ": "I", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U",
                        "ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh", "ğ": "gh", "Ğ": "Gh", "x": "kh", "X": "Kh",
                        "q": "g", "Q": "G", "c": "j", "C": "J"})
_AZ_CYR = {"a": "а", "b": "б", "c": "дж", "ç": "ч", "d": "д", "e": "е", "ə": "а", "f": "ф", "g": "г", "ğ": "г",
           "h": "г", "x": "х", "ı": "ы", "i": "и", "j": "ж", "k": "к", "q": "г", "l": "л", "m": "м", "n": "н",
           "o": "о", "ö": "ё", "p": "п", "r": "р", "s": "с", "ş": "ш", "t": "т", "u": "у", "ü": "ю", "v": "в",
           "y": "й", "z": "з"}
_RU_LATIN = (  # two transliteration systems real sources mix: BGN/PCGN-like and passport-like
    {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
     "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
     "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
     "э": "e", "ю": "yu", "я": "ya"},
    {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
     "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
     "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "",
     "э": "e", "ю": "iu", "я": "ia"},
)
LOOKALIKE = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "y": "у", "x": "х", "H": "Н", "S": "Ѕ", "A": "А",
             "E": "Е", "O": "О", "P": "Р", "C": "С", "T": "Т", "M": "М", "K": "К", "B": "В", "i": "і"}


def az_english(text: str) -> str:
    return text.translate(_AZ_EN)


def az_russian_latin(text: str) -> str:
    """Russian-style Latin: `Məmmədov` → Mamedov, `Hüseyn` → Guseyn, `Əliyev` → Aliev."""
    return " ".join(_ru_latin(az_cyrillic(w), 0) for w in text.split())


def az_cyrillic(text: str) -> str:
    """Russian Cyrillic rendering: `Həsənov` → Гасанов, `Məmmədov` → Мамедов."""
    words = []
    for word in text.split():
        out = []
        low = word.replace("İ", "i").lower()
        for k, ch in enumerate(low):
            if ch == "ə":  # Мамедов, Ахмед, Керимов, but Гасанов, Алиев, Джафаров
                soft = k > 0 and (low[k - 1] in "kq" or (low[k - 1] == "m" and low[k + 1:k + 2] == "d"))
                out.append("е" if soft else "а")
            elif ch == "h" and k > 0:
                out.append("х")
            elif ch == "y" and k + 2 < len(low) and low[k + 1] == "e" and low[k + 2] == "v" and out[-1] == "и":
                continue  # Əliyev → Алиев
            elif ch == "m" and k > 0 and low[k - 1] == "m":
                continue  # Məmmədov → Мамедов
            else:
                out.append(_AZ_CYR.get(ch, ch))
        spelled = "".join(out)
        words.append(spelled[:1].upper() + spelled[1:])
    return " ".join(words)


def _ru_latin(text: str, system: int) -> str:
    table = _RU_LATIN[system]
    out = []
    for word in text.split():
        low = word.lower()
        spelled = "".join(table.get(ch, ch) for ch in low)
        if system == 0:
            spelled = spelled.replace("iy", "iy").replace("yy", "y")
        out.append(spelled[:1].upper() + spelled[1:])
    return " ".join(out)


def ru_latin(text: str, system: int = 0) -> str:
    return _ru_latin(text, system)


def az_patronymic_ru(father: str, gender: str) -> str:
    """An Azerbaijani father's name as a Russian patronymic: `Eldar` → Eldarovich."""
    base = az_russian_latin(father)
    vowel = base[-1].lower() in "aeiouy"
    return base + ("yevich" if vowel else "ovich") if gender == "male" else base + ("yevna" if vowel else "ovna")


def ru_patronymic(father: str, gender: str) -> str:
    """A Russian father's name as a patronymic, in Cyrillic: Михаил → Михайлович, Николай → Николаевич."""
    if father.endswith("й"):
        stem = father[:-1]
        return stem + ("евич" if gender == "male" else "евна")
    if father.endswith(("а", "я")):
        return father[:-1] + ("ич" if gender == "male" else "ична")
    if father == "Михаил":
        return "Михайлович" if gender == "male" else "Михайловна"
    return father + ("ович" if gender == "male" else "овна")


# --- people ------------------------------------------------------------------------------


@dataclass
class Identity:
    """A real person (of the synthetic world): what any record of them is written from."""

    number: int
    tradition: str
    gender: str
    given: str  # native script: Azerbaijani Latin, Russian Cyrillic, Burmese in Latin letters
    father: str | None
    surname: str | None
    born: date


@dataclass
class Record:
    """One record of an identity, as one source writes it."""

    identity: int
    name: str
    other_names: list[str] = field(default_factory=list)
    born: str | None = None
    gender: str | None = None
    country: str = "AZ"
    given_name: str | None = None
    patronymic: str | None = None
    surname: str | None = None
    how: str = "original"  # for a duplicate: what made it differ


class Weighted:
    """Draw from a list with Zipf-like weights: the k-th item has weight 1 / (k + 1) ** exponent."""

    def __init__(self, items: list[str], exponent: float, weights: list[float] | None = None) -> None:
        self.items = items
        self.cum = list(accumulate(weights or [1 / (k + 1) ** exponent for k in range(len(items))]))

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


def _ordered(head: list[str], tail, rng: random.Random) -> list[str]:
    rest = [t for t in dict.fromkeys(tail) if t not in head]
    rng.shuffle(rest)
    return [*dict.fromkeys(head), *rest]


def _az_surnames_from(names) -> list[str]:
    """Surnames made from given names, as Azerbaijani ones are: Kamran → Kamranov, Kamranlı, Kamranzadə."""
    out = []
    for name in names:
        vowel = name[-1].lower() in "aeiouəıöü"
        out += [name + ("yev" if vowel else "ov"), name + harmony_li(name), name + "zadə"]
    return out


def _ru_surnames_from(names) -> list[str]:
    """Surnames made from given names, as most Russian ones are: Абрам → Абрамов, Аким → Акимов, Илья → Ильин."""
    out = []
    for name in names:
        if name.endswith(("а", "я")):
            out.append(name[:-1] + "ин")
        elif name.endswith(("й", "ь")):
            out.append(name[:-1] + "ев")
        else:
            out.append(name + "ов")
    return out


# Zipf exponents, chosen so that the most common name has about its real share: Məmmədov about 10% of
# Azerbaijanis, Smirnov about 2% of Russians, Aleksandr about 7% of Russian men (World.shares prints them).
EXPONENTS = {("az", "surname"): 0.95, ("az", "male"): 0.6, ("az", "female"): 0.6,
             ("ru", "surname"): 0.45, ("ru", "male"): 0.75, ("ru", "female"): 0.6}


class World:
    """Name distributions for each tradition, and the people drawn from them."""

    def __init__(self, seed: int) -> None:
        from faker.providers.person.az_AZ import Provider as Az
        from faker.providers.person.ru_RU import Provider as Ru

        self.rng = random.Random(seed)
        order = random.Random(seed + 1)
        az_surnames = [s for s in (*Az.last_names_male, *Az.last_names_unisex) if not s.endswith("oğlu")]
        az_surnames += _az_surnames_from(Az.first_names_male)  # the long tail real lists have
        ru_surnames = [*dict.fromkeys(Ru.last_names_male), *_ru_surnames_from(Ru.first_names_male)]
        lists = {
            ("az", "surname"): _ordered(AZ_SURNAME_HEAD, az_surnames, order),
            ("az", "male"): _ordered(AZ_MALE_HEAD, Az.first_names_male, order),
            ("az", "female"): _ordered(AZ_FEMALE_HEAD, Az.first_names_female, order),
            ("ru", "surname"): list(dict.fromkeys(ru_surnames)),  # Faker's are in order of frequency
            ("ru", "male"): _ordered(RU_MALE_HEAD, Ru.first_names_male, order),
            ("ru", "female"): _ordered(RU_FEMALE_HEAD, Ru.first_names_female, order),
        }
        self.names = {key: Weighted(items, EXPONENTS[key]) for key, items in lists.items()}
        syllables = [s.split(":") for s in BURMESE_SYLLABLES.split()]
        self.burmese = Weighted([s for s, _ in syllables], 0, [float(w) for _, w in syllables])
        self.people: list[Identity] = []

    def shares(self) -> dict[str, tuple[str, float, int]]:
        """The most common name of each list, its share, and how many names the list holds."""
        out = {}
        for (tradition, part), w in self.names.items():
            out[f"{tradition} {part}"] = (w.items[0], w.cum[0] / w.cum[-1], len(w.items))
        return out

    def person(self) -> Identity:
        rng = self.rng
        if self.people and rng.random() < SIBLINGS:
            return self.sibling(rng.choice(self.people))
        tradition = rng.choices([t for t, _ in TRADITIONS], [w for _, w in TRADITIONS])[0]
        gender = "male" if rng.random() < 0.75 else "female"
        born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 55 * 365))
        if tradition == "mm":
            given = " ".join(self.burmese.draw(rng) for _ in range(rng.choice((2, 2, 3, 3, 3, 4))))
            return self._add(Identity(len(self.people), tradition, gender, given, None, None, born))
        given = self.names[(tradition, gender)].draw(rng)
        father = self.names[(tradition, "male")].draw(rng)
        surname = self.names[(tradition, "surname")].draw(rng)
        return self._add(Identity(len(self.people), tradition, gender, given, father, surname, born))

    def sibling(self, of: Identity) -> Identity:
        rng = self.rng
        gender = "male" if rng.random() < 0.75 else "female"
        born = of.born + timedelta(days=rng.choice((-1, 1)) * rng.randint(300, 12 * 365))
        if of.tradition == "mm":  # Burmese siblings share no surname; often a syllable
            given = " ".join([of.given.split()[0], *(self.burmese.draw(rng) for _ in range(rng.choice((1, 2))))])
            return self._add(Identity(len(self.people), "mm", gender, given, None, None, born))
        given = of.given
        while given == of.given:
            given = self.names[(of.tradition, gender)].draw(rng)
        return self._add(Identity(len(self.people), of.tradition, gender, given, of.father, of.surname, born))

    def _add(self, identity: Identity) -> Identity:
        self.people.append(identity)
        return identity

    # -- records

    def record(self, p: Identity, duplicate: bool = False) -> Record:
        """A record of `p` as one source writes it; a duplicate is written as another source would."""
        rng = self.rng
        styles = {"az": self._az_names, "ru": self._ru_names, "mm": self._mm_names}[p.tradition]
        names, how = styles(p)
        rec = Record(p.number, names[0], names[1:3], country=COUNTRY[p.tradition], how=how if duplicate else "")
        if rng.random() < BIRTH:
            rec.born = p.born.isoformat() if rng.random() < FULL_DATE else str(p.born.year)
        if rng.random() < GENDER:
            rec.gender = p.gender
        if p.tradition != "mm" and rng.random() < STRUCTURED:
            rec.given_name = p.given if p.tradition == "az" else ru_latin(p.given)
            rec.surname = _surname_form(p) if p.tradition == "az" else ru_latin(_surname_form(p))
            if "patronymic" in how or rng.random() < 0.5:
                rec.patronymic = p.father if p.tradition == "az" else ru_latin(ru_patronymic(p.father, p.gender))
        if duplicate:
            self._perturb(rec, p)
        return rec

    def _perturb(self, rec: Record, p: Identity) -> None:
        """What else makes a second source's record differ: a typo, initials, a spoof."""
        rng = self.rng
        r = rng.random()
        if r < 0.18:
            rec.name = typo(rec.name, rng)
            rec.other_names = []
            rec.how += "+typo"
        elif r < 0.22 and p.tradition != "mm":
            words = rec.name.split()
            if len(words) >= 2:
                rec.name = f"{_surname_form(p) if p.tradition == 'az' else ru_latin(_surname_form(p))} " \
                           f"{az_english(p.given)[0] if p.tradition == 'az' else ru_latin(p.given)[0]}." \
                           + (f"{(az_english(p.father) if p.tradition == 'az' else ru_latin(p.father))[0]}."
                              if rng.random() < 0.6 else "")
                rec.other_names = []
                rec.how += "+initials"
        elif r < 0.24:
            rec.name = lookalike(rec.name, rng)
            rec.other_names = []
            rec.how += "+lookalike"

    def _az_names(self, p: Identity) -> tuple[list[str], str]:
        rng = self.rng
        surname = _surname_form(p)
        particle = "oğlu" if p.gender == "male" else "qızı"
        forms = {
            "native": f"{p.given} {surname}",
            "english": az_english(f"{p.given} {surname}"),
            "russian": az_russian_latin(f"{p.given} {surname}"),
            "patronymic": f"{p.given} {p.father} {particle} {surname}",
            "patronymic-english": az_english(f"{p.given} {p.father} {'oglu' if p.gender == 'male' else 'qizi'} "
                                             f"{surname}"),
            "official-patronymic": f"{surname} {p.given} {p.father} {particle}",
            "cyrillic-patronymic": az_cyrillic(f"{surname} {p.given} {p.father}")
            + (" оглы" if p.gender == "male" else " кызы"),
            "cyrillic": az_cyrillic(f"{p.given} {surname}"),
            "russian-patronymic": f"{az_russian_latin(surname)} {az_russian_latin(p.given)} "
                                  f"{az_patronymic_ru(p.father, p.gender)}",
        }
        weights = {"native": 3, "english": 6, "russian": 2, "patronymic": 2, "patronymic-english": 2,
                   "official-patronymic": 1, "cyrillic-patronymic": 1, "cyrillic": 1, "russian-patronymic": 1}
        first = rng.choices(list(weights), list(weights.values()))[0]
        names = [forms[first]]
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            other = forms[rng.choice(list(forms))]
            if other not in names:
                names.append(other)
        return names, first

    def _ru_names(self, p: Identity) -> tuple[list[str], str]:
        rng = self.rng
        surname, patronymic = _surname_form(p), ru_patronymic(p.father, p.gender)
        system = rng.randrange(2)
        forms = {
            "cyrillic-patronymic": f"{surname} {p.given} {patronymic}",
            "latin-patronymic": ru_latin(f"{surname} {p.given} {patronymic}", system),
            "latin-western-patronymic": ru_latin(f"{p.given} {patronymic} {surname}", system),
            "latin": ru_latin(f"{p.given} {surname}", system),
            "cyrillic": f"{p.given} {surname}",
            "latin-surname-first": ru_latin(f"{surname} {p.given}", system),
        }
        weights = {"cyrillic-patronymic": 3, "latin-patronymic": 3, "latin-western-patronymic": 1, "latin": 4,
                   "cyrillic": 1, "latin-surname-first": 1}
        first = rng.choices(list(weights), list(weights.values()))[0]
        names = [forms[first]]
        if rng.random() < 0.4:
            other = forms[rng.choice(list(forms))]
            if other not in names:
                names.append(other)
        return names, first

    def _mm_names(self, p: Identity) -> tuple[list[str], str]:
        rng = self.rng
        words = p.given.split()
        how = "plain"
        variable = [k for k, w in enumerate(words) if w in BURMESE_VARIANTS]
        if variable and rng.random() < 0.3:
            k = rng.choice(variable)
            words = [*words[:k], BURMESE_VARIANTS[words[k]], *words[k + 1:]]
            how = "spelling"
        if rng.random() < 0.5:
            old = (date(2024, 1, 1) - p.born).days > 40 * 365
            honorific = ("U" if old else "Ko") if p.gender == "male" else ("Daw" if old else "Ma")
            words = [honorific, *words]
            how += "+honorific"
        return [" ".join(words)], how


def _surname_form(p: Identity) -> str:
    surname = p.surname or ""
    if p.gender == "female" and surname.endswith(("ov", "ev", "in", "ов", "ев", "ин")):
        return surname + ("a" if surname[-1].isascii() else "а")
    if p.gender == "female" and surname.endswith(("ий", "ой")):
        return surname[:-2] + "ая"
    return surname


def typo(text: str, rng: random.Random) -> str:
    """One slip in one word of four letters or more: a letter dropped, doubled, changed, or two swapped."""
    words = text.split()
    long_ = [k for k, w in enumerate(words) if len(w) >= 4 and w.isalpha() and w.lower() not in PARTICLE_WORDS]
    if not long_:
        return text
    k = rng.choice(long_)
    w = words[k]
    pos = rng.randrange(1, len(w) - 1)
    kind = rng.choice(("drop", "double", "change", "swap"))
    if kind == "drop":
        w = w[:pos] + w[pos + 1:]
    elif kind == "double":
        w = w[:pos] + w[pos] + w[pos:]
    elif kind == "swap":
        w = w[:pos] + w[pos + 1] + w[pos] + w[pos + 2:]
    else:
        letters = "abdefgiklmnorstuvyz" if w.isascii() else "абвгдеиклмнорстуя"
        w = w[:pos] + rng.choice(letters) + w[pos + 1:]
    words[k] = w
    return " ".join(words)


def lookalike(text: str, rng: random.Random) -> str:
    """Letters swapped for Cyrillic look-alikes, as a spoof would: `Seymur Hazi` → `Ѕеymur Наzі`."""
    return "".join(LOOKALIKE[ch] if ch in LOOKALIKE and rng.random() < 0.5 else ch for ch in text)


def generate(people: int, duplicates: float, seed: int = 1) -> tuple[list[Record], set[tuple[int, int]]]:
    """`people` distinct people, one record each, plus a second record for a share `duplicates` of them.

    Returns the records in a shuffled order and the set of index pairs (i < j) that are one person.
    """
    world = World(seed)
    records: list[Record] = []
    for _ in range(people):
        p = world.person()
        records.append(world.record(p))
        if world.rng.random() < duplicates:
            records.append(world.record(p, duplicate=True))
    world.rng.shuffle(records)
    by_identity: dict[int, list[int]] = {}
    for k, rec in enumerate(records):
        by_identity.setdefault(rec.identity, []).append(k)
    truth = {(a, b) for ks in by_identity.values() for x, a in enumerate(ks) for b in ks[x + 1:]}
    return records, truth
