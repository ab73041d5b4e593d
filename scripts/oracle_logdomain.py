#!/usr/bin/env python3
"""High-precision oracle for the harness's log-domain loss numerics.

Writes fixtures/oracle/logdomain.json. Regenerate with:

    python3 scripts/oracle_logdomain.py            # uses mpmath (falls back to decimal)

Every input (X, y, W, Delta) is an exactly representable float64, written to JSON with
Python's shortest round-trip repr, and the oracle is computed from exactly those doubles
(mpmath.mpf(float) / Decimal(float) are exact). The oracle deliberately uses the plain
*definitional* formulas (1 - s_y, diag(s) - s s^T, log(1 + sum), plain sums of gradient
terms) -- the forms the harness must avoid in float64 -- and makes them safe by working
at a precision chosen per case so that the worst cancellation (1 - s_y with
s_y = 1 - e^{-gap}) still leaves >= 60 correct digits: dps = 60 + max|gap|/ln 10 + slack.
Each case is evaluated twice, at dps and dps + 40, and the two runs must agree to 1e-50
relative on every output, or the script aborts.

Outputs per case and loss (all natural logs, means over the n samples):
  logLoss, logProxy                     log L, log G
  perSample.logLoss / .logProxy         log l_i, log G_i
  perClass.logG / .logQ                 log G_c, log Q_c
  logHessianForm                        log (1/n) sum_i u_i^T Hess_v l_i u_i, u_i = Delta x_i
  gradient.sign / .logAbs               per entry of dL/dW (k x d, row-major); sign 0 and
                                        logAbs null when the exact entry is 0
  gradient.logRatioToMax                log|g_cj| - log max|g|   (diagnostic)
  gradient.log10Kappa                   log10 of sum_i |term_i| / |sum_i term_i|   (conditioning)
Logs are given as the nearest float64 plus a 30-digit string (logLossStr etc.).
"""
from __future__ import annotations

import json
import math
import os
import sys

try:
    import mpmath
    from mpmath import mp, mpf

    BACKEND = f"mpmath {mpmath.__version__}"

    def set_prec(dps: int) -> None:
        mp.dps = dps

    def num(x: float):
        return mpf(x)  # exact for a Python float

    def exp(x):
        return mpmath.exp(x)

    def ln(x):
        return mpmath.log(x)

    def to_str(x) -> str:
        return mpmath.nstr(x, 30, min_fixed=-5, max_fixed=5) if x != 0 else "0"

    def to_float(x) -> float:
        return float(x)

    ZERO = lambda: mpf(0)  # noqa: E731
    ONE = lambda: mpf(1)  # noqa: E731
except ImportError:  # pragma: no cover - fallback, same algorithm
    from decimal import Decimal, getcontext

    BACKEND = "decimal"

    def set_prec(dps: int) -> None:
        getcontext().prec = dps
        getcontext().Emin = -10**9
        getcontext().Emax = 10**9

    def num(x: float):
        return Decimal(x)  # exact for a Python float

    def exp(x):
        return x.exp()

    def ln(x):
        return x.ln()

    def to_str(x) -> str:
        return format(+x, ".29e")

    def to_float(x) -> float:
        return float(x)

    ZERO = lambda: Decimal(0)  # noqa: E731
    ONE = lambda: Decimal(1)  # noqa: E731


LOSSES = ("ce", "exp", "pll")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "oracle", "logdomain.json")


# --------------------------------------------------------------------------- the cases


def scaled(M, s):
    """s * M entrywise, in float64 (the fixture stores the rounded doubles; the oracle uses them as given)."""
    return [[float(s) * float(a) for a in row] for row in M]


