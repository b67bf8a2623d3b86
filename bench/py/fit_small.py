"""Fit-time peers for bench/fit-small.ts: times scikit-learn's twin of every convopt model kind on the
same 914-row seed training matrix (written by the TypeScript side), in blocks the TypeScript side asks
for, taking turns with its own blocks.

Usage: /usr/bin/python3 bench/py/fit_small.py INPUT.json
INPUT.json: {"X": [[...] per column], "Xstd": [[...] per column], "y": [...], "kinds": {kind: params (camelCase)}}
Then one JSON command per stdin line, {"kind": kind, "std": bool, "ms": block length, "maxReps": int,
"warmMs": warm-up}, answered by one JSON line: {"times": [ms per fit], "estimator", "params",
"dropped", "n_iter", "all_coef_zero"} or {"skipped": reason}. The first block of a kind starts with
untimed warm-up fits (imports, caches) for warmMs, at least one, as the TypeScript side warms its
JIT. Ends at end of input.
"""
import json
import re
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
    matrices = {False: np.ascontiguousarray(np.array(spec["X"], dtype=np.float64).T), True: np.ascontiguousarray(np.array(spec["Xstd"], dtype=np.float64).T)}
    y = np.array(spec["y"], dtype=np.float64)
    warnings.simplefilter("ignore")  # lbfgs "did not converge" at max_iter=100 is part of the default peer
    ready = {}
    for line in sys.stdin:
        cmd = json.loads(line)
        kind, X = cmd["kind"], matrices[bool(cmd["std"])]
        key = (kind, bool(cmd["std"]))
        if key not in ready:
            ready[key] = prepare(kind, spec["kinds"].get(kind, {}), X, y, cmd.get("warmMs", 0))
        prepared = ready[key]
        if "skipped" in prepared:
            print(json.dumps(prepared), flush=True)
            continue
        cls, kwargs, dropped = prepared["cls"], prepared["kwargs"], prepared["dropped"]
        times = []
        start = time.perf_counter()
        while not times or (len(times) < cmd["maxReps"] and time.perf_counter() - start < cmd["ms"] / 1000):
            t0 = time.perf_counter()
            model = cls(**kwargs).fit(X, y)
            times.append((time.perf_counter() - t0) * 1000)
        shown = {k: (repr(v) if k == "estimator" else v) for k, v in kwargs.items()}
        # How far an iterative fit got, so a fit that stopped at once (diverged) is visible in the table.
        n_iter = getattr(model, "n_iter_", None)
        coef = getattr(model, "coef_", None)
        print(json.dumps({
            "times": times,
            "estimator": cls.__name__,
            "params": shown,
            "dropped": dropped,
            "n_iter": int(n_iter) if isinstance(n_iter, (int, np.integer)) else None,
            "all_coef_zero": bool(np.all(coef == 0)) if isinstance(coef, np.ndarray) else None,
        }), flush=True)


def prepare(kind, params, X, y, warm_ms):
    """The twin's class and arguments, after untimed fits for warm_ms (at least one); {"skipped": why} when there is none."""
    cls = TWINS.get(kind)
    if cls is None:
        return {"skipped": "no scikit-learn twin known"}
    try:
        kwargs, dropped = translate(cls, params)
        start = time.perf_counter()
        cls(**kwargs).fit(X, y)  # warm-up (imports, caches)
        while time.perf_counter() - start < warm_ms / 1000:
            cls(**kwargs).fit(X, y)
    except Exception as e:  # a param value sklearn rejects: report, don't crash the table
        return {"skipped": f"{type(e).__name__}: {e}"}
    return {"cls": cls, "kwargs": kwargs, "dropped": dropped}


main()
