"""What can go wrong in the state store, as exceptions that already carry their HTTP answer.

The service turns any `StateError` into `{"error": message}` with `status`; the CLI prints the
message. Messages name the offending field and never carry SQL, tracebacks or personal data
(the store raises these itself; database failures are wrapped, with their SQL left behind).
"""

from __future__ import annotations


class StateError(Exception):
    """Base class: `status` (HTTP), `field` (the offending input, if any), `message`."""

    status = 500

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def to_json(self) -> dict:
        return {"error": self.message}


class BadRequest(StateError):
    """400: malformed input (unknown decision, override without a target, empty reason...)."""

    status = 400


class NotFound(StateError):
    """404: unknown round or move."""

    status = 404


class StaleVersion(StateError):
    """409: `expected_version` is not the round's current version (someone decided first)."""

    status = 409

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, field="expected_version")
        self.current_version = current_version


class RoundFrozen(StateError):
    """409: the round is enacted; it takes no more decisions."""

    status = 409


class Ineligible(StateError):
    """422: an override breaks an eligibility rule (`rule` names it)."""

    status = 422

    def __init__(self, message: str, *, rule: str, field: str | None = None):
        super().__init__(message, field=field)
        self.rule = rule


class IdempotencyConflict(StateError):
    """422: an Idempotency-Key reused with a different request body (the IETF
    Idempotency-Key draft's answer; the first request's answer stays the only one)."""

    status = 422

    def __init__(self, message: str):
        super().__init__(message, field="Idempotency-Key")


class StateUnavailable(StateError):
    """503: the state database cannot be reached or stayed locked past the busy timeout."""

    status = 503


class SchemaOutOfDate(StateError):
    """503: the database is not at this code's schema revision (run `upgrade`)."""

    status = 503
