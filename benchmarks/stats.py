"""What the benchmark scripts share for reading latencies: one percentile rule."""

from __future__ import annotations


def percentile(values, q: float) -> float:
    """The nearest-rank ``q`` quantile (0..1) of ``values`` (NaN when there are none): the
    figure the benchmark tables report as p50/p95/p99."""
    v = sorted(values)
    if not v:
        return float("nan")
    return v[min(len(v) - 1, max(0, round(q * (len(v) - 1))))]
