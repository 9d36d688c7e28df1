"""The answers of the HTTP API as pydantic models: they document the OpenAPI schema and check
every answer on its way out (scores in [0, 1], ranks from 1). The shape is the contract's
(../shared/contract/http-api.md); `serving.ranking` builds the same JSON as plain dicts.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field


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


class Candidate(BaseModel):
    rank: int = Field(ge=1)
    employee_id: str
    name: str
    unit_id: Optional[str] = Field(description="The unit of the current position.")
    score: float = Field(ge=0, le=1)
    reasons: list[str]
    gaps: list[str]


class CandidatesAnswer(BaseModel):
    position_id: str
    model_version: str
    data_snapshot: str
    candidates: list[Candidate]
    excluded: dict[str, int] = Field(description="Employees left out by each eligibility rule.")


class ErrorAnswer(BaseModel):
    error: str = Field(description="What is wrong, naming the field.")
