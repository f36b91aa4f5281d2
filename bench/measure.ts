/**
 * Runs `op` repeatedly after a warm-up and reports operations per second. Sequential on purpose: it
 * compares two ways of doing the same work under the same conditions, not the machine's peak.
 */
export async function measure(
  op: () => Promise<unknown> | unknown,
  opts: { warmup?: number; seconds?: number } = {},
): Promise<{ opsPerSecond: number; iterations: number }> {
  for (let i = 0; i < (opts.warmup ?? 50); i++) await op();
  const budgetMs = (opts.seconds ?? 1) * 1000;
  const start = performance.now();
  let iterations = 0;
  while (performance.now() - start < budgetMs) {
    await op();
    iterations++;
  }
  return { opsPerSecond: (iterations * 1000) / (performance.now() - start), iterations };
}
