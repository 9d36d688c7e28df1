"""The recommendation service (BentoML 1.4 class API).

Start it with `jobfit serve --data EXPORT_DIR` (which sets the environment below and runs
`bentoml serve jobfit.service:Jobfit`). The service does not read the environment itself: the
application (jobfit.service) hands it a settings source with `use_settings`, and each worker
calls it once — in practice `jobfit.settings.Settings`, which reads JOBFIT_DATA_DIR (the HR
export), JOBFIT_API_TOKEN, MLFLOW_TRACKING_URI / JOBFIT_HOME, JOBFIT_MODEL_NAME,
JOBFIT_MIN_TENURE_YEARS.

Every answer is checked against its pydantic model (serving.schemas, planning.answer) on its
way out: a wrong answer is a 500 with one log line, never a malformed 200. The check costs
well under a millisecond for a ranking answer (docs/benchmarks.md).

Each worker process loads the champion model and the export once, then answers from memory.
Routes: POST /recommend/positions, POST /recommend/candidates, POST /plan; BentoML adds /healthz, /livez,
/readyz, /metrics (open). /docs (Swagger UI) and /docs.json (the OpenAPI document, with the
bearer scheme declared) are serving/api_docs.py's, open to a browser. Reasons and gaps are in
Bahasa Indonesia unless the body's `lang` or Accept-Language asks for English (serving.i18n).

/console (serving/console) is the BKPSDM desk's pages: a Starlette app mounted here, over this
worker's Recommender and RoundDesk; its shell is open, its contents need the token.

The state routes (rounds, decisions, enactment, preferences, audit: serving/state_api.py) are
a FastAPI app mounted on the service, behind the same guard. Each worker opens its own
StateStore on the state database (JOBFIT_DATABASE_URL, default SQLite `$JOBFIT_HOME/jobfit.db`):
on SQLite the worker migrates it to the newest schema as it starts (the file is the service's
own; migrating is one transaction, safe with several processes); on PostgreSQL — a database
others may share — the schema is the operator's step (`jobfit db upgrade`), and a worker that
finds it out of date refuses to start and says so.
"""

from __future__ import annotations

import functools
import gc
import logging
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal, Optional, Protocol

import anyio.to_thread
import bentoml
from pydantic import BaseModel, Field, SecretStr, ValidationError
from starlette.responses import JSONResponse

from features.requests import AS_OF_MAX, AS_OF_MIN
from planning import defaults as plan_defaults
from planning.answer import PlanAnswer
from serving.api_docs import ApiDocs
from serving.guard import ApiGuard
from serving.ranking import RankingSettings
from serving.schemas import CandidatesAnswer, PositionsAnswer
from serving.console import console_app
from serving.state_api import SMALL_WRITE_URLS, state_app

# A child of BentoML's logger, so its lines reach the server log with the same format.
log = logging.getLogger("bentoml.jobfit")

Id = Annotated[str, Field(min_length=1, max_length=64, strict=True)]
AsOf = Field(ge=AS_OF_MIN, le=AS_OF_MAX,
             description="Rank as of this date (YYYY-MM-DD); default today.")
Lang = Annotated[Optional[Literal["id", "en"]], Field(
    description="Language of reasons and gaps: `id` (Bahasa Indonesia) or `en`; default: "
                "the Accept-Language header, else `id`.")]


def _lang(lang: str | None, ctx: bentoml.Context) -> str:
    """The contract's rule: the body's `lang`, else Accept-Language, else Indonesian."""
    from serving.i18n import choose

    return choose(lang, ctx.request.headers.get("accept-language"))


def _with_status(ctx: bentoml.Context, response):
    """An API method that takes `ctx` gets its answer's status from ctx.response (BentoML
    overwrites a returned Response's own): carry the 404/400/500 over."""
    if isinstance(response, JSONResponse):
        ctx.response.status_code = response.status_code
    return response


class ServiceSettings(RankingSettings, Protocol):
    """What the service reads of the application's settings."""

    api_token: SecretStr | None

    @property
    def state_url(self) -> str:
        """The state database (SQLite file or PostgreSQL URL)."""
        ...


_settings_source: Callable[[], ServiceSettings] | None = None


def use_settings(source: Callable[[], ServiceSettings]) -> None:
    """Where each worker gets its settings (called by the application before serving)."""
    global _settings_source
    _settings_source = source
    settings.cache_clear()


@functools.cache
def settings() -> ServiceSettings:
    """The worker's settings, read once."""
    if _settings_source is None:
        raise RuntimeError("the service has no settings: start it as `bentoml serve "
                           "jobfit.service:Jobfit` (what `jobfit serve` runs)")
    return _settings_source()


class _Guard(ApiGuard):
    """ApiGuard with the token from the settings (built inside the worker, at startup)."""

    def __init__(self, app) -> None:
        token = settings().api_token
        if token is None or not token.get_secret_value():
            raise RuntimeError("JOBFIT_API_TOKEN is not set: the service refuses to run "
                               "without a token (`jobfit serve` sets one)")
        super().__init__(app, token=token.get_secret_value())


