"""The web import cannot be turned against the server's own network (analysis.corpus.importers.webfetch)."""
from __future__ import annotations

import http.server
import socket
import threading

import pytest

from analysis.corpus import importers as imp
from analysis.corpus.importers.webfetch import FetchPolicy, address_problem

PAGE = ("<html><head><title>Une page de test</title></head><body><article><p>"
        + "Le conseil municipal a voté le budget de la commune pour l'année prochaine. " * 5
        + "</p></article></body></html>").encode("utf-8")
PUBLIC = "93.184.216.34"  # a public address (never connected to: the tests stub connections)


@pytest.fixture
def no_connection(monkeypatch):
    """Fail loudly if anything tries to connect: a refusal must happen before any connection."""
    attempts = []

    def forbidden(address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"connection attempted to {address}")

    monkeypatch.setattr(socket, "create_connection", forbidden)
    return attempts


def resolver_of(table: dict[str, list[str]]):
    calls = []

    def resolve(host, port):
        calls.append(host)
        return table[host]

    resolve.calls = calls
    return resolve


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/",
    "http://127.0.0.1:8501/",  # the dashboard itself (refused on the port before anything else)
    "http://127.1.2.3/admin",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata service
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://0.0.0.0/",
    "http://2130706433/",  # 127.0.0.1 written as one number
    "http://[fc00::1]/",
    "http://[fe80::1]/",
    "https://224.0.0.1/",
])
def test_internal_address_is_refused_before_any_connection(url, no_connection):
    with pytest.raises(imp.ImportRefused) as err:
        imp.fetch_url(url, policy=FetchPolicy())
    assert err.value.source == url
    assert ("adresse refusée" in err.value.reason) or ("port" in err.value.reason and "refusé" in err.value.reason)
    assert no_connection == []


def test_public_looking_name_that_resolves_to_a_private_address_is_refused(no_connection):
    resolve = resolver_of({"actualites.example.com": ["192.168.10.20"]})
    with pytest.raises(imp.ImportRefused) as err:
        imp.fetch_url("https://actualites.example.com/article", policy=FetchPolicy(), resolver=resolve)
    assert "actualites.example.com (192.168.10.20)" in err.value.reason
    assert "adresse privée" in err.value.reason
    assert no_connection == []


def test_a_name_with_one_internal_address_among_public_ones_is_refused(no_connection):
    resolve = resolver_of({"mixte.example.com": [PUBLIC, "10.1.2.3"]})
    with pytest.raises(imp.ImportRefused, match="10.1.2.3"):
        imp.fetch_url("http://mixte.example.com/", policy=FetchPolicy(), resolver=resolve)


def test_port_other_than_80_or_443_is_refused_unless_allowed(no_connection):
    resolve = resolver_of({"presse.example.com": [PUBLIC]})
    with pytest.raises(imp.ImportRefused, match="port 8080 refusé"):
        imp.fetch_url("http://presse.example.com:8080/a", policy=FetchPolicy(), resolver=resolve)
    assert resolve.calls == []  # refused before even resolving


@pytest.mark.parametrize("url", ["ftp://example.com/a", "file:///etc/passwd", "http:///sans-hote", "http://a:b:c/"])
def test_other_schemes_and_malformed_addresses_are_refused(url, no_connection):
    with pytest.raises(imp.ImportRefused, match="adresse invalide"):
        imp.fetch_url(url, policy=FetchPolicy())


def test_connection_goes_to_the_checked_address_not_a_second_dns_answer(monkeypatch):
    """DNS rebinding: a second resolution would give 127.0.0.1; there is none."""
    answers = iter([[PUBLIC], ["127.0.0.1"]])
    calls, connected = [], []

    def resolve(host, port):
        calls.append(host)
        return next(answers)

    def record(address, *args, **kwargs):
        connected.append(address)
        raise ConnectionRefusedError(111, "refusée")

    monkeypatch.setattr(socket, "create_connection", record)
    with pytest.raises(imp.ImportRefused, match="connexion refusée"):
        imp.fetch_url("http://rebond.example.com/", policy=FetchPolicy(), resolver=resolve)
    assert calls == ["rebond.example.com"]
    assert connected == [(PUBLIC, 80)]


def test_address_problem_accepts_public_addresses():
    assert address_problem(PUBLIC) is None
    assert address_problem("2606:4700:4700::1111") is None
    assert address_problem("127.0.0.1") and address_problem("::1") and address_problem("169.254.169.254")


# --------------------------------------------------------------------------- a real server on loopback

class _Server:
    """A loopback HTTP server whose answers the test sets; records every path requested."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.requested: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requested.append(self.path)
                status, headers, body = server.routes.get(self.path, (404, {}, b"absent"))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v.replace("{port}", str(server.port)))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site():
    with _Server() as server:
        yield server


def allowed_site(site):
    """An internal host the installation allowed, on the test server's port (resolver stubbed)."""
    policy = FetchPolicy(allowed_hosts=(f"intranet.example:{site.port}",))
    return policy, resolver_of({"intranet.example": ["127.0.0.1"]})


