"""Fit-time peers for bench/fit-small.ts: times scikit-learn's twin of every convopt model kind on the
same 914-row seed training matrix (written by the TypeScript side), median of repeated fits.

Usage: /usr/bin/python3 bench/py/fit_small.py INPUT.json
INPUT.json: {"X": [[...] per column], "y": [...], "kinds": {kind: params (camelCase)},
             "minReps": int, "maxReps": int, "budgetSeconds": float}
Prints one JSON document: {kind: {"median_ms", "reps", "estimator", "params", "dropped"} | {"skipped"}}.
"""
import json
import re
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn import ensemble, linear_model, tree

TWINS = {
    "LinearRegression": linear_model.LinearRegression,
    "Ridge": linear_model.Ridge,
    "PoissonRegressor": linear_model.PoissonRegressor,
    "DecisionTreeRegressor": tree.DecisionTreeRegressor,
    "RandomForestRegressor": ensemble.RandomForestRegressor,
    "GradientBoostingRegressor": ensemble.GradientBoostingRegressor,
    "AdaBoostRegressor": ensemble.AdaBoostRegressor,
    "HistGradientBoostingRegressor": ensemble.HistGradientBoostingRegressor,
}


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def translate(cls, params):
    """convopt camelCase params -> sklearn kwargs; names sklearn does not have are dropped (reported).
    AdaBoost's tree parameters (maxDepth, ...) configure its base tree, as in convopt."""
    known = cls(**({"estimator": tree.DecisionTreeRegressor()} if cls is ensemble.AdaBoostRegressor else {})).get_params(deep=False)
    tree_known = tree.DecisionTreeRegressor().get_params()
    kwargs, dropped, base = {}, [], {}
    for k, v in params.items():
        s = snake(k)
        if s in known:
            kwargs[s] = v
        elif cls is ensemble.AdaBoostRegressor and s in tree_known:
            base[s] = v
        else:
            dropped.append(k)
    if base:
        kwargs["estimator"] = tree.DecisionTreeRegressor(**base)
    if "random_state" in known and kwargs.get("random_state") is None:
        kwargs["random_state"] = 0  # convopt fits with seed 0
    return kwargs, dropped


def main():
    spec = json.load(open(sys.argv[1]))
    X = np.ascontiguousarray(np.array(spec["X"], dtype=np.float64).T)
    y = np.array(spec["y"], dtype=np.float64)
    out = {}
    warnings.simplefilter("ignore")  # lbfgs "did not converge" at max_iter=100 is part of the default peer
    for kind, params in spec["kinds"].items():
        cls = TWINS.get(kind)
        if cls is None:
            out[kind] = {"skipped": "no scikit-learn twin known"}
            continue
        try:
            kwargs, dropped = translate(cls, params)
            cls(**kwargs).fit(X, y)  # warm-up (imports, caches)
        except Exception as e:  # a param value sklearn rejects: report, don't crash the table
            out[kind] = {"skipped": f"{type(e).__name__}: {e}"}
            continue
        times = []
        start = time.perf_counter()
        while len(times) < spec["maxReps"] and (len(times) < spec["minReps"] or time.perf_counter() - start < spec["budgetSeconds"]):
            t0 = time.perf_counter()
            model = cls(**kwargs).fit(X, y)
            times.append((time.perf_counter() - t0) * 1000)
        shown = {k: (repr(v) if k == "estimator" else v) for k, v in kwargs.items()}
        # How far an iterative fit got, so a fit that stopped at once (diverged) is visible in the table.
        n_iter = getattr(model, "n_iter_", None)
        coef = getattr(model, "coef_", None)
        out[kind] = {
            "median_ms": statistics.median(times),
            "reps": len(times),
            "estimator": cls.__name__,
            "params": shown,
            "dropped": dropped,
            "n_iter": int(n_iter) if isinstance(n_iter, (int, np.integer)) else None,
            "all_coef_zero": bool(np.all(coef == 0)) if isinstance(coef, np.ndarray) else None,
        }
    print(json.dumps(out))


main()
