'use client';

import { useActionState } from 'react';
import { BusySubmitButton } from '@/components/busy-submit-button';
import { DEFAULT_EXPIRY_MINUTES, EXPIRY_CHOICES, type AccessFormState } from './access-state';

type Action = (state: AccessFormState, form: FormData) => Promise<AccessFormState>;

function Outcome({ state }: { state: AccessFormState }) {
  return (
    <span role="status" aria-live="polite" className={state.status === 'error' ? 'field__error' : undefined}>
      {state.status === 'idle' ? '' : state.message}
    </span>
  );
}

/** Approve for a chosen time (every grant expires), or deny with a reason the requester sees. */
export function DecideForms({ approve, deny, id }: { approve: Action; deny: Action; id: string }) {
  const [approved, approveAction, approving] = useActionState<AccessFormState, FormData>(approve, {
    status: 'idle',
  });
  const [denied, denyAction, denying] = useActionState<AccessFormState, FormData>(deny, { status: 'idle' });
  return (
    <div className="decide" data-testid="decide">
      <form action={approveAction} aria-label="Approve">
        <label htmlFor={`expiry-${id}`}>For</label>{' '}
        <select id={`expiry-${id}`} name="expiresInMinutes" defaultValue={DEFAULT_EXPIRY_MINUTES}>
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.minutes} value={choice.minutes}>
              {choice.label}
            </option>
          ))}
        </select>{' '}
        <BusySubmitButton busy={approving} className="button button--small">
          {approving ? 'Approving…' : 'Approve'}
        </BusySubmitButton>{' '}
        <Outcome state={approved} />
      </form>
      <form action={denyAction} aria-label="Deny">
        <label htmlFor={`reason-${id}`}>Reason</label>{' '}
        <input id={`reason-${id}`} name="reason" maxLength={1000} required />{' '}
        <BusySubmitButton busy={denying} className="button button--small">
          {denying ? 'Denying…' : 'Deny'}
        </BusySubmitButton>{' '}
        <Outcome state={denied} />
      </form>
    </div>
  );
}
