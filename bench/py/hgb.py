"""Python peer of bench/hgb.ts: fits XGBoost (hist, lossguide, 31 leaves, nthread 2) or scikit-learn's
HistGradientBoostingRegressor (early stopping off) on the matrix bench/hgb.ts wrote (float64,
feature-major, target last; first 80% of rows train, rest test) and prints one JSON line.

Usage: /usr/bin/python3 bench/py/hgb.py {xgboost|sklearn} FILE N_ROWS N_FEATURES MAX_ITER
"""
import json
import resource
import sys
import time

import numpy as np

lib, path, n, F, max_iter = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
data = np.fromfile(path, dtype=np.float64).reshape(F + 1, n)
X = np.ascontiguousarray(data[:F].T)
y = data[F].copy()
del data
n_train = int(np.floor(n * 0.8))
Xtr, ytr, Xte, yte = X[:n_train], y[:n_train], X[n_train:], y[n_train:]

if lib == "xgboost":
    import xgboost as xgb

    name = f"XGBoost {xgb.__version__} hist (lossguide, 2 threads)"
    model = xgb.XGBRegressor(
        n_estimators=max_iter, tree_method="hist", grow_policy="lossguide", max_leaves=31, max_depth=0,
        learning_rate=0.1, max_bin=255, min_child_weight=1e-3, reg_lambda=0.0, nthread=2, base_score=float(ytr.mean()),
    )
    t0 = time.perf_counter()
    model.fit(Xtr, ytr)
    fit = time.perf_counter() - t0
else:
    import sklearn
    from sklearn.ensemble import HistGradientBoostingRegressor

    name = f"scikit-learn {sklearn.__version__} HistGradientBoostingRegressor"
    model = HistGradientBoostingRegressor(max_iter=max_iter, max_leaf_nodes=31, early_stopping=False, random_state=0)
    t0 = time.perf_counter()
    model.fit(Xtr, ytr)
    fit = time.perf_counter() - t0

t1 = time.perf_counter()
pred = model.predict(Xte)
predict = time.perf_counter() - t1
r2 = 1 - np.sum((yte - pred) ** 2) / np.sum((yte - yte.mean()) ** 2)
print(json.dumps({
    "name": name,
    "fitSeconds": fit,
    "testR2": float(r2),
    "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "predictRowsPerSecond": len(yte) / predict,
}))
