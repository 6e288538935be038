"""Parties: the side each claimant speaks for (a country's state, or independent).

Inferred from the words that describe the claimant: its name as written, what a pronoun
or title was resolved to, and the titles and roles its entity carries ("Russian
officials", "Moscow", "the Kremlin", "Ukraine's air force", "local air defence commander"
beside a Russian general's name), for every country of the world (``corroborator.nations``);
from the outlet's facts for its own voice.  A user's mapping file (the ``align.parties``
setting) overrides any of it, and can name parties that are no state::

    [claimants]            # a claimant's name (as written, or its entity's name) -> party
    "Sergei Lavrov" = "russia-state"

    [outlets]              # an outlet id -> the party of its own voice
    "vostokcourier.example" = "russia-state"

    [markers]              # more words that mark a party
    "dockers-union" = ["dockers' union", "harbour pickets"]
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from corroborator.errors import ConfigError
from corroborator.nations import Nation, nations

INDEPENDENT = "independent"

OFFICIAL = frozenset(
    "official officials ministry minister government president prime kremlin military army forces force "
    "general commander governor administration spokesperson spokesman spokeswoman staff defence defense "
    "headquarters troops mayor authorities authority state regime embassy ambassador envoy police "
    "navy command division units unit service ministry's diplomat diplomats intelligence prosecutor "
    "prosecutors parliament cabinet chancellor premier leader leadership foreign representative "
    "representatives delegate delegation".split()
)
# People posted abroad: the place they are posted to is never their side.
POSTED = frozenset(
    "embassy embassies ambassador envoy consulate consul mission correspondent reporter".split()
)
INDEPENDENT_WORDS = frozenset({"independent", "ngo", "monitor", "monitors", "researchers", "analysts"})
_WORD = re.compile(r"[a-z][a-z.'\u2019]*")
# A place after a preposition is where, not who: "the US embassy in Moscow" speaks for the US.
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|inside|from|to|over|across|against|with|into|toward|towards|on)\s+"
    r"(?:the\s+)?[A-Z][\w.'\u2019-]*(?:\s+(?:of\s+)?[A-Z][\w.'\u2019-]*)*"
)
_DETERMINERS = re.compile(r"^(?:the|a|an)\s+|(?:'s|\u2019s)$", re.IGNORECASE)
# Words that describe an armed group: a claimant so described speaks for that group, a side
# of its own ("Harkat militants said" -> "harkat").
ARMED = frozenset(
    "militant militants militia militias rebel rebels insurgent insurgents jihadist jihadists guerrilla "
    "guerrillas paramilitary paramilitaries fighters".split()
)
# Words around a group's name that are not its name.
_GROUP_WORDS = ARMED | frozenset(
    "the a an group groups armed terrorist terror extremist islamist organisation organization "
    "movement wing its their".split()
)
_NAME = r"[A-Z][\w'\u2019.]*(?:[ -][A-Z][\w'\u2019.]*)*"
# A body run by another speaks for it: "the Harkat-run health ministry", "officials installed
# by Veldoria", "the Veldorian-appointed governor".
_RUN_BY = re.compile(
    rf"\b({_NAME})-(?:run|controlled|installed|appointed|led)\b"
    rf"|\b(?:run|controlled|installed|appointed)\s+by\s+(?:the\s+)?({_NAME})"
)


def state_party(nation: Nation) -> str:
    """A country's state as a party: "russia-state"; the United States keep "united-states"."""
    return nation.key if nation.key.endswith("-states") else f"{nation.key}-state"


@dataclass(frozen=True)
class _Lexicon:
    """Every word that marks a party, matched in one pass: ``spoken`` are matched in lower
    case, ``written`` as written (capitals and letter codes)."""

    spoken: re.Pattern[str] | None
    written: re.Pattern[str] | None
    party: Mapping[str, str]  # the matched form (lower case for spoken ones) -> party
    alone: frozenset[str]  # forms that mark a party with no official word beside them


