"""Who a claim holds responsible for a deed, whom it clears, whose account it dismisses.

The two sides of a contested event rarely share words: one says "a window was prepared on
the Ukrainian side", the other that it is "absurd", a third that there was "no Ukrainian
involvement whatsoever". So each claim is read for its stance on responsibility:

- **blame**: the actors it holds responsible, read from the slots that name a doer ("blown up
  by a Russian sabotage group", "Kyiv was behind it", "a Ukrainian rocket strike", "accused
  the US and Britain of ...", "claimed responsibility" by the claimant itself), with "alone"
  or "sole" marking a blame that leaves no room for another doer;
- **denial**: the actors it clears ("denied any involvement" clears the denier, "no Ukrainian
  involvement" and "they didn't blow it up" clear who they name);
- **dismissal**: words that reject another's account ("absurd", "lies", "nonsense", "fake")
  clear the actor the account is about ("versions ... regarding Ukraine") or else the one
  who dismisses it, and contest the accounts of the source they name ("coming from the
  Kremlin").

Actors are countries (any of the entities stage's country table, its adjectives and its
plurals) and the seats of government of the known parties, read as countries; other named
doers ("the group claimed responsibility") are kept by name. Read by :mod:`corroborator.align.blame`
(conflicts) and :mod:`corroborator.align.grouping` (claims that blame different doers are two
accounts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from corroborator.align.origins import fold_name
from corroborator.align.parties import state_party
from corroborator.align.units import STOPWORDS, Unit, negative, points_back
from corroborator.extract.windows import MONTHS, WEEKDAYS
from corroborator.nations import nations
from corroborator.resolve.institutions import NATIONS


def _other_parties() -> dict[str, str]:
    """The state party of each country the press tables do not name -> its name, lower case."""
    parties = {state_party(nation): nation.name.lower() for nation in nations()}
    return {party: name for party, name in parties.items() if _tabled_country(party) is None}


def _forms() -> dict[str, str]:
    """Surface form (lower case) -> country: names, adjectives, their plurals, and the seats
    of government of the known parties (marked with "@": "the Moscow attack" names a place,
    not a doer, so a seat is a doer only where a name would be)."""
    forms = dict(NATIONS)
    for form, country in NATIONS.items():
        if " " not in form and form[-1] in "ni" and len(form) > 3:
            forms.setdefault(form + "s", country)  # "Russians", "Israelis"
    for nation in nations():
        seat_of = _tabled_country(state_party(nation))
        if seat_of is None:
            # A country the press tables do not name: its names and adjectives mark it as a
            # doer all the same ("a Peruvian link"); its capital stays a place.
            for form in (*nation.names, *nation.adjectives):
                forms.setdefault(form, nation.name.lower())
            continue
        for name in nation.names:
            forms.setdefault(name, seat_of)
        for mark in (*nation.seats, *(capital.lower() for capital in nation.capitals)):
            forms.setdefault(mark, "@" + seat_of)
    return forms


def party_country(party: str | None) -> str | None:
    """The country a party's name points to ("russia-state" -> "russia"), or None."""
    if not party:
        return None
    return _OTHER_PARTIES.get(party) or _tabled_country(party)


def _tabled_country(party: str) -> str | None:
    words = party.replace("-", " ").split()
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            country = NATIONS.get(" ".join(words[start : start + size]))
            if country:
                return country
    return None


_OTHER_PARTIES = _other_parties()
_FORMS = _forms()


def _written(form: str) -> set[str]:
    """The ways a form is written with a capital: "Saudi arabia", "Saudi Arabia", "USA"."""
    return {form[:1].upper() + form[1:], form.title(), *([form.upper()] if len(form) <= 4 else [])}


# Matched as written: only a capitalised mention is a doer, so every alternative starts with a
# capital and the search skips the rest of the text quickly (hundreds of countries' forms).
_MENTION = re.compile(
    r"(?<![\w⟨])("
    + "|".join(re.escape(w) for w in sorted({w for f in _FORMS for w in _written(f)}, key=len, reverse=True))
    + r")(?![\w⟩])"
)
COUNTRIES = frozenset(form.lstrip("@") for form in _FORMS.values())
# Capitalised words that start a sentence or a quotation, never a doer's name.
_NOT_NAMES = (
    STOPWORDS
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | frozenset(
        "by in on at if when while after before during suddenly meanwhile however earlier later today yesterday "
        "there here all both some many most several one two three four five".split()
    )
)


def _any(words: str) -> str:
    """One case-blind pattern of whole words, from a list of patterns split by spaces."""
    return r"(?i:\b(?:" + "|".join(words.split()) + r")\b)"


