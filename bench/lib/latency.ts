export interface Latency {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** The sample at fraction `q` of ascending samples (nearest rank below); NaN when there are none. */
export function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}

/** Mean, percentiles and maximum of ascending samples. */
export function latencySummary(sorted: number[]): Latency {
  return {
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    p999: quantile(sorted, 0.999),
    max: sorted.at(-1) ?? NaN,
  };
}
