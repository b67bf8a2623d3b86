"""Planning-model peers: scikit-learn's four planning models on the reference's repeated 5-fold
assignment (pre-launch features only), timed and scored in this run. Prints one JSON document.

Usage: /usr/bin/python3 bench/py/planning.py DATA.csv REFERENCE.json
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import LinearRegression, PoissonRegressor
from sklearn.metrics import mean_poisson_deviance, r2_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder

data_path, ref_path = sys.argv[1], sys.argv[2]
d = pd.read_csv(data_path)
ref = json.load(open(ref_path))
X = d[["xyz_campaign_id", "age", "gender", "interest", "Spent"]].copy()
X["xyz_campaign_id"] = X["xyz_campaign_id"].astype(str)
y = d["Approved_Conversion"].to_numpy(float)
cats = ["xyz_campaign_id", "age", "gender"]


def onehot(extra):
    return ColumnTransformer([("cat", OneHotEncoder(handle_unknown="ignore"), cats)] + extra, remainder="drop")


models = {
    "LinearRegression": lambda: make_pipeline(onehot([("num", "passthrough", ["interest", "Spent"])]), LinearRegression()),
    "HistGradientBoosting(poisson)": lambda: make_pipeline(
        onehot([("num", "passthrough", ["interest", "Spent"])]),
        HistGradientBoostingRegressor(loss="poisson", max_iter=300, learning_rate=0.03, min_samples_leaf=20, random_state=0),
    ),
    "PoissonRegressor": lambda: make_pipeline(
        onehot([("num", "passthrough", ["interest"]), ("log", FunctionTransformer(np.log1p), ["Spent"])]),
        PoissonRegressor(alpha=1e-3, max_iter=1000),
    ),
    "RandomForest(300, leaf 5)": lambda: make_pipeline(
        onehot([("num", "passthrough", ["interest", "Spent"])]), RandomForestRegressor(n_estimators=300, min_samples_leaf=5, random_state=0, n_jobs=2)
    ),
}
out = {}
for name, make in models.items():
    r2s, devs = [], []
    t0 = time.perf_counter()
    for rep in ref["fold_of_row"]:
        f = np.asarray(rep)
        for k in range(5):
            tr, te = f != k, f == k
            m = make().fit(X[tr], y[tr])
            p = m.predict(X[te])
            r2s.append(r2_score(y[te], p))
            # Deviance needs positive predictions; a linear model's negatives are clipped for it only.
            devs.append(mean_poisson_deviance(y[te], np.clip(p, 1e-9, None)))
    out[name] = {"r2_mean": float(np.mean(r2s)), "r2_std": float(np.std(r2s)), "poisson_deviance_mean": float(np.mean(devs)), "seconds": time.perf_counter() - t0}
print(json.dumps(out))
