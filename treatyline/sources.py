"""Own the hosts a source is recognised on, and find the sources cited elsewhere.

A source is recognised when its host is one of `HOSTS`, or a subdomain of one (a match at a
dot: `2001-2009.state.gov` is on `state.gov`, `evilstate.gov.example.com` is on nothing). The
hosts are grouped in the tiers an expert would cite, first to last (`TIERS`). `check --strict`
warns of every source elsewhere, unless the note of the item that cites it explains the choice:
a note that contains the word "source" (docs/format.md).

The sources are found in the files themselves, not in the records, so that each `source:`
written counts once (a membership table's source, not once per line that uses it) and is
reported where it stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import urlsplit

from treatyline.errors import Location, Problem, Severity
from treatyline.records import record

TIERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "depositaries and the UN Treaty Collection",
        (
            "treaties.un.org",
            "state.gov",  # with its archives: 2001-2009.state.gov, 2009-2017.state.gov
            "treaties.fcdo.gov.uk",
            "mid.ru",
            "au.int",
            "opanal.org",
            "oas.org",
            "coe.int",
            "forumsec.org",  # the Pacific Islands Forum Secretariat: the Treaty of Rarotonga
            "ats.aq",  # the Antarctic Treaty Secretariat
        ),
    ),
    (
        "treaty bodies, the UN and other organisations of states",
        (
            "un.org",  # disarmament.un.org, press.un.org, news.un.org, ask.un.org
            "unoda.org",
            "undocs.org",
            "unvienna.org",
            "ungeneva.org",
            "unog.ch",
            "unidir.org",
            "ctbto.org",
            "opcw.org",
            "iaea.org",
            "osce.org",
            "nato.int",
            "icrc.org",  # ihl-databases.icrc.org
            "apminebanconvention.org",
            "clusterconvention.org",
            "thearmstradetreaty.org",
            "afcone.org",
            "un.int",  # the member states' missions to the UN
            "unoosa.org",  # the UN Office for Outer Space Affairs: the space treaties' status
            "hcoc.at",  # the Hague Code of Conduct's Immediate Central Contact
            "asean.org",
        ),
    ),
    (
        "governments, parliaments and official gazettes",
        (
            "gov",  # congress.gov, govinfo.gov, archives.gov, the presidential libraries
            "mil",
            "gov.uk",  # legislation.gov.uk, publications of the FCDO
            "parliament.uk",
            "gc.ca",
            "canada.ca",
            "gouv.fr",  # diplomatie.gouv.fr, legifrance.gouv.fr
            "vie-publique.fr",
            "europa.eu",  # eur-lex.europa.eu, eeas.europa.eu
            "kremlin.ru",
            "government.ru",
            "gov.ru",  # duma.gov.ru, pravo.gov.ru
            "gov.ua",  # zakon.rada.gov.ua
            "gov.by",
            "gov.kz",
            "gov.cn",  # fmprc.gov.cn
            "go.jp",  # mofa.go.jp
            "go.kr",
            "gov.in",
            "gov.ph",
            "gov.tr",
            "gov.il",
            "gov.za",
            "gov.au",
            "govt.nz",
            "gob.mx",
            "gov.br",
            "gov.pl",
            "gov.ie",
            "gov.hu",
            "admin.ch",  # fedlex.admin.ch, eda.admin.ch
            "auswaertiges-amt.de",
            "bundesregierung.de",
            "bundestag.de",
            "rijksoverheid.nl",
            "tweedekamer.nl",
            "parlamento.pt",
            "regjeringen.no",
            "government.se",
            "riksdagen.se",
            "um.dk",
            "delegfrance.org",  # France's permanent representations (osce.delegfrance.org)
            "gv.at",
            "go.th",  # mfa.go.th
            "gov.cz",  # mzv.gov.cz
            "psp.cz",  # the Czech parliament
            "mfa.ee",  # Estonia's foreign ministry and its missions
            "vm.ee",
            "mae.ro",  # Romania's foreign ministry
            "fgov.be",  # Belgium's federal government
            "gob.cl",  # minrel.gob.cl
            "china-un.ch",  # China's mission in Geneva
            "gov.hr",
            "gov.si",
            "gov.eg",
            "gov.co",
            "mfa.kz",
            "zan.kz",  # adilet.zan.kz, Kazakhstan's Ministry of Justice legal database
            "gov.np",  # mofa.gov.np
            "urm.lt",  # Lithuania's foreign ministry
            "vatican.va",  # press.vatican.va, the Holy See's press office
            "oireachtas.ie",
            "dfa.ie",
            "gov.tl",
            "riigiteataja.ee",  # Estonia's official gazette
            "nn.hr",  # Narodne novine, Croatia's official gazette
            "bgbl.de",  # Germany's federal gazette
            "e-sbirka.cz",  # the Czech collection of laws
            "norway.no",  # Norway's missions abroad
            "bpb.de",  # the German Federal Agency for Civic Education
            "rg.ru",  # Rossiyskaya Gazeta, where Russia's federal laws are published
            "gazzettaufficiale.it",
            "boe.es",
            "dre.pt",  # Diario da Republica
            "fsmembassy.fm",  # the Federated States of Micronesia's missions
        ),
    ),
    (
        "national treaty databases",
        (
            "overheid.nl",  # verdragenbank.overheid.nl, wetten.overheid.nl
            "officielebekendmakingen.nl",  # the Tractatenblad
            "verdragen.nl",  # the Dutch treaty database, the CFE depositary's own records
            "paclii.org",
            "ministeriopublico.pt",  # Portugal's treaty database (gddc.ministeriopublico.pt)
            "austlii.edu.au",
        ),
    ),
    (
        "established institutes, archives and wire services",
        (
            "armscontrol.org",
            "nti.org",
            "sipri.org",
            "fas.org",  # nuke.fas.org
            "nonproliferation.org",
            "the-monitor.org",
            "icblcmc.org",  # the ICBL-CMC, whose research arm is the Monitor
            "stopclustermunitions.org",  # the Cluster Munition Coalition before the merger
            "acronym.org.uk",
            "reachingcriticalwill.org",
            "wilsoncenter.org",
            "csis.org",
            "cfr.org",
            "brookings.edu",
            "carnegieendowment.org",
            "stimson.org",
            "iiss.org",
            "asil.org",
            "cambridge.org",
            "cambridgecore.org",  # Cambridge University Press's journal servers
            "idds.org",  # the Institute for Defense and Disarmament Studies
            "presidency.ucsb.edu",
            "webarchive.library.unt.edu",  # the CyberCemetery: US federal sites as they were
            "dosfan.lib.uic.edu",  # the State Department's and ACDA's own 1990s site, archived
            "nsarchive.gwu.edu",  # the National Security Archive's documents
            "fissilematerials.org",  # the International Panel on Fissile Materials
            "nonproliferation.eu",  # the EU Non-Proliferation and Disarmament Consortium
            "reuters.com",
            "apnews.com",
            "ansa.it",
            "belganewsagency.eu",
            "afp.com",
            "tass.com",
            "tass.ru",
            "bta.bg",  # the Bulgarian News Agency
            "tatoli.tl",  # Timor-Leste's news agency
            "irna.ir",  # Iran's state news agency
            "aa.com.tr",  # Anadolu, Turkey's state news agency
            "interfax.ru",
            "rian.ru",  # RIA Novosti's former address
            "hrw.org",
            "interfax.com",
            "ria.ru",
            "news.cn",
            "xinhuanet.com",
        ),
    ),
)

HOSTS: dict[str, str] = {host: tier for tier, hosts in TIERS for host in hosts}

# The note of an item whose source is on no recognised host says why, with this word.
_EXPLAINS = re.compile(r"\bsources?\b", re.IGNORECASE)

HINT = (
    "cite the depositary or the UN Treaty Collection, a treaty body, a government, parliament"
    " or official gazette, a national treaty database, or an established institute or wire"
    " service; if none states the fact, say why in the item's note, with the word 'source'"
)
RULE_HINT = (
    "cite the treaty's text at the depositary, the UN Treaty Collection or a government"
    " treaty series (a rule has no note to explain another source)"
)


def host(url: str) -> str:
    """Return the host of a web address, in lower case, without a final dot; '' if none."""
    try:
        name = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return name.rstrip(".")


def tier(url: str) -> str | None:
    """Return the tier of the recognised host the address is on, or None."""
    labels = host(url).split(".")
    for start in range(len(labels)):
        found = HOSTS.get(".".join(labels[start:]))
        if found is not None:
            return found
    return None


def recognised(url: str) -> bool:
    """Say whether the address is on a recognised host or one of its subdomains."""
    return tier(url) is not None


def explains(note: str | None) -> bool:
    """Say whether a note explains the choice of a source: it mentions the word 'source'."""
    return note is not None and _EXPLAINS.search(note) is not None


@record
class Cited:
    """One `source:` written in a file: where, what cites it, and whether a note explains it."""

    where: Location
    url: str
    what: str  # event, claim, rule, membership table, counts, membership line
    explained: bool

    @property
    def recognised(self) -> bool:
        return recognised(self.url)


@record
class Share:
    """How many of the sources cited are on recognised hosts."""

    recognised: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.recognised / self.total if self.total else 100.0

    def __str__(self) -> str:
        return (
            f"{self.recognised} of {self.total} sources on recognised hosts ({self.percent:.0f}%)"
        )


def share(cited: Iterable[Cited]) -> Share:
    found = list(cited)
    return Share(sum(1 for c in found if c.recognised), len(found))


def cited_in(path: str, text: str) -> list[Cited]:
    """Return every event, claim, rule and membership source written in a timeline's text.

    A text that is not a valid timeline gives what can be found in it; the loader reports
    its problems.
    """
    import yaml
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return []

    def fields(node: object) -> dict[str, object]:
        if not isinstance(node, MappingNode):
            return {}
        return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}

    def items(node: object) -> list[object]:
        return list(node.value) if isinstance(node, SequenceNode) else []

    def scalar(node: object) -> str | None:
        return node.value if isinstance(node, ScalarNode) and node.value else None

    found: list[Cited] = []

    def cite(keys: dict[str, object], what: str, note: str | None = None) -> None:
        node = keys.get("source")
        url = scalar(node)
        if url is None or not isinstance(node, ScalarNode):
            return
        mark = node.start_mark
        explained = explains(scalar(keys.get("note")) or note)
        found.append(Cited(Location(path, mark.line + 1, mark.column + 1), url, what, explained))

    top = fields(root)
    for name, rule in fields(top.get("rules")).items():
        for clause in items(rule) if name == "milestones" else [rule]:
            cite(fields(clause), "rule")
    for item in items(top.get("events")):
        event = fields(item)
        cite(event, "event")
        for claim in items(event.get("contested")):
            cite(fields(claim), "claim")
    table = fields(top.get("membership"))
    if table:
        cite(table, "membership table")
        cite(fields(table.get("counts")), "counts", scalar(table.get("note")))
        for line in items(table.get("states")):
            cite(fields(line), "membership line")
    return sorted(found, key=lambda c: c.where)


def weak(cited: Iterable[Cited], lines: Sequence[str] = ()) -> Iterator[Problem]:
    """Warn of each source on no recognised host that no note explains."""
    for item in cited:
        if item.recognised or item.explained:
            continue
        name = host(item.url) or item.url
        hint = RULE_HINT if item.what == "rule" else HINT
        line = item.where.line
        excerpt = lines[line - 1] if 0 < line <= len(lines) else None
        yield Problem(
            item.where,
            f"the {item.what}'s source is not on a recognised host: {name}",
            hint,
            Severity.WARNING,
            excerpt=excerpt,
            width=max(len(item.url), 1),
        )


def survey(paths: Iterable[str]) -> tuple[list[Problem], Share]:
    """Read the files; return a warning for each weak source, and the share of good ones."""
    problems: list[Problem] = []
    every: list[Cited] = []
    for path in sorted(set(paths)):
        try:
            with open(path, "rb") as stream:
                text = stream.read().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the loader has said why
        cited = cited_in(path, text)
        every += cited
        problems += weak(cited, text.splitlines())
    return problems, share(every)
