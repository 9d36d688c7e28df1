"""The HTTP guard in front of the service: bearer-token auth, a request size limit, JSON-only
bodies, and error answers that are always `{"error": "..."}` naming the offending field.

A plain ASGI middleware (no Starlette base class), so it adds almost nothing per request.
Health probes and /metrics stay open: orchestrators and Prometheus carry no token. So do the
pages a browser opens before it can hold a token, none of which carries data of the city: the
API explorer (/docs, the OpenAPI document /docs.json, Swagger UI's files under
/static_content/) and the console's shell and files (/console, /console/<page>,
/console/static/…). The console's contents (/console/f/…) need the token like any route.
`/` sends a browser to the console (BentoML's own index page would load a tag manager from
the internet).
"""

from __future__ import annotations

import hmac
import json
from typing import Any, Awaitable, Callable

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

OPEN_PATHS: frozenset[str] = frozenset({"/healthz", "/livez", "/readyz", "/metrics", "/docs",
                                        "/docs.json", "/console"})
OPEN_PREFIXES: tuple[str, ...] = ("/static_content/", "/console/")
HELD_PREFIXES: tuple[str, ...] = ("/console/f/", "/console/f")   # the console's data
MAX_BODY_BYTES = 64 * 1024  # a request is a few ids; anything bigger is not ours
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})  # bodies read here: size-checked, JSON


async def _send_json(send: Send, status: int, body: dict, extra_headers=()) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(data)).encode()), *extra_headers]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


def _loc_name(loc: Any) -> str:
    """pydantic's error location as a field path: (k,) -> k, (unit_ids, 2) -> unit_ids[2]."""
    parts: list[str] = []
    for item in loc or ():
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item not in ("body", "__root__"):
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def error_message(status: int, raw: bytes) -> dict:
    """Turn whatever body an error answer had into `{"error": ...}` naming the field.

    BentoML answers validation failures with `{"error": "1 validation error for Input",
    "detail": [pydantic errors]}` and other 4xx as a one-element list; Starlette answers
    unknown routes in plain text. Answers already in our shape pass through unchanged.
    """
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = None
    if isinstance(body, list) and len(body) == 1 and isinstance(body[0], dict):
        body = body[0]
    if isinstance(body, dict) and isinstance(body.get("detail"), list) and body["detail"]:
        messages = []
        for err in body["detail"]:
            if not isinstance(err, dict):
                continue
            name = _loc_name(err.get("loc"))
            msg = str(err.get("msg", "invalid value"))
            if err.get("type") == "json_invalid":
                messages.append(f"request body is not valid JSON ({msg})")
            elif err.get("type") == "missing":
                messages.append(f"{name}: required field is missing")
            elif name:
                messages.append(f"{name}: {msg}")
            else:
                messages.append(f"request body: {msg}")
        fields = sorted({_loc_name(e.get("loc")) for e in body["detail"] if isinstance(e, dict)}
                        - {""})
        out = {"error": "; ".join(messages) or "invalid request"}
        if fields:
            out["fields"] = fields
        return out
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return {"error": body["detail"]}
    text = raw.decode("utf-8", "replace").strip() if raw else ""
    if status >= 500:
        return {"error": "internal error; the server log has the details"}
    return {"error": text[:200] or f"HTTP {status}"}


class ApiGuard:
    """ASGI middleware. `token` is the bearer token every non-open path requires."""

    def __init__(self, app: ASGIApp, token: str, max_body_bytes: int = MAX_BODY_BYTES,
                 open_paths: frozenset[str] = OPEN_PATHS) -> None:
        if not token:
            raise ValueError("ApiGuard needs a non-empty token (JOBFIT_API_TOKEN)")
        self.app = app
        self._expected = f"Bearer {token}".encode()
        self.max_body_bytes = max_body_bytes
        self.open_paths = open_paths

    def is_open(self, path: str) -> bool:
        """Answered without a token: the open paths, and the open prefixes except the held
        ones (the console's data under /console/f/). Judged on the path with repeated
        slashes and "." segments taken out, and never open with a ".." segment, so no
        spelling of a held path slips through."""
        if path in self.open_paths:
            return True
        segments = [p for p in path.split("/") if p not in ("", ".")]
        if ".." in segments:
            return False
        norm = "/" + "/".join(segments) + ("/" if path.endswith("/") and segments else "")
        return norm.startswith(OPEN_PREFIXES) and not (
            norm.startswith(HELD_PREFIXES[0]) or norm == HELD_PREFIXES[1])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path == "/" and scope.get("method") in ("GET", "HEAD"):
            await send({"type": "http.response.start", "status": 307,
                        "headers": [(b"location", b"/console"), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        if scope["type"] != "http" or self.is_open(path):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        # Constant-time compare; the 401 body says nothing about the data or the token.
        if not hmac.compare_digest(headers.get(b"authorization", b""), self._expected):
            await _send_json(send, 401, {"error": "missing or wrong bearer token"},
                             [(b"www-authenticate", b'Bearer realm="jobfit"')])
            return
        if scope.get("method") in BODY_METHODS:
            # The body is JSON whatever the client called it (curl -d says form-urlencoded);
            # pinning the type also keeps BentoML from picking its multipart or pickle parsers.
            scope = dict(scope)
            scope["headers"] = [(k, v) for k, v in scope.get("headers", ())
                                if k.lower() != b"content-type"]
            scope["headers"].append((b"content-type", b"application/json"))
            length = headers.get(b"content-length")
            if length is not None and (not length.isdigit()
                                       or int(length) > self.max_body_bytes):
                await _send_json(send, 413, {"error": f"request body: larger than "
                                                      f"{self.max_body_bytes} bytes"})
                return
            # Read the (small) body here so a chunked upload cannot exceed the limit either.
            chunks, size = [], 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body_bytes:
                    await _send_json(send, 413, {"error": f"request body: larger than "
                                                          f"{self.max_body_bytes} bytes"})
                    return
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
            receive = _replay(b"".join(chunks), receive)
        await self.app(scope, receive, _ErrorRewriter(send))


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # later calls wait for the disconnect, as usual

    return replay


class _ErrorRewriter:
    """Buffers the body of error answers (>= 400) and rewrites it into `{"error": ...}`."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.start: Message | None = None
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            if message["status"] < 400:
                await self.send(message)
                return
            self.start = message
            return
        if self.start is None or message["type"] != "http.response.body":
            await self.send(message)
            return
        self.chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        status = self.start["status"]
        body = json.dumps(error_message(status, b"".join(self.chunks)),
                          ensure_ascii=False).encode()
        headers = [(k, v) for k, v in self.start.get("headers", ())
                   if k.lower() not in (b"content-length", b"content-type")]
        headers += [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())]
        await self.send({"type": "http.response.start", "status": status, "headers": headers})
        await self.send({"type": "http.response.body", "body": body})
        self.start = None