def test_allowed_internal_host_is_fetched_at_its_checked_address(site):
    site.routes["/page"] = (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE)
    policy, resolve = allowed_site(site)
    data = imp.fetch_url(f"http://intranet.example:{site.port}/page", policy=policy, resolver=resolve)
    assert data == PAGE and site.requested == ["/page"]


def test_redirect_from_an_allowed_host_to_loopback_is_refused_by_our_code(site):
    site.routes["/depart"] = (302, {"Location": "http://127.0.0.1:{port}/secret"}, b"")
    site.routes["/secret"] = (200, {}, b"donnees internes")
    policy, resolve = allowed_site(site)
    url = f"http://intranet.example:{site.port}/depart"
    with pytest.raises(imp.ImportRefused) as err:
        imp.fetch_url(url, policy=policy, resolver=resolve)
    assert err.value.source == url
    assert f"redirection vers http://127.0.0.1:{site.port}/secret refusée" in err.value.reason
    assert site.requested == ["/depart"]  # the internal page was never asked for


def test_redirect_to_a_name_resolving_to_a_private_address_is_refused(site):
    site.routes["/depart"] = (301, {"Location": "http://interne.example.com/"}, b"")
    policy, _ = allowed_site(site)
    resolve = resolver_of({"intranet.example": ["127.0.0.1"], "interne.example.com": ["10.0.0.8"]})
    with pytest.raises(imp.ImportRefused, match=r"redirection vers http://interne.example.com/ refusée.*10.0.0.8"):
        imp.fetch_url(f"http://intranet.example:{site.port}/depart", policy=policy, resolver=resolve)
    assert site.requested == ["/depart"]


def test_relative_redirect_on_an_allowed_host_is_followed(site):
    site.routes["/ancienne"] = (308, {"Location": "/nouvelle"}, b"")
    site.routes["/nouvelle"] = (200, {"Content-Type": "text/html"}, PAGE)
    policy, resolve = allowed_site(site)
    assert imp.fetch_url(f"http://intranet.example:{site.port}/ancienne", policy=policy, resolver=resolve) == PAGE
    assert site.requested == ["/ancienne", "/nouvelle"]


def test_accented_path_and_host_are_sent_in_ascii(site):
    site.routes["/%C3%A9lection?ville=S%C3%A8te"] = (200, {}, PAGE)
    policy = FetchPolicy(allowed_hosts=(f"café.example:{site.port}",))
    resolve = resolver_of({"xn--caf-dma.example": ["127.0.0.1"]})
    url = f"http://café.example:{site.port}/élection?ville=Sète"
    assert imp.fetch_url(url, policy=policy, resolver=resolve) == PAGE
    assert resolve.calls == ["xn--caf-dma.example"]


def test_redirect_loop_stops(site):
    site.routes["/boucle"] = (302, {"Location": "/boucle"}, b"")
    policy, resolve = allowed_site(site)
    with pytest.raises(imp.ImportRefused, match="trop de redirections"):
        imp.fetch_url(f"http://intranet.example:{site.port}/boucle", policy=policy, resolver=resolve)


def test_http_error_is_reported_in_french(site):
    policy, resolve = allowed_site(site)
    with pytest.raises(imp.ImportRefused, match="erreur HTTP 404"):
        imp.fetch_url(f"http://intranet.example:{site.port}/absente", policy=policy, resolver=resolve)


def test_allow_list_comes_from_the_environment(site, monkeypatch):
    site.routes["/page"] = (200, {}, PAGE)
    resolve = resolver_of({"intranet.example": ["127.0.0.1"]})
    url = f"http://intranet.example:{site.port}/page"
    monkeypatch.delenv("DISCOURS_IMPORT_ALLOWED_HOSTS", raising=False)
    with pytest.raises(imp.ImportRefused):
        imp.fetch_url(url, resolver=resolve)
    monkeypatch.setenv("DISCOURS_IMPORT_ALLOWED_HOSTS", f"autre.example, intranet.example:{site.port}")
    assert imp.fetch_url(url, resolver=resolve) == PAGE


def test_allow_list_without_port_keeps_the_port_rule(site):
    policy = FetchPolicy(allowed_hosts=("intranet.example",))
    resolve = resolver_of({"intranet.example": ["127.0.0.1"]})
    with pytest.raises(imp.ImportRefused, match=f"port {site.port} refusé"):
        imp.fetch_url(f"http://intranet.example:{site.port}/page", policy=policy, resolver=resolve)


def test_wildcard_entry_matches_sub_domains_only():
    policy = FetchPolicy(allowed_hosts=("*.corp.example",))
    assert policy.host_allowed("wiki.corp.example")
    assert not policy.host_allowed("corp.example.evil.com") and not policy.host_allowed("evilcorp.example")
