"""Which paths the guard answers without a token (serving/guard.py): the probes, the API
explorer and the console's shell and files — and no spelling of the console's data."""

from __future__ import annotations

import pytest

from serving.guard import ApiGuard


@pytest.fixture(scope="module")
def guard():
    return ApiGuard(lambda *a: None, token="t")


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics", "/docs", "/docs.json",
                                  "/static_content/swagger-ui.css", "/console", "/console/",
                                  "/console/employee/1987", "/console/static/console.js",
                                  "/console/rounds/r-1/moves/m1", "/console/fancy"])
def test_open_without_a_token(guard, path):
    assert guard.is_open(path)


@pytest.mark.parametrize("path", ["/recommend/positions", "/plan", "/rounds", "/audit", "/",
                                  "/console/f", "/console/f/", "/console/f/model",
                                  "/console//f/model", "/console/./f/model",
                                  "/console/static/../f/model", "//console/f/audit",
                                  "/console/static/../../rounds", "/docs.json/../audit"])
def test_held_to_the_token(guard, path):
    assert not guard.is_open(path)
