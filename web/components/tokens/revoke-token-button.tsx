'use client';

import { useActionState } from 'react';
import styles from '@/components/history/workspace.module.css';
import type { RevokeTokenState } from './token-state';

type RevokeAction = (state: RevokeTokenState, form: FormData) => Promise<RevokeTokenState>;

export function RevokeTokenButton({ action, label }: { action: RevokeAction; label: string }) {
  const [state, formAction, pending] = useActionState<RevokeTokenState, FormData>(action, { status: 'idle' });
  return (
    <form action={formAction}>
      <button
        type="submit"
        className={`button button--small ${styles.danger}`}
        disabled={pending}
        aria-label={`Revoke token ${label}`}
      >
        {pending ? 'Revoking…' : 'Revoke'}
      </button>
      <span role="status" aria-live="polite" className="field__error">
        {state.status === 'error' ? state.message : ''}
      </span>
    </form>
  );
}
