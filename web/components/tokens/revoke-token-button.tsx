'use client';

import { useActionState } from 'react';
import styles from '@/components/history/workspace.module.css';
import type { RevokeTokenState } from './token-state';
import { BusySubmitButton } from '@/components/busy-submit-button';

type RevokeAction = (state: RevokeTokenState, form: FormData) => Promise<RevokeTokenState>;

export function RevokeTokenButton({ action, label }: { action: RevokeAction; label: string }) {
  const [state, formAction, pending] = useActionState<RevokeTokenState, FormData>(action, { status: 'idle' });
  return (
    <form action={formAction}>
      <BusySubmitButton
        busy={pending}
        className={`button button--small ${styles.danger}`}
        aria-label={`Revoke token ${label}`}
      >
        {pending ? 'Revoking…' : 'Revoke'}
      </BusySubmitButton>
      <span role="status" aria-live="polite" className="field__error">
        {state.status === 'error' ? state.message : ''}
      </span>
    </form>
  );
}