# A doer: a tagged country, or a capitalised name of up to three words; a list of doers.
_COUNTRY = r"⟨[a-z .]+⟩"
_COUNTRY_OR_SEAT = r"⟨@?[a-z .]+⟩"
_DOER = rf"(?:{_COUNTRY_OR_SEAT}|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}})"
_OWNER = rf"{_DOER}(?:['’]s)?"
_DOERS = rf"{_OWNER}(?:\s*,\s*(?:the\s+)?{_OWNER})*(?:,?\s+and\s+(?:the\s+)?{_OWNER})?"
_THE = r"(?:(?i:the|a|an)\s+)?"
_ONE = re.compile(_DOER)
# Deeds named by a passive participle or a noun, whose doer follows "by" ("blown up by").
_DONE_BY = (
    r"(?i:blown(?:\s+up)?|blew\s+up|destroyed|caused|orchestrated|organi[sz]ed|carried\s+out|committed|set\s+off|"
    r"planted|staged|planned|ordered|masterminded|perpetrated|prepared|detonated|mined|shelled|struck|"
    r"attacked|hit|sabotaged?|strikes?|attacks?|shelling|explosions?|blasts?|provocations?|"
    r"rockets?|missiles?|drones?|shells?|bombs?|(?:was|were)\s+behind)"
)
_SOFTENERS = r"(?:(?i:deliberately|allegedly|reportedly|likely|apparently|probably|most\s+likely)\s+)?"
# Harmful deeds one can be involved in or linked to ("involved in the attack").
_HARM = _any(
    r"attacks? strikes? bombings? blasts? explosions? killings? crimes? acts? plots? sabotage massacres? "
    r"shootings? assaults? raids? destruction terror\w*"
)
# Deeds whose doer is the subject ("Kyiv was behind it", "Russia blew it up").
_DOES = (
    r"(?i:blew|(?:has|have|had)\s+blown|blowing|blow\s+(?:it\s+|up\s+)?|committed|commits|carried\s+out|"
    r"orchestrated|organi[sz]ed|facilitated|staged|masterminded|perpetrated|detonated|mined|planted|"
    r"shelled|sabotaged|launched\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:attack|strike|assault)|"
    r"(?:is|was|were|are|be)\s+(?:(?:solely|partly|largely|also|fully|entirely)\s+)?to\s+blame|"
    r"(?:is|was|were|are|be|being|been)\s+(?:\w+\s+){0,2}?(?:behind|responsible|"
    rf"(?:involved\s+in|linked\s+to|connected\s+(?:to|with)|tied\s+to)\s+(?:[\w'’-]+\s+){{0,3}}?{_HARM})|"
    r"bears?\s+(?:\w+\s+){0,2}?responsibility|had\s+a\s+hand|stands?\s+behind)"
)
_NOT_PASSIVE = r"(?!\s+(?:(?i:up|out|off)\s+)?(?i:by)\b)"
# Nouns of a deed or of a part in it, after the doer's adjective ("a Ukrainian rocket strike").
_DEED_NOUNS = _any(
    r"sabotage saboteurs? provocations? strikes? shelling involvement role trace link hand destruction "
    r"false\s+flag plot attack"
)
_PATTERNS = (
    re.compile(rf"{_DONE_BY}\s+{_SOFTENERS}(?i:by|from)\s+{_THE}(?:[\w'’-]+\s+){{0,2}}?(?P<d>{_DOERS})"),
    re.compile(rf"(?i:on|from|by)\s+{_THE}(?P<d>{_COUNTRY})\s+(?i:side)"),
    re.compile(rf"(?P<d>{_DOERS})\s+(?:[\w'’\[\]()-]+\s+){{0,3}}?{_DOES}{_NOT_PASSIVE}"),
    re.compile(rf"(?P<d>{_COUNTRY})(?:['’]s)?\s+(?:[\w-]+\s+)?{_DEED_NOUNS}"),
    re.compile(rf"(?i:accus\w*|blam\w*)\s+{_THE}(?P<d>{_DOERS})\s+(?:[a-z][\w-]*\s+){{0,2}}?(?i:of|for)\b"),
    re.compile(rf"(?i:blam\w*)\s+(?:[\w'’-]+\s+){{0,4}}?(?i:on)\s+{_THE}(?P<d>{_DOERS})"),
    re.compile(rf"(?i:responsibility|blame)\b[^.;]{{0,80}}?\b(?i:to)\s+{_THE}(?P<d>{_COUNTRY})"),
    re.compile(
        rf"(?i:links?|linking|ties|tying|connects?|connecting)\s+(?:\w+\s+){{0,2}}?(?i:to|with)\s+{_THE}(?P<d>{_COUNTRY})"
    ),
)
# A content that starts with the accused ("the US and Britain of being behind it").
_ACCUSED = re.compile(
    rf"^\s*{_THE}(?P<d>{_DOERS})\s+(?:(?i:of)\s+\w+ing\b|(?:[a-z][\w-]*\s+){{0,2}}?(?i:for)\b)"
)
_ACCUSING = re.compile(r"\b(?:accus\w*|blam\w*|charg\w*)\b", re.IGNORECASE)
# "No Ukrainian involvement", "Ukraine had no role", "there was no evidence that ... ".
_NEGATOR = re.compile(
    _any(
        r"no not never nothing none without neither nor falsely wrongly reject\w* den(?:y|ies|ied|ying) "
        r"dismiss\w* refut\w*"
    )
    + r"|n['’]t\b"
)
_NO_PART = re.compile(
    rf"(?P<d>{_DOERS})\s+(?i:had|has|have|played|bears?)\s+[\"“‘']?(?i:no|not\s+any|nothing)\b\s*(?:\w+\s+){{0,2}}?"
    r"(?i:involvement|role|part|hand|responsibility|link|connection|relation)"
)
# Words that reject an account; what they reject is named by its source or its subject.
# ("lies" as a noun only: "Kherson lies on the river" rejects nothing).
EVALUATIVE = re.compile(
    _any(
        r"absurd\w* nonsense liars? fakes? untenable baseless groundless unfounded fabricat\w* ridiculous "
        r"propaganda disinformation slander\w* falsehoods? fiction"
    )
    + r"|"
    + _any("are were is was be all pure outright blatant complete such these more of")
    + r"\s+lies\b"
)
DISMISSAL = re.compile(EVALUATIVE.pattern + "|" + _any(r"reject\w* refut\w*"))
_ACCOUNT = _any(
    "versions? claims? accusations? allegations? statements? reports? narratives? assertions? propaganda "
    "nonsense lies"
)
_SOURCE = (
    re.compile(rf"(?P<d>{_COUNTRY})(?:['’]s)?\s+(?:[\w'’-]+\s+){{0,3}}?{_ACCOUNT}"),
    re.compile(
        rf"{_ACCOUNT}\b[^.;]{{0,60}}?\b(?i:from|by)\s+(?:[\w'’-]+\s+){{0,4}}?(?P<d>{_COUNTRY_OR_SEAT})"
    ),
)
_TOPIC = re.compile(
    r"(?i:regarding|about|concerning|against|of|pointing\s+to|implicating|blaming)\s+(?:(?i:the|a|an)\s+)?"
    rf"(?P<d>{_COUNTRY_OR_SEAT})"
)
_SOLE = re.compile(_any("sole solely alone entirely exclusively"))
_STARTS_RESPONSIBLE = re.compile(r"^\W*(?:full\s+|sole\s+)?responsibility\b", re.IGNORECASE)


