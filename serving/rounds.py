"""The round's life — plan → decide → enact — and the employees' stated preferences, over the
state database: what the service's routes (serving.state_api) and the `jobfit round` /
`jobfit db` commands do, in ONE place.

    desk = RoundDesk(store, recommender=rec)                 # the service: model + export
    desk = RoundDesk(store, export=ex, eligibility=index)    # the CLI deciding: export only
    desk = RoundDesk(store)                                  # list, show, enact, audit

`RoundDesk` adds to the store (serving.state.StateStore) what only the service knows: the
planner (a round is a stored plan), the eligibility rules (an override must keep them), and
which employees and units exist (a preference names known ones). Errors are the store's
`StateError`s (with their HTTP status) or the planner's RequestError (400) / UnknownId (404).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from planning import defaults
from serving.i18n import DEFAULT
from serving.state import BadRequest, NotFound, StateStore

if TYPE_CHECKING:
    from features.eligibility import EligibilityIndex
    from features.export import Export
    from serving.ranking import Recommender

def open_state(url: str) -> StateStore:
    """The StateStore the service's workers and the CLI open: a SQLite file is migrated to
    the newest schema on open (it is Jobfit's own file; migrating is one transaction, safe
    from several processes); a PostgreSQL database — which others may share — is only
    checked, and one not at this code's schema is refused (SchemaOutOfDate, 503) until
    `jobfit db upgrade` migrates it."""
    from serving.state.db import is_sqlite

    return StateStore(url, migrate=is_sqlite(url))


# The /plan parameters a round is created with, and their defaults (the planner's).
PLAN_DEFAULTS: dict[str, Any] = {
    "positions": None, "candidates": None, "max_loss_per_unit": None,
    "preference_weight": defaults.PREFERENCE_WEIGHT, "move_cost": defaults.MOVE_COST,
    "vacancy_value": defaults.VACANCY_VALUE,
    "max_moves_per_fill": defaults.MAX_MOVES_PER_FILL, "chains": True, "as_of": None,
}


class RoundDesk:
    """Rounds, decisions, enactments, preferences and the audit, checked against the export
    and the eligibility rules, written through one StateStore."""

    def __init__(self, store: StateStore, *, recommender: "Recommender | None" = None,
                 export: "Export | None" = None,
                 eligibility: "EligibilityIndex | None" = None) -> None:
        self.store = store
        self.recommender = recommender
        if recommender is not None:
            export, eligibility = recommender.export, recommender.eligibility
        self.export = export
        self.eligibility = eligibility

    # --- rounds -------------------------------------------------------------------------------
    def create_round(self, name: str, params: dict[str, Any], actor: str,
                     idempotency_key: str | None = None, lang: str = DEFAULT) -> dict:
        """Plan a round with the /plan parameters `params` (missing ones take the planner's
        defaults) and store it as a draft; returns the stored round (HTTP 201). The moves'
        reasons and gaps are stored in words, in `lang`.

        The Idempotency-Key stands for (name, params) as asked: a replay answers the first
        round without planning again."""
        from planning.plan import plan_round
        from serving.round_parts import round_parts

        if self.recommender is None:
            raise RuntimeError("creating a round needs the model and the export (a "
                               "RoundDesk with a recommender)")
        unknown = sorted(set(params) - set(PLAN_DEFAULTS))
        if unknown:
            raise BadRequest(f"{unknown[0]}: not a round parameter", field=unknown[0])
        asked = {**PLAN_DEFAULTS, **params}
        request = {"name": name, **{k: _plain(v) for k, v in asked.items()}}
        replay = self.store.create_round_replay(idempotency_key, request)
        if replay is not None:
            return replay
        plan = plan_round(round_parts(self.recommender, lang=lang), **asked)
        stored = {**request, "as_of": plan["as_of"]}
        stored.pop("name")
        return self.store.create_round(
            name, stored, plan["model_version"], plan["data_snapshot"], plan["moves"],
            plan["unfilled"], plan["totals"], actor, idempotency_key=idempotency_key,
            idempotency_request=request)

    def list_rounds(self) -> list[dict]:
        return self.store.list_rounds()

    def get_round(self, round_id: str) -> dict:
        return self.store.get_round(round_id)

    def decide(self, round_id: str, move_id: str, decision: str, reason: str | None,
               expected_version: int, actor: str, override_employee_id: str | None = None,
               override_position_id: str | None = None,
               idempotency_key: str | None = None) -> dict:
        """Record a decision on a move (HTTP 201 {decision_id, round_version}). An override is
        checked against the eligibility rules as of the round's date: the first rule it
        breaks is a 422 naming it (e.g. "rank III/b below floor III/d")."""
        check = self._checked_override(round_id, decision, override_employee_id,
                                       override_position_id)
        return self.store.decide(round_id, move_id, decision, reason, expected_version, actor,
                                 override_employee_id, override_position_id,
                                 check_override=check, idempotency_key=idempotency_key)

    async def decide_async(self, round_id: str, move_id: str, decision: str,
                           reason: str | None, expected_version: int, actor: str,
                           override_employee_id: str | None = None,
                           override_position_id: str | None = None,
                           idempotency_key: str | None = None) -> dict:
        """`decide` for the service's event loop (SQLite: serving.state.commit)."""
        check = self._checked_override(round_id, decision, override_employee_id,
                                       override_position_id)
        return await self.store.decide_async(
            round_id, move_id, decision, reason, expected_version, actor,
            override_employee_id, override_position_id, check_override=check,
            idempotency_key=idempotency_key)

    def _checked_override(self, round_id: str, decision: str,
                          override_employee_id: str | None, override_position_id: str | None):
        """For an override: its named employee and position must be in the export (404),
        and the eligibility check the store will run. None for approve and reject."""
        if decision != "override":
            return None
        if self.eligibility is None or self.export is None:
            raise RuntimeError("an override is checked against the eligibility rules: "
                               "the RoundDesk needs the export")
        for field, value, kind in (("override_employee_id", override_employee_id, "employee"),
                                   ("override_position_id", override_position_id,
                                    "position")):
            rows = self.export.employee_rows if kind == "employee" else \
                self.export.position_rows
            if isinstance(value, str) and value not in rows:
                raise NotFound(f"{field}: unknown {kind} {value!r}", field=field)
        return self._override_check(round_id)

    def _override_check(self, round_id: str):
        def check(employee_id: str, position_id: str) -> str | None:
            e = self.export.employee_rows.get(employee_id)
            p = self.export.position_rows.get(position_id)
            if e is None or p is None:   # the move's own ids, from an older export
                what = "an employee" if e is None else "a position"
                raise NotFound(f"move_id: the move names {what} this export does not have; "
                               "decide it against the export it was planned on",
                               field="move_id")
            as_of = self.store.round_header(round_id)["params"].get("as_of")
            when = date.fromisoformat(as_of) if as_of else date.today()
            return self.eligibility.why_not(e, p, when)
        return check

    def enact(self, round_id: str, expected_version: int, actor: str,
              idempotency_key: str | None = None) -> dict:
        """Freeze the round (status "enacted"); returns it."""
        return self.store.enact(round_id, expected_version, actor,
                                idempotency_key=idempotency_key)

    def report(self, round_id: str, lang: str = "id") -> dict:
        """The round's outcome report from its latest ingested later export (409 before any
        ingest; serving.outcomes.report)."""
        from serving.outcomes.report import round_report

        return round_report(self.store, round_id, lang)

    # --- preferences --------------------------------------------------------------------------
    def put_preferences(self, employee_id: str, preferred_unit_ids: Sequence[str] | None,
                        open_to_move: bool | None, note: str | None, actor: str,
                        idempotency_key: str | None = None) -> dict:
        """Store an employee's stated preference (a new dated record; HTTP 200). The employee
        and every unit must be in the export (404 naming the first unknown one)."""
        self._known_units(employee_id, preferred_unit_ids)
        return self.store.put_preferences(employee_id, preferred_unit_ids, open_to_move, note,
                                          actor, idempotency_key=idempotency_key)

    async def put_preferences_async(self, employee_id: str,
                                    preferred_unit_ids: Sequence[str] | None,
                                    open_to_move: bool | None, note: str | None, actor: str,
                                    idempotency_key: str | None = None) -> dict:
        """`put_preferences` for the service's event loop."""
        self._known_units(employee_id, preferred_unit_ids)
        return await self.store.put_preferences_async(
            employee_id, preferred_unit_ids, open_to_move, note, actor,
            idempotency_key=idempotency_key)

    def _known_units(self, employee_id: str, preferred_unit_ids) -> None:
        self._known_employee(employee_id)
        if isinstance(preferred_unit_ids, (list, tuple)):
            for u in preferred_unit_ids:
                if isinstance(u, str) and u not in self.export.unit_rows:
                    raise NotFound(f"preferred_unit_ids: unknown unit {u!r}",
                                   field="preferred_unit_ids")

    def get_preferences(self, employee_id: str) -> dict:
        """The latest stated preference and its history, the export's snapshot, and which of
        them rankings and plans use now (`preference_source`)."""
        import pandas as pd   # here only: `jobfit round …` and reports start without pandas

        e = self._known_employee(employee_id)
        answer = self.store.get_preferences(employee_id)
        row = self.export.employees.iloc[e]
        asked = row.get("open_to_move")
        units = row.get("preferred_unit_ids")
        exported = {"preferred_unit_ids": list(units) if isinstance(units, (list, tuple))
                    else [], "open_to_move": None if asked is None or pd.isna(asked)
                    else bool(asked)}
        source = "stated" if answer["latest"] is not None else (
            "export" if exported["preferred_unit_ids"] or exported["open_to_move"] is not None
            else "none")
        return {**answer, "export": exported, "preference_source": source}

    def _known_employee(self, employee_id: str) -> int:
        if self.export is None:
            raise RuntimeError("preferences are checked against the export: the RoundDesk "
                               "needs it")
        if not isinstance(employee_id, str) or not employee_id:
            raise BadRequest("employee_id: must be a non-empty string", field="employee_id")
        e = self.export.employee_rows.get(employee_id)
        if e is None:
            raise NotFound(f"employee_id: unknown employee {employee_id!r}", field="employee_id")
        return e

    # --- audit --------------------------------------------------------------------------------
    def audit(self, round_id: str | None = None, since: str | None = None,
              limit: int | None = None) -> list[dict]:
        return self.store.audit(round_id=round_id, since=since, limit=limit)


def _plain(value: Any) -> Any:
    """A parameter as JSON keeps it (dates as ISO strings, tuples as lists)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
