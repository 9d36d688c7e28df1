"""The API explorer a browser can open: /docs (Swagger UI) and /docs.json (the OpenAPI
document) with bearer auth declared, so "Authorize" in Swagger UI takes the token and every
"Try it out" sends it.

Why not BentoML's own: its index page loads a tag manager from the internet (nothing of the
city's service may call out), and its document declares no security scheme, so Swagger UI
had no way to send a token — and both answered 401, since a browser sends no bearer header.
The guard (serving/guard.py) leaves /docs, /docs.json and Swagger UI's files (BentoML's
vendored copy under /static_content/) open: they describe the API, not the city.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Callable

SCHEME = "bearerAuth"
PUBLIC = ("/healthz", "/livez", "/readyz", "/metrics")

DOCS_HTML = b"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>Jobfit API</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" type="text/css" href="/static_content/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/static_content/swagger-ui-bundle.js" charset="UTF-8"></script>
  <script src="/static_content/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
  <script src="/console/static/swagger-init.js" charset="UTF-8"></script>
</body>
</html>
"""


def with_bearer_auth(spec: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with the bearer scheme required everywhere but the probes."""
    spec = copy.deepcopy(spec)
    spec.setdefault("components", {}).setdefault("securitySchemes", {})[SCHEME] = {
        "type": "http", "scheme": "bearer",
        "description": "The service's token (JOBFIT_API_TOKEN; `jobfit serve` prints it)."}
    spec["security"] = [{SCHEME: []}]
    for path in PUBLIC:
        for operation in (spec.get("paths", {}).get(path) or {}).values():
            if isinstance(operation, dict):
                operation["security"] = []
    info = spec.setdefault("info", {})
    info["title"] = "Jobfit"
    info.pop("contact", None)
    return spec


class ApiDocs:
    """ASGI middleware answering GET /docs and /docs.json; everything else passes through.
    `spec`: returns the service's OpenAPI document as a dict (built once, on first use)."""

    def __init__(self, app, spec: Callable[[], dict]) -> None:
        self.app = app
        self._spec_source = spec
        self._body: bytes | None = None

    def document(self) -> bytes:
        if self._body is None:
            self._body = json.dumps(with_bearer_auth(self._spec_source()),
                                    ensure_ascii=False).encode()
        return self._body

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path")
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD") \
                or path not in ("/docs", "/docs.json"):
            await self.app(scope, receive, send)
            return
        body, kind = (self.document(), b"application/json") if path == "/docs.json" else \
            (DOCS_HTML, b"text/html; charset=utf-8")
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", kind),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
