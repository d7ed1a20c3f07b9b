"""The OpenAPI 3 schema and the API docs pages, fetched over HTTP."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import drf_spectacular.validation
import jsonschema
import pytest
import yaml
from django.core.management import call_command

from annotation_site.labeling.emotions import EMOTIONS
from tests.site.http_client import Client

# Every endpoint other parts of the project rely on, with its one method.
V1_ENDPOINTS = {
    "/api/v1/auth/token/": "post",
    "/api/v1/tasks/next/": "get",
    "/api/v1/tasks/skip/": "post",
    "/api/v1/votes/": "post",
    "/api/v1/me/": "get",
    "/api/v1/images/{image_id}/file/": "get",
}
# The official OpenAPI 3.0 JSON Schema (shipped with drf-spectacular).
OPENAPI_30_SPEC = Path(drf_spectacular.validation.__file__).parent / "openapi_3_0_schema.json"


class _AssetRefs(HTMLParser):
    """Every URL a page makes the browser load (scripts, styles, icons, images, frames)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe"} and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])


def _page_assets(client: Client, base_url: str, path: str) -> tuple[str, list[str]]:
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status == 200 and page.headers.get_content_type() == "text/html"
    parser = _AssetRefs()
    parser.feed(page.body.decode())
    return page.body.decode(), [urljoin(base_url + path, url) for url in parser.urls]


@pytest.mark.django_db(transaction=True)
def test_schema_is_valid_openapi_3_and_lists_every_endpoint(live_server):
    client = Client(live_server.url)
    reply = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi"})
    assert reply.status == 200
    schema = yaml.safe_load(reply.body)
    assert schema["openapi"].startswith("3.0")
    jsonschema.validate(schema, json.loads(OPENAPI_30_SPEC.read_text()))
    assert {p for p in schema["paths"] if p.startswith("/api/v1/")} == set(V1_ENDPOINTS)
    for path, method in V1_ENDPOINTS.items():
        assert set(schema["paths"][path]) == {method}, path
    assert {"200", "204"} <= set(schema["paths"]["/api/v1/tasks/next/"]["get"]["responses"])
    components = schema["components"]["schemas"]
    assert set(components["Task"]["properties"]) == {"image", "image_url", "expires_at"}
    label = components["VoteInput"]["properties"]["label"]["oneOf"]
    assert label[0]["enum"] == list(EMOTIONS) and (label[1]["minimum"], label[1]["maximum"]) == (1, 7)
    as_json = client.get("/api/schema/?format=json")
    assert as_json.status == 200 and json.loads(as_json.body) == schema


def test_schema_generation_has_no_warnings(tmp_path):
    # A view the generator cannot describe is silently dropped from the schema; fail instead.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/images/{image_id}/file/" in (tmp_path / "schema.yml").read_text()


@pytest.mark.django_db(transaction=True)
def test_docs_page_renders_with_self_hosted_assets_only(live_server):
    client = Client(live_server.url)
    html, assets = _page_assets(client, live_server.url, "/api/docs/")
    assert '"/api/schema/"' in html
    assert any(url.endswith("swagger-ui-bundle.js") for url in assets)
    origin = urlsplit(live_server.url).netloc
    for url in assets:
        assert urlsplit(url).netloc == origin, f"/api/docs/ loads {url} from another host"
        asset = client.get(urlsplit(url).path, headers={"Accept": "*/*"})
        assert asset.status == 200 and asset.body, url
    assert not [u for u in re.findall(r"https?://[^\s\"'<>)]+", html) if urlsplit(u).netloc != origin]


@pytest.mark.django_db(transaction=True)
def test_docs_page_turns_off_the_external_validator_badge(live_server):
    html, _ = _page_assets(Client(live_server.url), live_server.url, "/api/docs/")
    settings_js = re.search(r"const swaggerSettings = (\{.*?\});", html, re.S)
    assert json.loads(settings_js.group(1)).get("validatorUrl", "default") is None


@pytest.mark.django_db(transaction=True)
def test_redoc_page_uses_self_hosted_assets_only(live_server):
    _, assets = _page_assets(Client(live_server.url), live_server.url, "/api/redoc/")
    origin = urlsplit(live_server.url).netloc
    assert [url for url in assets if urlsplit(url).netloc != origin] == []
