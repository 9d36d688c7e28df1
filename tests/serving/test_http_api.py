"""The real `bentoml serve` over HTTP: the contract of ../shared/contract/http-api.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import numpy as np
import pytest

from serving.schemas import CandidatesAnswer, PositionsAnswer

pytestmark = pytest.mark.heavy

POSITION_KEYS = ["rank", "position_id", "title", "unit_id", "unit_name", "score", "vacancies",
                 "reasons", "gaps"]
CANDIDATE_KEYS = ["rank", "employee_id", "name", "unit_id", "score", "reasons", "gaps"]


def post(client, route, body, **kw):
    return client.post(route, json=body, **kw)


# --- startup, health, documents ---------------------------------------------------------------
# How fast the service becomes ready is measured by benchmarks/load.py (docs/benchmarks.md), not
# asserted here: on the shared 2-core machine it ranged 9–18 s with the same code.


@pytest.mark.parametrize("path", ["/healthz", "/livez", "/readyz", "/metrics"])
def test_health_and_metrics_need_no_token(server, path):
    assert httpx.get(server.url + path).status_code == 200


def test_metrics_count_answers(server, client, ids):
    post(client, "/recommend/positions", {"employee_id": ids["due"][0]})
    text = httpx.get(server.url + "/metrics").text
    assert 'jobfit_answers_total{endpoint="positions",outcome="ok"}' in text
    assert "jobfit_ranking_seconds_bucket" in text


def test_openapi_document_is_served(client):
    doc = client.get("/docs.json").json()
    assert {"/recommend/positions", "/recommend/candidates"} <= set(doc["paths"])


# --- auth -------------------------------------------------------------------------------------
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": "Basic abc"}, {"Authorization": ""}])
@pytest.mark.parametrize("route", ["/recommend/positions", "/recommend/candidates",
                                   "/audit", "/console/f/"])
def test_missing_or_wrong_token_is_401_without_data(server, ids, headers, route):
    """The OpenAPI document and the console's shell are open (tests/serving/
    test_console_http.py): they describe the API and hold no data. Everything with data is
    held to the token."""
    body = {"employee_id": ids["due"][0], "position_id": ids["positions"][0]}
    r = httpx.post(server.url + route, json=body, headers=headers) \
        if route.startswith("/recommend") else httpx.get(server.url + route, headers=headers)
    assert r.status_code == 401
    assert set(r.json()) == {"error"}
    assert ids["due"][0] not in r.text and "score" not in r.text


# --- positions --------------------------------------------------------------------------------
def test_positions_answer_follows_the_contract(client, recommender, ids):
    r = post(client, "/recommend/positions", {"employee_id": ids["due"][0], "k": 5,
                                              "vacant_only": False})
    assert r.status_code == 200
    body = r.json()
    PositionsAnswer.model_validate(body)
    assert list(body) == ["employee_id", "model_version", "data_snapshot", "status",
                          "recommendations", "excluded", "preference_source"]   # additive last
    assert body["status"] == "ok"
    assert body["model_version"] == recommender.model_version
    assert body["data_snapshot"] == recommender.export.snapshot
    recs = body["recommendations"]
    assert 1 <= len(recs) <= 5
    assert [r["rank"] for r in recs] == list(range(1, len(recs) + 1))
    for rec in recs:
        assert list(rec) == POSITION_KEYS
        assert 0.0 <= rec["score"] <= 1.0
    scores = [r["score"] for r in recs]
    assert scores == sorted(scores, reverse=True)
    assert any(rec["reasons"] for rec in recs), "every list must say why"


def test_k_bounds_the_list_and_defaults_to_10(client, ids):
    many = post(client, "/recommend/positions",
                {"employee_id": ids["due"][0], "vacant_only": False}).json()
    assert len(many["recommendations"]) == 10
    one = post(client, "/recommend/positions",
               {"employee_id": ids["due"][0], "vacant_only": False, "k": 1}).json()
    assert one["recommendations"] == many["recommendations"][:1]


def test_vacant_only(client, ids):
    eid = ids["due"][0]
    vacant = post(client, "/recommend/positions", {"employee_id": eid, "k": 100}).json()
    assert vacant["recommendations"], "the city has vacancies"
    assert all(r["vacancies"] >= 1 for r in vacant["recommendations"])
    everything = post(client, "/recommend/positions",
                      {"employee_id": eid, "k": 100, "vacant_only": False}).json()
    assert len(everything["recommendations"]) >= len(vacant["recommendations"])
    assert any(r["vacancies"] == 0 for r in everything["recommendations"])
    assert vacant["excluded"].get("not vacant", 0) > 0
    assert "not vacant" not in everything["excluded"]


def test_unit_filter(client, recommender, ids):
    eid = ids["due"][0]
    everything = post(client, "/recommend/positions",
                      {"employee_id": eid, "k": 100, "vacant_only": False}).json()
    unit = everything["recommendations"][0]["unit_id"]
    r = post(client, "/recommend/positions",
             {"employee_id": eid, "k": 100, "vacant_only": False, "unit_ids": [unit]})
    assert r.status_code == 200
    recs = r.json()["recommendations"]
    assert recs and all(rec["unit_id"] == unit for rec in recs)
    assert r.json()["excluded"]["not in requested units"] > 0
    # the same order as without the filter, restricted to the unit
    assert [x["position_id"] for x in recs] == [
        x["position_id"] for x in everything["recommendations"] if x["unit_id"] == unit]


def test_not_due_employee_gets_no_list_and_a_reason(client, ids):
    if not ids["not_due"]:
        pytest.skip("the small city has nobody under the minimum tenure")
    r = post(client, "/recommend/positions", {"employee_id": ids["not_due"][0]})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "not_due"
    assert body["recommendations"] == []
    assert " tahun di jabatan sekarang" in body["reason"]       # Bahasa Indonesia by default
    english = post(client, "/recommend/positions", {"employee_id": ids["not_due"][0]},
                   headers={"Accept-Language": "en"}).json()
    assert english["reason"].endswith(" years in current position")


# --- language (the contract's "Language" section) ---------------------------------------------
def _texts(answer: dict, key: str) -> list[str]:
    return [t for item in answer[key] for t in item["reasons"] + item["gaps"]]


def test_reasons_and_gaps_are_indonesian_by_default_and_english_on_request(client, ids):
    from serving.i18n import CATALOGUE, placeholders

    def fixed_parts(lang: str) -> list[str]:
        """The words of every reason/gap template in one language, placeholders cut out."""
        out = []
        for key, texts in CATALOGUE.items():
            if key.startswith(("reason.", "gap.", "unit.")):
                t = texts[lang]
                for name in placeholders(t):
                    t = t.replace("{" + name + "}", "\0")
                out.append([p for p in t.split("\0") if len(p.strip()) >= 2])
        return out

    def in_language(text: str, lang: str) -> bool:
        return any(parts and all(p in text for p in parts) for parts in fixed_parts(lang))

    eid = ids["due"][0]
    body = {"employee_id": eid, "k": 5, "vacant_only": False}
    default = post(client, "/recommend/positions", body).json()
    by_header = post(client, "/recommend/positions", body,
                     headers={"Accept-Language": "en-GB,en;q=0.9"}).json()
    by_body = post(client, "/recommend/positions", {**body, "lang": "en"}).json()
    indonesian, english = _texts(default, "recommendations"), _texts(by_header, "recommendations")
    assert indonesian and len(indonesian) == len(english)
    assert all(in_language(t, "id") for t in indonesian), indonesian
    assert all(in_language(t, "en") for t in english), english
    assert indonesian != english
    assert by_body == by_header          # the body's lang and the header ask the same
    # the body's lang wins over the header
    assert post(client, "/recommend/positions", {**body, "lang": "id"},
                headers={"Accept-Language": "en"}).json() == default
    cands = post(client, "/recommend/candidates", {"position_id": ids["positions"][0],
                                                   "lang": "en"}).json()
    assert all(in_language(t, "en") for t in _texts(cands, "candidates"))


def test_an_unknown_language_is_a_400_naming_lang(client, ids):
    r = post(client, "/recommend/positions", {"employee_id": ids["due"][0], "lang": "fr"})
    assert r.status_code == 400 and "lang" in r.json()["error"]
    # an Accept-Language naming neither language falls back to Indonesian, never an error
    r = post(client, "/recommend/positions", {"employee_id": ids["due"][0]},
             headers={"Accept-Language": "fr-FR"})
    assert r.status_code == 200


# --- candidates -------------------------------------------------------------------------------
def test_candidates_answer_follows_the_contract(client, recommender, ids):
    pid = ids["positions"][0]
    r = post(client, "/recommend/candidates", {"position_id": pid, "k": 7})
    assert r.status_code == 200
    body = r.json()
    CandidatesAnswer.model_validate(body)
    assert list(body) == ["position_id", "model_version", "data_snapshot", "candidates",
                          "excluded", "fair"]                # `fair`: additive, last
    assert body["fair"] is False
    cands = body["candidates"]
    assert 1 <= len(cands) <= 7
    for rank, c in enumerate(cands, start=1):
        assert list(c) == CANDIDATE_KEYS + ["preference_source"]   # additive, last
        assert c["rank"] == rank and 0.0 <= c["score"] <= 1.0
    assert [c["score"] for c in cands] == sorted((c["score"] for c in cands), reverse=True)
    # only eligible employees appear
    from datetime import date

    eligible = recommender.eligibility.employees_for(pid, date.today())
    eligible_ids = {str(recommender.export.employees["employee_id"].iloc[i])
                    for i in eligible.indices}
    assert {c["employee_id"] for c in cands} <= eligible_ids
    assert sum(body["excluded"].values()) + len(eligible_ids) == len(recommender.export.employees)


def _lift(part: dict, groups: dict, row: int) -> float:
    return sum(part.get(a, {}).get(labels[row], 0.0) for a, labels in groups.items())


def _log_odds(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return float(np.log(p) - np.log1p(-p))


def _rounding(*ps: float) -> float:
    """How far the log-odds of scores shown to 6 decimals can be from the true ones."""
    return sum(5e-7 / max(p * (1 - p), 1e-12) for p in ps) + 1e-9


def test_fair_candidates_are_lifted_within_the_versions_lifts(client, recommender, ids):
    """fair=true over HTTP with a champion that carries lifts (models.fair_ranking): the same
    eligible people can be shown, each with the score the plain list gives them; whoever is
    shown above, or instead of, someone the model scores higher got there by lifts at least
    worth the gap in log-odds; candidates of one gender and age band keep their score order;
    over the posts the lifted groups hold more places than in the plain lists."""
    from datetime import date

    from features.protected import protected_groups
    from models.fair_ranking import Lifts

    lifts = Lifts.from_dict(recommender.model.fair_lifts)
    assert lifts, "the small city's champion is fitted with lifts (training.fair_lifts)"
    today = date.today()
    groups = protected_groups(recommender.export.employees, today)
    emp_row = recommender.export.employee_rows
    lifted = {"plain": 0.0, "fair": 0.0}
    changed = checked = 0
    for pid in ids["positions"]:
        everyone = post(client, "/recommend/candidates", {"position_id": pid, "k": 100}).json()
        plain = post(client, "/recommend/candidates", {"position_id": pid, "k": 10}).json()
        r = post(client, "/recommend/candidates", {"position_id": pid, "k": 10, "fair": True})
        assert r.status_code == 200, r.text
        fair = r.json()
        CandidatesAnswer.model_validate(fair)
        assert fair["fair"] is True and plain["fair"] is False
        n = len(fair["candidates"])
        assert [c["rank"] for c in fair["candidates"]] == list(range(1, n + 1))
        assert n == len(plain["candidates"])
        for name, answer in (("plain", plain), ("fair", fair)):
            lifted[name] += sum(_lift(lifts.select, groups, emp_row[c["employee_id"]])
                                for c in answer["candidates"])
        changed += fair["candidates"] != plain["candidates"]
        # the 100 best-scored eligible candidates (all of them on most of these posts)
        score = {c["employee_id"]: c["score"] for c in everyone["candidates"]}
        assert all(score.get(c["employee_id"], c["score"]) == c["score"]
                   for c in fair["candidates"])
        score.update({c["employee_id"]: c["score"] for c in fair["candidates"]})
        shown = [c["employee_id"] for c in fair["candidates"]]
        left_out = [e for e in score if e not in shown]
        checked += len(left_out) * len(shown)
        for i, e in enumerate(shown):
            ze, re_ = _log_odds(score[e]), emp_row[e]
            for o in left_out:
                gap = _log_odds(score[o]) - ze
                assert gap <= _lift(lifts.select, groups, re_) - _lift(
                    lifts.select, groups, emp_row[o]) + _rounding(score[o], score[e]), (pid, e, o)
            for o in shown[i + 1:]:
                gap = _log_odds(score[o]) - ze
                assert gap <= _lift(lifts.order, groups, re_) - _lift(
                    lifts.order, groups, emp_row[o]) + _rounding(score[o], score[e]), (pid, e, o)
                if labels_of(emp_row[o], groups) == labels_of(re_, groups):
                    assert score[o] <= score[e] + 1e-9          # one cell: score order
    assert changed >= 1 and checked >= 1000 and lifted["fair"] > lifted["plain"], \
        (changed, checked, lifted)
    explicit = post(client, "/recommend/candidates",
                    {"position_id": ids["positions"][0], "k": 10, "fair": False}).json()
    assert explicit == post(client, "/recommend/candidates",
                            {"position_id": ids["positions"][0], "k": 10}).json()


def labels_of(row: int, groups: dict) -> set:
    return {(attribute, labels[row]) for attribute, labels in groups.items()}


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_fair_must_be_a_boolean(client, ids, value):
    r = post(client, "/recommend/candidates",
             {"position_id": ids["positions"][0], "fair": value})
    assert r.status_code == 400, r.text
    assert "fair" in r.json()["error"]


# --- bad input --------------------------------------------------------------------------------
@pytest.mark.parametrize("route,body,field", [
    ("/recommend/positions", {"employee_id": "does-not-exist"}, "employee_id"),
    ("/recommend/candidates", {"position_id": "does-not-exist"}, "position_id"),
])
def test_unknown_ids_are_404(client, route, body, field):
    r = post(client, route, body)
    assert r.status_code == 404
    assert field in r.json()["error"]


def test_unknown_unit_is_404(client, ids):
    r = post(client, "/recommend/positions",
             {"employee_id": ids["due"][0], "unit_ids": ["NO-SUCH-UNIT"]})
    assert r.status_code == 404
    assert "unit_ids" in r.json()["error"]


@pytest.mark.parametrize("extra,field", [
    ({"k": 0}, "k"), ({"k": 101}, "k"), ({"k": -3}, "k"),
    ({"k": "5"}, "k"), ({"k": 2.5}, "k"), ({"k": True}, "k"), ({"k": None}, "k"),
    ({"vacant_only": "yes"}, "vacant_only"), ({"vacant_only": 1}, "vacant_only"),
    ({"unit_ids": "BPKAD"}, "unit_ids"), ({"unit_ids": [1]}, "unit_ids"),
    ({"employee_id": 123}, "employee_id"), ({"employee_id": None}, "employee_id"),
    ({"as_of": "2024-13-01"}, "as_of"),
])
def test_wrong_types_and_out_of_range_are_400_naming_the_field(client, ids, extra, field):
    body = {"employee_id": ids["due"][0], **extra}
    r = post(client, "/recommend/positions", body)
    assert r.status_code == 400, r.text
    assert field in r.json()["error"]


@pytest.mark.parametrize("route,body", [
    ("/recommend/positions", {"K": 5}), ("/recommend/candidates", {"vacant_only": True}),
])
def test_unknown_keys_are_400_naming_them(client, ids, route, body):
    key = "employee_id" if route.endswith("positions") else "position_id"
    value = ids["due"][0] if key == "employee_id" else ids["positions"][0]
    r = post(client, route, {key: value, **body})
    assert r.status_code == 400, r.text
    assert next(iter(body)) in r.json()["error"]


def test_missing_field_is_400(client):
    r = post(client, "/recommend/candidates", {"k": 3})
    assert r.status_code == 400
    assert "position_id" in r.json()["error"]


@pytest.mark.parametrize("raw", [b"{", b"not json", b"[1, 2]", b'{"employee_id": "x",}',
                                 b"\xff\xfe"])
def test_malformed_json_is_400(client, raw):
    r = client.post("/recommend/positions", content=raw,
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"]


def test_oversized_body_is_413(client):
    r = post(client, "/recommend/positions", {"employee_id": "x" * 100_000})
    assert r.status_code == 413
    assert "error" in r.json()


def test_unknown_route_and_method_answer_json(client):
    assert client.post("/recommend/nothing", json={}).status_code == 404
    r = client.get("/recommend/positions")
    assert r.status_code == 405 and "error" in r.json()


# --- the same ranking as `jobfit recommend` ---------------------------------------------------
def _cli_json(world, *args) -> dict:
    env = {**os.environ, "MLFLOW_TRACKING_URI": world.settings.tracking_uri}
    done = subprocess.run(
        [sys.executable, "-m", "jobfit.cli", "recommend", "--data", str(world.export_dir),
         "--home", str(world.home), "--json", *args],
        capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_service_rankings_equal_the_cli(client, serving_world, ids):
    eid, pid = ids["due"][1], ids["positions"][1]
    cli = _cli_json(serving_world, "--employee", eid, "-k", "15", "--all-positions")
    http = post(client, "/recommend/positions",
                {"employee_id": eid, "k": 15, "vacant_only": False}).json()
    assert http == cli
    cli = _cli_json(serving_world, "--position", pid, "-k", "12")
    http = post(client, "/recommend/candidates", {"position_id": pid, "k": 12}).json()
    assert http == cli
