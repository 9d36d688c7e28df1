"""The answers of the HTTP API as pydantic models: they document the OpenAPI schema and check
every answer on its way out (scores in [0, 1], ranks from 1). The shape is the contract's
(../shared/contract/http-api.md); `serving.ranking` builds the same JSON as plain dicts.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field

PreferenceSource = Literal["stated", "export", "none"]


def _source_field():
    return Field(description="Which of the employee's preferences was used: `stated` (the "
                             "latest stated through PUT /employees/{id}/preferences), `export` "
                             "(the HR export's snapshot) or `none`.")


class PositionRecommendation(BaseModel):
    rank: int = Field(ge=1, description="1 = best fit.")
    position_id: str
    title: str
    unit_id: str
    unit_name: str
    score: float = Field(ge=0, le=1, description="Expected fit, higher is better.")
    vacancies: int = Field(ge=0, description="Open slots (slots minus current holders).")
    reasons: list[str] = Field(description="What raised the score most, in plain words.")
    gaps: list[str] = Field(description="What falls short of the position's standard.")


class PositionsAnswer(BaseModel):
    employee_id: str
    model_version: str = Field(description="MLflow registered model version that scored.")
    data_snapshot: str = Field(description="Which HR export was ranked over.")
    status: Literal["ok", "not_due"] = Field(
        description="not_due: under the minimum tenure in the current position; no list.")
    reason: Optional[str] = Field(default=None, description="Why the status is not ok.")
    recommendations: list[PositionRecommendation]
    excluded: dict[str, int] = Field(description="Positions left out by each eligibility rule.")
    preference_source: PreferenceSource = _source_field()


class Candidate(BaseModel):
    rank: int = Field(ge=1)
    employee_id: str
    name: str
    unit_id: Optional[str] = Field(description="The unit of the current position.")
    score: float = Field(ge=0, le=1)
    reasons: list[str]
    gaps: list[str]
    preference_source: PreferenceSource = _source_field()


class CandidatesAnswer(BaseModel):
    position_id: str
    model_version: str
    data_snapshot: str
    candidates: list[Candidate]
    excluded: dict[str, int] = Field(description="Employees left out by each eligibility rule.")
    fair: bool = Field(False, description="True when the list was re-ranked so that every "
                       "gender and age band gets about its share of each prefix (`fair`).")


class ErrorAnswer(BaseModel):
    error: str = Field(description="What is wrong, naming the field.")


# --- the state routes: rounds, decisions, preferences, audit (serving.state_api) -------------
class MoveDecision(BaseModel):
    decision_id: str
    decision: Literal["approve", "reject", "override"]
    reason: str
    override_employee_id: Optional[str] = None
    override_position_id: Optional[str] = None
    actor: str = Field(description="Who decided (X-Jobfit-Actor).")
    decided_at: str = Field(description="When, ISO 8601 UTC.")
    round_version: int = Field(ge=2, description="The round's version this decision made.")


class RoundMove(BaseModel):
    move_id: str = Field(description="m1, m2, … in the plan's order.")
    employee_id: str
    from_position_id: Optional[str]
    to_position_id: str
    score: float = Field(ge=0, le=1)
    stay_score: Optional[float]
    gain: Optional[float]
    reasons: list[str]
    gaps: list[str]
    decision: Optional[MoveDecision] = Field(description="The move's current (latest) "
                                                         "decision; null until decided.")


class RoundAnswer(BaseModel):
    round_id: str
    name: str
    status: Literal["draft", "enacted"]
    version: int = Field(ge=1, description="Bumped by every decision and by the enactment: "
                                           "send it back as expected_version.")
    created_at: str
    created_by: str
    enacted_at: Optional[str] = None
    enacted_by: Optional[str] = None
    model_version: str
    data_snapshot: str
    params: dict = Field(description="The /plan parameters the round was planned with "
                                     "(defaults filled in, as_of resolved).")
    moves: list[RoundMove]
    unfilled: list[dict] = Field(description="Vacancies the plan left open, and why.")
    totals: dict = Field(description="Plan, greedy baseline and keep-everyone totals.")


class RoundCounts(BaseModel):
    moves: int
    decided: int
    approved: int
    rejected: int
    overridden: int


class RoundSummary(BaseModel):
    round_id: str
    name: str
    status: Literal["draft", "enacted"]
    version: int
    created_at: str
    created_by: str
    model_version: str
    data_snapshot: str
    counts: RoundCounts


class RoundList(BaseModel):
    rounds: list[RoundSummary]


class DecisionAnswer(BaseModel):
    decision_id: str
    round_version: int = Field(description="The round's new version.")


class PreferenceRecord(BaseModel):
    employee_id: str
    preferred_unit_ids: list[str]
    open_to_move: Optional[bool]
    note: Optional[str]
    stated_at: str = Field(description="When it was stated, ISO 8601 UTC.")
    actor: str


class ExportPreference(BaseModel):
    preferred_unit_ids: list[str]
    open_to_move: Optional[bool]


class PreferencesAnswer(BaseModel):
    employee_id: str
    latest: Optional[PreferenceRecord] = Field(description="The latest stated; null if never.")
    history: list[PreferenceRecord] = Field(description="Every stated record, oldest first.")
    export: ExportPreference = Field(description="What the HR export's snapshot says.")
    preference_source: PreferenceSource = _source_field()


class AuditTarget(BaseModel):
    type: str
    id: str


class AuditEntry(BaseModel):
    audit_id: int
    at: str
    actor: str
    action: Literal["round.create", "decision.create", "round.enact", "preferences.put"]
    target: AuditTarget
    round_id: Optional[str]
    before: Optional[dict]
    after: Optional[dict]


class AuditAnswer(BaseModel):
    records: list[AuditEntry]
