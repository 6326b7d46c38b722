import { badUserInput, InputErrorReason, suggestClosest, type AllowedValue } from '@mesh/product-kit';
import type { AnalysisFrame } from './analysis-frame';
import type { Vocabulary } from './vocabulary';

/** A variable analyses can use: `age`, `sex`, `lab:<LOINC>` (latest value), `diagnosis:<ICD-10>` (yes/no). */
export type Variable =
  | {
      name: string;
      label: string;
      kind: 'numeric';
      unit: string | null;
      read(frame: AnalysisFrame, slot: number): number;
    }
  | {
      name: string;
      label: string;
      kind: 'categorical';
      categories: string[];
      read(frame: AnalysisFrame, slot: number): string;
    };

export function listVariables(vocabulary: Vocabulary): Variable[] {
  const variables: Variable[] = [
    {
      name: 'age',
      label: 'Age at snapshot date (years)',
      kind: 'numeric',
      unit: 'a',
      read: (f, i) => f.age[i]!,
    },
    {
      name: 'sex',
      label: 'Sex',
      kind: 'categorical',
      categories: ['female', 'male'],
      read: (f, i) => (f.female[i] ? 'female' : 'male'),
    },
  ];
  for (const test of vocabulary.labTests.values()) {
    variables.push({
      name: `lab:${test.code}`,
      label: `${test.display} (latest, ${test.unit})`,
      kind: 'numeric',
      unit: test.unit,
      read: (f, i) => f.labs.get(test.code)![i]!,
    });
  }
  for (const code of vocabulary.diagnosisCodes.values()) {
    variables.push({
      name: `diagnosis:${code.code}`,
      label: `Diagnosis ${code.code} ${code.display}`,
      kind: 'categorical',
      categories: ['yes', 'no'],
      read: (f, i) => (f.diagnoses.get(code.code)![i] ? 'yes' : 'no'),
    });
  }
  return variables;
}

export function variableChoices(variables: Variable[], kind?: Variable['kind']): AllowedValue[] {
  return variables.filter((v) => !kind || v.kind === kind).map((v) => ({ value: v.name, label: v.label }));
}

export function findVariable(
  variables: Variable[],
  name: string,
  argument: string,
  kind?: Variable['kind'],
): Variable {
  const variable = variables.find((v) => v.name === name);
  if (!variable) {
    const suggestions = suggestClosest(
      variables.map((v) => v.name),
      name,
      3,
    );
    throw badUserInput(
      `Unknown variable "${name}" in ${argument}. Use age, sex, lab:<LOINC> or diagnosis:<ICD-10>; the app's metadata lists them${
        suggestions.length ? ` (did you mean ${suggestions.join(', ')}?)` : ''
      }.`,
      { reason: InputErrorReason.UnknownVariable, argument, suggestions },
    );
  }
  if (kind && variable.kind !== kind) {
    throw badUserInput(`${argument} must be a ${kind} variable; "${name}" is ${variable.kind}.`, {
      reason: InputErrorReason.InvalidParameter,
      argument,
    });
  }
  return variable;
}
