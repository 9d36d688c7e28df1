"""The one ranking code path: eligibility → pair features → model score → top k → reasons.

`Recommender` is built once per process (a service worker or `jobfit recommend`) over one HR
export and one model, and answers with exactly the JSON of the HTTP contract
(../shared/contract/http-api.md). The service and the CLI both call it, so their rankings are
the same by construction.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Protocol

import numpy as np

from features.protected import protected_groups
from features.requests import AS_OF_MAX, AS_OF_MIN, RequestError, UnknownId, check_as_of
from models.fair_ranking import Lifts, fair_ranker
from models.ranking import shown_score, tiebreak_keys, top_k
from models.registry import RegistrySettings
from serving.i18n import DEFAULT, Num, check_language, msg, render
from serving.preferences import PreferenceOverlay, PreferenceRecords, StatedPreferences
from serving.reasons import explain

if TYPE_CHECKING:
    from features.export import Export

__all__ = ["AS_OF_MAX", "AS_OF_MIN", "RankingSettings", "Recommender", "RequestError",
           "SetupError", "UnknownId", "top_k"]

log = logging.getLogger("bentoml.jobfit")  # BentoML's handlers in the service; silent in the CLI
K_MIN, K_MAX = 1, 100


class RankingSettings(RegistrySettings, Protocol):
    """What the ranking path reads of the application's settings (jobfit.settings.Settings
    has it all; the settings object is built at the entry point and passed down)."""

    min_tenure_years: float
    data_dir: Path | None


class SetupError(RuntimeError):
    """The export or the model cannot be loaded; the message says what to fix."""


def _check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise RequestError("k", f"must be an integer from {K_MIN} to {K_MAX}")
    if not K_MIN <= int(k) <= K_MAX:
        raise RequestError("k", f"must be from {K_MIN} to {K_MAX}, got {k}")
    return int(k)


def _check_lang(lang: Any) -> str:
    try:
        return check_language(lang)
    except ValueError:
        raise RequestError("lang", "must be 'id' (Bahasa Indonesia) or 'en' (English)") from None


def _load_champion(settings: RankingSettings):
    from models.registry import load_champion

    try:
        return load_champion(settings)
    except Exception as exc:  # an empty registry is the usual cause: say how to fix it
        raise SetupError(f"no champion model '{settings.model_name}' in MLflow at "
                         f"{settings.tracking_uri} ({type(exc).__name__}: {exc}); run "
                         "`jobfit train --data EXPORT_DIR` first") from exc


def _export_only(export: "Export") -> Callable[[], PreferenceOverlay]:
    overlay = PreferenceOverlay.empty(export)
    return lambda: overlay


class Recommender:
    """Ranks positions for an employee and employees for a position, with reasons.

    Built once per process; thread-safe (the only mutable state, the per-date feature cache,
    is guarded by a lock).
    """

    def __init__(self, export: "Export", model: Any, model_version: str,
                 settings: RankingSettings, max_cached_dates: int = 4) -> None:
        from features.eligibility import EligibilityIndex

        self.export = export
        self.model = model
        self.model_version = str(model_version)
        self.settings = settings
        self.max_cached_dates = max_cached_dates
        self.eligibility = EligibilityIndex(export, settings.min_tenure_years)
        # `fair=true`: this version's lifts per gender and age band, or (a version trained
        # without them) every group's share of every prefix — models.fair_ranking
        self._fair = fair_ranker(Lifts.from_dict(getattr(model, "fair_lifts", None)))

        pos, emp, units = export.positions, export.employees, export.units
        self._pos_ids = pos["position_id"].astype(str).to_numpy()
        self._emp_ids = emp["employee_id"].astype(str).to_numpy()
        # Tie keys: a hash of (id, model version), never the id's order (a NIP encodes birth
        # date and gender; models.ranking).
        self._pos_tiebreak = tiebreak_keys(self._pos_ids, self.model_version)
        self._emp_tiebreak = tiebreak_keys(self._emp_ids, self.model_version)

        unit_name = dict(zip(units["unit_id"].astype(str), units["unit_name"].astype(str)))
        self._pos_info = [
            {"title": str(t), "unit_id": str(u), "unit_name": unit_name.get(str(u), str(u)),
             "vacancies": max(0, int(v))}  # overstaffed posts show 0, not negative
            for t, u, v in zip(pos["title"], pos["unit_id"], pos["vacancies"])
        ]
        pos_unit = dict(zip(self._pos_ids, pos["unit_id"].astype(str)))
        self._emp_info = [
            {"name": str(n), "unit_id": pos_unit.get(str(p)) if isinstance(p, str) else None}
            for n, p in zip(emp["name"], emp["current_position_id"])
        ]

        self._features: OrderedDict[date, Any] = OrderedDict()
        self._lock = threading.Lock()
        # Employees' wishes: the export's snapshot until a state database is attached
        # (use_stated_preferences); then the latest stated preference wins.
        self._preferences: Callable[[], PreferenceOverlay] = _export_only(export)
        self.feature_names: list[str] = list(self.features_for(date.today()).feature_names)
        model_names = list(getattr(model, "feature_names", self.feature_names))
        if model_names != self.feature_names:
            missing = sorted(set(model_names) - set(self.feature_names))
            extra = sorted(set(self.feature_names) - set(model_names))
            raise SetupError(
                "the model was trained on other features than this code computes "
                f"(model only: {missing[:5]}, code only: {extra[:5]}); retrain with "
                "`jobfit train`")

    # --- construction from settings ---------------------------------------------------------
    @classmethod
    def from_settings(cls, settings: RankingSettings, data_dir: Path | None = None) -> "Recommender":
        """Load the export (data_dir or settings.data_dir) and the champion model.

        The model (MLflow + LightGBM imports, mostly) loads in a second thread while the export
        is read and validated: the two overlap on 2 cores and the service is ready sooner."""
        from concurrent.futures import ThreadPoolExecutor

        from features.loader import load_export

        folder = Path(data_dir or settings.data_dir or "")
        if not str(folder) or not folder.is_dir():
            raise SetupError(f"data folder {str(folder)!r} does not exist (set --data or "
                             "JOBFIT_DATA_DIR to an HR export folder)")
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="load-model") as pool:
            champion = pool.submit(_load_champion, settings)
            export, report = load_export(folder)
            log.info("export %s read in %.1f s", export.snapshot if export else folder,
                     time.perf_counter() - started)
            model, version = champion.result()
        if export is None:
            raise SetupError(f"the HR export in {folder} cannot be loaded:\n"
                             + report.to_text(limit=20))
        log.info("export and champion version %s loaded in %.1f s", version,
                 time.perf_counter() - started)
        started = time.perf_counter()
        rec = cls(export, model, version, settings)
        log.info("features as of today built in %.1f s", time.perf_counter() - started)
        return rec

    # --- features per date ------------------------------------------------------------------
    def features_for(self, as_of: date):
        """The pair features as of a date (features.pairs.PairFeatures), built once and kept
        for the last few dates asked."""
        from features.pairs import PairFeatures

        with self._lock:
            feats = self._features.get(as_of)
            if feats is not None:
                self._features.move_to_end(as_of)
                return feats
        feats = PairFeatures(self.export, as_of)  # built outside the lock: it takes a while
        with self._lock:
            self._features[as_of] = feats
            self._features.move_to_end(as_of)
            while len(self._features) > self.max_cached_dates:
                self._features.popitem(last=False)
        return feats

    def has_features(self, as_of: date | None) -> bool:
        """True when the features as of that date (None: today) are built: a call is fast."""
        return (as_of or date.today()) in self._features

    def use_stated_preferences(self, records: PreferenceRecords) -> None:
        """Rank with the latest preferences stated in the state database (`records`: a
        serving.state.StateStore) over the export's; answers say which one they used."""
        self._preferences = StatedPreferences(self.export, records).current

    def preferences(self) -> PreferenceOverlay:
        """The preferences in force now (stated over the export's snapshot)."""
        return self._preferences()

    @property
    def data_snapshot(self) -> str:
        return self.export.snapshot

    def _check_units(self, unit_ids: Iterable[str] | None) -> list[str] | None:
        if unit_ids is None:
            return None
        units = [str(u) for u in unit_ids]
        self.export.rows_of("units", units, "unit_ids")      # UnknownId names the first
        return units

    # --- the two questions ------------------------------------------------------------------
    def positions_for(self, employee_id: str, k: int = 10, vacant_only: bool = True,
                      unit_ids: Iterable[str] | None = None,
                      as_of: date | None = None, lang: str = DEFAULT) -> dict:
        """Positions where this employee would fit best (the /recommend/positions answer);
        reasons, gaps and the not-due text in `lang` ("id", the default, or "en")."""
        k = _check_k(k)
        lang = _check_lang(lang)
        emp = self.export.employee_rows.get(str(employee_id))
        if emp is None:
            raise UnknownId("employee_id", str(employee_id))
        units = self._check_units(unit_ids)
        as_of = check_as_of(as_of)
        eligible = self.eligibility.positions_for_row(emp, as_of, vacant_only=bool(vacant_only),
                                                      unit_ids=units)
        answer: dict[str, Any] = {
            "employee_id": str(employee_id),
            "model_version": self.model_version,
            "data_snapshot": self.data_snapshot,
            "status": eligible.status,
            "recommendations": [],
            "excluded": {str(r): int(n) for r, n in eligible.excluded.items()},
        }
        if eligible.status != "ok":
            shown = self.eligibility.tenure_shown(emp, as_of)
            answer["reason"] = eligible.reason if shown is None else render(msg(
                "status.not_due", tenure=Num(shown[0]), minimum=Num(shown[1])), lang)
            answer["preference_source"] = self.preferences().source(emp)
            return answer
        pos_idx = np.asarray(eligible.indices, dtype=np.intp)
        if len(pos_idx) == 0:
            answer["preference_source"] = self.preferences().source(emp)
            return answer
        feats = self.features_for(as_of)
        prefs = self.preferences()
        answer["preference_source"] = prefs.source(emp)
        X = prefs.patch(feats.for_employee(emp, pos_idx), self.feature_names,
                        np.full(len(pos_idx), emp), pos_idx)
        ranked = self._rank_and_explain(
            X, self._pos_tiebreak[pos_idx], k,
            lambda row: feats.describe(emp, int(pos_idx[row]), X[row]), lang)
        for rank, row, score, reasons, gaps in ranked:
            p = int(pos_idx[row])
            info = self._pos_info[p]
            answer["recommendations"].append({
                "rank": rank, "position_id": str(self._pos_ids[p]), "title": info["title"],
                "unit_id": info["unit_id"], "unit_name": info["unit_name"], "score": score,
                "vacancies": info["vacancies"], "reasons": reasons, "gaps": gaps,
            })
        return answer

    def _rank_and_explain(self, X: np.ndarray, tiebreak: np.ndarray, k: int, facts, lang: str,
                          groups: dict[str, np.ndarray] | None = None):
        """Score every row, keep the top k (ties by `tiebreak`), explain only those (in
        `lang`): yields (rank, row, rounded score, reasons, gaps). `facts(row)` describes a
        pair. With `groups` (attribute → protected group per row), the top k is the fair
        re-ranking's (models.fair_ranking); the scores shown are the model's."""
        scores = np.asarray(self.model.score(X), dtype=np.float64)
        best = (top_k(scores, tiebreak, k) if groups is None
                else self._fair(scores, tiebreak, groups, k))
        contrib = self.model.contributions(X[best])
        for rank, (row, c) in enumerate(zip(best, contrib), start=1):
            reasons, gaps = explain(self.feature_names, c, facts(row), lang=lang)
            yield rank, row, shown_score(scores[row]), reasons, gaps

    def candidates_for(self, position_id: str, k: int = 10, as_of: date | None = None,
                       lang: str = DEFAULT, fair: bool = False) -> dict:
        """Eligible employees who would fit this position best (/recommend/candidates);
        reasons and gaps in `lang`. `fair`: re-ranked so every gender and age band is shown
        and exposed near its share over lists (models.fair_ranking); the protected columns
        are read for that only, never as features."""
        k = _check_k(k)
        lang = _check_lang(lang)
        if not isinstance(fair, (bool, np.bool_)):
            raise RequestError("fair", "must be true or false")
        pos = self.export.position_rows.get(str(position_id))
        if pos is None:
            raise UnknownId("position_id", str(position_id))
        as_of = check_as_of(as_of)
        eligible = self.eligibility.employees_for_row(pos, as_of)
        answer: dict[str, Any] = {
            "position_id": str(position_id),
            "model_version": self.model_version,
            "data_snapshot": self.data_snapshot,
            "candidates": [],
            "excluded": {str(r): int(n) for r, n in eligible.excluded.items()},
            "fair": bool(fair),
        }
        emp_idx = np.asarray(eligible.indices, dtype=np.intp)
        if len(emp_idx) == 0:
            return answer
        feats = self.features_for(as_of)
        prefs = self.preferences()
        X = prefs.patch(feats.for_position(pos, emp_idx), self.feature_names, emp_idx,
                        np.full(len(emp_idx), pos))
        groups = ({a: g[emp_idx] for a, g in protected_groups(self.export.employees,
                                                              as_of).items()}
                  if fair else None)
        ranked = self._rank_and_explain(
            X, self._emp_tiebreak[emp_idx], k,
            lambda row: feats.describe(int(emp_idx[row]), pos, X[row]), lang, groups)
        for rank, row, score, reasons, gaps in ranked:
            e = int(emp_idx[row])
            info = self._emp_info[e]
            answer["candidates"].append({
                "rank": rank, "employee_id": str(self._emp_ids[e]), "name": info["name"],
                "unit_id": info["unit_id"], "score": score, "reasons": reasons, "gaps": gaps,
                "preference_source": prefs.source(e),
            })
        return answer


    def pair(self, employee_id: str, position_id: str, as_of: date | None = None,
             lang: str = DEFAULT) -> dict:
        """One (employee, position) pair through the rankings' own path — features, stated
        preferences, model score, reasons and gaps — and the first eligibility rule it breaks
        (`ineligible`, None when every rule holds): the console's side-by-side comparison."""
        lang = _check_lang(lang)
        emp = self.export.employee_rows.get(str(employee_id))
        if emp is None:
            raise UnknownId("employee_id", str(employee_id))
        pos = self.export.position_rows.get(str(position_id))
        if pos is None:
            raise UnknownId("position_id", str(position_id))
        as_of = check_as_of(as_of)
        feats, emp_idx = self.features_for(as_of), np.array([emp], dtype=np.intp)
        X = self.preferences().patch(feats.for_position(pos, emp_idx), self.feature_names,
                                     emp_idx, np.full(1, pos))
        score = float(np.asarray(self.model.score(X), dtype=np.float64)[0])
        reasons, gaps = explain(self.feature_names, self.model.contributions(X)[0],
                                feats.describe(emp, pos, X[0]), lang=lang)
        return {"employee_id": str(employee_id), "position_id": str(position_id),
                "score": shown_score(score), "reasons": reasons, "gaps": gaps,
                "ineligible": self.eligibility.why_not(emp, pos, as_of)}
