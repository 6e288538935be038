"""The words source resolution (``extract.sources``) reads: pronouns by person and number,
the partitive "one of them", roles that name a person, nouns that name an organisation, and the
titles and gendered roles before a name."""

from __future__ import annotations

import re

FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())
MALE_PRONOUNS = frozenset("he him his himself".split())
FEMALE_PRONOUNS = frozenset("she her hers herself".split())
SINGULAR_GROUP_PRONOUNS = frozenset("it its itself".split())
PLURAL_PRONOUNS = frozenset("they them their theirs themselves".split())
THIRD_PERSON = MALE_PRONOUNS | FEMALE_PRONOUNS | SINGULAR_GROUP_PRONOUNS | PLURAL_PRONOUNS
# "one of them said": someone of a group named before, who speaks for it.
PARTITIVE = re.compile(r"(?:one|some|each|both|all|two|three|several|many|most|none) of (?:them|those|these)")

PERSON_ROLES = frozenset(
    """
    commander general minister spokesman spokeswoman spokesperson official officer president
    governor mayor ambassador leader chief colonel major lieutenant captain admiral marshal
    envoy secretary director diplomat lawmaker senator premier chancellor king queen prince
    prosecutor judge general negotiator adviser advisor aide deputy head chairman chairwoman
    analyst expert witness resident doctor journalist reporter correspondent councillor councilor
    representative delegate emissary
    """.split()
)
ORGANISATION_NOUNS = frozenset(
    """
    agency ministry army military government company firm group force forces headquarters
    administration committee council service office department channel outlet newspaper
    police court kremlin parliament embassy authority authorities commission bureau staff
    navy command regime cabinet party union organisation organization institute network
    broadcaster station operator
    """.split()
)
TITLES = {
    "maj": "major",
    "gen": "general",
    "col": "colonel",
    "lt": "lieutenant",
    "capt": "captain",
    "adm": "admiral",
    "sgt": "sergeant",
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "pres": "president",
    "dr": "doctor",
    "prof": "professor",
    "mr": "mr",
    "mrs": "mrs",
    "ms": "ms",
    "miss": "miss",
}
TITLE_WORDS = frozenset(
    {
        *TITLES,
        *TITLES.values(),
        *PERSON_ROLES,
        "foreign",
        "interior",
        "defence",
        "defense",
        "prime",
        "vice",
        "acting",
        "brigadier",
    }
)
MALE_ROLES = frozenset({"mr", "spokesman", "chairman", "king", "prince"})
FEMALE_ROLES = frozenset({"mrs", "ms", "miss", "spokeswoman", "chairwoman", "queen", "princess"})
