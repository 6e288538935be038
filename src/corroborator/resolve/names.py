"""Names as the entities stage compares them: cleaned, folded across spellings and scripts.

A name is cleaned (titles, a leading "the" and a possessive taken off), transliterated to
ASCII with anyascii ("Юрий" -> "Yurii"), and folded so that the press's spelling variants
meet ("Yuriy", "Yuri", "Yury", "Iurii" -> "iuri"; "Serhiy", "Sergiy" -> "seri"; "Novaya",
"Nova" -> "nova").  The consonant skeleton of a folded
name ("dskn") is the blocking key the store indexes: candidates are found through it,
never by comparing a name with every entity of the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from anyascii import anyascii
from rapidfuzz.fuzz import ratio

from corroborator.resolve.institutions import country_around, split_qualified

PEOPLE = "PERSON"
ORG = "ORG"
KINDS = ("PERSON", "ORG", "GPE", "NORP")
# The parser tags one place or body now as a place, now as an organisation (and a place now and
# then as a person): their names are indexed under one prefix and compared whole, whatever the kind.
NAMED = "NAME"
NAMED_KINDS = frozenset({"ORG", "GPE", "FAC", "LOC"})
KEY_CHARS = 56  # a key is "KIND:" and at most this many letters: it fits the store's 64

# Words that stand before a person's name as a rank, office or form of address.
TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir lord lady gen general maj major col colonel lt lieutenant capt
    captain sgt sergeant adm admiral cmdr commander brig brigadier marshal field president
    vice prime minister deputy foreign defence defense interior spokesman spokeswoman spokesperson
    governor acting mayor senator rep representative secretary chancellor king queen prince
    princess pope patriarch ambassador chief head director chairman chairwoman leader
    """.split()
)

# Given names that differ between Ukrainian, Russian and English renderings of one person.
_GIVEN = (
    "Volodymyr Vladimir",
    "Oleksandr Aleksandr Alexander Aleksander Alexandr",
    "Serhiy Serhii Sergei Sergey",
    "Dmytro Dmitry Dmitri Dmitriy",
    "Mykola Nikolai Nikolay",
    "Andriy Andrii Andrei Andrey",
    "Ihor Igor",
    "Oleksiy Oleksii Aleksei Alexei Alexey",
    "Mykhailo Mikhail Michael",
    "Petro Pyotr Petr Peter",
    "Pavlo Pavel",
    "Vitaliy Vitalii Vitali Vitaly",
    "Yuriy Yuri Yury Iurii",
)

# Places whose Russian-derived and Ukrainian spellings both run in the press (first: the form kept).
_PLACES = (
    "Kyiv Kiev",
    "Kharkiv Kharkov",
    "Odesa Odessa",
    "Lviv Lvov",
    "Mykolaiv Nikolaev Nikolayev",
    "Zaporizhzhia Zaporizhia Zaporozhye Zaporozhie",
    "Dnipro Dnepr",
    "Luhansk Lugansk",
    "Chernihiv Chernigov",
    "Zhytomyr Zhitomir",
    "Vinnytsia Vinnitsa",
    "Rivne Rovno",
    "Chernivtsi Chernovtsy",
    "Ternopil Ternopol",
    "Sloviansk Slavyansk",
    "Avdiivka Avdeyevka",
    "Kupiansk Kupyansk",
    "Vovchansk Volchansk",
    "Izium Izyum",
    "Khmelnytskyi Khmelnitsky",
)

# Heads of the names of power plants, in the wordings the press uses for one kind of plant
# (first: the one kept): "Kama dam", "Kama HPP" and "Kama Hydroelectric Power Plant" are one
# name, while "Kama" alone, the town the plant is named after, stays another.
_HEADS = (
    "hpp: dam, hes, ges, hydroelectric dam, hydropower dam, hydroelectric plant, hydroelectric station, "
    "hydroelectric power plant, hydroelectric power station, hydropower plant, hydropower station, "
    "hydro power plant, hydro power station, hydro electric power plant, hydro electric dam",
    "npp: aes, nuclear plant, nuclear station, nuclear power plant, nuclear power station",
    "tpp: chp, chpp, thermal plant, thermal power plant, thermal power station",
)

