'use client';

import { useRef, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import {
  recordRunInput,
  resultOf,
  type AnalysisApp,
  type AnalysisResult,
  type AppFormValues,
  type AppRun,
} from '@/lib/apps';
import { RECORD_RUN } from '@/lib/workspace';

export type RecordState =
  | { status: 'saving' }
  | { status: 'saved'; id: string }
  | { status: 'failed'; error: CombinedError | undefined }
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
 * Runs an app through `/api/graphql` (as the signed-in user) and records every answered run in the
 * workspace history. A newer run supersedes an older one still in flight: only the last one is shown.
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
    const answer = await client
      .query(run.operation, run.variables, { requestPolicy: 'network-only' })
      .toPromise();
    if (mine !== sequence.current) return;
    const result = resultOf(app, answer.data);
    const finished: FinishedRun = {
      sequence: mine,
      run,
      title,
      values,
      result,
      error: answer.error,
      extensions: answer.extensions,
      elapsedMs: performance.now() - startedAt,
      record: result ? { status: 'saving' } : { status: 'skipped' },
    };
    setState({ status: 'done', ...finished });
    if (!result) return;

    const recorded = await client
      .mutation(RECORD_RUN, { input: recordRunInput(app, run, title, result, answer.extensions) })
      .toPromise();
    const id = recorded.data?.recordRun.id;
    const record: RecordState = id ? { status: 'saved', id } : { status: 'failed', error: recorded.error };
    setState((current) =>
      current.status === 'done' && current.sequence === mine ? { ...current, record } : current,
    );
  }

  return { state, start };
}
