'use client';

import { useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

const LABELS: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Copy failed' };

/** Copies a value the card only shows shortened (e.g. a full sha256 data version). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<CopyState>('idle');

  async function copy() {
    try {
      // `navigator.clipboard` is missing outside secure contexts (plain http on a LAN address).
      if (!navigator.clipboard) throw new Error('clipboard unavailable');
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <button type="button" className="button button--small" onClick={copy} title={`Copy ${value}`}>
      <span aria-live="polite">{LABELS[state]}</span>
      <span className="visually-hidden"> {label}</span>
    </button>
  );
}
