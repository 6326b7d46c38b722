import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Linux process figures from /proc, for the benchmarks' RSS and CPU columns (NaN where unreadable). */

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The process and its descendants (tsx runs a server in a child process, so both count). */
function withDescendants(pid: number): number[] {
  try {
    const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
    return [pid, ...children.flatMap(withDescendants)];
  } catch {
    return [pid];
  }
}

function rssOne(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function cpuOne(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
  } catch {
    return NaN;
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Resident memory in MiB; `tree` adds the descendants'. */
export function rssMb(pid: number | undefined, tree = false): number {
  if (pid === undefined) return NaN;
  return tree ? sum(withDescendants(pid).map(rssOne).filter(Number.isFinite)) : rssOne(pid);
}

/** User + system CPU time in seconds; `tree` adds the (live) descendants'. */
export function cpuSeconds(pid: number | undefined, tree = false): number {
  if (pid === undefined) return NaN;
  return tree ? sum(withDescendants(pid).map(cpuOne).filter(Number.isFinite)) : cpuOne(pid);
}