@dataclass(frozen=True)
class Stance:
    """One claim's reading on responsibility."""

    blamed: frozenset[str] = frozenset()  # countries (or names, for other doers) held responsible
    sole: bool = False  # the blame leaves no room for another doer
    cleared: frozenset[str] = frozenset()  # actors it says did not do it
    dismissed: frozenset[str] = frozenset()  # sources whose accounts it rejects
    reasons: tuple[str, ...] = field(default=(), compare=False)

    def __bool__(self) -> bool:
        return bool(self.blamed or self.cleared or self.dismissed)


@lru_cache(maxsize=65536)
def tag(text: str) -> str:
    """The text with each country, adjective or seat replaced by ⟨country⟩; lower-case
    mentions (the pronoun "us") are left alone."""
    return _MENTION.sub(_swap, text.replace("U.S.", "US").replace("U.K.", "UK"))


def _swap(match: re.Match[str]) -> str:
    return f"⟨{_FORMS[match.group(1).lower()]}⟩"


def _doers(text: str) -> set[str]:
    """The doers a tagged text names: countries, and names folded."""
    found = set()
    for match in _ONE.finditer(text):
        word = match.group(0)
        if word.startswith("⟨"):
            found.add(word[1:-1].lstrip("@"))
        elif word.split()[0].lower() not in _NOT_NAMES:  # "By blowing up ...", "Suddenly ..."
            found.add(fold_name(word))
    return {d for d in found if d}


def _negated(tagged: str, match: re.Match[str]) -> bool:
    before = tagged[max(0, match.start() - 45) : match.start()]
    return bool(_NEGATOR.search(before) or _NEGATOR.search(match.group(0)))


