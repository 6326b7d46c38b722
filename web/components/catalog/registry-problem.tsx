import type { RegistryFailure } from '@/lib/registry';

/** A registry call that gave no answer, with what the reader can do about it. */
export function RegistryProblem({ failure, title }: { failure: RegistryFailure; title: string }) {
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">{title}</p>
      {failure.status === 'misconfigured' ? (
        <p>
          The web app is misconfigured: {failure.reason} Fix <code>REGISTRY_URL</code> and restart it.
        </p>
      ) : failure.status === 'unreachable' ? (
        <p>
          The schema registry did not answer at <code>{failure.registryUrl}</code> ({failure.reason}). Start
          the mesh with <code>npm start</code> in the repository root, or point <code>REGISTRY_URL</code> at a
          running registry, then reload this page.
        </p>
      ) : (
        <p>
          The schema registry at <code>{failure.registryUrl}</code> answered with an error:{' '}
          {failure.code ? <code className="error-code">{failure.code}</code> : null} {failure.reason}
        </p>
      )}
    </div>
  );
}
