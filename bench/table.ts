// One table for every benchmark: each figure beside its baseline, measured in
// the same run on the same machine.
export interface BenchRow {
  benchmark: string;
  metric: string;
  unit: string;
  genpod: number;
  baseline: number;
  baselineName: string;
}

export function printTable(rows: BenchRow[]): void {
  const header = ['benchmark', 'metric', 'GenPod', 'baseline', 'ratio', 'baseline is'];
  const body = rows.map((row) => [
    row.benchmark,
    row.metric,
    `${format(row.genpod)} ${row.unit}`,
    `${format(row.baseline)} ${row.unit}`,
    row.baseline === 0 ? '-' : `${(row.genpod / row.baseline).toFixed(2)}×`,
    row.baselineName,
  ]);
  const widths = header.map((_, i) =>
    Math.max(...[header, ...body].map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of body) console.log(line(row));
}

function format(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