def doers(text: str) -> set[str]:
    """The doers an untagged text names ("Hamas officials" -> {"hamas officials"})."""
    return _doers(tag(text))


def claimant_actor(unit: Unit, side: str | None) -> str | None:
    """The country (or name) the claimant speaks for: its party's country, else a country its
    name carries ("Kyiv", "Russia's defence ministry"), else its name when it is a named doer."""
    country = party_country(side)
    if country:
        return country
    found = [d for d in _doers(tag(unit.claimant)) if d in COUNTRIES]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=65536)
def _read(
    text: str, context: str, denied: bool
) -> tuple[frozenset[str], bool, frozenset[str], frozenset[str]]:
    tagged = tag(text)
    rejects = denied or bool(DISMISSAL.search(tagged)) or _rejected_by_cue(text, context)
    # What follows an account's name is that account, not the claimant's own: rejected in a
    # rejection ("accusations that Kyiv was behind it are lies"), else only reported.
    account = re.search(_ACCOUNT, tagged)
    inside = account.start() if account else len(tagged)
    blamed: set[str] = set()
    cleared: set[str] = set()
    for pattern in _PATTERNS:
        for match in pattern.finditer(tagged):
            who = _doers(match.group("d"))
            if match.start() < inside:
                if _negated(tagged, match) or (denied and _PART.search(match.group(0))):
                    cleared.update(who)
                elif not denied:  # a denial's other doers are not what it denies ("had not targeted")
                    blamed.update(who)
            elif rejects:
                cleared.update(who & COUNTRIES)  # the account rejected; one only reported is no one's blame
    for match in _NO_PART.finditer(tagged):
        cleared.update(_doers(match.group("d")))
        blamed.difference_update(_doers(match.group("d")))
    accused = _ACCUSED.match(tagged)
    if accused and _ACCUSING.search(context.split(text[:20])[0] if text[:20] in context else context):
        (cleared if denied else blamed).update(_doers(accused.group("d")))
    dismissed: set[str] = set()
    if rejects:
        for pattern in _SOURCE:
            for match in pattern.finditer(tagged):
                dismissed.update(_doers(match.group("d")))
        for match in _TOPIC.finditer(tagged):
            cleared.update(_doers(match.group("d")) - dismissed)
    cleared -= dismissed
    sole = bool(blamed) and bool(_SOLE.search(tagged))
    return frozenset(blamed - cleared), sole, frozenset(cleared), frozenset(dismissed)


_REJECTING_CUE = re.compile(
    _any(
        r"reject\w* dismiss\w* den(?:y|ies|ied|ying) refut\w* ridicul\w* scoff\w* mock\w* debunk\w* "
        r"contest\w* disput\w*"
    )
    + r"[^.;]{0,40}$"
)


def _rejected_by_cue(text: str, context: str) -> bool:
    """Whether the words just before the claim in its sentence reject it ("dismissed ...")."""
    at = context.find(text[:40])
    return at > 0 and bool(_REJECTING_CUE.search(context[:at]))


def read_stance(unit: Unit, side: str | None = None) -> Stance:
    """The claim's stance on responsibility (rules in the module docstring)."""
    denied = negative(unit)
    blamed, sole, cleared, dismissed = _read(unit.text, unit.context, denied)
    me = claimant_actor(unit, side)
    if me and _STARTS_RESPONSIBLE.match(unit.text) and not blamed and not cleared:
        blamed, sole = frozenset({me}), False  # "X claimed responsibility for ..."
    if (
        me
        and not cleared
        and ((denied and _speaks_of_part(unit.text)) or (dismissed and me not in dismissed))
    ):
        cleared = frozenset({me})  # "Kyiv denied any involvement"; Kyiv calls the accusations lies
    return Stance(blamed, sole, cleared, dismissed - {me} if me else dismissed)


def blamed(unit: Unit) -> frozenset[str]:
    """The doers the claim holds responsible (grouping keeps claims that blame different
    doers apart: "blown up by X" and "blown up by Y" are two accounts, not one)."""
    return read_stance(unit).blamed


_PART = re.compile(
    _any(
        r"involv\w* role part responsib\w* link\w* connection accusations? allegations? blame behind trace hand "
        r"association ties contacts?"
    )
)


def _speaks_of_part(text: str) -> bool:
    """Whether a denial speaks of a part in the deed ("any involvement", "the accusations"),
    not of some other fact; a bare pointer ("that claim") points at what came before."""
    return bool(_PART.search(text)) and not points_back(text)
