import type { Visibility } from '../../lib/workspace';
import type { RunComparison } from './compare';

/** What the server actions of the history and UDAT pages answer, for `useActionState`. */

export type RerunState =
  | { status: 'idle' }
  | { status: 'error'; message: string }
  | { status: 'done'; comparison: RunComparison; newId: string; createdAt: string };

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export type ArtifactField = 'name' | 'description' | 'tags' | 'kind' | 'visibility';

export interface FormState<F extends string> {
  status: 'idle' | 'error' | 'saved';
  /** A form-level message (an error, or what was saved). */
  message?: string;
  fieldErrors?: FieldErrors<F>;
  /** The id of what was created (a UDAT, a run). */
  id?: string;
  /** Echo of what was submitted, so a failed form keeps its values. */
  values?: Partial<Record<F, string>>;
}

export type SaveUdatState = FormState<ArtifactField>;
export type UpdateUdatState = FormState<ArtifactField>;
export type VisibilityState = FormState<'visibility'> & { visibility?: Visibility };
export type ForkState = FormState<'name'>;
export type DeleteState = FormState<'confirm'>;

/** Maps the workspace's BAD_USER_INPUT problems (`input.name`, `input.tags.3`) to form fields. */
export function fieldErrorsOf<F extends string>(
  problems: readonly { argument: string; message: string }[] | undefined,
  fields: readonly F[],
): { fieldErrors: FieldErrors<F>; rest: string[] } {
  const fieldErrors: FieldErrors<F> = {};
  const rest: string[] = [];
  for (const problem of problems ?? []) {
    const path = problem.argument.split('.');
    const field = fields.find((candidate) => path[0] === candidate || path[1] === candidate);
    if (field && !fieldErrors[field]) fieldErrors[field] = problem.message;
    else if (!field) rest.push(`${problem.argument}: ${problem.message}`);
  }
  return { fieldErrors, rest };
}
