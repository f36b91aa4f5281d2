/**
 * One benchmark figure, always measured against a baseline doing the same work in the same process, so
 * the ratio means something on any machine (DESIGN.md, quality bars).
 */
export interface BenchResult {
  /** Stable name, e.g. 'calendar.addWorkingDays'. */
  bench: string;
  /** Our throughput or latency. */
  value: number;
  /** Unit of value and baseline, e.g. 'ops/s'. */
  unit: string;
  /** The baseline's figure in the same unit. */
  baseline: number;
  /** value / baseline. */
  ratio: number;
}
