"""A deterministic synthetic corpus of valid timelines, for the scale benchmark.

`write(directory, treaties)` writes one YAML file per treaty, each with exactly
`EVENTS_PER_TREATY` events. The same count always gives the same bytes: every choice comes from
a `random.Random` seeded with the treaty's number. The data are shaped like the bundled
timelines (block style, folded notes, sources on everything, rules with articles and words) and
are valid: `treatyline check --no-builtin DIRECTORY` finds no problem in them. Treaties are
multilateral (entry into force counted from the fifth instrument, a 30-year term that may be
extended once, a review conference five years after entry into force, notices of withdrawal,
one of them revoked, a suspension) or, one in ten, bilateral (a withdrawal ends them).

Only the standard library: the benchmark must not depend on the code it measures.
"""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta
from pathlib import Path

EVENTS_PER_TREATY = 50
LAST_DAY = date(2025, 12, 31)  # nothing is recorded after this day

# Party codes to draw from (a string split is shorter than a 57-item literal).
CODES = tuple(
    "AR AT AU BE BG BR CA CH CL CN CO CZ DE DK EE EG ES FI FR GB GR HU ID IE IL IN IR IT JP KR"  # noqa: SIM905
    " KZ LT LV MX MY NG NL NO NZ PE PH PK PL PT RO RS RU SA SE SG SK TH TR UA US VN ZA".split(" ")
)
NOTICES = (("6 months", 6, 0), ("3 months", 3, 0), ("12 months", 12, 0), ("90 days", 0, 90))
PHRASES = (
    "The foreign ministry restates its position on compliance",
    "A delegation raises concerns about verification at the review meeting",
    "The parliament debates the implementing legislation",
    "The government reports on the destruction of its stockpiles",
    "Consultations are held at the request of two parties",
    "An inspection team visits a declared facility",
    "The depositary circulates a note on the status of the treaty",
    "A joint statement welcomes the exchange of data",
)


