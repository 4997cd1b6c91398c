// Holdout lift statistics: the messaged group against the held-out group, with 95% confidence intervals.
// Pure functions, shared by the server (reports) and tests; no server imports.
//
// - Conversion rate difference: Newcombe's hybrid score interval (method 10 of Newcombe 1998, built from the
//   two Wilson intervals). It stays inside [-1, 1] and behaves with few buyers, where the Wald interval fails.
// - Revenue per recipient difference: Welch's t interval (unequal variances, Welch–Satterthwaite degrees of
//   freedom). Revenue is heavy-tailed with many zeros; with the group sizes we require (below) the mean is close
//   enough to normal for the interval to be honest.

export const Z95 = 1.959963984540054;

export interface GroupOutcome {
  /** recipients in the group */
  n: number;
  /** recipients with at least one order in their window */
  converted: number;
  /** sum of their orders' net revenue, minor units */
  revenue: number;
  /** sum of squared per-recipient revenue, minor units² */
  revenueSquares: number;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface LiftVerdict {
  /** "measured": a CI that excludes 0; "inconclusive": CI includes 0; "too_small": not enough data to say */
  kind: "measured" | "inconclusive" | "too_small";
  message: string;
}

export interface Lift {
  messaged: GroupOutcome & { conversionRate: number; revenuePerRecipient: number };
  holdout: GroupOutcome & { conversionRate: number; revenuePerRecipient: number };
  /** messaged − holdout conversion rate (fractions) */
  conversionDifference: Interval | null;
  /** messaged − holdout revenue per recipient (minor units) */
  revenuePerRecipientDifference: Interval | null;
  /** revenue the campaign added: difference per recipient × messaged recipients (minor units) */
  incrementalRevenue: Interval | null;
  /** extra buyers: conversion difference × messaged recipients */
  incrementalConversions: Interval | null;
  verdict: LiftVerdict;
}

/** Below these the normal approximations behind both intervals are not trustworthy. */
export const MIN_GROUP_SIZE = 100;
export const MIN_BUYERS = 10;

/** Wilson score interval for a proportion. */
export function wilson(x: number, n: number, z = Z95): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Newcombe hybrid score interval for p1 − p2. */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = Z95): Interval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilson(x1, n1, z);
  const b = wilson(x2, n2, z);
  const d = p1 - p2;
  return {
    estimate: d,
    low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}

/** Welch's t interval for mean1 − mean2 from sums and sums of squares. */
export function welchDifference(
  g1: Pick<GroupOutcome, "n" | "revenue" | "revenueSquares">,
  g2: Pick<GroupOutcome, "n" | "revenue" | "revenueSquares">,
): Interval | null {
  if (g1.n < 2 || g2.n < 2) return null;
  const m1 = g1.revenue / g1.n;
  const m2 = g2.revenue / g2.n;
  const v1 = Math.max(0, (g1.revenueSquares - g1.n * m1 * m1) / (g1.n - 1));
  const v2 = Math.max(0, (g2.revenueSquares - g2.n * m2 * m2) / (g2.n - 1));
  const s1 = v1 / g1.n;
  const s2 = v2 / g2.n;
  const se = Math.sqrt(s1 + s2);
  const d = m1 - m2;
  if (se === 0) return { estimate: d, low: d, high: d };
  const df = (s1 + s2) ** 2 / ((s1 * s1) / (g1.n - 1) + (s2 * s2) / (g2.n - 1));
  const t = studentTQuantile(0.975, df);
  return { estimate: d, low: d - t * se, high: d + t * se };
}

// ---- Student's t quantile (no stats dependency for one function) ------------------------------------------

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9); accurate to ~15 digits for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the regularized incomplete beta function (Numerical Recipes' betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return h;
}

function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with df degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (bisection on the CDF; df may be fractional, as Welch's is). */
export function studentTQuantile(p: number, df: number): number {
  // Beyond a few million degrees of freedom t is the normal distribution to every digit we show.
  if (!Number.isFinite(df) || df > 1e7) df = 1e7;
  let lo = -1000;
  let hi = 1000;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-12) break;
  }
  return (lo + hi) / 2;
}

// ---- the comparison ------------------------------------------------------------------------------------------

function rates(g: GroupOutcome) {
  return { ...g, conversionRate: g.n ? g.converted / g.n : 0, revenuePerRecipient: g.n ? g.revenue / g.n : 0 };
}

const scale = (i: Interval | null, k: number): Interval | null =>
  i ? { estimate: i.estimate * k, low: i.low * k, high: i.high * k } : null;

export function computeLift(messaged: GroupOutcome, holdout: GroupOutcome): Lift {
  const m = rates(messaged);
  const h = rates(holdout);
  const conversionDifference = m.n > 0 && h.n > 0 ? newcombeDifference(m.converted, m.n, h.converted, h.n) : null;
  const revenuePerRecipientDifference = welchDifference(messaged, holdout);
  const verdict = judge(m, h, conversionDifference, revenuePerRecipientDifference);
  return {
    messaged: m,
    holdout: h,
    conversionDifference,
    revenuePerRecipientDifference,
    incrementalRevenue: scale(revenuePerRecipientDifference, m.n),
    incrementalConversions: scale(conversionDifference, m.n),
    verdict,
  };
}

function judge(m: GroupOutcome, h: GroupOutcome, conv: Interval | null, rev: Interval | null): LiftVerdict {
  if (h.n === 0)
    return {
      kind: "too_small",
      message: "This campaign had no holdout group, so there is nothing to compare against.",
    };
  if (h.n < MIN_GROUP_SIZE || m.n < MIN_GROUP_SIZE) {
    const smaller =
      h.n < m.n ? `the holdout has ${h.n.toLocaleString("en")}` : `only ${m.n.toLocaleString("en")} were messaged`;
    return {
      kind: "too_small",
      message: `Too few customers to say whether the campaign changed anything: ${smaller} (at least ${MIN_GROUP_SIZE} in each group are needed). Treat the figures below as anecdotes.`,
    };
  }
  if (m.converted + h.converted < MIN_BUYERS) {
    return {
      kind: "too_small",
      message: `Only ${m.converted + h.converted} customers bought in either group: too few to say whether the campaign changed anything.`,
    };
  }
  const convClear = conv !== null && (conv.low > 0 || conv.high < 0);
  const revClear = rev !== null && (rev.low > 0 || rev.high < 0);
  if (!convClear && !revClear) {
    return {
      kind: "inconclusive",
      message:
        "The difference between messaged and held-out customers is within the margin of error: we cannot say the campaign changed conversion or revenue.",
    };
  }
  const up = (conv && conv.low > 0) || (rev && rev.low > 0);
  return {
    kind: "measured",
    message: up
      ? "Messaged customers bought measurably more than held-out customers (95% confidence)."
      : "Messaged customers bought measurably less than held-out customers (95% confidence): check the offer and the audience.",
  };
}