_NOT_LETTER = re.compile(r"[^a-z]+")
_VOWELS = re.compile(r"[aeiouy]")
_G_NOT_NG = re.compile(r"(?<!n)g")
_POSSESSIVE = re.compile(r"['’]s?$")
# The Russian endings of a feminine and a neuter adjective against the Ukrainian ones ('Novaya'
# and 'Nova', 'Novoye' and 'Nove'), in words long enough to be such an adjective.
_ADJECTIVE_ENDS = (("aia", "a"), ("oie", "e"))


def _variants() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _GIVEN:
        folded = [fold(name) for name in group.split()]
        table.update((name, folded[0]) for name in folded)
    return table


def ascii_of(text: str) -> str:
    return anyascii(text)


def _letters(word: str) -> str:
    text = _NOT_LETTER.sub("", ascii_of(word).lower())
    text = text.replace("kh", "h").replace("y", "i").replace("j", "i").replace("x", "ks")
    # One Cyrillic letter is written g or h ('Serhiy', 'Sergiy'), and kh or h; after the first
    # letter an h is dropped, so that these meet, as do 'sh' and 's', 'zh' and 'z' ('Zhytomyr').
    # An 'ng' stays ('Wang' is not 'Wan').
    text = _G_NOT_NG.sub("h", text)
    text = text[:1] + text[1:].replace("h", "")
    text = re.sub(r"(.)\1+", r"\1", text)  # doubled letters: 'Iurii', 'Zelenskyy'
    for russian, ukrainian in _ADJECTIVE_ENDS:
        if len(text) >= 6 and text.endswith(russian):
            return text[: -len(russian)] + ukrainian
    return text


PLACE_VARIANTS: dict[str, str] = {
    _letters(variant): _letters(group.split()[0]) for group in _PLACES for variant in group.split()
}


def fold(word: str) -> str:
    """One form for the spelling variants of a word: 'Yuriy', 'Yury', 'Iurii' -> 'iuri';
    'Kiev' -> 'kiiv', as 'Kyiv' (the places whose two spellings both run in the press)."""
    text = _letters(word)
    return PLACE_VARIANTS.get(text, text)


def _heads() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for line in _HEADS:
        kept, wordings = line.split(":")
        for wording in [kept, *wordings.split(",")]:
            table[tuple(fold(word) for word in wording.split())] = fold(kept)
    return table


HEADS: dict[tuple[str, ...], str] = _heads()
_LONGEST_HEAD = max(len(wording) for wording in HEADS)


def fold_name(text: str) -> str:
    """A name of several words folded word by word, a plant's head in one wording ('Novaya
    Kakhovka' -> 'nova kaovka'; 'Kama Hydroelectric Power Plant', 'Kama dam' -> 'kama hp')."""
    words = [folded for folded in (fold(word) for word in text.split()) if folded]
    for size in range(min(_LONGEST_HEAD, len(words) - 1), 0, -1):
        head = HEADS.get(tuple(words[-size:]))
        if head is not None:
            return " ".join([*words[:-size], head])
    return " ".join(words)


def skeleton(word: str) -> str:
    """A blocking key that survives transliteration: the folded word's consonants."""
    folded = fold(word)
    return (folded[:1] + _VOWELS.sub("", folded[1:]))[:KEY_CHARS] if folded else ""


def same_word(a: str, b: str) -> float:
    """How alike two folded words are, 0..1 (rapidfuzz's normalised Indel similarity)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return ratio(a, b) / 100.0


@dataclass(frozen=True)
class Name:
    """A mention's text cleaned for comparison."""

    text: str  # the name as shown, titles taken off ("Yuriy Dashkin")
    kind: str
    titles: tuple[str, ...]  # what stood before it ("Maj Gen")
    given: str  # folded first name, or its initial, or ""
    surname: str  # folded last word (for people), an institution's country and institution, or the folded whole name
    initial: bool  # the given name is only an initial ("Y. Dashkin")
    nation: str = ""  # an institution's country ("russia" for "Russia's Defence Ministry")
    base: str = ""  # what institution an organisation's name says it is ("defence ministry")

    @property
    def full(self) -> bool:
        return bool(self.given) and not self.initial

    @property
    def key(self) -> str:
        """The blocking key of this name in the store's index."""
        if self.kind in NAMED_KINDS and not self.base:
            return f"{NAMED}:{skeleton(self.surname)}"
        return f"{self.kind}:{skeleton(self.surname)}"

    @property
    def whole_key(self) -> str:
        """The key of the whole name as a place's or a body's: where a person's full name meets
        the same words tagged as a place ("Nova Kakhovka" tagged as a person)."""
        return f"{NAMED}:{skeleton(fold_name(self.text))}"

    @property
    def keys(self) -> set[str]:
        """Every key the name is indexed under: a person's full name also whole."""
        return {self.key, self.whole_key} if self.kind == PEOPLE and self.full else {self.key}

    @property
    def alias_key(self) -> str:
        """A name's identity for a user's merge or split: kind and spelling."""
        return alias_key(self.kind, self.text)


