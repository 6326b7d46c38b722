'use client';

import { GraphiQL } from 'graphiql';
import type { ComponentProps } from 'react';
// Monaco's workers, bundled the way graphiql documents for Next.js (webpack and Turbopack).
import 'graphiql/setup-workers/webpack';
import 'graphiql/style.css';
import type { ExplorerProps } from './explorer';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

/**
 * Through this app's `/api/graphql`, which adds the signed-in user's token from the httpOnly cookie, so the
 * explorer sees exactly what the user may see. Headers typed into GraphiQL (e.g. another token) go along.
 */
const fetcher: Fetcher = async (params, options) => {
  const response = await fetch('/api/graphql', {
    method: 'POST',
    headers: {
      ...(options?.headers as Record<string, string> | undefined),
      accept: 'application/graphql-response+json, application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify(params),
  });
  return response.json();
};

/** Queries and tabs persist per browser, apart from any other GraphiQL on this origin. */
const NAMESPACE = 'mesh-explorer';
const storage: Storage | undefined =
  typeof window === 'undefined'
    ? undefined
    : {
        get length() {
          return window.localStorage.length;
        },
        clear: () => {
          const own = Object.keys(window.localStorage).filter((key) => key.startsWith(`${NAMESPACE}:`));
          for (const key of own) window.localStorage.removeItem(key);
        },
        key: (index) => window.localStorage.key(index),
        getItem: (key) => window.localStorage.getItem(`${NAMESPACE}:${key}`),
        setItem: (key, value) => window.localStorage.setItem(`${NAMESPACE}:${key}`, value),
        removeItem: (key) => window.localStorage.removeItem(`${NAMESPACE}:${key}`),
      };

export default function GraphiQLView({ initialQuery, initialVariables, defaultQuery }: ExplorerProps) {
  return (
    <GraphiQL
      fetcher={fetcher}
      storage={storage}
      defaultQuery={defaultQuery}
      initialQuery={initialQuery}
      initialVariables={initialVariables}
      defaultEditorToolsVisibility={initialVariables ? 'variables' : undefined}
    />
  );
}
