"""A decision on one move of a round, checked and made ready to write — the service's most
frequent write, so it is prepared here once and run by either door of the store:
`StateStore.decide` (threads, the CLI) or `StateStore.decide_async` (the event loop).

Checking happens before any transaction: the inputs (400 naming the field), and for an
override the move (404), the round's status (409) and the eligibility rules (422 naming the
rule). The write itself — in the transaction — is a compare-and-set on the round's version,
the decision and its audit record, with statements built once (serving.state.rounds).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

from serving.state import audit as audit_trail
from serving.state import idempotency, inputs
from serving.state.errors import BadRequest, Ineligible
from serving.state.records import decision_dict, new_id, now
from serving.state.rounds import (INSERT_DECISION, MOVE_AND_LATEST_DECISION, bump_version,
                                  frozen, move_of)
from serving.state.tables import Round
from serving.state.transactions import Transactions, Write

log = logging.getLogger("jobfit.state")

CheckOverride = Callable[[str, str], "str | None"]


def decision_write(tx: Transactions, round_id: str, move_id: str, decision: str,
                   reason: str | None, expected_version: int, actor: str,
                   override_employee_id: str | None, override_position_id: str | None,
                   check_override: CheckOverride | None,
                   idempotency_key: str | None) -> Write | dict:
    """The checked decision as a `Write` for `tx` — or, for an override already recorded
    under this Idempotency-Key, its stored answer (a dict), before the rules are asked again.
    Arguments as `StateStore.decide`."""
    round_id = inputs.ident(round_id, "round_id")
    move_id = inputs.ident(move_id, "move_id")
    decision = inputs.decision(decision)
    expected_version = inputs.version(expected_version)
    actor = inputs.actor(actor)
    reason = inputs.text("" if reason is None else reason, "reason", max_len=inputs.MAX_TEXT,
                         allow_empty=decision != "override")
    over_emp = inputs.ident(override_employee_id, "override_employee_id", required=False)
    over_pos = inputs.ident(override_position_id, "override_position_id", required=False)
    if decision == "override":
        if over_emp is None and over_pos is None:
            raise BadRequest("override_employee_id: an override needs "
                             "override_employee_id and/or override_position_id",
                             field="override_employee_id")
    elif over_emp is not None or over_pos is not None:
        field = "override_employee_id" if over_emp is not None else "override_position_id"
        raise BadRequest(f"{field}: only an override names another employee or position",
                         field=field)
    scope = f"decide:{round_id}"
    request = {"move_id": move_id, "decision": decision, "reason": reason,
               "expected_version": expected_version, "override_employee_id": over_emp,
               "override_position_id": over_pos}

    key = idempotency.check_key(idempotency_key)
    # A replay answers before anything is checked again: approve and reject need no
    # look-ahead for that (the write transaction looks the key up first thing); an
    # override looks first, so that the rules are not asked again.
    if decision == "override":
        if key is not None:
            stored = tx.stored_answer(key, scope, request)
            if stored is not None:
                return stored
        with tx.read() as s:  # moves never change once stored: safe to read outside
            mv = move_of(s, round_id, move_id)
            employee_id, position_id = over_emp or mv.employee_id, over_pos or mv.to_position_id
            if s.get(Round, round_id).status == "enacted":  # 409 before asking about rules
                raise frozen(round_id)
        if check_override is not None:
            rule = check_override(employee_id, position_id)
            if rule:
                field = "override_employee_id" if over_emp else "override_position_id"
                raise Ineligible(f"{field}: the override breaks the eligibility rule "
                                 f"'{rule}'", rule=str(rule), field=field)

    def write(s: Session) -> dict:
        at = now()
        # the hot path of the service: statements compiled once, run with parameters on the
        # session's connection (serving.state.prepared)
        c = s.connection()
        found = MOVE_AND_LATEST_DECISION.first(c, {"round_id": round_id, "move_id": move_id})
        if found is None:
            move_of(s, round_id, move_id)   # 404 (before 409: unknown is never stale)
        new_version = bump_version(c, round_id, expected_version)
        values = dict(decision_id=new_id("dec"), round_id=round_id, move_id=move_id,
                      decision=decision, reason=reason, override_employee_id=over_emp,
                      override_position_id=over_pos, actor=actor, decided_at=at,
                      round_version=new_version)
        INSERT_DECISION.run(c, values)
        audit_trail.append(
            c, at=at, actor=actor, action="decision.create", target_type="move",
            target_id=move_id, round_id=round_id,
            before={"round_version": expected_version,
                    "decision": decision_dict(found) if found["decision_id"] else None},
            after={"round_version": new_version, "decision": decision_dict(values)})
        log.info("round %s move %s: %s (version %d)", round_id, move_id, decision,
                 new_version)
        return {"decision_id": values["decision_id"], "round_version": new_version}

    return Write(scope, request, key, 201, write)
