"""Fetch one web page for the importer without letting an address reach the server's own network.

A dashboard shared on a server fetches the addresses its users type. Without care, an
address such as ``http://169.254.169.254/`` (cloud metadata), ``http://localhost:8501``
or a public-looking name that resolves to ``10.0.0.7`` would make the server read its
own internal services. So every hop of a fetch is checked *in our code*:

1. the scheme is ``http`` or ``https``, the port 80 or 443 (or allowed, see below);
2. the host name is resolved once (:func:`socket.getaddrinfo`, replaceable in tests);
   every address it gives must be public (:func:`address_problem`): loopback, private,
   link-local, carrier-grade NAT, multicast, reserved and unspecified addresses are
   refused, IPv4-mapped IPv6 addresses are judged by their IPv4 address;
3. the connection goes to the checked address itself (the name is not resolved a second
   time, so a DNS answer that changes between check and connection — "DNS rebinding" —
   cannot slip an internal address in); for HTTPS the certificate is still checked
   against the host name (SNI);
4. redirects are not followed by a library: a 3xx answer's ``Location`` goes through
   steps 1-3 again, at most :data:`MAX_REDIRECTS` times.

An installation that needs to fetch from an internal host lists it in the allow-list
(:mod:`analysis.settings`: ``DISCOURS_IMPORT_ALLOWED_HOSTS`` or ``import_allowed_hosts``);
``host:port`` also allows that port. The command line can lift every restriction for one
trusted run (``--allow-internal-urls``): :class:`FetchPolicy` ``unrestricted``.

Proxies from the environment (``HTTP_PROXY``…) are not used: the address checked must be
the address connected to.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable, Sequence

#: Ports a URL may use without being in the allow-list.
DEFAULT_PORTS = frozenset({80, 443})
MAX_REDIRECTS = 5
USER_AGENT = "Mozilla/5.0 (analyse-presse; import)"

Resolver = Callable[[str, int], Sequence[str]]


class FetchRefused(Exception):
    """A fetch refused or failed; ``reason`` is French and complete."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url} : {reason}")


def _host_entry(entry: str) -> tuple[str, int | None]:
    """``host``, ``host:port``, ``[v6]:port`` or a bare IPv6 address -> (host, port or None).

    Accented names are kept in their ASCII (IDNA) form, as :func:`check_url` compares them.
    """
    entry = entry.strip().lower()
    if not entry.isascii():
        wildcard = entry.startswith("*.")
        try:
            entry = ("*." if wildcard else "") + entry[2 if wildcard else 0:].encode("idna").decode("ascii")
        except UnicodeError:
            return entry, None  # never matches an ASCII host: the entry is ignored
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else None
    if entry.count(":") == 1:
        host, port = entry.split(":")
        return host, int(port) if port.isdigit() else None
    return entry, None


