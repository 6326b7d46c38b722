'use client';

import { useActionState } from 'react';
import { CopyButton } from '@/components/copy-button';
import styles from '@/components/history/workspace.module.css';
import { DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS, type CreateTokenState } from './token-state';
import { BusySubmitButton } from '@/components/busy-submit-button';

type CreateAction = (state: CreateTokenState, form: FormData) => Promise<CreateTokenState>;

/** Label, expiry and scopes; the new secret is shown once, in a copyable field. */
export function CreateTokenForm({ action, scopes }: { action: CreateAction; scopes: readonly string[] }) {
  const [state, formAction, pending] = useActionState<CreateTokenState, FormData>(action, { status: 'idle' });
  const errors = state.fieldErrors ?? {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  const chosen = new Set(values.scopes ?? scopes);

  return (
    <>
      <form action={formAction} className={styles.form} noValidate aria-label="Create an API token">
        <div className="field">
          <label htmlFor="token-label">Label</label>
          <input
            id="token-label"
            name="label"
            required
            maxLength={200}
            autoComplete="off"
            placeholder="Laptop notebook"
            defaultValue={values.label ?? ''}
            aria-invalid={errors.label ? true : undefined}
            aria-describedby={errors.label ? 'token-label-error' : undefined}
          />
          {errors.label ? (
            <p id="token-label-error" className="field__error">
              {errors.label}
            </p>
          ) : null}
        </div>
        <div className={styles.inline}>
          <div className={`field ${styles.grow}`}>
            <label htmlFor="token-expiry">Expires in (days)</label>
            <input
              id="token-expiry"
              name="expiresInDays"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_EXPIRY_DAYS}
              defaultValue={values.expiresInDays ?? String(DEFAULT_EXPIRY_DAYS)}
              aria-invalid={errors.expiresInDays ? true : undefined}
              aria-describedby={
                errors.expiresInDays ? 'token-expiry-hint token-expiry-error' : 'token-expiry-hint'
              }
            />
            <p id="token-expiry-hint" className="field__hint">
              1 to {MAX_EXPIRY_DAYS} days: every API token expires.
            </p>
            {errors.expiresInDays ? (
              <p id="token-expiry-error" className="field__error">
                {errors.expiresInDays}
              </p>
            ) : null}
          </div>
        </div>
        <fieldset
          className={styles.checkboxes}
          aria-invalid={errors.scopes ? true : undefined}
          aria-describedby={errors.scopes ? 'token-scopes-hint token-scopes-error' : 'token-scopes-hint'}
        >
          <legend>Scopes</legend>
          {scopes.map((scope) => (
            <label key={scope}>
              <input type="checkbox" name="scopes" value={scope} defaultChecked={chosen.has(scope)} />
              <code>{scope}</code>
            </label>
          ))}
        </fieldset>
        <p id="token-scopes-hint" className="field__hint">
          A token can do only what its scopes allow, and never more than you can.
        </p>
        {errors.scopes ? (
          <p id="token-scopes-error" className="field__error">
            {errors.scopes}
          </p>
        ) : null}
        <div>
          <BusySubmitButton busy={pending} className="button button--primary">
            {pending ? 'Creating…' : 'Create token'}
          </BusySubmitButton>
        </div>
        {state.status === 'error' && state.message ? (
          <p role="alert" className="field__error">
            {state.message}
          </p>
        ) : null}
      </form>
      <div aria-live="polite" data-testid="new-token">
        {state.status === 'created' && state.token ? (
          <div className={styles.warning}>
            <p>
              <strong>Copy your new token “{state.label}” now.</strong> It is shown only once: the mesh stores
              only its hash. Treat it like a password; revoke it below if it leaks.
            </p>
            <div className={styles.inline}>
              <div className={`field ${styles.grow}`}>
                <label htmlFor="new-token-value">New API token</label>
                <input
                  id="new-token-value"
                  className={styles.secret}
                  readOnly
                  value={state.token}
                  onFocus={(event) => event.currentTarget.select()}
                />
              </div>
              <CopyButton value={state.token} label="new API token" />
            </div>
            <p className="muted">
              {state.expiresAt ? `Expires ${state.expiresAt.slice(0, 10)}.` : 'Never expires.'} In a shell:{' '}
              <code>export MESH_TOKEN=…</code>
            </p>
          </div>
        ) : null}
      </div>
    </>
  );
}
