/**
 * A unified diff (as `diff -u` prints it) of two texts, by lines, with `context` lines around each change.
 * Longest-common-subsequence over the lines; SDLs are a few thousand lines at most.
 */
export function unifiedDiff(
  before: string,
  after: string,
  labels: { from: string; to: string },
  context = 3,
): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = diffLines(a, b);
  if (ops.every((op) => op.kind === 'same')) return '';
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  let index = 0;
  while (index < ops.length) {
    while (index < ops.length && ops[index]!.kind === 'same') index++;
    if (index >= ops.length) break;
    const start = Math.max(0, index - context);
    let end = index;
    // Extend the hunk while changes are closer than 2 × context lines apart.
    let lastChange = index;
    while (end < ops.length) {
      if (ops[end]!.kind !== 'same') lastChange = end;
      else if (end - lastChange > 2 * context) break;
      end++;
    }
    end = Math.min(ops.length, lastChange + context + 1);
    const hunk = ops.slice(start, end);
    const first = hunk[0]!;
    const aCount = hunk.filter((op) => op.kind !== 'add').length;
    const bCount = hunk.filter((op) => op.kind !== 'del').length;
    out.push(
      `@@ -${first.aLine + (aCount ? 1 : 0)},${aCount} +${first.bLine + (bCount ? 1 : 0)},${bCount} @@`,
    );
    for (const op of hunk) out.push(`${op.kind === 'add' ? '+' : op.kind === 'del' ? '-' : ' '}${op.text}`);
    index = end;
  }
  return `${out.join('\n')}\n`;
}

interface LineOp {
  kind: 'same' | 'add' | 'del';
  text: string;
  /** Lines of a / b before this one (0-based positions). */
  aLine: number;
  bLine: number;
}

function diffLines(a: string[], b: string[]): LineOp[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * (m + 1) + j + 1]! + 1
          : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const ops: LineOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: 'same', text: a[i]!, aLine: i, bLine: j });
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i * (m + 1) + j + 1]! >= lcs[(i + 1) * (m + 1) + j]!)) {
      ops.push({ kind: 'add', text: b[j]!, aLine: i, bLine: j });
      j++;
    } else {
      ops.push({ kind: 'del', text: a[i]!, aLine: i, bLine: j });
      i++;
    }
  }
  return ops;
}
