"""Own the party codes: ISO 3166-1 alpha-2, with the withdrawn codes of states that made treaties.

Historical codes come from ISO 3166-3 (the codes of former countries), for the states that
signed instruments before they ceased to exist.
"""

from __future__ import annotations

from datetime import date
from functools import cache

HISTORICAL = {
    "SU": "USSR",
    "DD": "German Democratic Republic",
    "YU": "Yugoslavia",
    "CS": "Czechoslovakia",
}

# The day each former state ceased to exist, from which it is no party or signatory of
# anything: the USSR on 26 December 1991 (Declaration No. 142-N of the Soviet of the
# Republics), Czechoslovakia on 1 January 1993 (its dissolution at midnight on 31 December
# 1992), the German Democratic Republic on 3 October 1990 (German unity). YU is left out: ISO
# used it for the Federal Republic of Yugoslavia until 2003 as well as for the SFRY before it.
CEASED = {
    "SU": date(1991, 12, 26),
    "CS": date(1993, 1, 1),
    "DD": date(1990, 10, 3),
}

# A state that continues another's legal personality, not only its treaties: the Russian
# Federation continues the USSR (its letter of 24 December 1991 to the UN Secretary-General,
# accepted by the UN and the depositaries), so the depositaries list the USSR's signatures as
# Russia's. The other successors of the USSR, Czechoslovakia and Yugoslavia succeeded to
# treaties as new states.
CONTINUED_BY = {"SU": "RU"}

HINT = "use ISO 3166-1 alpha-2 codes such as US, RU, GB, NO, or SU for the USSR"


@cache
def _current() -> dict[str, str]:
    # Imported here: only loading and naming need the table, and it costs start-up time.
    import iso3166

    return {code: country.name for code, country in iso3166.countries_by_alpha2.items()}


def codes() -> dict[str, str]:
    """Return every known party code with its country's name, current codes first."""
    return {**_current(), **HISTORICAL}


def name(code: str) -> str:
    """Return the country's short English name, or the code itself if it is unknown."""
    return HISTORICAL.get(code) or _current().get(code, code)


class UnknownCode(ValueError):
    """A party code that names no state; `meant` holds the codes a reader may have meant."""

    def __init__(self, text: str, meant: list[str]) -> None:
        said = " or ".join(f"{code} ({name(code)})" for code in meant)
        super().__init__(
            f"'{text}' is not a country code" + (f"; did you mean {said}?" if said else "")
        )
        self.meant = meant


def known(code: str) -> bool:
    """Whether `code`, as written, is a party code."""
    return code in HISTORICAL or code in _current()


def check(text: str) -> str:
    """Return `text` if it is a known party code; raise ValueError otherwise."""
    if known(text):
        return text
    if known(text.upper()):
        raise ValueError(f"'{text}' must be written in capitals: '{text.upper()}'")
    raise UnknownCode(text, meant(text))


# ISO 3166/MA reserves UK for the United Kingdom at its request; its code is GB.
_RESERVED = {"UK": "GB"}

# Names that the treaty record and the news use but ISO 3166's short names do not (these
# are theirs: Türkiye, Myanmar, Czechia): searched beside them.
_OTHER_NAMES = {
    "SU": "Soviet Union",
    "DD": "East Germany",
    "DE": "West Germany",
    "KP": "North Korea",
    "KR": "South Korea",
    "MM": "Burma",
    "CI": "Ivory Coast",
    "CD": "Zaire",
    "CZ": "Czech Republic",
    "MK": "Macedonia",
    "SZ": "Swaziland",
    "CV": "Cape Verde",
    "TR": "Turkey",
}
_MOST_MEANT = 4


def meant(text: str) -> list[str]:
    """Return the codes of the states a name, an alpha-3 code or a reserved code may mean:
    `Iran`, `IRN` and `UK` for IR, IR and GB; `Korea` for both Koreas. Case is ignored."""
    import iso3166

    code = text.strip().upper()
    if code in _RESERVED:
        return [_RESERVED[code]]
    by_alpha3 = iso3166.countries_by_alpha3.get(code)
    if by_alpha3 is not None:
        return [by_alpha3.alpha2]
    wanted = _folded(text.strip())
    if len(wanted) < 3:  # two letters begin too many names to be a guess worth making
        return []
    found: list[str] = []
    names = [*codes().items(), *_OTHER_NAMES.items()]
    for code, country in names:
        if code in found:
            continue
        words = _folded(country).replace(",", " ").replace("(", " ").replace(")", " ").split()
        whole = "".join(words)  # Viet Nam, written Vietnam
        if whole.startswith(wanted.replace(" ", "")) or any(w.startswith(wanted) for w in words):
            found.append(code)
    return found if len(found) <= _MOST_MEANT else []


def _folded(text: str) -> str:
    """Return `text` in lower case without accents: Côte d'Ivoire as cote d'ivoire."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
