import type { Numbers } from './result';

/** Event indicator per subject: true / 1 = the event happened at `time`; false / 0 = censored at `time`. */
export type EventFlags = ArrayLike<boolean | number>;

export type SurvivalGroup = { times: Numbers; events: EventFlags };

/** Subjects ordered by time, with event flags normalized to 0/1. */
export type SortedSurvival = { times: Float64Array; events: Uint8Array };

/** Reason the (times, events) pair cannot be analysed, or null. */
export function survivalDataReason(times: Numbers, events: EventFlags, label: string): string | null {
  if (times.length !== events.length) {
    return `${label}: times and events must have the same length (got ${times.length} and ${events.length})`;
  }
  if (times.length === 0) return `${label} has no subjects`;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (!Number.isFinite(t) || t < 0)
      return `${label}: time at index ${i} is ${t}; times must be finite and ≥ 0`;
    const e = events[i];
    if (e !== true && e !== false && e !== 0 && e !== 1) {
      return `${label}: event at index ${i} is ${String(e)}; use true/1 for an event, false/0 for censored`;
    }
  }
  return null;
}

export function sortByTime(times: Numbers, events: EventFlags): SortedSurvival {
  const n = times.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => times[a]! - times[b]!);
  const sortedTimes = new Float64Array(n);
  const sortedEvents = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    sortedTimes[i] = times[order[i]!]!;
    sortedEvents[i] = Number(events[order[i]!]);
  }
  return { times: sortedTimes, events: sortedEvents };
}
