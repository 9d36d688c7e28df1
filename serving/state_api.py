"""The HTTP routes over the state database: rounds, decisions, enactment, preferences, audit.

BentoML 1.4's `@bentoml.api` routes are POST-only and have no path parameters, so these routes
are a FastAPI app that the service mounts (`@bentoml.asgi_app(state_app)` in
serving/service.py). Mounted there they sit behind the same ASGI middleware as every route
(serving/guard.py: bearer token, size limit, `{"error": ...}` bodies), and BentoML merges
their OpenAPI paths into the service's /docs.json. Each handler reaches the worker's
`RoundDesk` through `bentoml.get_current_service()`. Plans, enactments and reads are plain
functions, which FastAPI runs in its thread pool (a plan takes seconds, a round of 1,000 moves
tens of milliseconds to load); a decision or a preference is a fraction of a millisecond of
SQL and, on SQLite, is written from the event loop itself, its COMMIT shared with the writes
that arrive meanwhile (`_small_write`).

Errors: bad input → 400 naming the field (never FastAPI's 422: this API keeps 422 for an
override that breaks an eligibility rule and for a reused Idempotency-Key), unknown ids → 404,
stale versions and enacted rounds → 409; each logged as one line with the route and the field,
never a value.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Literal, Optional

import anyio.to_thread
from fastapi import Body, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import JSONResponse

from features.requests import AS_OF_MAX, AS_OF_MIN, RequestError, UnknownId
from planning import defaults
from serving.schemas import (AuditAnswer, DecisionAnswer, ErrorAnswer, PreferenceRecord,
                             PreferencesAnswer, RoundAnswer, RoundList, RoundReport)
from serving.state import StateError
from serving.state.inputs import MAX_VERSION

log = logging.getLogger("bentoml.jobfit")

Id = Annotated[str, Field(min_length=1, max_length=64, strict=True)]
Text = Annotated[str, Field(max_length=2000, strict=True)]
Actor = Annotated[str, Header(alias="X-Jobfit-Actor", min_length=1, max_length=200,
                              description="Who is writing, as the HR application knows them "
                                          "(recorded in the audit).")]
IdemKey = Annotated[Optional[str], Header(
    alias="Idempotency-Key", min_length=1, max_length=255,
    description="The same key and body again returns the first answer, never a second "
                "write.")]
RoundId = Annotated[str, Path(min_length=1, max_length=64, description="The round.")]
EmployeeId = Annotated[str, Path(min_length=1, max_length=64, description="The employee (NIP).")]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class CreateRound(_Body):
    """A round: the POST /plan parameters plus a name."""

    name: Annotated[str, Field(min_length=1, max_length=200, description="What HR calls it.")]
    positions: Optional[list[Id]] = Field(default=None, max_length=2000,
                                          description="Positions to fill; default every vacancy.")
    candidates: Optional[list[Id]] = Field(default=None, max_length=2500,
                                           description="Who may move; default everyone due.")
    max_loss_per_unit: Optional[int] = Field(default=None, ge=0, le=100_000,
                                             description="At most this many may leave a unit.")
    preference_weight: float = Field(default=defaults.PREFERENCE_WEIGHT, ge=0, le=1)
    move_cost: float = Field(default=defaults.MOVE_COST, ge=0, le=1,
                             description="Fit each move must gain.")
    vacancy_value: float = Field(default=defaults.VACANCY_VALUE, ge=0, le=1,
                                 description="Fit the plan may give up per vacancy filled.")
    max_moves_per_fill: Optional[float] = Field(
        default=defaults.MAX_MOVES_PER_FILL, ge=0, le=100,
        description="Move budget: at most this many moves per vacancy filled; null: none.")
    chains: bool = Field(default=True, description="Seats movers leave are fillable too.")
    # a date comes as a JSON string, which strict mode would refuse
    as_of: Optional[date] = Field(default=None, ge=AS_OF_MIN, le=AS_OF_MAX, strict=False,
                                  description="Plan as of this date; default today.")
    lang: Optional[Literal["id", "en"]] = Field(
        default=None, description="Language of the moves' reasons and gaps, stored with the "
                                  "round: `id` or `en`; default: Accept-Language, else `id`.")


class DecideMove(_Body):
    move_id: Id
    decision: Literal["approve", "reject", "override"]
    reason: Optional[Text] = Field(default=None, description="Why (required for an override).")
    override_employee_id: Optional[Id] = Field(default=None,
                                               description="Override: who goes instead.")
    override_position_id: Optional[Id] = Field(default=None,
                                               description="Override: where they go instead.")
    expected_version: int = Field(ge=1, le=MAX_VERSION,
                                  description="The round's version you decided on (409 if it "
                                              "moved on).")


class Enact(_Body):
    expected_version: int = Field(ge=1, le=MAX_VERSION,
                                  description="The round's version you enact.")


class StatePreferences(_Body):
    preferred_unit_ids: list[Id] = Field(default_factory=list, max_length=3,
                                         description="Up to 3 units the employee asks for.")
    open_to_move: Optional[bool] = Field(default=None, description="null: not asked.")
    note: Optional[Text] = None


_ERRORS = {
    400: "Bad input: `error` names the field (and `fields` lists them).",
    401: "Missing or wrong bearer token.",
    404: "Unknown round, move, employee, position or unit (named).",
    409: "`expected_version` is stale, or the round is enacted.",
    422: "An override breaks an eligibility rule (the rule is named), or an Idempotency-Key "
         "was reused with another body.",
    503: "The state database is unavailable; try again.",
}


def _errors(*codes: int) -> dict:
    """The documented error answers of a route (all `{"error": ...}`)."""
    return {c: {"model": ErrorAnswer, "description": _ERRORS[c]} for c in (400, 401, *codes,
                                                                           503)}


# The small writes' URLs, as regular expressions over the request URL: the service leaves them
# out of OpenTelemetry's request spans (serving.service: `tracing.excluded_urls`).
SMALL_WRITE_URLS = [r"/rounds/[^/]+/decisions$", r"/employees/[^/]+/preferences$"]


async def _small_write(method: str, *args):
    """One decision or one preference (`RoundDesk.<method>`). On SQLite it is written from
    the event loop (`<method>_async`): its SQL runs right here (a few tenths of a millisecond;
    SQLite has one writer anyway, and on 2 cores this beats handing each write to a thread,
    where 8 concurrent writers fight over the GIL), and the writes that arrive while one
    commits share the next COMMIT, whose fsync waits in a thread while the loop serves the
    other requests (serving.state.commit; docs/benchmarks.md). On PostgreSQL the write runs
    in a worker thread (its network round trips would hold the loop). Plans, enactments and
    reads of whole rounds always go to threads."""
    desk = _desk()
    if desk.store.backend == "sqlite":
        return await getattr(desk, f"{method}_async")(*args)
    return await anyio.to_thread.run_sync(getattr(desk, method), *args)


def _desk():
    import bentoml

    return bentoml.get_current_service().desk


state_app = FastAPI(title="jobfit state", openapi_url=None, docs_url=None, redoc_url=None)


# --- errors ---------------------------------------------------------------------------------
def _where(request: Request) -> str:
    route = request.scope.get("route")
    return f"{request.method} {getattr(route, 'path', '?')}"


def _answer_error(request: Request, status: int, message: str, field: str | None,
                  kind: str, fields: list[str] | None = None) -> JSONResponse:
    log.info("%s: %d %s (%s)", _where(request), status, kind, field or "-")
    body: dict = {"error": message}
    if fields:
        body["fields"] = fields
    return JSONResponse(body, status_code=status)


@state_app.exception_handler(StateError)
async def _state_error(request: Request, exc: StateError):
    if exc.status >= 500:
        log.warning("%s: %d %s", _where(request), exc.status, type(exc).__name__)
        return JSONResponse(exc.to_json(), status_code=exc.status)
    return _answer_error(request, exc.status, exc.message, exc.field, type(exc).__name__)


@state_app.exception_handler(RequestError)
async def _request_error(request: Request, exc: RequestError):
    return _answer_error(request, 400, str(exc), exc.field, "RequestError")


@state_app.exception_handler(UnknownId)
async def _unknown_id(request: Request, exc: UnknownId):
    return _answer_error(request, 404, str(exc), exc.field, "UnknownId")


_WHERE = {"body": "", "query": "", "path": "", "header": ""}


def _field(loc) -> str:
    parts: list[str] = []
    for i, item in enumerate(loc or ()):
        if i == 0 and item in _WHERE:
            continue
        parts.append(f"[{item}]" if isinstance(item, int) else ("." if parts else "") + str(item))
    return "".join(parts)


@state_app.exception_handler(RequestValidationError)
async def _invalid(request: Request, exc: RequestValidationError):
    messages, fields = [], []
    for err in exc.errors():
        name = _field(err.get("loc"))
        if err.get("loc", ("",))[0] == "header":
            name = {"x-jobfit-actor": "X-Jobfit-Actor",
                    "idempotency-key": "Idempotency-Key"}.get(name.lower(), name)
        kind = err.get("type")
        msg = str(err.get("msg", "invalid value"))
        if kind == "json_invalid":
            messages.append(f"request body is not valid JSON ({msg})")
        elif kind == "missing":
            messages.append(f"{name or 'request body'}: required"
                            + (" header is missing" if err["loc"][0] == "header"
                               else " field is missing"))
        elif kind == "extra_forbidden":
            messages.append(f"{name}: not a field of this request")
        else:
            messages.append(f"{name or 'request body'}: {msg}")
        if name:
            fields.append(name)
    fields = sorted(set(fields))
    return _answer_error(request, 400, "; ".join(messages) or "invalid request",
                         fields[0] if fields else None, "invalid", fields)


# --- rounds ---------------------------------------------------------------------------------
@state_app.post("/rounds", status_code=201, response_model=RoundAnswer, tags=["rounds"],
                responses=_errors(404, 422))
def create_round(body: CreateRound, actor: Actor, idempotency_key: IdemKey = None,
                 accept_language: Annotated[Optional[str], Header(max_length=500)] = None):
    """Plan a round (as POST /plan does, with the same parameters) and store it as a draft:
    every move with its score, stay score, gain, reasons and gaps (in the language asked, as
    they are stored), the model version and the data snapshot. Takes seconds."""
    from serving.i18n import choose

    params = body.model_dump(exclude={"name", "lang"})
    return _desk().create_round(body.name, params, actor, idempotency_key,
                                lang=choose(body.lang, accept_language))


@state_app.get("/rounds", response_model=RoundList, tags=["rounds"], responses=_errors())
def list_rounds():
    """Every round, oldest first, with counts of moves and decisions."""
    return {"rounds": _desk().list_rounds()}


@state_app.get("/rounds/{round_id}", response_model=RoundAnswer, tags=["rounds"],
               responses=_errors(404))
def get_round(round_id: RoundId):
    """The round with each move's current decision."""
    return _desk().get_round(round_id)


