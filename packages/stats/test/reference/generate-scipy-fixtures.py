#!/usr/bin/python3
"""Writes the scipy reference fixtures for @mesh/stats (inputs + expected outputs) as JSON beside this script.

Run: /usr/bin/python3 packages/stats/test/reference/generate-scipy-fixtures.py
Inputs are hard-coded or drawn from numpy's legacy RandomState with fixed seeds (its stream is frozen across
numpy versions), so re-running with the same scipy gives byte-identical files.
"""
import json
import platform
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy import special, stats
from scipy.stats import contingency

OUT = Path(__file__).resolve().parent
GENERATOR = {
    "script": "packages/stats/test/reference/generate-scipy-fixtures.py",
    "python": platform.python_version(),
    "numpy": np.__version__,
    "scipy": scipy.__version__,
}


def clean(value):
    """JSON-safe: numpy scalars -> Python numbers, arrays -> lists, +-inf/nan -> None (callers note why)."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [clean(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if np.isfinite(value) else None
    return value


def write(name, cases):
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(clean({"generator": GENERATOR, "cases": cases}), indent=1) + "\n")
    print(f"wrote {path.name}: {len(cases)} cases")


rng = np.random.RandomState(20261124)


def normal(n, mean=0.0, sd=1.0, decimals=None):
    x = rng.normal(mean, sd, n)
    return np.round(x, decimals) if decimals is not None else x


# ---------------------------------------------------------------- samples shared by several tests
SAMPLES = {
    "textbook": [2, 4, 4, 4, 5, 5, 7, 9],
    "single": [3.5],
    "pair": [1.0, 2.0],
    "negative-mixed": [-3.2, 0.0, 1.5, -1.1, 2.25, 7.0, -0.5],
    "ties-integers": [1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 7],
    "normal-37": normal(37, 10, 2),
    "lognormal-41": np.exp(normal(41, 0, 1)),
    "normal-1000": normal(1000, 5, 1.5),
    "large-offset": normal(50, 1e6, 0.01),
}


def describe_cases():
    cases = []
    for name, values in SAMPLES.items():
        x = np.asarray(values, dtype=float)
        n = len(x)
        q1, median, q3 = np.percentile(x, [25, 50, 75])  # numpy default method='linear'
        cases.append({
            "name": name,
            "values": x,
            "expected": {
                "n": n, "mean": np.mean(x),
                "sd": np.std(x, ddof=1) if n > 1 else None,
                "variance": np.var(x, ddof=1) if n > 1 else None,
                "median": np.median(x), "q1": q1, "q3": q3, "min": np.min(x), "max": np.max(x),
            },
        })
    return cases


TWO_SAMPLE = {
    "small-2-vs-3": ([1.1, 2.3], [3.0, 4.2, 5.9]),
    "unequal-n-and-variance": (normal(12, 5, 1), normal(30, 6, 3)),
    "ties-integers": (np.round(normal(25, 10, 3)), np.round(normal(18, 11, 3))),
    "one-group-constant": ([4.0, 4.0, 4.0, 4.0], [3.1, 5.2, 4.4, 6.0, 2.9]),
    "large-500-vs-500": (normal(500, 0, 1), normal(500, 0.15, 1.2)),
    "huge-effect": (normal(40, 0, 1), normal(45, 6, 1)),
    "no-effect-identical-means": ([1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 2.0, 1.0]),
    "log-expression-like": (normal(20, 8.0, 0.4), normal(25, 8.3, 0.5)),
}


def hedges_j(df):
    return np.exp(special.gammaln(df / 2) - special.gammaln((df - 1) / 2)) / np.sqrt(df / 2)


def welch_cases():
    cases = []
    for name, (a, b) in TWO_SAMPLE.items():
        a, b = np.asarray(a, float), np.asarray(b, float)
        res = stats.ttest_ind(a, b, equal_var=False)
        va, vb, na, nb = np.var(a, ddof=1), np.var(b, ddof=1), len(a), len(b)
        se2 = va / na + vb / nb
        # scipy 1.10's ttest_ind exposes neither df nor the CI; these are its own formulas (_unequal_var_ttest_denom).
        df = se2 ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
        diff = np.mean(a) - np.mean(b)
        margin = stats.t.ppf(0.975, df) * np.sqrt(se2)
        pooled_sd = np.sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2))
        cases.append({
            "name": name, "a": a, "b": b,
            "expected": {
                "t": res.statistic, "df": df, "pValue": res.pvalue, "meanDifference": diff,
                "standardError": np.sqrt(se2), "ciLow": diff - margin, "ciHigh": diff + margin,
                "hedgesG": hedges_j(na + nb - 2) * diff / pooled_sd,
            },
        })
    return cases


def mann_whitney_cases():
    cases = []
    extra = {
        "heavy-ties-likert": (rng.randint(1, 6, 30), rng.randint(2, 6, 22)),
        "separated": ([1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]),
        "large-200-vs-300": (normal(200, 0, 1, 2), normal(300, 0.2, 1, 2)),
    }
    for name, (a, b) in {**TWO_SAMPLE, **extra}.items():
        a, b = np.asarray(a, float), np.asarray(b, float)
        res = stats.mannwhitneyu(a, b, use_continuity=True, alternative="two-sided", method="asymptotic")
        cases.append({
            "name": name, "a": a, "b": b,
            "expected": {"u": res.statistic, "pValue": res.pvalue,
                         "rankBiserial": 2 * res.statistic / (len(a) * len(b)) - 1},
        })
    return cases


TABLES = {
    "2x2-classic": [[12, 5], [7, 14]],
    "2x2-small-expected": [[3, 1], [1, 3]],
    "2x2-zero-cell": [[10, 0], [4, 6]],
    "2x2-large-counts": [[1500, 900], [1100, 1600]],
    "2x2-yates-overshoot": [[5, 5], [5, 6]],
    "2x3": [[10, 20, 30], [15, 15, 40]],
    "3x3-tiny-p": [[120, 30, 10], [25, 110, 20], [5, 35, 140]],
    "3x4-sparse": [[1, 0, 3, 2], [4, 2, 0, 1], [0, 5, 2, 2]],
    "4x2": [[20, 15], [30, 25], [12, 30], [8, 22]],
}


def chi_square_cases():
    cases = []
    for name, table in TABLES.items():
        t = np.asarray(table)
        for yates in (True, False):
            stat, p, dof, expected = stats.chi2_contingency(t, correction=yates)
            cases.append({
                "name": f"{name} yates={yates}", "table": table, "yates": yates,
                "expected": {
                    "statistic": stat, "pValue": p, "df": dof, "expected": expected,
                    "cramersV": contingency.association(t, method="cramer"),
                    "yatesApplied": bool(yates and dof == 1),
                },
            })
    return cases


FISHER_TABLES = {
    "tea-tasting": [[3, 1], [1, 3]],
    "classic": [[8, 2], [1, 5]],
    "odds-ratio-zero": [[0, 5], [5, 0]],
    "odds-ratio-infinite": [[5, 0], [0, 5]],
    "asymmetric": [[2, 7], [8, 2]],
    "moderate": [[10, 20], [30, 40]],
    "symmetric-far-tail": [[20, 0], [0, 20]],
    "symmetric-100": [[100, 0], [0, 100]],
    "larger": [[100, 50], [60, 120]],
    "unbalanced-margins": [[1, 9], [11, 3]],
    "big-counts-tiny-p": [[1000, 500], [600, 1200]],
    "single-off-zero": [[7, 0], [3, 2]],
    "observed-is-mode": [[5, 5], [5, 5]],
    # p < 1e-290: the library's log-space fallback (relative weights underflow).
    "log-space-symmetric": [[500, 0], [0, 500]],
    "log-space-asymmetric": [[500, 3], [2, 495]],
}


def fisher_cases():
    cases = []
    for name, table in FISHER_TABLES.items():
        expected = {}
        for alternative, key in (("two-sided", "pValue"), ("less", "pValueLess"), ("greater", "pValueGreater")):
            odds, p = stats.fisher_exact(table, alternative=alternative)
            expected[key] = p
        expected["oddsRatio"] = odds  # inf (zero off-diagonal) is written as null, as the library reports it
        cases.append({"name": name, "table": table, "expected": expected})
    return cases


def correlation_pairs():
    x50 = normal(50)
    x200 = normal(200)
    return {
        "n3": ([1.0, 2.0, 4.0], [2.0, 1.0, 5.0]),
        "n4": ([1.0, 2.0, 3.0, 4.0], [1.5, 1.7, 3.9, 3.1]),
        "moderate-50": (x50, 0.5 * x50 + normal(50)),
        "negative-50": (x50, -0.8 * x50 + normal(50, 0, 0.5)),
        "strong-200": (x200, x200 + normal(200, 0, 0.1)),
        "none-100": (normal(100), normal(100)),
        "ties": (np.round(normal(60, 0, 1), 0), np.round(normal(60, 0, 1), 1)),
        "perfect-monotone-nonlinear": (np.arange(1, 13, dtype=float), np.arange(1, 13, dtype=float) ** 3),
    }


def correlation_cases():
    cases = []
    for name, (x, y) in correlation_pairs().items():
        x, y = np.asarray(x, float), np.asarray(y, float)
        pr = stats.pearsonr(x, y)
        ci = pr.confidence_interval(confidence_level=0.95)
        sr = stats.spearmanr(x, y)
        cases.append({
            "name": name, "x": x, "y": y,
            "expected": {
                "pearson": {"r": pr.statistic, "pValue": pr.pvalue, "ciLow": ci.low, "ciHigh": ci.high},
                "spearman": {"rho": sr.correlation, "pValue": sr.pvalue},
            },
        })
    return cases


def false_discovery_control_bh(ps):
    """scipy.stats.false_discovery_control(ps, method='bh') from scipy 1.11 (BSD-3), verbatim for 1-D input:
    scipy 1.10 (Debian 12) predates it. The R fixtures cross-check the same inputs against p.adjust."""
    ps = np.asarray(ps, dtype=float)
    m = ps.shape[-1]
    order = np.argsort(ps, axis=-1)
    ps = np.take_along_axis(ps, order, axis=-1)
    i = np.arange(1, m + 1)
    ps *= m / i
    np.minimum.accumulate(ps[..., ::-1], out=ps[..., ::-1], axis=-1)
    np.put_along_axis(ps, order, values=ps.copy(), axis=-1)
    return np.clip(ps, 0, 1)


def bh_inputs():
    signal = rng.beta(0.2, 6, 300)
    null = rng.uniform(0, 1, 1700)
    mixture = np.concatenate([signal, null])
    rng.shuffle(mixture)
    return {
        "single": [0.03],
        "textbook": [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.8, 0.041],
        "ties-zeros-ones": [0.0, 0.0, 0.5, 0.5, 1.0, 0.02, 0.02, 0.02, 1.0, 0.3],
        "uniform-100": rng.uniform(0, 1, 100),
        "mixture-2000": mixture,
    }


def bh_cases():
    return [{"name": name, "pValues": np.asarray(p, float), "expected": false_discovery_control_bh(p)}
            for name, p in bh_inputs().items()]


ENRICHMENT = {
    "go-term-typical": (20000, 200, 500, 20),
    "zero-overlap": (20000, 50, 1000, 0),
    "depleted": (100, 10, 20, 1),
    "extreme": (20000, 300, 300, 150),
    "set-is-universe": (50, 50, 10, 10),
    "small": (30, 8, 6, 4),
    "overlap-at-expectation": (1000, 100, 100, 10),
    "max-overlap": (20000, 40, 2000, 40),
    "deep-tail": (20000, 300, 300, 180),
    "log-space-fallback": (20000, 300, 300, 190),  # p ~ 3e-297: relative weights underflow
}


def enrichment_cases():
    cases = []
    for name, (N, K, n, k) in ENRICHMENT.items():
        cases.append({
            "name": name, "input": {"universe": N, "setSize": K, "selected": n, "overlap": k},
            "expected": {"pValue": stats.hypergeom.sf(k - 1, N, K, n), "expected": n * K / N,
                         "foldEnrichment": k / (n * K / N)},
        })
    return cases


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit("usage: generate-scipy-fixtures.py (no arguments)")
    # Order matters: the shared RandomState stream is consumed in this order.
    write("descriptive", describe_cases())
    write("welch", welch_cases())
    write("mann-whitney", mann_whitney_cases())
    write("chi-square", chi_square_cases())
    write("fisher", fisher_cases())
    write("correlation", correlation_cases())
    write("benjamini-hochberg", bh_cases())
    write("enrichment", enrichment_cases())
