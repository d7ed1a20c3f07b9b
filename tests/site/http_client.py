"""A small HTTP client with a cookie jar, so site tests go over the wire like a real client."""
from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

_NO_BODY = object()


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self):
        assert self.headers.get_content_type() == "application/json", (self.status, self.body[:300])
        return json.loads(self.body)


class Client:
    """A small HTTP client with a cookie jar, so tests go over the wire like a real client."""

    def __init__(self, base_url: str, *, token: str | None = None):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.token = token
        self.cookies: dict[str, str] = {}

    def request(self, method, path, *, json_body=_NO_BODY, raw=None, form=None, headers=None) -> Reply:
        sent = {"Accept": "application/json"}
        body = None
        if json_body is not _NO_BODY:
            body, sent["Content-Type"] = json.dumps(json_body).encode(), "application/json"
        elif raw is not None:
            body, sent["Content-Type"] = raw, "application/json"
        elif form is not None:
            body, sent["Content-Type"] = urlencode(form).encode(), "application/x-www-form-urlencoded"
        if self.token:
            sent["Authorization"] = f"Token {self.token}"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        connection = http.client.HTTPConnection(self.host, self.port, timeout=20)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            connection.close()
        self._keep_cookies(reply.headers.get_all("Set-Cookie") or [])
        return reply

    def _keep_cookies(self, set_cookie_headers: list[str]) -> None:
        for header in set_cookie_headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path, **kw) -> Reply:
        return self.request("GET", path, **kw)

    def post(self, path, body=_NO_BODY, **kw) -> Reply:
        return self.request("POST", path, json_body=body, **kw)


def login_rate(settings, rate: str, address_rate: str = "1000/min") -> None:
    """Set FACECROWD_LOGIN_RATE (and the per-address rate) for this test (both login paths read them)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"login": rate, "login_address": address_rate}
    }
