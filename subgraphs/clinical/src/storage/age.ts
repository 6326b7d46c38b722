/** Whole years between an ISO birth date and the snapshot's reference date. */
export function ageAt(birthDate: string, referenceDate: string): number {
  const years = Number(referenceDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return referenceDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function shiftYears(isoDate: string, years: number): string {
  return `${String(Number(isoDate.slice(0, 4)) - years).padStart(4, '0')}${isoDate.slice(4)}`;
}

/**
 * Turns an age range into birth-date bounds, so the filter is an indexed range scan:
 * age >= min  <=>  born on or before (reference - min years);
 * age <= max  <=>  born after (reference - (max + 1) years).
 */
export function birthDateBounds(
  referenceDate: string,
  ageMin: number | undefined,
  ageMax: number | undefined,
): { bornOnOrBefore?: string; bornAfter?: string } {
  return {
    ...(ageMin !== undefined && { bornOnOrBefore: shiftYears(referenceDate, ageMin) }),
    ...(ageMax !== undefined && { bornAfter: shiftYears(referenceDate, ageMax + 1) }),
  };
}
