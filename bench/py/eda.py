"""Python peer of bench/eda.ts: the same EDA statistics with pandas + scipy on the same CSV.

Times (median of repeats, after reading the file): describe() + nunique, Pearson and Spearman
correlation of the five measures, Tukey box statistics, and per-grouping KPI sums with
chi2_contingency(correction=False) for conversion and approval rates. Prints one JSON line.

    /usr/bin/python3 bench/py/eda.py PATH [REPEATS]
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

MEASURES = ["Impressions", "Clicks", "Spent", "Total_Conversion", "Approved_Conversion"]
GROUPS = ["xyz_campaign_id", "age", "gender", "interest"]


def stats(df: pd.DataFrame) -> None:
    df.describe(include="all")
    df.nunique()
    df[MEASURES].corr("pearson")
    df[MEASURES].corr("spearman")
    for m in MEASURES:
        x = df[m].dropna().to_numpy()
        q1, q3 = np.quantile(x, [0.25, 0.75])
        iqr = q3 - q1
        _ = x[(x < q1 - 1.5 * iqr) | (x > q3 + 1.5 * iqr)]
    for g in GROUPS:
        a = df.groupby(g)[MEASURES].sum()
        a["ctr"] = a.Clicks / a.Impressions
        a["cpc"] = a.Spent / a.Clicks
        a["cpm"] = 1000 * a.Spent / a.Impressions
        a["cr"] = a.Total_Conversion / a.Clicks
        a["ar"] = a.Approved_Conversion / a.Total_Conversion
        a["cpa"] = a.Spent / a.Approved_Conversion
        chi2_contingency(np.c_[a.Total_Conversion, a.Clicks - a.Total_Conversion], correction=False)
        chi2_contingency(np.c_[a.Approved_Conversion, a.Total_Conversion - a.Approved_Conversion], correction=False)


def main() -> None:
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    df = pd.read_csv(path)
    times = []
    cpu = []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        stats(df)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    print(json.dumps({"rows": len(df), "stats_ms": float(np.median(times)), "stats_cpu_ms": float(np.median(cpu))}))


if __name__ == "__main__":
    main()
