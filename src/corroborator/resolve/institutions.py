"""Organisations named by what they are, not by who they are: "the Defence Ministry",
"the General Staff", "parliament".  Every country has one, so such a name says which only
with its country: "Russia's Defence Ministry", "the Russian Defence Ministry", "the
Defence Ministry of Russia".

The country is read from the name itself or from the words just around the mention (the
parser often leaves "Russia's" outside the span).  A name with its country is compared
by country and institution ("russia defence ministry"), whatever the wording; a bare name
is given a country later, by the entities stage, only when its article or story holds
that institution with one country and no other.
"""

from __future__ import annotations

import re

# Words an institution's name is made of; a name of these words alone, with a head among
# them, is an institution every country has (a name with any other word is a proper name).
HEADS = frozenset(
    """
    ministry army navy force forces staff parliament government police guard service services
    bank court command council agency committee office cabinet assembly senate directorate
    department military marines corps embassy intelligence prosecutor
    """.split()
)
_MODIFIERS = frozenset(
    """
    defence foreign interior internal home emergency emergencies situations health justice
    finance economy economic energy education culture affairs general air naval armed ground
    land national border state security central supreme constitutional federal coast space
    aerospace special operations main investigative public joint chiefs high presidential war
    transport agriculture territorial strategic missile of the and for
    """.split()
)
SPELLINGS = {"defense": "defence"}  # US and UK spellings of one word
# One word of the original language that the press translates two ways ("служба": a security
# service or bureau).
TRANSLATIONS = {"bureau": "service"}

# Countries as the press qualifies an institution with them: the country, its adjective.
_COUNTRIES = (
    "russia: russia, russian, russian federation",
    "ukraine: ukraine, ukrainian",
    "us: us, usa, united states, america, american",
    "uk: uk, britain, great britain, united kingdom, british",
    "belarus: belarus, belarusian, belarussian",
    "poland: poland, polish",
    "france: france, french",
    "germany: germany, german",
    "china: china, chinese",
    "israel: israel, israeli",
    "iran: iran, iranian",
    "turkey: turkey, turkish, turkiye",
    "georgia: georgia, georgian",
    "moldova: moldova, moldovan",
    "syria: syria, syrian",
    "iraq: iraq, iraqi",
    "lebanon: lebanon, lebanese",
    "egypt: egypt, egyptian",
    "saudi arabia: saudi arabia, saudi",
    "qatar: qatar, qatari",
    "japan: japan, japanese",
    "india: india, indian",
    "pakistan: pakistan, pakistani",
    "north korea: north korea, north korean",
    "south korea: south korea, south korean",
    "taiwan: taiwan, taiwanese",
    "italy: italy, italian",
    "spain: spain, spanish",
    "canada: canada, canadian",
    "australia: australia, australian",
    "finland: finland, finnish",
    "sweden: sweden, swedish",
    "norway: norway, norwegian",
    "estonia: estonia, estonian",
    "latvia: latvia, latvian",
    "lithuania: lithuania, lithuanian",
    "romania: romania, romanian",
    "hungary: hungary, hungarian",
    "kazakhstan: kazakhstan, kazakh",
    "armenia: armenia, armenian",
    "azerbaijan: azerbaijan, azerbaijani",
)
NATIONS: dict[str, str] = {
    form.strip(): line.split(":")[0] for line in _COUNTRIES for form in line.split(":", 1)[1].split(",")
}

_POSSESSIVE = re.compile(r"['’]s?$")
_WORD = re.compile(r"[A-Za-z][\w.'’-]*")
_OF_AFTER = re.compile(r"^\s+of\s+(?:the\s+)?([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")
_INITIALS = re.compile(r"^(?:[A-Z]\.){2,}$")  # "U.S."
_BEFORE = re.compile(r"(?:^|\s)((?:[A-Z][\w.]*\s+)?[A-Z][\w.]*?(?:['’]s)?)\s$")


def _plain(word: str) -> str:
    word = _POSSESSIVE.sub("", word.strip(".,;:")).replace(".", "").lower()
    return SPELLINGS.get(word, TRANSLATIONS.get(word, word))


def nation(words: list[str]) -> str:
    """The country that these words name or qualify with ("Russia's", "the United States",
    "Ukrainian"), or ""; a word that is not capitalised is never a country ("us")."""
    if not words or not all(word[:1].isupper() for word in words):
        return ""
    return NATIONS.get(" ".join(_plain(word) for word in words), "")


def base(words: list[str]) -> str:
    """The institution these words name, in one form ("Ministry of Defense" -> "defence
    ministry"), or "" when they are a proper name."""
    plain = [_plain(word) for word in words]
    if not plain or not all(word in HEADS or word in _MODIFIERS for word in plain):
        return ""
    if not any(word in HEADS for word in plain) or len(plain) > 8:
        return ""
    while plain and plain[0] in ("the", "of", "and", "for"):
        plain = plain[1:]
    if len(plain) >= 3 and plain[0] == "ministry" and plain[1] == "of":
        plain = [word for word in plain[2:] if word != "the"] + ["ministry"]  # word order
    if plain[-2:] == ["armed", "forces"] and "staff" in plain:  # "General Staff of the Armed Forces"
        plain = plain[: plain.index("staff") + 1]
    if "affairs" in plain and len(plain) > 2:  # "Ministry of Internal Affairs" -> "interior ministry"
        plain = ["interior" if word == "internal" else word for word in plain if word != "affairs"]
    return " ".join(plain)


def split_qualified(words: list[str]) -> tuple[str, str]:
    """(country, institution) of a name's words: "Russian Defence Ministry", "Russia's
    Defence Ministry", "Defence Ministry of Russia" -> ("russia", "defence ministry");
    ("", institution) for a bare name; ("", "") for anything else."""
    for size in (2, 1):
        if len(words) > size:
            country = nation(words[:size])
            if country and (found := base(words[size:])):
                return country, found
    for size in (2, 1):
        tail = len(words) - size
        if tail >= 2 and words[tail - 1].lower() == "of":
            country = nation(words[tail:])
            start = tail - 2 if words[tail - 2].lower() == "the" else tail - 1
            if country and (found := base(words[:start])):
                return country, found
    return "", base(words)


def _ends_sentence(word: str) -> bool:
    """Whether the word closes a sentence ("Russia." in "talks with Russia. Defence Ministry
    staff"), as initials ("U.S.") do not."""
    return word.endswith(".") and not _INITIALS.match(word)


def country_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """A country written just around a mention: (country, words before, words after), as in
    "Russia's | Defence Ministry" or "Defence Ministry | of Ukraine"; ("", "", "") if none."""
    before = _BEFORE.search(text[max(0, start - 40) : start])
    if before and not _ends_sentence(before.group(1).split()[-1]):
        words = before.group(1).split()
        for size in (2, 1):
            if len(words) >= size and (country := nation(words[-size:])):
                return country, " ".join(words[-size:]), ""
    after = _OF_AFTER.match(text[end : end + 40])
    if after:
        words = after.group(1).split()
        for size in (2, 1):
            if len(words) >= size and (country := nation(words[:size])):
                return country, "", "of " + " ".join(words[:size])
    return "", "", ""
