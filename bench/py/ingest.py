"""pandas peer of bench/ingest.ts: time pandas.read_csv of the same file and report peak RSS.

Usage: /usr/bin/python3 bench/py/ingest.py FILE   (prints one JSON object)
"""
import json
import resource
import sys
import time

import pandas as pd

path = sys.argv[1]
t0 = time.perf_counter()
df = pd.read_csv(path)
read_s = time.perf_counter() - t0
# ru_maxrss is KiB on Linux.
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "cpu_s": usage.ru_utime + usage.ru_stime,
    "rows": int(len(df)),
    "read_s": read_s,
    "peak_rss_mb": usage.ru_maxrss / 1024,
    "pandas": pd.__version__,
}))
