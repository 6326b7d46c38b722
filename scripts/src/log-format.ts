const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service', 'name']);
const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m', '\x1b[91m'];
const RESET = '\x1b[0m';

/** Turns a pino JSON line into `12:00:01 INFO message key=value`; other lines pass through unchanged. */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
    const level = LEVELS[entry.level as number] ?? String(entry.level ?? '');
    const fields = Object.entries(entry)
      .filter(([key]) => !HIDDEN.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    return `${time} ${level.padEnd(5)} ${String(entry.msg ?? '')}${fields ? ` ${fields}` : ''}`;
  } catch {
    return line;
  }
}

export function prefixer(name: string, index: number, width: number, color: boolean) {
  const label = `[${name}]`.padEnd(width + 2);
  const colored = color ? `${COLORS[index % COLORS.length]}${label}${RESET}` : label;
  return (line: string) => `${colored} ${formatLogLine(line)}`;
}