@dataclass(frozen=True)
class FetchPolicy:
    """Which addresses a fetch may reach.

    ``allowed_hosts``: entries of the allow-list (see :mod:`analysis.settings`); a listed
    host may resolve to an internal address, and ``host:port`` also opens that port.
    ``*.example.org`` matches every sub-domain of example.org. ``unrestricted`` lifts
    every address and port check (command line, one trusted run).
    """

    allowed_hosts: tuple[str, ...] = ()
    unrestricted: bool = False
    _entries: tuple[tuple[str, int | None], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_entries", tuple(_host_entry(e) for e in self.allowed_hosts if e.strip()))

    def _matches(self, pattern: str, host: str) -> bool:
        if pattern.startswith("*."):
            return host.endswith(pattern[1:])
        return host == pattern

    def host_allowed(self, host: str) -> bool:
        """Listed in the allow-list (any port rule aside): internal addresses accepted."""
        return self.unrestricted or any(self._matches(p, host) for p, _ in self._entries)

    def port_allowed(self, host: str, port: int) -> bool:
        if self.unrestricted or port in DEFAULT_PORTS:
            return True
        return any(self._matches(p, host) and pp == port for p, pp in self._entries)

    @classmethod
    def from_settings(cls) -> "FetchPolicy":
        from analysis.settings import load_settings

        return cls(allowed_hosts=load_settings().allowed_hosts)


def address_problem(address: str) -> str | None:
    """Why an IP address must not be fetched (French), or None when it is a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "adresse de bouclage (la machine du serveur elle-même)"
    if ip.is_link_local:
        return "adresse locale de lien (169.254.0.0/16, fe80::/10 : services de métadonnées, réseau local)"
    if ip.is_unspecified:
        return "adresse non spécifiée"
    if ip.is_multicast:
        return "adresse de multidiffusion"
    if ip.is_private or not ip.is_global:
        return "adresse privée ou réservée (réseau interne)"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address of ``host`` (IPv4 and IPv6), as :func:`socket.getaddrinfo` gives them."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[str] = []
    for *_, sockaddr in infos:
        if sockaddr[0] not in out:
            out.append(sockaddr[0])
    return out


@dataclass(frozen=True)
class Target:
    """A checked hop: where to connect and what to ask for."""

    scheme: str
    host: str
    port: int
    address: str
    path: str


def check_url(url: str, policy: FetchPolicy, resolver: Resolver = system_resolver) -> Target:
    """Check one URL (scheme, port, every resolved address); raise :class:`FetchRefused` in French."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(url, f"adresse invalide ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(url, "adresse invalide : seules les adresses http:// et https:// sont acceptées")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused(url, "adresse invalide : aucun nom de site")
    try:  # accented names (IDN) travel as their ASCII form, in DNS and in the Host header
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise FetchRefused(url, f"adresse invalide : nom de site « {host} » illisible") from None
    port = port or (443 if scheme == "https" else 80)
    if not policy.port_allowed(host, port):
        raise FetchRefused(
            url, f"port {port} refusé : seuls les ports 80 et 443 sont acceptés, sauf pour un hôte "
            "autorisé par l'installation (DISCOURS_IMPORT_ALLOWED_HOSTS, « hôte:port »)")
    try:
        addresses = list(resolver(host, port))
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused(
            url, f"téléchargement impossible : adresse introuvable (pas d'accès au réseau, ou nom de site erroné : "
            f"{exc}). Enregistrez la page depuis votre navigateur (Fichier > Enregistrer sous, .html) et importez "
            "le fichier") from None
    if not addresses:
        raise FetchRefused(url, "téléchargement impossible : le nom de site ne donne aucune adresse")
    if not policy.host_allowed(host):
        for address in addresses:
            problem = address_problem(address)
            if problem:
                shown = host if host == address else f"{host} ({address})"
                raise FetchRefused(
                    url, f"adresse refusée : {shown} est une {problem}. Le serveur n'importe que des pages "
                    "publiques ; un site interne doit être autorisé par l'installation "
                    "(DISCOURS_IMPORT_ALLOWED_HOSTS, voir docs/import.md)")
    path = urllib.parse.quote(parts.path or "/", safe="/%:@!$&'()*+,;=~")
    if parts.query:
        path += "?" + urllib.parse.quote(parts.query, safe="/%:@!$&'()*+,;=~?")
    return Target(scheme, host, port, addresses[0], path)


def _connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    """A connection to the checked address (no second resolution); HTTPS still verifies the host name."""
    if target.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout)
    address = target.address

    def connect_to_checked_address(_addr, timeout=None, source_address=None):
        return socket.create_connection((address, target.port), timeout, source_address)

    conn._create_connection = connect_to_checked_address  # used by HTTPConnection.connect
    return conn


def _failure(url: str, exc: BaseException) -> FetchRefused:
    if isinstance(exc, ConnectionRefusedError):
        why = "connexion refusée par le serveur"
    elif isinstance(exc, (TimeoutError, socket.timeout)):
        why = "délai dépassé"
    elif isinstance(exc, ssl.SSLError):
        why = f"connexion sécurisée impossible ({exc.reason or exc})"
    else:
        why = f"pas d'accès au réseau ou site injoignable ({exc})"
    return FetchRefused(
        url, f"téléchargement impossible : {why}. Enregistrez la page depuis votre navigateur "
        "(Fichier > Enregistrer sous, .html) et importez le fichier")


def fetch(
    url: str, *, policy: FetchPolicy, max_bytes: int, timeout: float = 15.0, total_timeout: float = 60.0,
    resolver: Resolver = system_resolver,
) -> tuple[bytes, str]:
    """Download ``url`` following redirects ourselves; returns (body, final URL).

    At most ``max_bytes + 1`` bytes are read (the caller refuses a larger page); the whole
    fetch, redirects included, stops after ``total_timeout`` seconds.
    """
    deadline = time.monotonic() + total_timeout
    current = url
    for hop in range(MAX_REDIRECTS + 1):
        if time.monotonic() > deadline:
            raise FetchRefused(url, f"téléchargement interrompu : plus de {total_timeout:.0f} s")
        try:
            target = check_url(current, policy, resolver)
        except FetchRefused as err:
            if hop:
                raise FetchRefused(url, f"redirection vers {current} refusée : {err.reason}") from None
            raise
        conn = _connection(target, timeout)
        try:
            conn.request("GET", target.path, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                if not location:
                    raise FetchRefused(url, f"redirection HTTP {resp.status} sans adresse de destination")
                current = urllib.parse.urljoin(current, location.strip())
                continue
            if resp.status >= 400:
                raise FetchRefused(url, f"le site a répondu par une erreur HTTP {resp.status} ({resp.reason})")
            chunks, size = [], 0
            while size <= max_bytes:
                if time.monotonic() > deadline:
                    raise FetchRefused(url, f"téléchargement interrompu : plus de {total_timeout:.0f} s")
                chunk = resp.read(min(65536, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            return b"".join(chunks), current
        except FetchRefused:
            raise
        except (OSError, http.client.HTTPException) as exc:
            raise _failure(url, exc) from None
        except ValueError as exc:  # e.g. a Location header http.client cannot send
            raise FetchRefused(url, f"adresse invalide ({exc})") from None
        finally:
            conn.close()
    raise FetchRefused(url, f"trop de redirections (plus de {MAX_REDIRECTS})")