@state_app.post("/rounds/{round_id}/decisions", status_code=201, response_model=DecisionAnswer,
                tags=["rounds"], responses=_errors(404, 409, 422))
async def decide(round_id: RoundId, body: DecideMove, actor: Actor,
                 idempotency_key: IdemKey = None):
    """Approve, reject or override one move. 409 when `expected_version` is stale or the round
    is enacted; 422 when an override breaks an eligibility rule (the rule is named). A move
    may be decided again: the latest decision counts, all are kept."""
    return await _small_write("decide", round_id, body.move_id, body.decision, body.reason,
                              body.expected_version, actor, body.override_employee_id,
                              body.override_position_id, idempotency_key)


@state_app.post("/rounds/{round_id}/enact", response_model=RoundAnswer, tags=["rounds"],
                responses=_errors(404, 409, 422))
def enact(round_id: RoundId, body: Enact, actor: Actor, idempotency_key: IdemKey = None):
    """Freeze the round (status `enacted`): it takes no more decisions (409)."""
    return _desk().enact(round_id, body.expected_version, actor, idempotency_key)


@state_app.get("/rounds/{round_id}/report", response_model=RoundReport, tags=["rounds"],
               responses=_errors(404, 409))
def round_report(round_id: RoundId,
                 lang: Annotated[Optional[str], Query(
                     min_length=2, max_length=5,
                     description="id (default) or en; else Accept-Language: en")] = None,
                 accept_language: Annotated[Optional[str], Header(
                     alias="Accept-Language", max_length=200)] = None):
    """After a later export is ingested (`jobfit ingest`): moves carried out and the
    followed-through rate, predicted score against realised appraisal, each unit before and
    after, overridden moves against planned ones; `summary` in Bahasa Indonesia (or English).
    409 while no outcome is ingested."""
    from serving.outcomes.texts import check_lang

    return _desk().report(round_id, check_lang(lang, accept_language))


