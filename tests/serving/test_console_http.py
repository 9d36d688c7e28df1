"""The console and the API explorer over HTTP, without a browser: what opens without the
token (shells, files, the OpenAPI document — none of it data), what does not (every page's
contents), clear 4xx errors naming the field, and a decision made through the console landing
in the state database with its audit record, as the API's would."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.heavy


@pytest.fixture(scope="module")
def anon(console_server):
    with httpx.Client(base_url=console_server.url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def desk(console_server):
    headers = {**console_server.auth, "X-Jobfit-Actor": "Siti (uji)"}
    with httpx.Client(base_url=console_server.url, headers=headers, timeout=120) as c:
        yield c


def test_the_shell_opens_without_a_token_and_carries_no_data(anon, ids, recommender):
    eid = ids["due"][0]
    r = anon.get(f"/console/employee/{eid}")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert 'id="login-form"' in r.text and '<main id="main"' in r.text
    emp_name = str(recommender.export.employees.set_index("employee_id").loc[eid, "name"])
    assert emp_name not in r.text
    assert anon.get("/console/static/console.js").status_code == 200
    assert anon.get("/").status_code == 307 and anon.get("/").headers["location"] == "/console"


@pytest.mark.parametrize("path", ["/console/f/", "/console/f", "/console/f/model",
                                  "/console/f/audit", "/console/f/rounds",
                                  "/console/f/employee/x", "/console/f/search?q=a",
                                  "/console//f/model"])
def test_every_page_content_needs_the_token(anon, path):
    r = anon.get(path)
    assert r.status_code == 401
    assert r.json() == {"error": "missing or wrong bearer token"}


def test_no_page_loads_anything_from_elsewhere(anon, desk):
    pages = [anon.get("/console").text, anon.get("/docs").text, desk.get("/console/f/").text,
             desk.get("/console/f/model").text]
    for html in pages:
        for attr in ("src=", "href="):
            for part in html.split(attr)[1:]:
                target = part[1:].split(part[0])[0]
                assert not target.startswith(("http:", "https:", "//")), target


def test_the_api_explorer_opens_in_a_browser_with_bearer_auth(anon):
    page = anon.get("/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
    assert "googletagmanager" not in page.text
    for asset in ("/static_content/swagger-ui-bundle.js", "/static_content/swagger-ui.css",
                  "/console/static/swagger-init.js"):
        assert anon.get(asset).status_code == 200, asset
    spec = anon.get("/docs.json").json()
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["bearerAuth"]["description"]}
    assert spec["security"] == [{"bearerAuth": []}]
    assert spec["paths"]["/readyz"]["get"]["security"] == []
    assert "/recommend/positions" in spec["paths"] and "/rounds" in spec["paths"]
    assert not any(p.startswith("/console") for p in spec["paths"])
    langs = spec["components"]["schemas"]
    assert any("lang" in (s.get("properties") or {}) for s in langs.values())


def test_the_language_is_indonesian_by_default_and_english_on_the_switch(desk):
    assert "Cari pegawai atau jabatan" in desk.get("/console/f/").text
    english = desk.get("/console/f/", cookies={"jobfit_lang": "en"}).text
    assert "Find an employee or a position" in english
    # anything else in the cookie: the default, never an error
    assert "Cari pegawai" in desk.get("/console/f/", cookies={"jobfit_lang": "xx"}).text


@pytest.mark.parametrize("path, status, field", [
    ("/console/f/employee/NOPE", 404, "employee_id"),
    ("/console/f/position/NOPE", 404, "position_id"),
    ("/console/f/compare?position=P", 400, None),
    ("/console/f/?q=x", 400, "q"),
    ("/console/f/?q=abc&kind=robot", 400, "kind"),
    ("/console/f/rounds/r-nope", 404, "round_id"),
    ("/console/f/rounds/r-x?page=two", 400, "page"),
    ("/console/f/no/such/page", 404, None),
])
def test_bad_input_is_a_clear_4xx_naming_the_field(desk, path, status, field):
    r = desk.get(path)
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"]
    if field:
        assert body["fields"] == [field] and body["error"].startswith(field)


def test_compare_takes_one_to_three_candidates(desk, ids, recommender):
    pid = ids["positions"][0]
    cands = [c["employee_id"] for c in recommender.candidates_for(pid, k=4)["candidates"]]
    assert len(cands) == 4
    query = "".join(f"&ids={c}" for c in cands)
    too_many = desk.get(f"/console/f/compare?position={pid}{query}")
    assert too_many.status_code == 400 and too_many.json()["fields"] == ["ids"]
    none = desk.get(f"/console/f/compare?position={pid}")
    assert none.status_code == 400 and none.json()["fields"] == ["ids"]
    three = desk.get(f"/console/f/compare?position={pid}" + query.rsplit("&", 1)[0])
    assert three.status_code == 200
    for c in cands[:3]:
        pair = recommender.pair(c, pid)
        assert c in three.text and f"{pair['score']:.3f}".replace(".", ",") in three.text


def test_a_decision_through_the_console_is_the_apis_decision(desk, console_server):
    made = desk.post("/rounds", json={"name": "Ronde uji konsol"})
    assert made.status_code == 201, made.text
    round_ = made.json()
    move = round_["moves"][0]
    url = f"/console/f/rounds/{round_['round_id']}/moves/{move['move_id']}"
    bad = desk.post(url, json={"decision": "approve", "expected_version": "one"})
    assert bad.status_code == 400 and bad.json()["fields"] == ["expected_version"]
    no_actor = httpx.post(console_server.url + url, headers=console_server.auth,
                          json={"decision": "approve", "expected_version": 1})
    assert no_actor.status_code == 400 and no_actor.json()["fields"] == ["X-Jobfit-Actor"]
    ok = desk.post(url, json={"decision": "approve", "reason": "sesuai kebutuhan unit",
                              "expected_version": 1})
    assert ok.status_code == 200 and "Keputusan tersimpan" in ok.text
    stale = desk.post(url, json={"decision": "reject", "expected_version": 1})
    assert stale.status_code == 409
    stored = desk.get(f"/rounds/{round_['round_id']}").json()
    decision = stored["moves"][0]["decision"]
    assert decision["decision"] == "approve" and decision["actor"] == "Siti (uji)"
    assert decision["reason"] == "sesuai kebutuhan unit" and stored["version"] == 2
    audit = desk.get("/audit", params={"round_id": round_["round_id"]}).json()["records"]
    assert [a["action"] for a in audit] == ["round.create", "decision.create"]
    page = desk.get(f"/console/f/audit?round_id={round_['round_id']}").text
    assert "keputusan dicatat" in page and "Siti (uji)" in page