CONSOLE_WARM_DELAY = 10.0   # seconds after start: the console's model page is read ahead


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


@bentoml.asgi_app(state_app, path="/")
@bentoml.asgi_app(console_app, path="/console")
@bentoml.service(
    name="jobfit",
    # One process holds one copy of the model and the export. The two ranking endpoints run on
    # the event loop (see _rank); the threads serve the sync endpoints (/plan).
    workers=1,
    threads=4,
    traffic={"timeout": 30},
    logging={"access": {"enabled": False}},  # access logs would carry employee ids
    # BentoML wraps every request in an OpenTelemetry span, recorded or not (it records none
    # until an operator configures an exporter and a sample rate). For the two small writes
    # — a decision, a preference: ~2 ms of work — the unrecorded span was ~0.3 ms of the
    # event loop's time per request, which caps the decisions per second
    # (docs/benchmarks.md); they are left out. An operator who turns tracing on may set
    # services.jobfit.tracing.excluded_urls in BentoML's configuration.
    tracing={"excluded_urls": SMALL_WRITE_URLS},
)
class Jobfit:
    """Job-fit recommendations for a city's civil servants: positions for a person, people
    for a position. Every answer names the model version and the HR export it ranked over."""

    def __init__(self) -> None:
        from prometheus_client import Counter, Histogram

        from serving.ranking import Recommender

        from serving.rounds import RoundDesk, open_state

        started = time.perf_counter()
        self.recommender = Recommender.from_settings(settings())
        self.store = open_state(settings().state_url)
        self.recommender.use_stated_preferences(self.store)
        self.desk = RoundDesk(self.store, recommender=self.recommender)
        # The console (/console) searches people and posts in this worker's export, and shows
        # the model's run report: both ready before the first page is asked for.
        from serving.console.app import warm
        from serving.console.pages import Directory

        self.settings = settings()
        self.console_directory = Directory(self.recommender)
        # the model's run report is read from MLflow off the start's path, a little later
        warming = threading.Timer(CONSOLE_WARM_DELAY, warm,
                                  args=(self.settings, self.recommender.model_version))
        warming.daemon = True
        warming.start()
        # Everything loaded so far (the export, the features, the model, MLflow's and
        # BentoML's modules) lives as long as the worker: keep the cyclic garbage collector's
        # full passes, which walk every tracked object, from walking it in the middle of
        # requests. Objects made later are collected as usual.
        gc.collect()
        gc.freeze()
        log.info("jobfit ready in %.1f s: model version %s, data %s, state database %s",
                 time.perf_counter() - started, self.recommender.model_version,
                 self.recommender.data_snapshot, self.store.backend)
        # Created here, inside the worker, so BentoML's multiprocess registry collects them.
        self.answers = Counter("jobfit_answers", "Recommendation answers by endpoint and outcome",
                               ["endpoint", "outcome"])
        self.ranking_seconds = Histogram(
            "jobfit_ranking_seconds", "Time to rank and explain (in process, no HTTP)",
            ["endpoint"], buckets=(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2))

    def __is_ready__(self) -> bool:
        return getattr(self, "recommender", None) is not None

    def _answer(self, endpoint: str, schema: type[BaseModel], call):
        from features.requests import RequestError, UnknownId

        started = time.perf_counter()
        try:
            answer = call()
        except UnknownId as exc:
            self.answers.labels(endpoint, "not_found").inc()
            return _error(404, str(exc))
        except RequestError as exc:
            self.answers.labels(endpoint, "bad_request").inc()
            return _error(400, str(exc))
        try:
            schema.model_validate(answer)
        except ValidationError as exc:
            # a bug, not the client's fault: one line naming the fields, no values
            fields = sorted({".".join(map(str, e["loc"])) for e in exc.errors()})[:5]
            log.error("%s answer failed its schema at %s", endpoint, fields)
            self.answers.labels(endpoint, "invalid_answer").inc()
            return _error(500, f"the {endpoint} answer failed its own schema; this is a bug")
        self.ranking_seconds.labels(endpoint).observe(time.perf_counter() - started)
        self.answers.labels(endpoint, answer.get("status", "ok")).inc()
        return JSONResponse(answer)

    async def _rank(self, endpoint: str, schema: type[BaseModel], as_of: Optional[date], call):
        """A ranking takes ~10 ms of CPU, mostly under the GIL: run it on the event loop, which
        on 2 cores beats a hand-off to a worker thread (lower tail latency at the same
        throughput; docs/benchmarks.md). A date whose features are not built yet takes
        seconds, so that first call goes to a thread and the loop stays free."""
        if self.recommender.has_features(as_of):
            return self._answer(endpoint, schema, call)
        return await anyio.to_thread.run_sync(self._answer, endpoint, schema, call)

    @bentoml.api(route="/recommend/positions")
    async def recommend_positions(
        self,
        employee_id: Annotated[Id, Field(description="The employee (NIP) to place.")],
        k: Annotated[int, Field(ge=1, le=100, strict=True,
                                description="How many positions to return.")] = 10,
        vacant_only: Annotated[bool, Field(strict=True,
                                           description="Only positions with a vacancy.")] = True,
        unit_ids: Annotated[Optional[list[Id]], Field(
            max_length=500, description="Only positions in these units.")] = None,
        as_of: Annotated[Optional[date], AsOf] = None,
        lang: Lang = None,
        ctx: bentoml.Context = None,
    ) -> PositionsAnswer:
        """Positions where this employee is expected to fit best, after the eligibility rules.

        `status` is `not_due` (and the list empty) while the employee is under the minimum
        tenure in the current position. `excluded` counts positions per eligibility rule.
        """
        lang = _lang(lang, ctx)
        return _with_status(ctx, await self._rank(
            "positions", PositionsAnswer, as_of, lambda: self.recommender.positions_for(
                employee_id, k=k, vacant_only=vacant_only, unit_ids=unit_ids, as_of=as_of,
                lang=lang)))

    @bentoml.api(route="/recommend/candidates")
    async def recommend_candidates(
        self,
        position_id: Annotated[Id, Field(description="The position to fill.")],
        k: Annotated[int, Field(ge=1, le=100, strict=True,
                                description="How many candidates to return.")] = 10,
        as_of: Annotated[Optional[date], AsOf] = None,
        fair: Annotated[bool, Field(strict=True, description=(
            "Re-rank so that over the model's lists each gender and age band is shown and "
            "exposed near its share (the version's lifts per group; without them, each "
            "group's share of every prefix); gender and birth date are read for this only, "
            "never scored."))] = False,
        lang: Lang = None,
        ctx: bentoml.Context = None,
    ) -> CandidatesAnswer:
        """Eligible employees expected to fit this position best. `excluded` counts employees
        per eligibility rule. With `fair`, the list is exposure-constrained: ranks no longer
        follow the score alone (docs/api.md)."""
        lang = _lang(lang, ctx)
        return _with_status(ctx, await self._rank(
            "candidates", CandidatesAnswer, as_of, lambda: self.recommender.candidates_for(
                position_id, k=k, as_of=as_of, lang=lang, fair=fair)))

    @bentoml.api(route="/plan")
    def plan(
        self,
        positions: Annotated[Optional[list[Id]], Field(
            max_length=2000, description="Positions to fill; default every vacancy.")] = None,
        candidates: Annotated[Optional[list[Id]], Field(
            max_length=2500, description="Who may move; default everyone due for transfer."
        )] = None,
        max_loss_per_unit: Annotated[Optional[int], Field(
            ge=0, strict=True, description="At most this many people may leave a unit.")]
        = None,
        preference_weight: Annotated[float, Field(
            ge=0, le=1, description="Added for a move into a unit the employee asked for, "
                                    "and to staying for one who said no to moving.")] = 0.0,
        move_cost: Annotated[float, Field(ge=0, le=1, description="Fit each move must gain.")]
        = plan_defaults.MOVE_COST,
        vacancy_value: Annotated[float, Field(
            ge=0, le=1, description="Fit the plan may give up per listed vacancy filled.")]
        = plan_defaults.VACANCY_VALUE,
        max_moves_per_fill: Annotated[Optional[float], Field(
            ge=0, le=100, description="Move budget: at most this many moves per vacancy "
                                      "filled; null: no budget.")]
        = plan_defaults.MAX_MOVES_PER_FILL,
        chains: Annotated[bool, Field(strict=True, description="Seats movers leave become "
                                                               "fillable in this round.")] = True,
        as_of: Annotated[Optional[date], AsOf] = None,
        lang: Lang = None,
        ctx: bentoml.Context = None,
    ) -> PlanAnswer:
        """The placement plan of a whole mutation round: moves that maximise total expected
        fit (each person once, each seat once, the eligibility rules, the optional unit cap),
        with reasons; vacancies left open and why; totals against a greedy baseline and
        against keeping everyone in place. Employees' preferences: the latest stated over the
        export's (each move says which). Takes seconds, not milliseconds."""
        from planning.plan import plan_round
        from serving.round_parts import round_parts

        lang = _lang(lang, ctx)
        return _with_status(ctx, self._answer("plan", PlanAnswer, lambda: plan_round(
            round_parts(self.recommender, lang=lang), positions=positions, candidates=candidates,
            max_loss_per_unit=max_loss_per_unit, preference_weight=preference_weight,
            as_of=as_of, chains=chains, move_cost=move_cost, vacancy_value=vacancy_value,
            max_moves_per_fill=max_moves_per_fill)))


def _forbid_unknown_keys(service) -> None:
    """A misspelt key (`"K": 5`) must not be dropped in silence: every API's input model
    rejects keys it does not declare, and the 400 names them."""
    for api in service.apis.values():
        api.input_spec.model_config["extra"] = "forbid"
        api.input_spec.model_rebuild(force=True)


_forbid_unknown_keys(Jobfit)
Jobfit.add_asgi_middleware(_Guard)
Jobfit.add_asgi_middleware(ApiDocs, spec=lambda: Jobfit.openapi_spec.asdict())
