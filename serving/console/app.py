"""The console's Starlette app (mounted at /console by serving/service.py).

Two kinds of address:
- `/console`, `/console/<page>`: the shell, the same small page for every address (menus, the
  token form, no data); the guard lets it through without a token. `/console/static/…`: the
  script and the style sheet.
- `/console/f/<page>`: the page's contents, behind the bearer token (the guard), rendered
  from the Recommender and the RoundDesk. Writes (a decision, a new round) are POSTs with a
  JSON body, and carry `X-Jobfit-Actor` (the officer's name, entered with the token).

The language is the `jobfit_lang` cookie (`id` or `en`; anything else: Indonesian). Errors
are `{"error": ...}` in that language, naming the field, with the API's statuses (400, 404,
409, 422); the script shows them beside the form.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

import anyio.to_thread
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from features.requests import RequestError, UnknownId
from serving.console import pages
from serving.i18n import DEFAULT, LANGUAGES, Num, label, text
from serving.state import StateError

log = logging.getLogger("bentoml.jobfit")
HERE = Path(__file__).parent
LANG_COOKIE = "jobfit_lang"

templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                        autoescape=select_autoescape(["html"]), trim_blocks=True,
                        lstrip_blocks=True, auto_reload=False)


def language(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE, DEFAULT)
    return lang if lang in LANGUAGES else DEFAULT


def _score(lang: str, value: Any) -> str:
    if value is None:
        return "–"
    shown = f"{float(value):.3f}"
    return shown.replace(".", ",") if lang == "id" else shown


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    html = templates.get_template(name).render(
        lang=lang, other="en" if lang == "id" else "id",
        t=functools.partial(_t, lang), label=functools.partial(_label, lang),
        score=functools.partial(_score, lang), num=lambda x: Num(x).render(lang),
        **context)
    return HTMLResponse(html, status_code=status,
                        headers={"cache-control": "no-store"})


def _t(lang: str, key: str, **params: Any) -> str:
    return text(key, lang, **params)


def _label(lang: str, prefix: str, code: Any) -> str:
    return label(prefix, str(code), lang) if code is not None else "–"


def error(request: Request, status: int, field: str | None, key: str, **params: Any
          ) -> JSONResponse:
    """`{"error": ...}` in the console's language, naming the field."""
    lang = language(request)
    message = text(key, lang, **params)
    body: dict[str, Any] = {"error": f"{field}: {message}" if field else message}
    if field:
        body["fields"] = [field]
    log.info("console %s: %d (%s)", request.url.path.split("/")[3:4], status, field or "-")
    return JSONResponse(body, status_code=status)


def _service():
    import bentoml

    return bentoml.get_current_service()


def directory() -> pages.Directory:
    """The worker's search directory (built once, at its start: serving/service.py)."""
    return _service().console_directory


def handled(view):
    """Turn the API's errors into the console's: bad input 400, unknown ids 404, the state
    store's own statuses (409 stale/enacted, 422 ineligible override), each naming the field.
    The view runs in a worker thread (rankings and reads take milliseconds to tens)."""
    @functools.wraps(view)
    async def endpoint(request: Request) -> Response:
        try:
            body = await request.json() if request.method == "POST" else None
        except ValueError:
            return error(request, 400, None, "ui.err_body")
        try:
            return await anyio.to_thread.run_sync(view, request, body)
        except UnknownId as exc:
            return error(request, 404, exc.field, "ui.err_unknown", value=str(exc).split(
                "'")[1] if "'" in str(exc) else "")
        except RequestError as exc:
            return error(request, 400, exc.field, "ui.err_plain",
                         message=str(exc).split(": ", 1)[-1])
        except StateError as exc:
            if exc.status >= 500:
                return error(request, exc.status, None, "ui.err_unavailable")
            return error(request, exc.status, exc.field, "ui.err_plain",
                         message=exc.message.split(": ", 1)[-1])
    return endpoint


def _query(request: Request, name: str, max_len: int = 100) -> str:
    value = request.query_params.get(name, "").strip()
    if len(value) > max_len:
        raise RequestError(name, f"at most {max_len} characters")
    return value


# --- pages ------------------------------------------------------------------------------------
@handled
def home(request: Request, body) -> Response:
    svc = _service()
    q, kind = _query(request, "q"), _query(request, "kind") or "employee"
    if kind not in ("employee", "position"):
        raise RequestError("kind", "must be employee or position")
    results, total = (None, 0)
    if q:
        if len(q) < 2:
            raise RequestError("q", "at least 2 characters")
        results, total = directory().search(q, kind)
    return render(request, "home.html", q=q, kind=kind, results=results, total=total,
                  rec=svc.recommender, rounds=svc.desk.list_rounds()[-5:])


@handled
def employee(request: Request, body) -> Response:
    svc, eid = _service(), request.path_params["employee_id"]
    vacant_only = request.query_params.get("all") != "1"
    answer = svc.recommender.positions_for(eid, k=10, vacant_only=vacant_only,
                                           lang=language(request))
    facts = pages.employee_facts(svc.recommender, directory(), eid)
    return render(request, "employee.html", e=facts, answer=answer, vacant_only=vacant_only)


