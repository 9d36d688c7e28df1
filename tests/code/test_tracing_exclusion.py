"""The service leaves exactly its two small writes — a decision, a preference — out of
OpenTelemetry's request spans (serving.service, `tracing.excluded_urls`): every other route
keeps its span."""

from __future__ import annotations

from opentelemetry.util.http import ExcludeList

from serving.state_api import SMALL_WRITE_URLS

BASE = "http://127.0.0.1:3000"


def test_only_the_small_writes_are_left_out():
    excluded = ExcludeList(SMALL_WRITE_URLS)
    for path in ("/rounds/rnd-1f2e/decisions", "/employees/199001012020011001/preferences"):
        assert excluded.url_disabled(BASE + path), path
    for path in ("/rounds", "/rounds/rnd-1f2e", "/rounds/rnd-1f2e/enact",
                 "/rounds/rnd-1f2e/report", "/rounds/rnd-1f2e/decisions/x", "/audit",
                 "/recommend/positions", "/recommend/candidates", "/plan", "/console",
                 "/rounds/a/b/decisions", "/employees/preferences"):
        assert not excluded.url_disabled(BASE + path), path


def test_the_service_is_configured_with_them():
    from serving.service import Jobfit

    assert Jobfit.config["tracing"]["excluded_urls"] == SMALL_WRITE_URLS
