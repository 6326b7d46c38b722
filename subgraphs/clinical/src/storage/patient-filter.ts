import { badUserInput, InputErrorReason, suggestClosest } from '@mesh/product-kit';
import { birthDateBounds } from './age';
import type { Vocabulary } from './vocabulary';

export interface PatientFilterInput {
  diagnosis?: string | null;
  ageMin?: number | null;
  ageMax?: number | null;
  sex?: 'FEMALE' | 'MALE' | null;
  labs?: { code: string; min?: number | null; max?: number | null }[] | null;
}

/** A validated filter in storage terms. */
export interface PatientCriteria {
  diagnosis?: string;
  sex?: 'female' | 'male';
  bornOnOrBefore?: string;
  bornAfter?: string;
  labs: { code: string; min: number; max: number }[];
}

const ICD10 = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/;
const MAX_AGE = 150;
const MAX_LAB_CRITERIA = 20;

export function parsePatientFilter(
  input: PatientFilterInput | null | undefined,
  vocabulary: Vocabulary,
  referenceDate: string,
): PatientCriteria {
  const criteria: PatientCriteria = { labs: [] };
  if (!input) return criteria;

  if (input.diagnosis != null) {
    const code = input.diagnosis.trim().toUpperCase();
    if (!ICD10.test(code)) {
      throw badUserInput(
        `filter.diagnosis "${input.diagnosis}" is not an ICD-10 code. Use a category like E11 or a code like E11.9; query diagnosisCodes for the codes in this snapshot.`,
        { reason: InputErrorReason.InvalidFilter, argument: 'filter.diagnosis' },
      );
    }
    criteria.diagnosis = code;
  }

  for (const [key, value] of [
    ['ageMin', input.ageMin],
    ['ageMax', input.ageMax],
  ] as const) {
    if (value != null && (value < 0 || value > MAX_AGE)) {
      throw badUserInput(`filter.${key} must be between 0 and ${MAX_AGE} years (got ${value}).`, {
        reason: InputErrorReason.InvalidFilter,
        argument: `filter.${key}`,
      });
    }
  }
  if (input.ageMin != null && input.ageMax != null && input.ageMin > input.ageMax) {
    throw badUserInput(
      `filter.ageMin (${input.ageMin}) is greater than filter.ageMax (${input.ageMax}); swap them.`,
      {
        reason: InputErrorReason.InvalidFilter,
        argument: 'filter.ageMin',
      },
    );
  }
  Object.assign(
    criteria,
    birthDateBounds(referenceDate, input.ageMin ?? undefined, input.ageMax ?? undefined),
  );

  if (input.sex) criteria.sex = input.sex === 'FEMALE' ? 'female' : 'male';

  const labs = input.labs ?? [];
  if (labs.length > MAX_LAB_CRITERIA) {
    throw badUserInput(`filter.labs takes at most ${MAX_LAB_CRITERIA} criteria (got ${labs.length}).`, {
      reason: InputErrorReason.TooManyValues,
      argument: 'filter.labs',
    });
  }
  labs.forEach((lab, index) => {
    const argument = `filter.labs[${index}]`;
    if (!vocabulary.labTests.has(lab.code)) {
      const suggestions = suggestClosest(vocabulary.labTests.keys(), lab.code);
      throw badUserInput(
        `Unknown LOINC code "${lab.code}" in ${argument}.code. Query labTests for the tests in this snapshot${
          suggestions.length ? ` (similar: ${suggestions.join(', ')})` : ''
        }.`,
        { reason: InputErrorReason.UnknownCode, argument: `${argument}.code`, suggestions },
      );
    }
    if (lab.min == null && lab.max == null) {
      throw badUserInput(`${argument} needs min, max or both.`, {
        reason: InputErrorReason.InvalidFilter,
        argument,
      });
    }
    const min = lab.min ?? -Number.MAX_VALUE;
    const max = lab.max ?? Number.MAX_VALUE;
    if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
      throw badUserInput(`${argument}: min (${lab.min}) must not exceed max (${lab.max}).`, {
        reason: InputErrorReason.InvalidFilter,
        argument,
      });
    }
    criteria.labs.push({ code: lab.code, min, max });
  });
  return criteria;
}
