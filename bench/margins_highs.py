"""Baseline for `npm run bench`: γ_p (p = inf or 1) of a dataset by SciPy's HiGHS, full LP.

Reads {"X": [[...]], "y": [...], "k": K, "p": "inf" | "1", "time_limit": S} on stdin and prints
{"gamma": γ, "seconds": wall time of linprog, "status": linprog's status}. The LP is D-γ:
max t s.t. (e_y − e_c)ᵀ W x_i ≥ t for every pair, ‖W‖_p ≤ 1 (p = 1: W = P − N, ΣP + ΣN ≤ 1).
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, hstack


def main() -> None:
    spec = json.load(sys.stdin)
    X = np.asarray(spec["X"], dtype=float)
    y = np.asarray(spec["y"], dtype=int)
    k = int(spec["k"])
    p = spec["p"]
    n, d = X.shape
    rows, cols, vals = [], [], []
    r = 0
    for i in range(n):
        nz = np.nonzero(X[i])[0]
        for c in range(k):
            if c == y[i]:
                continue
            # −(w_y − w_c)·x_i + t ≤ 0
            rows += [r] * (2 * len(nz) + 1)
            cols += list(y[i] * d + nz) + list(c * d + nz) + [k * d]
            vals += list(-X[i, nz]) + list(X[i, nz]) + [1.0]
            r += 1
    A = coo_matrix((vals, (rows, cols)), shape=(r, k * d + 1)).tocsr()
    cost = np.zeros(k * d + 1)
    cost[-1] = -1.0
    if p == "inf":
        bounds = [(-1.0, 1.0)] * (k * d) + [(None, None)]
        A_ub, b_ub, c = A, np.zeros(r), cost
    else:
        W, t = A[:, : k * d], A[:, k * d :]
        A_ub = hstack([W, -W, t]).tocsr()
        norm = np.concatenate([np.ones(2 * k * d), [0.0]])
        from scipy.sparse import vstack
        A_ub = vstack([A_ub, coo_matrix(norm)]).tocsr()
        b_ub = np.concatenate([np.zeros(r), [1.0]])
        bounds = [(0.0, None)] * (2 * k * d) + [(None, None)]
        c = np.concatenate([np.zeros(2 * k * d), [-1.0]])
    started = time.perf_counter()
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs", options={"time_limit": float(spec.get("time_limit", 120))})
    seconds = time.perf_counter() - started
    print(json.dumps({"gamma": -res.fun if res.status == 0 else None, "seconds": seconds, "status": int(res.status), "message": res.message}))


if __name__ == "__main__":
    main()
