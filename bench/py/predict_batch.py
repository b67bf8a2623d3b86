"""scikit-learn peer of bench/serve.ts: fit GradientBoostingRegressor with the same hyperparameters on
the same training matrix, then time predict() on the same N-row feature matrix (median of reps).
Inputs are raw little-endian float64 row-major files written by bench/serve.ts; prints JSON."""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import GradientBoostingRegressor


def main() -> None:
    folder, n_features, n_train, n_score, n_estimators, max_depth, learning_rate = sys.argv[1:8]
    p = int(n_features)
    train = np.fromfile(f"{folder}/train.bin", dtype="<f8").reshape(int(n_train), p + 1)
    X, y = train[:, :p], train[:, p]
    Xs = np.fromfile(f"{folder}/score.bin", dtype="<f8").reshape(int(n_score), p)
    model = GradientBoostingRegressor(n_estimators=int(n_estimators), max_depth=int(max_depth), learning_rate=float(learning_rate), random_state=0).fit(X, y)
    model.predict(Xs[:1000])
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        model.predict(Xs)
        times.append(time.perf_counter() - t0)
    times.sort()
    med = times[len(times) // 2]
    print(json.dumps({"rows": int(n_score), "medianSeconds": med, "rowsPerSec": int(n_score) / med, "version": sklearn.__version__}))


if __name__ == "__main__":
    main()
