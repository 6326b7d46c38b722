'use client';

import type { ButtonHTMLAttributes } from 'react';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'disabled'> & {
  /** The form's action is running: further submits are ignored. */
  busy: boolean;
};

/**
 * A submit button that stays focusable while its form's action runs: `aria-disabled` instead of `disabled`
 * (a disabled button drops the keyboard focus to the page), and clicks and Enter are ignored meanwhile.
 */
export function BusySubmitButton({ busy, onClick, children, ...props }: Props) {
  return (
    <button
      {...props}
      type="submit"
      aria-disabled={busy || undefined}
      onClick={(event) => {
        if (busy) event.preventDefault();
        else onClick?.(event);
      }}
    >
      {children}
    </button>
  );
}
