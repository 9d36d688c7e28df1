"""The world matrix and the truth-free selection metric (training/matrix.py,
training/movers.py, `jobfit matrix`): real worlds from the generators, real training."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from jobfit.cli import app
from training import movers
from training.labels import build_labels
from training.matrix import SCORERS, margins, metric_tracking, summary
from training.pipeline import load_or_raise


# --- the selection metric ------------------------------------------------------------------------
def test_mover_correlation_reads_the_order_of_the_changes():
    rng = np.random.default_rng(0)
    delta = rng.normal(size=200)
    assert movers.mover_correlation(delta, delta) == pytest.approx(1.0)
    assert movers.mover_correlation(-delta, delta) == pytest.approx(-1.0)
    assert abs(movers.mover_correlation(rng.normal(size=200), delta)) < 0.2
    # an increasing transform of the score changes nothing (ranks only)
    assert movers.mover_correlation(np.exp(delta), delta) == pytest.approx(1.0)


def test_too_few_movers_or_a_flat_score_is_undefined():
    few = np.arange(movers.MIN_MOVERS - 1, dtype=float)
    assert np.isnan(movers.mover_correlation(few, few))
    many = np.arange(100, dtype=float)
    assert np.isnan(movers.mover_correlation(np.zeros(100), many))


def test_movers_are_people_seen_in_two_posts_across_the_cutoff(small_city):
    export = load_or_raise(small_city / "export")
    labels = build_labels(export)
    m = movers.movers(export, labels)
    assert len(m) >= movers.MIN_MOVERS
    assert (m.new["employee_id"].to_numpy() == m.previous["employee_id"].to_numpy()).all()
    assert (m.new["position_id"].to_numpy() != m.previous["position_id"].to_numpy()).any()
    assert (m.new["as_of"] >= labels.cutoff).all()
    assert np.isfinite(m.delta_outcome).all()
    # the previous post is the one held just before the new one, in the assignments
    asg = export.assignments
    row = m.new.iloc[0]
    held = asg[asg["employee_id"] == row["employee_id"]].sort_values("start_date")
    starts = held["start_date"].to_numpy()
    k = int(np.flatnonzero(starts == np.datetime64(row["as_of"]))[0])
    assert held["position_id"].iloc[k - 1] == m.previous.iloc[0]["position_id"]


def test_the_trained_ranker_knows_where_movers_did_better(small_trained):
    _, result = small_trained
    ranker = result.metrics["ranker"]["sel_movers"]
    assert np.isfinite(ranker) and ranker > 0.15


# --- the matrix ----------------------------------------------------------------------------------
def test_margins_and_summary_read_the_bar():
    row = {"rule": 0.80, "logistic": 0.82, "pointwise": 0.85, "ranker": 0.90, "random": 0.4,
           "ceiling": 0.95}
    m = margins(row)
    assert m["over_rule"] == pytest.approx(0.10)
    assert m["over_best_other"] == pytest.approx(0.05)
    assert m["closed"] == pytest.approx(2 / 3)
    import pandas as pd

    t = pd.DataFrame([{**row, **m}, {**row, "ranker": 0.81, **margins({**row, "ranker": 0.81})}])
    s = summary(t)
    assert s["min_over_rule"] == pytest.approx(0.01)
    assert s["closed_of_mean"] == pytest.approx((0.855 - 0.80) / 0.15)


def test_metric_tracking_is_high_for_a_metric_that_follows_the_truth():
    import pandas as pd

    rng = np.random.default_rng(1)
    rows = []
    for _ in range(4):
        r = {n: rng.uniform(0.6, 0.9) for n in ("rule", "logistic", "pointwise", "ranker")}
        r.update({f"sel_{n}": 2 * v for n, v in list(r.items())})
        r.update({f"val_{n}": rng.uniform() for n in ("rule", "logistic", "pointwise",
                                                       "ranker")})
        rows.append(r)
    tracked = metric_tracking([pd.DataFrame(rows)])
    assert tracked["points"] == 16
    assert tracked["spearman_selection"] == pytest.approx(1.0)
    assert abs(tracked["spearman_val_ndcg"]) < 0.9


@pytest.mark.heavy
def test_jobfit_matrix_on_a_small_matrix(tmp_path):
    """The command end to end: two worlds generated, trained, graded; the table and the JSON
    hold every scorer's truth NDCG@10 and the worlds are reused on a second run."""
    out = tmp_path / "matrix.json"
    args = ["matrix", "--dir", str(tmp_path / "worlds"), "--generators", "kota",
            "--variants", "base,fair_history", "--seeds", "3", "--employees", "400",
            "--truth-sample", "80", "--out", str(out)]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    rows = json.loads(out.read_text())
    assert [r["world"] for r in rows] == ["kota/base/s3", "kota/fair_history/s3"]
    for r in rows:
        for name in (*SCORERS, "ceiling"):
            assert 0.0 <= r[name] <= 1.0, (name, r)
        assert r["ranker"] > r["random"] + 0.1
        assert r["ceiling"] >= max(r[n] for n in SCORERS) - 1e-9
    assert "| kota/base/s3 |" in res.output and "mean over 2 worlds" in res.output
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "(generated)" not in again.output


def test_jobfit_matrix_names_a_bad_parameter(tmp_path):
    res = CliRunner().invoke(app, ["matrix", "--dir", str(tmp_path), "--generators", "nope"])
    assert res.exit_code == 2 and "--generators 'nope'" in res.output
    res = CliRunner().invoke(app, ["matrix", "--dir", str(tmp_path), "--generators", "kota",
                                   "--variants", "base,nope"])
    assert res.exit_code == 2 and "--variants 'nope'" in res.output


@pytest.mark.heavy
def test_the_world_matrix_notebook_runs(monkeypatch):
    """The walkthrough runs end to end on a small matrix it builds itself (every generator)."""
    from pathlib import Path

    import nbformat
    from nbclient import NotebookClient

    root = Path(__file__).resolve().parents[2]
    nb = nbformat.read(root / "notebooks" / "world_matrix.ipynb", as_version=4)
    monkeypatch.delenv("JOBFIT_NB_MATRIX", raising=False)
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(root)}}).execute()
    text = "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "4 worlds" in text and "kabupaten/base/s3" in text and "metropolitan/base/s3" in text
    assert "worst margin over the rule" in text and "spearman_selection" in text
