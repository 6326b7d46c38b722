'use client';

import { useEffect, useRef, useState } from 'react';
import { embedChart } from '@/lib/chart-embed';
import styles from './app-runner.module.css';

type ChartState = { status: 'drawing' } | { status: 'ready' } | { status: 'failed'; message: string };

const MULTI_VIEW = ['facet', 'repeat', 'concat', 'hconcat', 'vconcat'];

/**
 * Products send Vega-Lite v5 specs; vega-lite 6 renders them unchanged, so the `$schema` (which would only
 * earn a version warning) is dropped. A single view without a width takes the container's.
 */
function prepare(spec: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, ...rest } = spec;
  if ('width' in rest || MULTI_VIEW.some((key) => key in rest)) return rest;
  return { ...rest, width: 'container', autosize: { type: 'fit-x', contains: 'padding' } };
}

/**
 * A result's chart, drawn by vega-embed as SVG (untrusted: see embedChart). vega-embed (and vega with it)
 * is imported on the client only, when a chart is first shown, so it stays out of the page's first bundle
 * and out of server rendering.
 */
export function VegaChart({
  spec,
  label,
  testId,
}: {
  spec: Record<string, unknown>;
  label: string;
  testId: string;
}) {
  const canvas = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<ChartState>({ status: 'drawing' });

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    let cancelled = false;
    let finalize: (() => void) | undefined;
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    embedChart(element, prepare(spec), {
      mode: 'vega-lite',
      theme: dark ? 'dark' : undefined,
      config: dark ? { background: 'transparent' } : undefined,
    })
      .then((result) => {
        if (cancelled) result.finalize();
        else {
          finalize = () => result.finalize();
          setState({ status: 'ready' });
        }
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ status: 'failed', message: (error as Error).message });
      });
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [spec]);

  return (
    <figure className={styles.chart} aria-label={label} data-testid={testId} data-state={state.status}>
      <div ref={canvas} className={styles.chartCanvas} />
      {state.status === 'drawing' ? <p className="muted">Drawing the chart…</p> : null}
      {state.status === 'failed' ? (
        <p className="notice notice--error">The chart could not be drawn: {state.message}</p>
      ) : null}
    </figure>
  );
}