@handled
def position(request: Request, body) -> Response:
    svc, pid = _service(), request.path_params["position_id"]
    answer = svc.recommender.candidates_for(pid, k=10, lang=language(request))
    facts = pages.position_facts(svc.recommender, directory(), pid)
    return render(request, "position.html", p=facts, answer=answer)


@handled
def compare(request: Request, body) -> Response:
    svc, d = _service(), directory()
    pid = _query(request, "position", 64)
    if not pid:
        raise RequestError("position", "required")
    ids = pages.compare_ids(request.query_params.getlist("ids"))
    lang = language(request)
    rec = svc.recommender
    facts = pages.position_facts(rec, d, pid)
    columns = [{**rec.pair(i, pid, lang=lang), **pages.employee_facts(rec, d, i)} for i in ids]
    return render(request, "compare.html", p=facts, columns=columns)


@handled
def rounds(request: Request, body) -> Response:
    desk = _service().desk
    if request.method == "POST":
        name = (body or {}).get("name") if isinstance(body, dict) else None
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise RequestError("name", "required, at most 200 characters")
        made = desk.create_round(name.strip(), {}, _actor(request), lang=language(request))
        return _round_page(request, made["round_id"], 1, created=True)
    return render(request, "rounds.html", rounds=list(reversed(desk.list_rounds())))


def _actor(request: Request) -> str:
    actor = request.headers.get("x-jobfit-actor", "").strip()
    if not actor or len(actor) > 200:
        raise RequestError("X-Jobfit-Actor", "the officer's name (entered with the token)")
    return actor


def _round_page(request: Request, round_id: str, page: int, created: bool = False) -> Response:
    r = _service().desk.get_round(round_id)
    return render(request, "round.html", r=pages.round_view(r, directory(), page),
                  created=created)


@handled
def round_page(request: Request, body) -> Response:
    try:
        page = int(request.query_params.get("page", "1"))
    except ValueError:
        raise RequestError("page", "must be a whole number") from None
    return _round_page(request, request.path_params["round_id"], page)


@handled
def move_page(request: Request, body) -> Response:
    desk = _service().desk
    rid, mid = request.path_params["round_id"], request.path_params["move_id"]
    saved = False
    if request.method == "POST":
        if not isinstance(body, dict):
            raise RequestError("decision", "required")
        version = body.get("expected_version")
        try:
            version = int(version)
        except (TypeError, ValueError):
            raise RequestError("expected_version", "must be a whole number") from None
        desk.decide(rid, mid, body.get("decision"), body.get("reason") or None, version,
                    _actor(request), body.get("override_employee_id") or None,
                    body.get("override_position_id") or None)
        saved = True
    view = pages.move_view(desk.get_round(rid), mid, directory())
    return render(request, "move.html", saved=saved, **view)


_reports: dict[str, dict] = {}


def report_for(settings, version: str) -> dict:
    """The version's run report (models.run_report), read from MLflow once per worker."""
    if version not in _reports:
        from models.run_report import version_report

        _reports[version] = version_report(settings, version)
    return _reports[version]


@handled
def model(request: Request, body) -> Response:
    rec = _service().recommender
    try:
        report = report_for(_service().settings, rec.model_version)
    except Exception as exc:     # an MLflow store that moved: say so, the rest still works
        log.warning("console model page: the run report is unavailable (%s)",
                    type(exc).__name__)
        report = {}
    return render(request, "model.html", m=pages.model_view(report, rec))


@handled
def audit(request: Request, body) -> Response:
    round_id = _query(request, "round_id", 64) or None
    records = _service().desk.audit(round_id=round_id)
    return render(request, "audit.html", records=pages.audit_view(records),
                  round_id=round_id or "", total=len(records))


def shell(request: Request) -> Response:
    """Every page's address: the same shell; its script fetches /console/f/<page>."""
    return render(request, "shell.html")


async def not_found(request: Request) -> Response:
    return error(request, 404, None, "ui.err_no_page")


console_app = Starlette(routes=[
    Route("/f", home), Route("/f/", home),
    Route("/f/employee/{employee_id}", employee),
    Route("/f/position/{position_id}", position),
    Route("/f/compare", compare),
    Route("/f/rounds", rounds, methods=["GET", "POST"]),
    Route("/f/rounds/{round_id}", round_page),
    Route("/f/rounds/{round_id}/moves/{move_id}", move_page, methods=["GET", "POST"]),
    Route("/f/model", model),
    Route("/f/audit", audit),
    Route("/f/{rest:path}", not_found),
    Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    Route("/", shell), Route("/{rest:path}", shell),
])


def warm(settings, version: str) -> None:
    """Read the model's run report at worker start (in a thread), so no desk user waits."""
    try:
        report_for(settings, version)
    except Exception as exc:
        log.warning("console: the model's run report is unavailable (%s)", type(exc).__name__)
