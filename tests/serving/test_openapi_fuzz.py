"""Schemathesis over the service's own OpenAPI document: generated valid and invalid requests
to both endpoints must never get a 5xx, and every error must be JSON with an `error`."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.heavy


def _schema(server, path_regex: str, mode: str):
    """The running server's own OpenAPI document, cut to the routes under test, and the
    generation mode ("positive": valid requests, "negative": invalid ones)."""
    import schemathesis
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_url(f"{server.url}/docs.json", headers=server.auth,
                                           timeout=30)
    return (schema.include(path_regex=path_regex),
            GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE)


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_generated_requests_never_get_a_5xx(server, ids, recommender, mode):
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error

    schema, generation_mode = _schema(server, "^/recommend/", mode)
    seen: dict[int, int] = {}
    calls = [0]
    units = sorted(map(str, recommender.export.units["unit_id"]))

    @given(case=schema.as_strategy(generation_mode=generation_mode))
    @settings(max_examples=30, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def run(case):
        if mode == "positive" and isinstance(case.body, dict):
            # Known ids for most cases, so the ranking itself (random k, dates, filters) runs.
            n = calls[0] = calls[0] + 1
            if "employee_id" in case.body and n % 4:
                case.body["employee_id"] = ids["due"][n % len(ids["due"])]
                if case.body.get("unit_ids") and n % 2:
                    case.body["unit_ids"] = units[: 1 + n % 3]
            if "position_id" in case.body and n % 4:
                case.body["position_id"] = ids["positions"][n % len(ids["positions"])]
        response = case.call(base_url=server.url, headers=server.auth, timeout=30)
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        case.validate_response(response, checks=[not_a_server_error])
        if response.status_code >= 400:
            assert isinstance(response.json().get("error"), str), response.text

    run()
    assert seen and max(seen) < 500, seen


@pytest.fixture(scope="module")
def state_server(serving_world, tmp_path_factory):
    """A server of its own (SQLite state database) with one round in it: what the fuzzing
    writes never reaches the shared server's rankings."""
    import httpx

    from serverkit import server_env, start_server, stop_server

    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz_state') / 'jobfit.db'}"
    env = server_env(serving_world, tmp_path_factory, database_url=url)
    srv = start_server(env, tmp_path_factory.mktemp("fuzz_log") / "serve.log")
    r = httpx.post(f"{srv.url}/rounds", json={"name": "Fuzz"}, timeout=120,
                   headers={**srv.auth, "X-Jobfit-Actor": "fuzz"})
    assert r.status_code == 201, r.text
    yield srv, r.json()
    stop_server(srv.proc)


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_generated_state_requests_never_get_a_5xx(state_server, ids, recommender, mode):
    """Rounds, decisions, enactment, preferences and audit: generated requests (known ids
    most of the time, in positive mode) get 2xx or a 4xx with an `error`, never a 5xx."""
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error

    srv, rnd = state_server
    schema, generation_mode = _schema(srv, "^/(rounds|employees|audit)", mode)
    seen: dict[int, int] = {}
    calls = [0]
    units = sorted(map(str, recommender.export.units["unit_id"]))
    moves = [m["move_id"] for m in rnd["moves"]]

    @given(case=schema.as_strategy(generation_mode=generation_mode))
    @settings(max_examples=120, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def run(case):
        n = calls[0] = calls[0] + 1
        if mode == "positive":
            # known ids most of the time, so the writes themselves (not only 404s) run
            if case.path_parameters and n % 4:
                if "round_id" in case.path_parameters:
                    case.path_parameters["round_id"] = rnd["round_id"]
                if "employee_id" in case.path_parameters:
                    case.path_parameters["employee_id"] = ids["due"][n % len(ids["due"])]
            if isinstance(case.body, dict) and n % 4:
                if "move_id" in case.body:
                    case.body["move_id"] = moves[n % len(moves)]
                if case.body.get("preferred_unit_ids"):
                    case.body["preferred_unit_ids"] = units[: 1 + n % 3]
                if "positions" in case.body and n % 2:
                    case.body["positions"] = None        # plan the real vacancies
                if "candidates" in case.body and n % 2:
                    case.body["candidates"] = None
        try:
            response = case.call(base_url=srv.url, headers=srv.auth, timeout=120)
        except (ValueError, UnicodeEncodeError):   # a header value the client cannot send
            return
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        case.validate_response(response, checks=[not_a_server_error])
        if response.status_code >= 400:
            assert isinstance(response.json().get("error"), str), response.text

    run()
    assert seen and max(seen) < 500, seen
    if mode == "positive":
        assert any(200 <= s < 300 for s in seen), seen