# --- participation --------------------------------------------------------------------------
@state_app.put("/employees/{employee_id}/preferences", response_model=PreferenceRecord,
               tags=["participation"], responses=_errors(404, 422))
async def put_preferences(employee_id: EmployeeId, actor: Actor,
                          body: Annotated[StatePreferences, Body()],
                          idempotency_key: IdemKey = None):
    """State an employee's wishes: up to 3 units and whether they are open to a move. Stored
    as a new dated record; rankings and plans use the latest over the HR export's."""
    return await _small_write("put_preferences", employee_id, body.preferred_unit_ids,
                              body.open_to_move, body.note, actor, idempotency_key)


@state_app.get("/employees/{employee_id}/preferences", response_model=PreferencesAnswer,
               tags=["participation"], responses=_errors(404))
def get_preferences(employee_id: EmployeeId):
    """The latest stated preference, its history, the export's, and which one is in force."""
    return _desk().get_preferences(employee_id)


# --- audit ----------------------------------------------------------------------------------
@state_app.get("/audit", response_model=AuditAnswer, tags=["audit"], responses=_errors())
def audit(round_id: Annotated[Optional[str], Query(min_length=1, max_length=64)] = None,
          since: Annotated[Optional[str], Query(
              min_length=1, max_length=40,
              description="ISO 8601 date or date-time; records at or after it.")] = None,
          limit: Annotated[Optional[int], Query(ge=1, le=100_000)] = None):
    """Every write (rounds, decisions, enactments, preferences), oldest first: time, actor,
    action, target, before and after. Append-only."""
    return {"records": _desk().audit(round_id=round_id, since=since, limit=limit)}
