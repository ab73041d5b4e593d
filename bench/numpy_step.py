"""The plain NumPy float64 CE gradient + SignGD step, the baseline of `npm run bench` (section
step). One thread (the caller sets OMP/OPENBLAS/MKL_NUM_THREADS=1). Gaussian clusters of the
given sizes; the step is softmax (max-shifted), G = (S - Y)^T X / n, W -= eta * sign(G): what a
plain float64 implementation computes (its gradient is exactly 0 once 1 - s_y rounds to 0).
Usage: python3 numpy_step.py SECONDS N,D,K [N,D,K ...]; prints one JSON object."""
import json
import sys
import time

import numpy as np


def clusters(n, d, k, seed=0):
    rng = np.random.default_rng(seed)
    mu = rng.normal(size=(k, d))
    mu /= np.linalg.norm(mu, axis=1, keepdims=True)
    y = np.repeat(np.arange(k), n // k)
    return mu[y] + 0.1 * rng.normal(size=(n, d)), y


def main():
    seconds = float(sys.argv[1])
    rows = []
    for size in sys.argv[2:]:
        n, d, k = (int(v) for v in size.split(","))
        X, y = clusters(n, d, k)
        Y = np.zeros((n, k))
        Y[np.arange(n), y] = 1.0
        W = np.zeros((k, d))

        def step(W, eta):
            V = X @ W.T
            V -= V.max(axis=1, keepdims=True)
            E = np.exp(V)
            S = E / E.sum(axis=1, keepdims=True)
            G = (S - Y).T @ X / n
            W -= eta * np.sign(G)

        for _ in range(20):
            step(W, 0.01)
        steps = 0
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            step(W, 0.01)
            steps += 1
        dt = time.perf_counter() - t0
        rows.append({"n": n, "d": d, "k": k, "steps": steps, "seconds": dt, "stepsPerSecond": steps / dt})
    print(json.dumps({"numpy": np.__version__, "rows": rows}))


main()
