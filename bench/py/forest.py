"""scikit-learn peer for bench/forest.ts: RandomForestRegressor fit time on the same large matrix, and
small-data (914-row) fit times of the tree family's twins, on the very matrices the TypeScript side wrote.

Usage: /usr/bin/python3 bench/py/forest.py INPUT.json
INPUT.json: {"large": {"path": float64 file, column-major, "n", "d", "y": float64 file, "trees", "jobs"},
             "small": {"path", "n", "d", "y"}, "reps": int, "warmup": int, "warmMs": number}
Prints one JSON document: {"large_ms", "small": {kind: median_ms}}.
"""
import json
import statistics
import sys
import time

import numpy as np
from sklearn.ensemble import AdaBoostRegressor, GradientBoostingRegressor, RandomForestRegressor
from sklearn.tree import DecisionTreeRegressor


def load(spec):
    X = np.fromfile(spec["path"], dtype="<f8").reshape(spec["d"], spec["n"]).T.copy()
    y = np.fromfile(spec["y"], dtype="<f8")
    return X, y


def timed(make, X, y):
    t0 = time.perf_counter()
    make().fit(X, y)
    return (time.perf_counter() - t0) * 1000


def main():
    spec = json.load(open(sys.argv[1]))
    out = {}
    X, y = load(spec["small"])
    twins = {
        "DecisionTreeRegressor": lambda: DecisionTreeRegressor(random_state=0),
        "RandomForestRegressor": lambda: RandomForestRegressor(random_state=0, n_jobs=1),
        "GradientBoostingRegressor": lambda: GradientBoostingRegressor(random_state=0),
        "AdaBoostRegressor": lambda: AdaBoostRegressor(random_state=0),
    }
    out["small"] = {}
    for kind, make in twins.items():
        start = time.perf_counter()
        n = 0
        while n < spec["warmup"] or time.perf_counter() - start < spec.get("warmMs", 0) / 1000:
            timed(make, X, y)  # warm-up, as on the TypeScript side
            n += 1
        out["small"][kind] = statistics.median(timed(make, X, y) for _ in range(spec["reps"]))
    L = spec["large"]
    X, y = load(L)
    out["large_ms"] = timed(lambda: RandomForestRegressor(n_estimators=L["trees"], n_jobs=L["jobs"], random_state=0), X, y)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
