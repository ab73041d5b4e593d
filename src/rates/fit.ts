/** Least-squares fits for rate checks (THEOREMS.md §13: the bounds are upper bounds with unknown constants). */

export interface LineFit {
  readonly slope: number;
  /** Standard error of the slope (0 with fewer than 3 points). */
  readonly se: number;
  readonly intercept: number;
  readonly n: number;
}

/** OLS fit of y = intercept + slope·x. */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  const n = xs.length;
  if (n < 2) return { slope: NaN, se: NaN, intercept: NaN, n };
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ys[i]! - intercept - slope * xs[i]!) ** 2;
  const se = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : 0;
  return { slope, se, intercept, n };
}

/** The log-log slope of y(t) over the points with t in [lo, hi]. */
export function logLogSlope(ts: readonly number[], ys: readonly number[], lo: number, hi: number): LineFit {
  const xs: number[] = [];
  const zs: number[] = [];
  ts.forEach((t, i) => {
    if (t >= lo && t <= hi && ys[i]! > 0 && t > 0) {
      xs.push(Math.log(t));
      zs.push(Math.log(ys[i]!));
    }
  });
  return fitLine(xs, zs);
}
