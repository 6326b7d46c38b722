import type { Report } from './operations';

const MARK: Record<string, string> = { BREAKING: '✖', DANGEROUS: '⚠', SAFE: '✔' };

/** A check report for people: composition errors, then changes by criticality with their usage verdict. */
export function formatReport(report: Report | null): string[] {
  if (!report) return [];
  const lines: string[] = [];
  if (!report.composition.composed) {
    lines.push(`Composition failed (${report.composition.errors.length} error(s)):`);
    for (const error of report.composition.errors) lines.push(`  ✖ [${error.code}] ${error.message}`);
    return lines;
  }
  const { summary } = report;
  lines.push(
    `Changes: ${summary.breaking} breaking (${summary.breakingUsed} used by clients), ${summary.dangerous} dangerous, ${summary.safe} safe`,
  );
  for (const change of report.changes) {
    lines.push(
      `  ${MARK[change.criticality] ?? '-'} ${change.criticality.padEnd(9)} ${change.path ?? ''}  ${change.message}`,
    );
    if (change.usage) {
      lines.push(`      ${change.usage.safe ? 'safe' : 'USED'}: ${change.usage.reason}`);
      for (const op of change.usage.operations.slice(0, 10)) {
        lines.push(
          `        ${op.name ?? '(anonymous)'} ×${op.count}: ${op.clients.map((c) => `${c.name}@${c.version} ×${c.count}`).join(', ')}`,
        );
      }
    }
  }
  if (report.policy) lines.push(`${report.policy.allowed ? 'Allowed' : 'Blocked'}: ${report.policy.message}`);
  return lines;
}

export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}
