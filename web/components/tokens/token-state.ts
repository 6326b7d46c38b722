/** What the token page's server actions answer, for `useActionState`. */

export type TokenField = 'label' | 'expiresInDays' | 'scopes';

export interface CreateTokenState {
  status: 'idle' | 'error' | 'created';
  message?: string;
  fieldErrors?: Partial<Record<TokenField, string>>;
  values?: { label?: string; expiresInDays?: string; scopes?: string[] };
  /** The new secret: shown once, never stored by the web app. */
  token?: string;
  label?: string;
  expiresAt?: string | null;
}

export interface RevokeTokenState {
  status: 'idle' | 'error' | 'revoked';
  message?: string;
}

export const MAX_LABEL_LENGTH = 200;
/** The gateway's default API_TOKEN_MAX_DAYS: every API token expires; there is no "never". */
export const MAX_EXPIRY_DAYS = 365;
export const DEFAULT_EXPIRY_DAYS = 90;

/** Validates the create form (pure). */
export function validateTokenForm(values: {
  label: string;
  expiresInDays: string;
  scopes: string[];
  allowedScopes: readonly string[];
}): { errors: Partial<Record<TokenField, string>>; expiresInDays: number | null } {
  const errors: Partial<Record<TokenField, string>> = {};
  if (!values.label) errors.label = 'Enter a label, e.g. “Laptop notebook”.';
  else if (values.label.length > MAX_LABEL_LENGTH)
    errors.label = `Use at most ${MAX_LABEL_LENGTH} characters.`;
  let expiresInDays: number | null = null;
  const days = Number(values.expiresInDays);
  if (!/^\d+$/.test(values.expiresInDays) || !Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) {
    errors.expiresInDays = `Enter a whole number of days from 1 to ${MAX_EXPIRY_DAYS}.`;
  } else expiresInDays = days;
  if (values.scopes.length === 0) errors.scopes = 'Choose at least one scope.';
  else if (values.scopes.some((scope) => !values.allowedScopes.includes(scope))) {
    errors.scopes = 'Choose only scopes you have.';
  }
  return { errors, expiresInDays };
}
