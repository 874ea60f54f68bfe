/**
 * `round(passing / total * 100, 1)` as Python computes it: Python rounds the exact binary value
 * of the float and breaks exact ties to even (6.25 -> 6.2), where `toFixed` would give 6.3.
 */
export function completionPercentage(passing: number, total: number): number {
  if (total === 0) return 0;
  const value = (passing / total) * 100;
  // 60 digits hold the exact decimal expansion of any double below 1000.
  const [whole, fraction = ''] = value.toFixed(60).split('.');
  const tenths = Number(`${whole}.${fraction[0] ?? '0'}`);
  const rest = fraction.slice(1);
  const half = '5'.padEnd(rest.length, '0');
  const lastDigit = Number(fraction[0] ?? '0');
  const up = rest > half || (rest === half && lastDigit % 2 === 1);
  return up ? Number((tenths + 0.1).toFixed(1)) : tenths;
}
