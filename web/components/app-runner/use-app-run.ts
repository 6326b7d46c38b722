'use client';

import { useRef, useState } from 'react';
import { createRequest, useClient, type CombinedError } from 'urql';
import {
  recordRunRequest,
  resultOf,
  type AnalysisApp,
  type AnalysisResult,
  type AppFormValues,
  type AppRun,
} from '@/lib/apps';
import { recordedOf } from '@/lib/workspace';

export type RecordState =
  | { status: 'saving' }
  | { status: 'saved'; id: string }
  /** The gateway did not record it: `code` is its recordError code (or the workspace's, e.g. UNAUTHENTICATED). */
  | { status: 'failed'; code: string; message: string }
  /** Nothing to record: the run answered no result. */
  | { status: 'skipped' };

export interface FinishedRun {
  sequence: number;
  run: AppRun;
  title: string;
  values: AppFormValues;
  result: AnalysisResult | null;
  error: CombinedError | undefined;
  extensions: Record<string, unknown> | undefined;
  elapsedMs: number;
  record: RecordState;
}

export type RunState =
  | { status: 'idle' }
  | { status: 'running'; title: string; previous: FinishedRun | null }
  | ({ status: 'done' } & FinishedRun);

/**
 * Runs an app through `/api/graphql` (as the signed-in user) with `extensions.recordRun`: the gateway
 * records every answered run in the workspace history itself, with the lineage that actually answered. A
 * newer run supersedes an older one still in flight: only the last one is shown.
 */
export function useAppRun(app: AnalysisApp) {
  const client = useClient();
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const sequence = useRef(0);

  async function start(run: AppRun, title: string, values: AppFormValues) {
    const mine = ++sequence.current;
    setState((current) => ({
      status: 'running',
      title,
      previous: current.status === 'done' ? current : null,
    }));
    const startedAt = performance.now();
    const request = createRequest(run.operation, run.variables, { recordRun: recordRunRequest(app, title) });
    const answer = await client.executeQuery(request, { requestPolicy: 'network-only' }).toPromise();
    if (mine !== sequence.current) return;
    const result = resultOf(app, answer.data);
    const recorded = recordedOf(answer.extensions);
    const record: RecordState = !result
      ? { status: 'skipped' }
      : 'id' in recorded
        ? { status: 'saved', id: recorded.id }
        : {
            status: 'failed',
            code: recorded.error.reason ?? recorded.error.code,
            message: recorded.error.message,
          };
    setState({
      status: 'done',
      sequence: mine,
      run,
      title,
      values,
      result,
      error: answer.error,
      extensions: answer.extensions,
      elapsedMs: performance.now() - startedAt,
      record,
    });
  }

  return { state, start };
}
