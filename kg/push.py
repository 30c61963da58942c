"""Upload a graph to a triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

    push(graph, "http://127.0.0.1:8890/sparql-graph-crud-auth", "https://example.org/kg/graph/seeds",
         "dba", "dba")

One HTTP PUT of the graph as N-Triples (UTF-8, application/n-triples) to
ENDPOINT?graph=IRI, or ENDPOINT?default without an IRI. PUT replaces the graph, so
pushing again does not duplicate it. N-Triples rather than Turtle: it is a subset of
Turtle every store parses, with no prefixes or long strings for an older parser to
trip on.

Credentials come from user and password, else from the netrc file ($NETRC, else
~/.netrc) entry for the endpoint's host. They are sent with HTTP Digest or Basic,
whichever the server's 401 challenge names (Virtuoso's /sparql-graph-crud-auth asks
for Digest). To learn it without sending the body twice, a bodiless HEAD goes first
when there are credentials. Credentials are never sent over plain http:// to a host
other than loopback unless insecure=True.

Every failure (no connection, timeout, an HTTP error status) is a one-line KGError
naming the endpoint.
"""
from __future__ import annotations

import ipaddress
import netrc
import os
import re
import time
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from rdflib import Graph

from .deadline import within
from .errors import KGError

if TYPE_CHECKING:
    import httpx

MEDIA_TYPE = "application/n-triples"
MAX_BODY = 64 * 1024  # bytes of an answer's body read for its error message
DEADLINE = 600.0  # seconds a whole push may take, however the server trickles its answer


@dataclass(frozen=True)
class PushResult:
    """What a push sent and how the server answered."""

    triples: int
    status: int
    seconds: float
    url: str


def target(endpoint: str, graph_iri: str | None) -> str:
    """The Graph Store URL of a graph: endpoint?graph=IRI (URL-encoded), or endpoint?default."""
    sep = "&" if "?" in endpoint else "?"
    return f"{endpoint}{sep}graph={quote(graph_iri, safe='')}" if graph_iri else f"{endpoint}{sep}default"


def is_loopback(host: str) -> bool:
    """Whether host is this machine by name or address: localhost, 127.0.0.0/8, ::1."""
    host = host.lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def netrc_credentials(host: str, user: str | None = None) -> tuple[str, str] | None:
    """(login, password) of the netrc entry for host ($NETRC, else ~/.netrc), or None.
    With user, only an entry with that login counts."""
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc").expanduser()
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as e:
        raise KGError(f"{path}: not a valid netrc file: {e.msg} (line {e.lineno})") from None
    except OSError as e:
        raise KGError(f"{path}: cannot read: {e.strerror or e}") from None
    if entry is None:
        return None
    login, _account, password = entry
    if not login or (user is not None and login != user):
        return None
    return login, password or ""


def _schemes(response) -> list[str]:
    return [h.split(None, 1)[0].lower() for h in response.headers.get_list("www-authenticate") if h.strip()]


def _auth(user: str, password: str) -> httpx.Auth:
    """An httpx.Auth sending Digest or Basic, whichever the server's first 401 names."""
    import httpx

    class ChallengedAuth(httpx.Auth):
        def __init__(self) -> None:
            self.basic = httpx.BasicAuth(user, password)
            self.digest = httpx.DigestAuth(user, password)
            self.scheme: str | None = None

        def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
            if self.scheme is not None:  # learnt from an earlier request (the HEAD probe)
                yield from (self.digest if self.scheme == "digest" else self.basic).auth_flow(request)
                return
            response = yield request
            if response.status_code != 401:
                return
            schemes = _schemes(response)
            if "digest" in schemes:
                self.scheme = "digest"
                flow = self.digest.auth_flow(request)
                next(flow)  # the unauthenticated request, already answered by `response`
                try:
                    retry = flow.send(response)
                except StopIteration:
                    return
                answer = yield retry
                try:
                    flow.send(answer)
                except StopIteration:
                    pass
            elif "basic" in schemes or not schemes:
                self.scheme = "basic"
                yield from self.basic.auth_flow(request)

    return ChallengedAuth()


def _probe(client: httpx.Client, url: str, auth: httpx.Auth) -> httpx.Response | None:
    """A bodiless HEAD with the credentials, so auth learns Basic or Digest before the graph is sent;
    None if the server mishandles HEAD (the PUT will tell). No connection or a timeout is raised."""
    import httpx

    try:
        return client.head(url, auth=auth)
    except (httpx.ConnectError, httpx.TimeoutException):
        raise
    except httpx.HTTPError:
        return None


def _reason(e: Exception) -> str:
    text = str(e).strip() or type(e).__name__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text.splitlines()[-1])
    return text


