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


def check(text: str) -> str:
    """Return `text` if it is a known party code; raise ValueError otherwise."""
    if text in HISTORICAL or text in _current():
        return text
    if text.upper() in HISTORICAL or text.upper() in _current():
        raise ValueError(f"'{text}' must be written in capitals: '{text.upper()}'")
    raise ValueError(f"'{text}' is not a country code")