def _alternation(forms: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    ordered = sorted(set(forms), key=len, reverse=True)
    if not ordered:
        return None
    body = "|".join(re.escape(form) for form in ordered)
    return re.compile(rf"(?<![\w.])(?:{body})(?:'s|\u2019s)?(?![\w])", flags)


@lru_cache(maxsize=16)
def _lexicon(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> _Lexicon:
    party: dict[str, str] = {}
    alone: set[str] = set()
    spoken: list[str] = []
    written: list[str] = []
    for nation in nations():
        who = state_party(nation)
        for form in (*nation.names, *nation.adjectives):
            party.setdefault(form, who)
            spoken.append(form)
        for form in nation.seats:
            party.setdefault(form, who)
            spoken.append(form)
            alone.add(form)
        for form in (*nation.capitals, *nation.codes):
            party.setdefault(form, who)
            written.append(form)
        alone.update(nation.capitals)
    known = set(party.values())
    for who, words in extra:
        for word in words:
            party[word] = who
            spoken.append(word)
            if who not in known:
                alone.add(word)  # a party of the user's own: its words mark it alone
    return _Lexicon(_alternation(spoken, re.IGNORECASE), _alternation(written), party, frozenset(alone))


@dataclass(frozen=True)
class PartyMap:
    """The user's overrides (names folded to lower case) and any extra markers."""

    claimants: Mapping[str, str] = field(default_factory=dict)
    outlets: Mapping[str, str] = field(default_factory=dict)
    markers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: str | None = None

    def all_markers(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The user's marker words, as the party lexicon takes them."""
        return tuple(sorted(self.markers.items()))


def load_party_map(path: str | Path | None) -> PartyMap:
    """Read a mapping file; a bad one stops with a one-line reason naming it."""
    if not path:
        return PartyMap()
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"align.parties file '{file}' cannot be read: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"align.parties file '{file}' is not valid TOML: {error}") from error
    unknown = sorted(set(data) - {"claimants", "outlets", "markers"})
    if unknown:
        raise ConfigError(
            f"align.parties file '{file}' has unknown table(s) {', '.join(unknown)}: "
            "use [claimants], [outlets] and [markers]"
        )
    for table in ("claimants", "outlets"):
        for key, value in data.get(table, {}).items():
            if not isinstance(value, str) or not value:
                raise ConfigError(f"align.parties file '{file}': [{table}] '{key}' must map to a party name")
    markers: dict[str, tuple[str, ...]] = {}
    for party, words in data.get("markers", {}).items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ConfigError(f"align.parties file '{file}': [markers] '{party}' must be a list of words")
        markers[party] = tuple(w.lower() for w in words)
    return PartyMap(
        claimants={k.lower(): v for k, v in data.get("claimants", {}).items()},
        outlets={k.lower(): v for k, v in data.get("outlets", {}).items()},
        markers=markers,
        source=str(file),
    )


def party_from_words(
    descriptors: Iterable[str], markers: tuple[tuple[str, tuple[str, ...]], ...] = ()
) -> str | None:
    """The party the descriptors point to, or None when they point to none or to several.

    A country's name or adjective marks its state beside an official word ("Russian
    officials", "the Defence Ministry of Ukraine"); a seat of power or a capital marks it
    alone ("the Kremlin", "Kyiv said"). A country named alone is not enough: it is as often
    the doer of a deed misread as a report ("Russia launched ...") as a speaker. A place
    after a preposition is where the speaker is, not who it speaks for."""
    lexicon = _lexicon(markers)
    found: set[str] = set()
    independent = False
    descriptors = list(descriptors)
    runner = _run_by(descriptors, markers)
    if runner is not None:
        return runner
    for text in descriptors:
        text = text.replace("\u2019", "'").strip()
        words = set(_WORD.findall(text.lower()))
        official = bool(words & OFFICIAL)
        independent = independent or bool(words & INDEPENDENT_WORDS)
        hits = _hits(lexicon, _LOCATIVE.sub(" ", text))
        if not hits and not words & POSTED:
            hits = _hits(lexicon, text)  # "officials in Kyiv": the place is all there is
        for hit in hits:
            form = _DETERMINERS.sub("", hit)
            if official or form in lexicon.alone:
                found.add(lexicon.party[form])
    if len(found) == 1:
        return found.pop()
    if not found and independent:
        return INDEPENDENT
    return None


def _run_by(descriptors: Iterable[str], markers: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The party of whoever runs the body the descriptors name ("the Harkat-run health
    ministry"): a country's state, or else the group by its name; None if none or several."""
    lexicon = _lexicon(markers)
    found: set[str] = set()
    for text in descriptors:
        for match in _RUN_BY.finditer(text.replace("\u2019", "'")):
            runner = match.group(1) or match.group(2)
            hits = _hits(lexicon, runner)
            if hits:
                found.update(lexicon.party[_DETERMINERS.sub("", hit)] for hit in hits)
            elif (group := group_party(runner)) is not None:
                found.add(group)
    return found.pop() if len(found) == 1 else None


def group_party(name: str) -> str | None:
    """A group as a party, by its name without the words that only describe it: "the
    Harkat militants" -> "harkat"; None when no name is left."""
    name = re.sub(r"\([^)]*\)", " ", name)  # "(IS)": an abbreviation beside the name
    words = [w for w in re.findall(r"[\w'\u2019.-]+", name) if w.lower().strip(".") not in _GROUP_WORDS]
    while words and not words[0][:1].isupper():  # "so-called", "pro-government"
        words.pop(0)
    if not words:
        return None
    return "-".join(re.findall(r"[a-z0-9]+", " ".join(words).lower())) or None


def armed_group(
    names: Iterable[str], descriptions: Iterable[str], markers: tuple[tuple[str, tuple[str, ...]], ...] = ()
) -> str | None:
    """The armed group a claimant is, when a word for one describes it ("militants",
    "rebels", "the militia"): named by its entity's name, else by the name as written.
    A name that holds a country's ("Veldorian fighters") is no group's."""
    names = list(names)
    texts = [*names, *descriptions]
    if not any(set(_WORD.findall(text.lower())) & ARMED for text in texts):
        return None
    lexicon = _lexicon(markers)
    for name in names:
        if _hits(lexicon, name):
            return None
        if (party := group_party(name)) is not None:
            return party
    return None


def _hits(lexicon: _Lexicon, text: str) -> list[str]:
    hits = []
    if lexicon.spoken is not None:
        hits += [m.group(0).lower() for m in lexicon.spoken.finditer(text)]
    if lexicon.written is not None:
        hits += [m.group(0) for m in lexicon.written.finditer(text)]
    return hits


def claimant_party(
    names: Iterable[str], descriptions: Iterable[str], user: PartyMap
) -> tuple[str | None, str]:
    """The claimant's party and how it was decided."""
    names = [n for n in names if n]
    for name in names:
        if name.lower() in user.claimants:
            return user.claimants[name.lower()], f"'{name}' is mapped in {user.source}"
    markers = user.all_markers()
    party = party_from_words([*names, *descriptions], markers)
    if party is not None:
        return party, "from its description"
    # Descriptions gathered across many articles hold noise ("Ukraine President" beside four
    # "Russian President"): a party two thirds of them point to, at least twice, stands.
    named = party_from_words(names, markers)
    if named is not None:
        return named, "from its name"
    votes = Counter(p for p in (party_from_words([text], markers) for text in descriptions) if p)
    if votes:
        (best, count), *rest = votes.most_common()
        if count >= 2 and count >= 2 * sum(n for _, n in rest):
            return best, f"from {count} of its {sum(votes.values())} descriptions that mark a party"
    group = armed_group(names, descriptions, markers)
    if group is not None:
        return group, "an armed group, described as one"
    return None, "no description marks a party"


def outlet_party(outlet: str, country: str | None, state: bool | None, user: PartyMap) -> str:
    """The party of an outlet's own voice: the user's mapping, else a state outlet's
    country, else independent."""
    if outlet.lower() in user.outlets:
        return user.outlets[outlet.lower()]
    if state and country:
        found = party_from_words([f"{country} state"], user.all_markers())
        if found:
            return found
    return INDEPENDENT