def _read_capped(response, limit: int = MAX_BODY) -> str:
    """At most limit bytes of a streamed response's body, as text: an error body is read for
    its message only, never whole (a server may send gigabytes)."""
    data = bytearray()
    try:
        for chunk in response.iter_bytes():
            data += chunk
            if len(data) >= limit:
                break
    except Exception:  # a body cut short still has its first bytes to show
        pass
    try:
        return bytes(data[:limit]).decode(response.encoding or "utf-8", "replace")
    except LookupError:
        return bytes(data[:limit]).decode("utf-8", "replace")


def _detail(text: str) -> str:
    """The message of an error body in one short line: an HTML page's <xmp> or <pre> text
    (where Virtuoso puts its message), else its first line of text."""
    if re.search(r"<html|<body|<!doctype", text, re.I):
        quoted = re.findall(r"<(xmp|pre)\b[^>]*>(.*?)</\1>", text, flags=re.S | re.I)
        text = "\n".join(body for _tag, body in quoted) if quoted else text
        text = re.sub(r"<(head|script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", "\n", text)
    for line in text.splitlines():
        line = " ".join(line.split())
        if line and not re.match(r"(HTTP/\d|Error \d+$)", line):
            return line if len(line) <= 200 else line[:197] + "..."
    return ""


def push(graph: Graph, endpoint: str, graph_iri: str | None = None, user: str | None = None,
         password: str | None = None, insecure: bool = False, timeout: float = 60,
         deadline: float = DEADLINE) -> PushResult:
    """PUT graph to the Graph Store endpoint, replacing graph_iri (the default graph if None).

    KGError, one line naming the endpoint, on bad arguments, credentials refused for plain
    http to a non-loopback host (unless insecure), no connection, a timeout (of any one
    network step, in seconds), no complete answer within `deadline` seconds of sending
    (a server trickling bytes), or an HTTP status of 300 or more (of whose body at most
    MAX_BODY bytes are read). `seconds` in the result counts serializing and sending."""
    started = time.perf_counter()
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KGError(f"{endpoint}: not an http:// or https:// endpoint URL")
    if parts.username or parts.password:
        shown = parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]).geturl()
        raise KGError(f"{shown}: put credentials in --user/--password or ~/.netrc, not in the URL")
    host = parts.hostname
    if password is not None and user is None:
        raise KGError("--password needs --user")
    if user is not None and password is None:
        found = netrc_credentials(host, user)
        if found is None:
            raise KGError(f"--user {user} needs --password (or a netrc entry for {host} with login {user})")
        password = found[1]
    if user is None:
        found = netrc_credentials(host)
        if found is not None:
            user, password = found
    if user is not None and parts.scheme == "http" and not insecure and not is_loopback(host):
        raise KGError(f"refusing to send credentials over plain http to {host}, which is not this machine; "
                      f"use https, or --insecure to send them anyway")

    import httpx

    url = target(endpoint, graph_iri)
    body = graph.serialize(format="nt", encoding="utf-8")
    auth = _auth(user, password or "") if user is not None else None
    def exchange() -> tuple[httpx.Response, str]:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            response = _probe(client, url, auth) if auth is not None else None
            if response is not None and response.status_code == 401:  # refused: keep the graph
                return response, _read_capped(response)
            request = client.build_request("PUT", url, content=body, headers={"Content-Type": MEDIA_TYPE})
            response = client.send(request, auth=auth, stream=True)
            try:
                return response, (_read_capped(response) if response.status_code >= 300 else "")
            finally:
                response.close()

    try:
        response, text = within(deadline, exchange, "kg-push")
    except TimeoutError:
        raise KGError(f"push to {endpoint} failed: no complete answer within {deadline:g} s") from None
    except httpx.TimeoutException:
        raise KGError(f"push to {endpoint} failed: no answer within {timeout:g} s") from None
    except httpx.ConnectError as e:
        raise KGError(f"push to {endpoint} failed: cannot connect: {_reason(e)}") from None
    except httpx.HTTPError as e:
        raise KGError(f"push to {endpoint} failed: {_reason(e)}") from None
    if response.status_code >= 300:
        reason = response.reason_phrase or "error"
        detail = _detail(text)
        if response.is_redirect and "location" in response.headers:
            detail = f"redirected to {response.headers['location']}"
        elif response.status_code == 401:
            schemes = _schemes(response)
            if schemes and not {"basic", "digest"} & set(schemes):
                detail = f"the server asks for {schemes[0]} authentication; kg sends Basic or Digest"
            elif user is not None:
                detail = "wrong user or password"
            else:
                detail = "credentials needed (--user/--password or ~/.netrc)"
        elif response.status_code == 403 and not detail:
            detail = "the account may not write this graph"
        raise KGError(f"push to {endpoint} failed: HTTP {response.status_code} {reason}"
                      + (f": {detail}" if detail else ""))
    return PushResult(len(graph), response.status_code, time.perf_counter() - started, url)
