"""Idempotency keys: the same key and body again gets the first answer, never a second write.

A write that carries a key stores its answer in the `idempotency` table in the SAME
transaction as the write itself (the store's write transaction calls `remember` before it
commits): after a crash there is either both the write and its key, or neither. A replay
with the same key and the same request (same scope, same canonical-JSON hash) gets the stored
answer; the same key with a different request is an `IdempotencyConflict` (422, as the IETF
Idempotency-Key draft answers a reused key with a different payload).

Only successful answers are stored: a request that failed (409 stale version, 422 ineligible,
...) wrote nothing, and retrying it with the same key runs it again.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from serving.state.errors import BadRequest, IdempotencyConflict
from serving.state.prepared import Prepared
from serving.state.tables import IdempotencyRecord

MAX_KEY_LENGTH = 255


def check_key(key: str | None) -> str | None:
    """The key as given, or a BadRequest naming the header if it cannot be one."""
    if key is None:
        return None
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise BadRequest(f"Idempotency-Key: must be 1–{MAX_KEY_LENGTH} characters",
                         field="Idempotency-Key")
    return key


def request_hash(request: Any) -> str:
    """sha256 of the request's canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


# Compiled once (every write with a key runs both; serving.state.prepared): only the
# parameters change per call.
_T = IdempotencyRecord.__table__
_LOOKUP = Prepared(select(_T.c.request_hash, _T.c.response).where(
    _T.c.key == bindparam("key"), _T.c.scope == bindparam("scope")))
_REMEMBER = Prepared(insert(_T), [c.key for c in _T.c])


def lookup(session: Session, key: str, scope: str) -> dict | None:
    """The stored {"request_hash", "response"} of (key, scope), or None."""
    return _LOOKUP.first(session, {"key": key, "scope": scope})


def replay(record: dict, digest: str) -> Any:
    """The stored answer if the request matches; IdempotencyConflict if it does not."""
    if record["request_hash"] != digest:
        raise IdempotencyConflict(
            "Idempotency-Key: already used for a different request; send a new key")
    return record["response"]


def remember(session: Session, *, key: str, scope: str, digest: str, status_code: int,
             response: Any, at: datetime) -> None:
    _REMEMBER.run(session, {"key": key, "scope": scope, "request_hash": digest,
                                "status_code": status_code, "response": response,
                                "created_at": at})
