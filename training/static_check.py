"""Position attributes are static: the export has only today's peta jabatan (job type, class,
floors, standards), and the features take it as valid for every past date. This checks how
far the history contradicts that: the share of past placements whose holder did not have the
post's minimum education of today when they started (an exception, or a post whose floor
changed since). A large share means the history is featured against posts as they are now,
not as they were; the run warns and logs the share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WARN_SHARE = 0.05


def education_mismatch(export) -> tuple[float, int]:
    """(share, count) of placements whose holder's highest education graduated by the start
    year (undated rows count) is below the post's min_education today."""
    asg = export.assignments[["employee_id", "position_id", "start_date"]].dropna()
    if asg.empty:
        return 0.0, 0
    floor = asg["position_id"].map(
        export.positions.set_index("position_id")["min_education_ordinal"]).to_numpy(float)
    edu = export.education[["employee_id", "level_ordinal", "graduation_year"]]
    m = asg.reset_index().merge(edu, on="employee_id", how="left")
    year = pd.to_datetime(m["start_date"]).dt.year.to_numpy()
    grad = m["graduation_year"].to_numpy(dtype=float, na_value=np.nan)
    held = np.where(np.isnan(grad) | (grad <= year), m["level_ordinal"].to_numpy(float), np.nan)
    best = pd.Series(held).groupby(m["index"].to_numpy()).max().reindex(asg.index).to_numpy()
    known = ~np.isnan(best) & ~np.isnan(floor)
    below = known & (best < floor)
    return (float(below.sum() / known.sum()) if known.any() else 0.0), int(below.sum())


def warning(export) -> tuple[float, str | None]:
    """The share, and a warning in words when it is above WARN_SHARE."""
    share, n = education_mismatch(export)
    if share <= WARN_SHARE:
        return share, None
    return share, (f"{share:.0%} of past placements ({n}) started below today's minimum "
                   "education of their post: the peta jabatan may have changed, and position "
                   "attributes are taken as static for every past date")
