'use client';

import { useEffect, useRef, useState } from 'react';
import { embedChart } from '@/lib/chart-embed';
import styles from './workspace.module.css';

/** Vega's log level "Error": version notes about the spec's $schema stay out of the console. */
const LOG_ERRORS_ONLY = 1;

/** Renders a result's Vega-Lite spec (untrusted: see embedChart); vega-embed loads only when a chart is shown. */
export function VegaChart({ spec, label }: { spec: Record<string, unknown>; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let finalize: (() => void) | undefined;
    const element = container.current;
    if (!element) return;
    embedChart(element, spec, { logLevel: LOG_ERRORS_ONLY })
      .then((result) => {
        if (cancelled) result.finalize();
        else finalize = () => result.finalize();
      })
      .catch((error: unknown) => {
        if (!cancelled) setFailure(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [spec]);

  return (
    <figure className={styles.chart}>
      <div ref={container} role="img" aria-label={label} />
      {failure ? <figcaption className="muted">The chart could not be drawn ({failure}).</figcaption> : null}
    </figure>
  );
}