def _add_months(day: date, months: int) -> date:
    """The treaties' own rule: the same day number, or the month's last day."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add(day: date, months: int, days: int) -> date:
    return _add_months(day, months) if months else day + timedelta(days=days)


class _Treaty:
    def __init__(self, number: int) -> None:
        self.number = number
        self.rng = random.Random(f"treatyline-bench-{number}")
        self.id = f"SYN-{number:05d}"
        self.events: list[tuple[date, str, list[str]]] = []
        self.used: set[date] = set()
        self.serial = 0

    def source(self, what: str) -> str:
        return f"https://example.org/treaties/{self.id.lower()}/{what}"

    def event(
        self, day: date, kind: str, *, party: str | None = None, month: bool = False, **extra: str
    ) -> None:
        self.serial += 1
        written = day.isoformat()[:7] if month else day.isoformat()
        lines = [f"  - date: {written}", f"    kind: {kind}"]
        if party is not None:
            lines.append(f"    party: {party}")
        for key, value in extra.items():
            lines.append(f"    {key}: {value}")
        note = self.rng.choice(PHRASES)
        if self.serial % 3 == 0:
            lines += [
                "    note: >-",
                f"      {note}, on the {kind.replace('_', ' ')} event,",
                (f"      as number {self.serial} of the record of {self.id}."),
            ]
        else:
            lines.append(f"    note: {note}.")
        lines.append(f"    source: {self.source(f'events/{self.serial}')}")
        self.events.append((day, kind, lines))
        self.used.add(day)

    def free_day(self, first: date, last: date) -> date:
        """Return a day in [first, last] that no other event of this treaty has."""
        span = (last - first).days
        while True:
            day = first + timedelta(days=self.rng.randint(0, span))
            if day not in self.used:
                return day


def treaty_text(number: int) -> str:
    """Return the YAML text of synthetic treaty `number`, with EVENTS_PER_TREATY events."""
    t = _Treaty(number)
    rng = t.rng
    bilateral = number % 10 == 0
    parties = rng.sample(CODES, 2 if bilateral else 12)
    notice_words, notice_months, notice_days = rng.choice(NOTICES)
    term = not bilateral and number % 3 == 0
    milestone = not bilateral and number % 4 == 1
    signed = date(1955 + (number * 7) % 60, rng.randint(1, 12), rng.randint(1, 28))

    # Signature and ratifications; the fifth instrument puts a multilateral treaty in force.
    t.event(signed - timedelta(days=60), "adopted")
    t.event(signed - timedelta(days=1), "opened_for_signature")
    t.event(signed, "signed")
    day = signed
    for count, party in enumerate(parties, start=1):
        day += timedelta(days=rng.randint(20, 70))
        t.event(day, "ratified", party=party, instrument=str(count))
        if count == min(5, len(parties)):
            fifth = day
    in_force = fifth + timedelta(days=30)
    t.event(in_force, "entered_into_force")
    if milestone:
        t.event(_add_months(in_force, 60), "milestone", name="First Review Conference")

    # What happens while the treaty is in force, all before its first possible end.
    first = in_force + timedelta(days=800)
    last = min(_add_months(in_force, 24 * 12), LAST_DAY - timedelta(days=400))
    if bilateral:  # a withdrawal ends a bilateral treaty: nothing may follow it
        notice = last + timedelta(days=30)
        last -= timedelta(days=30)
    withdrawing = [] if bilateral else rng.sample(parties[:5], 3)
    for index, party in enumerate(withdrawing):
        given = t.free_day(first, last)
        t.event(given, "withdrawal_notice", party=party)
        if index == 2:  # thought better of it
            t.event(given + timedelta(days=10), "notice_revoked", party=party)
        else:
            t.event(_add(given, notice_months, notice_days), "withdrawal_effective", party=party)
    party = parties[-1]
    stop = t.free_day(first, last - timedelta(days=200))
    t.event(stop, "suspended", party=party)
    t.event(stop + timedelta(days=rng.randint(30, 180)), "suspension_ended", party=party)

    ending: list[tuple[date, str, dict[str, str]]] = []
    if bilateral:
        ending.append((notice, "withdrawal_notice", {"party": parties[0]}))
        effect = _add(notice, notice_months, notice_days)
        ending.append((effect, "withdrawal_effective", {"party": parties[0]}))
    elif term:
        expiry = _add_months(in_force, 30 * 12)
        if expiry - timedelta(days=90) <= LAST_DAY:
            ending.append((expiry - timedelta(days=90), "extended", {"period": "5 years"}))
            extended = _add_months(expiry, 5 * 12)
            if extended <= LAST_DAY:
                ending.append((extended, "expired", {}))

    # Statements fill the record up to its fixed length.
    months: set[tuple[int, int, str | None]] = set()
    while len(t.events) + len(ending) < EVENTS_PER_TREATY:
        day = t.free_day(first, last)
        # One statement in seven is known only to the month, as in the bundled record.
        speaker = rng.choice([None, *parties])
        month = t.serial % 7 == 0 and (day.year, day.month, speaker) not in months
        if month:
            months.add((day.year, day.month, speaker))
        t.event(day, "statement", party=speaker, month=month)
    for day, kind, extra in ending:
        t.event(day, kind, **extra)
    return _document(t, parties, notice_words, term=term, milestone=milestone)


def _document(t: _Treaty, parties: list[str], notice: str, *, term: bool, milestone: bool) -> str:
    bilateral = len(parties) == 2
    head = [
        f"# Synthetic timeline {t.number} for treatyline's benchmark; invented, not a real treaty.",
        f"id: {t.id}",
        f"name: Synthetic Treaty {t.number}",
        "title: >-",
        f"  Treaty number {t.number} on the Limitation of Imaginary Weapons, between the",
        "  parties listed below, written for the scale benchmark",
        f"aliases: [Synthetic {t.number}, ST-{t.number}]",
        f"tags: [synthetic, {'bilateral' if bilateral else 'multilateral'}]",
        f"kind: {'bilateral' if bilateral else 'multilateral'}",
        f"parties: [{', '.join(parties)}]",
        "summary: >-",
        "  An invented treaty whose record has the shapes of the bundled timelines: signature,",
        "  ratifications, entry into force, notices of withdrawal, statements.",
        "rules:",
        "  duration:",
        f"    term: {'30 years' if term else 'unlimited'}",
        '    article: "XVI(1)"',
        f"    source: {t.source('text')}",
    ]
    if term:
        head += [
            "  extension:",
            "    limit: 10 years",
            "    times: 1",
            '    article: "XVI(2)"',
            f"    source: {t.source('text')}",
        ]
    head += [
        "  withdrawal:",
        f"    notice: {notice}",
        '    article: "XVII(2)"',
        "    text: >-",
        "      Each Party shall, in exercising its national sovereignty, have the right to",
        f"      withdraw from this Treaty. It shall give notice {notice} before withdrawal.",
        f"    source: {t.source('text')}",
    ]
    if not bilateral:
        head += [
            "  entry_into_force:",
            "    instruments: 5",
            "    after: 30 days",
            '    article: "XV"',
            "    text: This Treaty shall enter into force 30 days after the fifth ratification.",
            f"    source: {t.source('text')}",
        ]
    if milestone:
        head += [
            "  milestones:",
            "    - name: First Review Conference",
            "      from: entered_into_force",
            "      after: 5 years",
            '      article: "VIII(3)"',
            f"      source: {t.source('text')}",
        ]
    head.append("events:")
    events = sorted(t.events, key=lambda item: item[0])
    assert len(events) == EVENTS_PER_TREATY, (t.id, len(events))
    body = [line for _, _, lines in events for line in lines]
    return "\n".join([*head, *body]) + "\n"


def write(directory: Path, treaties: int) -> int:
    """Write `treaties` timeline files into `directory`; return the number of bytes written."""
    directory.mkdir(parents=True, exist_ok=True)
    total = 0
    for number in range(1, treaties + 1):
        data = treaty_text(number).encode("utf-8")
        (directory / f"syn-{number:05d}.yaml").write_bytes(data)
        total += len(data)
    return total