def alias_key(kind: str, text: str) -> str:
    """One spelling of a name (case and spacing aside): what a user's merge or split is about."""
    spelling = " ".join(text.replace("’", "'").casefold().split())
    return f"{kind}:{spelling}"


def clean(text: str, kind: str) -> Name | None:
    """The name in a mention, or None when nothing nameable is left (punctuation, digits)."""
    words = ascii_of(text).replace("’", "'").split() if kind == PEOPLE else text.split()
    words = [w for w in words if any(ch.isalpha() for ch in w)]
    if not words:
        return None
    words[-1] = _POSSESSIVE.sub("", words[-1]) if len(words[-1]) > 2 else words[-1]
    if kind != PEOPLE:
        if words[0].lower() == "the" and len(words) > 1:
            words = words[1:]
        shown = " ".join(words)
        folded = fold_name(" ".join(words))
        if kind == ORG:
            country, institution = split_qualified(words)
            if institution:  # compared by country and institution, however it is worded
                return Name(
                    shown, kind, (), "", f"{country} {institution}".strip(), False, country, institution
                )
        return Name(shown, kind, (), "", folded, False) if folded.strip() else None
    original = [w for w in text.replace("’", "'").split() if any(ch.isalpha() for ch in w)]
    titles: list[str] = []
    while len(words) > 1 and _NOT_LETTER.sub("", words[0].lower()) in TITLES:
        titles.append(original[len(titles)] if len(original) > len(titles) else words[0])
        words = words[1:]
    surname = fold(words[-1])
    if not surname:
        return None
    given_word = words[0] if len(words) > 1 else ""
    given = fold(given_word)
    initial = len(given) == 1
    shown_words = original[len(titles) :] if len(original) == len(words) + len(titles) else words
    shown = " ".join(shown_words)
    shown = _POSSESSIVE.sub("", shown) if len(shown) > 2 else shown
    return Name(shown, kind, tuple(titles), given, surname, initial)


def in_context(name: Name, text: str, start: int, end: int) -> Name:
    """A bare institution's name with the country written just around its mention, if any:
    "Defence Ministry" after "Russia's" is "Russia's Defence Ministry" of "russia"."""
    if not name.base or name.nation or not text:
        return name
    country, before, after = country_around(text, start, end)
    if not country:
        return name
    shown = " ".join(part for part in (before, name.text, after) if part)
    return with_nation(replace(name, text=shown), country)


def with_nation(name: Name, country: str) -> Name:
    """A bare institution's name taken as that country's (its spelling kept)."""
    return replace(name, nation=country, surname=f"{country} {name.base}")


GIVEN_VARIANTS: dict[str, str] = _variants()


def given_compatible(a: str, b: str) -> float:
    """How surely two folded given names (or initials) are one name, 0 when they are not."""
    if not a or not b:
        return 0.0
    if len(a) == 1 or len(b) == 1:
        return 0.8 if a[0] == b[0] else 0.0
    if GIVEN_VARIANTS.get(a, a) == GIVEN_VARIANTS.get(b, b):
        return 1.0 if a == b else 0.95
    score = same_word(a, b)
    return score if score >= 0.85 and a[0] == b[0] else 0.0


def surname_compatible(a: str, b: str) -> float:
    score = same_word(a, b)
    return score if score >= 0.88 else 0.0
