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
                       "gender and age band is shown and exposed near its share over the "
                       "model's lists (`fair`).")


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


# --- the round report (GET /rounds/{round_id}/report; docs/outcomes.md) ----------------------
MoveStatus = Literal["carried_out", "not_carried_out", "elsewhere", "left", "position_gone"]


class ReportOutcome(BaseModel):
    ingest_id: str
    data_snapshot: str = Field(description="The later export the outcome was read from.")
    export_date: str
    ingested_at: str


class ReportMoves(BaseModel):
    total: int = Field(ge=0)
    enacted: int = Field(ge=0, description="Moves whose latest decision is approve/override.")
    carried_out: int = Field(ge=0)
    followed_through_rate: Optional[float] = Field(ge=0, le=1,
                                                   description="carried_out / enacted.")
    by_status: dict[str, int]
    by_decision: dict[str, int]
    not_enacted_but_happened: int = Field(ge=0)


class CalibrationBin(BaseModel):
    score_from: float
    score_to: float
    moves: int = Field(ge=1)
    predicted_mean: float
    appraisal_after_mean: float
    appraisal_before_mean: Optional[float]


class ReportCalibration(BaseModel):
    pairs: int = Field(ge=0, description="Moves carried out with a score and an appraisal since.")
    pearson: Optional[float] = Field(ge=-1, le=1)
    spearman: Optional[float] = Field(ge=-1, le=1)
    bins: list[CalibrationBin]
    scale: str


class OverrideGroup(BaseModel):
    moves: int = Field(ge=0)
    carried_out: int = Field(ge=0)
    followed_through_rate: Optional[float]
    planned_score_mean: Optional[float]
    appraisal_after_mean: Optional[float]
    appraisal_change_mean: Optional[float]


class UnitSide(BaseModel):
    headcount: int = Field(ge=0)
    vacancies: int = Field(ge=0)
    appraisal_mean: Optional[float]
    appraisals: int = Field(ge=0)


class UnitOutcomeAnswer(BaseModel):
    unit_id: str
    before: UnitSide
    after: UnitSide
    moves_in_planned: int = Field(ge=0)
    moves_in_realised: int = Field(ge=0)
    moves_out_planned: int = Field(ge=0)
    moves_out_realised: int = Field(ge=0)


class MoveOutcomeAnswer(BaseModel):
    move_id: str
    decision: Optional[Literal["approve", "reject", "override"]]
    enacted: bool
    employee_id: str
    from_position_id: Optional[str]
    to_position_id: str
    planned_score: float
    predicted_score: Optional[float] = Field(description="None when an override changed the "
                                                         "pair (the model never scored it).")
    gain: Optional[float]
    status: MoveStatus
    actual_position_id: Optional[str]
    appraisal_before: Optional[float]
    appraisal_after: Optional[float]
    appraisal_years: int = Field(ge=0)


class RoundReport(BaseModel):
    round_id: str
    name: str
    status: str
    model_version: str
    data_snapshot: str
    round_date: Optional[str]
    outcome: ReportOutcome
    lang: Literal["id", "en"]
    moves: ReportMoves
    calibration: ReportCalibration
    overrides: dict[Literal["planned", "overridden"], OverrideGroup]
    units: list[UnitOutcomeAnswer]
    appraisal_years: dict[str, Optional[int]]
    move_outcomes: list[MoveOutcomeAnswer]
    summary: list[str] = Field(description="The report in sentences (Bahasa Indonesia or "
                                           "English).")