def make_cases():
    cases = []

    def add(name, note, X, y, k, W, Delta):
        cases.append({"name": name, "note": note, "k": k, "X": X, "y": y, "W": W, "Delta": Delta})

    # k = 2, d = 2, n = 4. Base margins (w_y - w_c).x_i = 1, 1, 0.75, 1.25.
    X2 = [[1.0, 0.0], [0.5, 1.0], [-1.0, 0.5], [-0.5, -1.5]]
    y2 = [0, 0, 1, 1]
    W2 = [[0.5, 0.25], [-0.5, -0.25]]
    D2 = [[0.75, -1.5], [0.25, 2.0]]
    for g in (40, 400, 4000):
        add(f"k2-gap{g}", f"all correct, gaps {0.75 * g:g}..{1.25 * g:g}", X2, y2, 2, scaled(W2, g), D2)

    # k = 3, d = 3, n = 4, nearly balanced margins (pair gaps 0.93 g .. g) and
    # every feature non-zero, so the gradient's entries stay within float64's range of
    # each other even at g = 4000.
    X3 = [[1.0, 0.0625, 0.125], [0.0625, 1.0, 0.125], [0.125, 0.0625, 1.0], [1.0, 0.125, 0.0625]]
    y3 = [0, 1, 2, 0]
    W3 = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    D3 = [[0.5, -0.25, 1.0], [-1.0, 0.75, 0.25], [0.125, 0.5, -0.5]]
    for g in (40, 400, 4000):
        add(f"k3-gap{g}", f"all correct, balanced gaps ~{g}", X3, y3, 3, scaled(W3, g * 1.0625), D3)

    # k = 3 with spread margins (pair gaps 0.75 g .. 2 g): at g = 4000 the gradient entries
    # span far more than float64's exponent range relative to each other.
    X3s = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.25], [0.5, 0.0, 1.5], [1.5, 0.25, -0.5]]
    y3s = [0, 1, 2, 0]
    for g in (40, 400, 4000):
        add(f"k3-spread-gap{g}", f"all correct, gaps {0.75 * g:g}..{2 * g:g}", X3s, y3s, 3, scaled(W3, g), D3)

    # k = 4, d = 3, n = 4 (one sample per class): W rows are the vertices of a regular
    # tetrahedron, x_i = w_{y_i} / 4 + a small dyadic perturbation: balanced gaps.
    W4 = [[1.0, 1.0, 1.0], [1.0, -1.0, -1.0], [-1.0, 1.0, -1.0], [-1.0, -1.0, 1.0]]
    X4 = [[0.25, 0.25, 0.28125], [0.265625, -0.25, -0.25], [-0.25, 0.234375, -0.25], [-0.25, -0.25, 0.25]]
    y4 = [0, 1, 2, 3]
    D4 = [[0.5, -0.25, 1.0], [-1.0, 0.75, 0.25], [0.125, 0.5, -0.5], [1.5, -0.75, 0.0625]]
    for g in (40, 400, 4000):
        add(f"k4-gap{g}", f"all correct, one sample per class, balanced gaps ~{g}", X4, y4, 4, scaled(W4, g), D4)
    # k = 4 with spread gaps (0.875 g .. 2 g): W rows are +-e1, +-e2.
    X4s = [[1.0, 0.125, 0.0625], [0.1875, 1.0, 0.0625], [-1.0, -0.125, 0.25], [0.0625, -1.0, 0.125]]
    W4s = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0], [0.0, -1.0, 0.0]]
    for g in (40, 400, 4000):
        add(f"k4-spread-gap{g}", f"all correct, one sample per class, gaps {0.8125 * g:g}..{2 * g:g}", X4s, y4, 4, scaled(W4s, g), D4)

    # Inexact decimal inputs (0.1, 1/3, ...): logits are not exact in float64; oracle uses the exact doubles.
    X3i = [[1.1, 0.1, 0.3], [0.2, 0.9, 0.1], [0.3, 0.2, 1.3], [0.7, 0.3, 0.1]]
    W3i = [[400.0 / 3.0, 0.1, -0.7], [0.3, 400.0 / 3.0 + 0.1, 0.2], [-0.1, 0.6, 400.0 / 3.0 - 0.3]]
    add("k3-inexact-gap~100", "inexact decimal inputs, gaps ~40..170", X3i, y3, 3, W3i, D3)

    # Mixed: sample 0 misclassified by 400, the others correct by 4000.
    # (a) dense: sample 0 has every feature non-zero, so it dominates every gradient entry.
    Wm = [[1000.0, 0.0, 0.0], [0.0, 1000.0, 0.0], [0.0, 0.0, 1000.0]]
    Xmd = [[0.5, 0.125, 0.25], [4.0, 0.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 4.0]]
    # sample 0: v = (500, 125, 250), y = 1: misclassified by 375 vs class 0, 125 vs class 2
    ymd = [1, 0, 1, 2]
    add("k3-mixed-dense", "sample 0 misclassified by 375, others correct by 4000; sample 0 dense", Xmd, ymd, 3, Wm, D3)
    # (b) sparse: sample 0 has a zero feature: the exact gradient entries in that column are
    # ~e^{-4000} while the largest entries are O(1).
    Xms = [[0.4, 0.0, 0.0], [4.0, 0.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 4.0]]
    yms = [1, 0, 1, 2]
    add("k3-mixed-sparse", "sample 0 misclassified by 400 (x0 = (0.4,0,0)), others correct by 4000", Xms, yms, 3, Wm, D3)
    # (c) k = 2 mixed.
    Xm2 = [[-0.1, 0.0], [1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]
    ym2 = [0, 0, 1, 1]
    Wm2 = [[2000.0, -2000.0], [-2000.0, 2000.0]]
    add("k2-mixed", "sample 0 misclassified by 400, others correct by 4000", Xm2, ym2, 2, Wm2, D2)

    # Near-uniform: gaps ~1e-8 (W = 2^-27 * base ~ 7.45e-9 * base).
    eps = 2.0**-27
    Xu = [[1.0, 0.5, 0.25], [0.25, 1.0, -0.5], [-0.5, 0.25, 1.0], [1.0, -0.75, 0.5]]
    yu = [0, 1, 2, 0]
    Wu = [[1.0, 0.25, 0.0], [0.0, 1.0, 0.5], [-0.25, 0.0, 1.0]]
    add("k3-near-uniform", "gaps ~1e-8 (W = 2^-27 base)", Xu, yu, 3, scaled(Wu, eps), D3)
    # same with an offset in the logits (all logits ~1, gaps ~1e-8)
    Xuo = [[1.0, 1.0, 0.5], [1.0, 0.5, 1.0], [1.0, -0.5, 0.25], [1.0, 0.25, -0.5]]
    yuo = [0, 1, 2, 0]
    Wuo = [[1.0, eps, 0.0], [1.0, 0.0, eps], [1.0, -eps, -eps]]
    add("k3-near-uniform-offset", "logits ~1 with gaps ~1e-8", Xuo, yuo, 3, Wuo, D3)
    add("k2-near-uniform", "gaps ~1e-8", X2, y2, 2, scaled(W2, eps), D2)

    # All misclassified: gaps -40.
    add("k2-gap-40", "all misclassified, gaps -30..-50", X2, y2, 2, scaled(W2, -40), D2)
    add("k3-gap-40", "all misclassified, gaps ~-40 (W = -42.5 I)", X3, y3, 3, scaled(W3, -42.5), D3)
    add("k4-gap-40", "all misclassified", X4, y4, 4, scaled(W4, -40), D4)
    return cases


# --------------------------------------------------------------------------- the oracle


def logits(case):
    X, W = case["X"], case["W"]
    return [[sum((num(W[c][j]) * num(X[i][j]) for j in range(len(X[i]))), ZERO()) for c in range(case["k"])] for i in range(len(X))]


def float64_logits_exact(case) -> bool:
    """Are the harness's float64 logits (sequential sum, as in multiplyABt) exact?"""
    X, W = case["X"], case["W"]
    for i in range(len(X)):
        for c in range(case["k"]):
            s = 0.0
            for j in range(len(X[i])):
                s += X[i][j] * W[c][j]
            if num(s) != sum((num(W[c][j]) * num(X[i][j]) for j in range(len(X[i]))), ZERO()):
                return False
    return True


def sample_quantities(loss, v, y, k):
    """(l, G, a, H) for one sample: loss, proxy, dl/dv (length k), Hessian matrix (k x k)."""
    vy = v[y]
    z = [v[c] - vy for c in range(k)]
    if loss == "ce":
        ez = [exp(zc) for zc in z]
        tot = sum(ez, ZERO())  # = 1 + sum_{c != y} e^{z_c}
        s = [e / tot for e in ez]
        l = ln(ONE() + sum((ez[c] for c in range(k) if c != y), ZERO()))
        G = ONE() - s[y]  # naive, safe at this precision
        a = [s[c] - (ONE() if c == y else ZERO()) for c in range(k)]
        H = [[(s[c] if c == d else ZERO()) - s[c] * s[d] for d in range(k)] for c in range(k)]
    elif loss == "exp":
        ez = [exp(zc) for zc in z]
        l = sum((ez[c] for c in range(k) if c != y), ZERO())
        G = l
        a = [ez[c] if c != y else -l for c in range(k)]
        H = [[ZERO() for _ in range(k)] for _ in range(k)]
        for c in range(k):
            if c == y:
                continue
            # e^{z_c} (e_c - e_y)(e_c - e_y)^T
            H[c][c] += ez[c]
            H[y][y] += ez[c]
            H[c][y] -= ez[c]
            H[y][c] -= ez[c]
    elif loss == "pll":
        sig = [ONE() / (ONE() + exp(-zc)) for zc in z]
        l = sum((ln(ONE() + exp(z[c])) for c in range(k) if c != y), ZERO())
        G = sum((sig[c] for c in range(k) if c != y), ZERO())
        a = [sig[c] if c != y else -G for c in range(k)]
        H = [[ZERO() for _ in range(k)] for _ in range(k)]
        for c in range(k):
            if c == y:
                continue
            w = sig[c] * (ONE() - sig[c])
            H[c][c] += w
            H[y][y] += w
            H[c][y] -= w
            H[y][c] -= w
    else:
        raise ValueError(loss)
    return l, G, a, H


def evaluate(case, loss):
    k = case["k"]
    X, y, D = case["X"], case["y"], case["Delta"]
    n, d = len(X), len(X[0])
    V = logits(case)
    nn = num(float(n))
    per = [sample_quantities(loss, V[i], y[i], k) for i in range(n)]
    L = sum((p[0] for p in per), ZERO()) / nn
    G = sum((p[1] for p in per), ZERO()) / nn
    Gc = [sum((per[i][1] for i in range(n) if y[i] == c), ZERO()) / nn for c in range(k)]
    Qc = [sum((per[i][2][c] for i in range(n) if y[i] != c), ZERO()) / nn for c in range(k)]
    # Hessian form
    hf = ZERO()
    for i in range(n):
        u = [sum((num(D[c][j]) * num(X[i][j]) for j in range(d)), ZERO()) for c in range(k)]
        H = per[i][3]
        hf += sum((u[c] * H[c][e] * u[e] for c in range(k) for e in range(k)), ZERO())
    hf = hf / nn
    # gradient: (1/n) sum_i a_i x_i^T, with the sum of |terms| for conditioning
    grad, absum = [], []
    for c in range(k):
        for j in range(d):
            terms = [per[i][2][c] * num(X[i][j]) for i in range(n)]
            grad.append(sum(terms, ZERO()) / nn)
            absum.append(sum((abs(t) for t in terms), ZERO()) / nn)
    return {
        "L": L, "G": G,
        "l": [p[0] for p in per], "Gi": [p[1] for p in per],
        "Gc": Gc, "Qc": Qc, "hf": hf, "grad": grad, "absum": absum,
    }


def needed_dps(case) -> int:
    set_prec(50)
    V = logits(case)
    worst = max(abs(float(V[i][c] - V[i][case["y"][i]])) for i in range(len(V)) for c in range(case["k"]))
    return 60 + int(math.ceil(worst / math.log(10))) + 30


def flat(r):
    return [r["L"], r["G"], *r["l"], *r["Gi"], *r["Gc"], *r["Qc"], r["hf"], *r["grad"]]


def log_or_none(x):
    if x <= 0:
        raise ValueError(f"log of non-positive {x}")
    lx = ln(x)
    return to_float(lx), to_str(lx)


def run_case(case):
    dps = needed_dps(case)
    out = {}
    for loss in LOSSES:
        set_prec(dps)
        r = evaluate(case, loss)
        set_prec(dps + 40)
        r2 = evaluate(case, loss)
        set_prec(dps)
        tol = num(10.0) ** -50
        for a, b in zip(flat(r), flat(r2)):
            if abs(a - b) > tol * abs(b) and not (abs(b) <= num(10.0) ** -(dps - 10)):
                sys.exit(f"oracle self-check failed: case {case['name']} loss {loss}: {a} vs {b}")
        zero_rel = num(10.0) ** -(dps - 20)
        sign, logabs, logabs_s, kappa = [], [], [], []
        gmax = max(abs(g) for g in r["grad"])
        ratio = []
        for g, s in zip(r["grad"], r["absum"]):
            if s == 0 or abs(g) <= zero_rel * s:
                # exact zero: every term is zero, or the terms cancel to the working precision
                # (confirmed by the dps + 40 rerun above agreeing).
                sign.append(0); logabs.append(None); logabs_s.append(None); kappa.append(None); ratio.append(None)
                continue
            sign.append(1 if g > 0 else -1)
            f, st = log_or_none(abs(g))
            logabs.append(f); logabs_s.append(st)
            kappa.append(to_float(ln(s / abs(g)) / ln(num(10.0))))
            ratio.append(to_float(ln(abs(g)) - ln(gmax)))
        entry = {
            "logLoss": to_float(ln(r["L"])), "logLossStr": to_str(ln(r["L"])),
            "logProxy": to_float(ln(r["G"])), "logProxyStr": to_str(ln(r["G"])),
            "perSample": {
                "logLoss": [to_float(ln(x)) for x in r["l"]],
                "logProxy": [to_float(ln(x)) for x in r["Gi"]],
            },
            "perClass": {
                "logG": [to_float(ln(x)) for x in r["Gc"]],
                "logQ": [to_float(ln(x)) for x in r["Qc"]],
            },
            "logHessianForm": to_float(ln(r["hf"])), "logHessianFormStr": to_str(ln(r["hf"])),
            "gradient": {
                "sign": sign, "logAbs": logabs, "logAbsStr": logabs_s,
                "logRatioToMax": ratio, "log10Kappa": kappa,
            },
        }
        out[loss] = entry
    set_prec(50)
    V = logits(case)
    gaps = [to_float(V[i][case["y"][i]] - V[i][c]) for i in range(len(V)) for c in range(case["k"]) if c != case["y"][i]]
    return dps, out, gaps


def main():
    cases = make_cases()
    fixture = {
        "description": "High-precision oracle for the log-domain loss numerics (scripts/oracle_logdomain.py). "
        "All logs are natural logs; L, G, G_c, Q_c and the Hessian form are means over the n samples; "
        "W and Delta are k x d row-major, X is n x d; gradient entries are row-major over (class, feature).",
        "generator": "python3 scripts/oracle_logdomain.py",
        "backend": BACKEND,
        "cases": [],
    }
    for case in cases:
        # check every input is a finite double that round-trips through repr (JSON)
        for row in case["X"] + case["W"] + case["Delta"]:
            for v in row:
                assert isinstance(v, float) and math.isfinite(v) and float(repr(v)) == v
        dps, res, gaps = run_case(case)
        fixture["cases"].append({
            "name": case["name"], "note": case["note"], "k": case["k"],
            "X": case["X"], "y": case["y"], "W": case["W"], "Delta": case["Delta"],
            "pairGaps": {"min": min(gaps), "max": max(gaps)},
            "float64LogitsExact": float64_logits_exact(case),
            "dps": dps,
            "losses": res,
        })
        print(f"{case['name']:24s} dps={dps:5d} gaps [{min(gaps):.6g}, {max(gaps):.6g}] "
              + " ".join(f"{l}:logL={res[l]['logLoss']:.6g}" for l in LOSSES))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        json.dump(fixture, f, indent=1, allow_nan=False)
        f.write("\n")
    os.replace(tmp, OUT)  # atomic: never leave a half-written fixture
    print(f"wrote {os.path.relpath(OUT)} ({len(cases)} cases x {len(LOSSES)} losses, backend {BACKEND})")


if __name__ == "__main__":
    main()
