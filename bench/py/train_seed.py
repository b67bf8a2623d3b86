"""Python peer of bench/train.ts: the plain scikit-learn script the seed stack ran — seed features,
then LinearRegression, GradientBoosting, AdaBoost and RandomForest (scikit-learn defaults), each
scored on the reference holdout and with 5-fold CV on the reference folds. No tracking, no registry,
no caching. Prints one JSON line: wall seconds (after imports and including them) and the scores.

Run with Debian's interpreter: /usr/bin/python3 bench/py/train_seed.py [--quick]
"""
import json
import sys
import time

T_START = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.ensemble import AdaBoostRegressor, GradientBoostingRegressor, RandomForestRegressor  # noqa: E402
from sklearn.linear_model import LinearRegression  # noqa: E402
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score  # noqa: E402

T_IMPORTED = time.perf_counter()
QUICK = "--quick" in sys.argv
DATA = sys.argv[sys.argv.index("--data") + 1] if "--data" in sys.argv else "data/KAG_conversion_data.csv"
REF = json.load(open("src/models/tree/testing/reference.json"))

df = pd.read_csv(DATA)
X = pd.DataFrame({c: df[c].astype(float) for c in ["interest", "Impressions", "Clicks", "Spent", "Total_Conversion"]})
X["campaign_936"] = (df["xyz_campaign_id"] == 936).astype(float)
X["campaign_1178"] = (df["xyz_campaign_id"] == 1178).astype(float)
X["Age_Group"] = df["age"].map({"30-34": 0, "35-39": 1, "40-44": 2, "45-49": 3}).astype(float)
X["Gender_Code"] = df["gender"].map({"F": 0, "M": 1}).astype(float)
X["Interaction_Imp_Clicks"] = X["Impressions"] * X["Clicks"]
with np.errstate(divide="ignore", invalid="ignore"):
    for name, num, den in [
        ("Spent_per_Click", "Spent", "Clicks"),
        ("Total_Conversion_Rate", "Total_Conversion", "Clicks"),
        ("Budget_Allocation_Imp", "Spent", "Impressions"),
        ("CTR", "Clicks", "Impressions"),
        ("Conversion_per_Impression", "Total_Conversion", "Impressions"),
    ]:
        r = X[num] / X[den]
        r = r.where(~((X[num] == 0) & (X[den] == 0)), 0.0)
        r = r.replace([np.inf, -np.inf], np.nan)
        X[name] = r.fillna(r.mean())
y = df["Approved_Conversion"].astype(float).to_numpy()
Xv = X.to_numpy()

test_rows = np.array(REF["split"]["test_row_indices"])
is_test = np.zeros(len(y), bool)
is_test[test_rows] = True
fold_of_row = np.array(REF["cv5_fold_of_row"])

models = {
    "LinearRegression": LinearRegression,
    "GradientBoostingRegressor": lambda: GradientBoostingRegressor(random_state=42),
    "AdaBoostRegressor": lambda: AdaBoostRegressor(random_state=42),
    "RandomForestRegressor": lambda: RandomForestRegressor(random_state=42),
}
if QUICK:
    models = {"LinearRegression": LinearRegression}

scores = {}
for name, make in models.items():
    t_family = time.perf_counter()
    m = make().fit(Xv[~is_test], y[~is_test])
    p = m.predict(Xv[is_test])
    cv = []
    for k in range(5):
        mk = make().fit(Xv[fold_of_row != k], y[fold_of_row != k])
        cv.append(r2_score(y[fold_of_row == k], mk.predict(Xv[fold_of_row == k])))
    make().fit(Xv, y)  # the final model on all rows, as the pipeline registers
    scores[name] = {
        "holdout_r2": r2_score(y[is_test], p),
        "holdout_rmse": mean_squared_error(y[is_test], p) ** 0.5,
        "holdout_mae": mean_absolute_error(y[is_test], p),
        "cv5_r2_mean": float(np.mean(cv)),
        "seconds": time.perf_counter() - t_family,
    }
T_END = time.perf_counter()
print(json.dumps({"seconds_total": T_END - T_START, "seconds_after_imports": T_END - T_IMPORTED, "models": scores}))
