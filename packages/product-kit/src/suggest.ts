/** Levenshtein distance, giving up (limit + 1) once it cannot stay within `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      best = Math.min(best, current[j]!);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * "Did you mean" candidates for an unknown name: an exact match in another case first, then the closest
 * within `maxDistance` edits, nearest first.
 */
export function suggestClosest(
  candidates: Iterable<string>,
  wanted: string,
  maxDistance = 2,
  limit = 3,
): string[] {
  const upper = wanted.toUpperCase();
  const scored: { value: string; distance: number }[] = [];
  for (const value of candidates) {
    const distance =
      value.toUpperCase() === upper ? 0 : editDistance(upper, value.toUpperCase(), maxDistance);
    if (distance <= maxDistance) scored.push({ value, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || (a.value < b.value ? -1 : 1))
    .slice(0, limit)
    .map((entry) => entry.value);
}
