import { ErrorCode, notFound, type Caller } from '@mesh/product-kit';
import { GraphQLError } from 'graphql';
import type { Owner } from '../storage';

const NOUNS = { run: 'run', udat: 'saved artifact' } as const;
type Noun = keyof typeof NOUNS;

/** Missing and not visible read the same: nobody learns that a private row exists. */
export function missing(noun: Noun, id: string, argument = 'id'): GraphQLError {
  const list = noun === 'run' ? 'history' : 'udats';
  return notFound(
    `No ${NOUNS[noun]} with id "${id.slice(0, 80)}" that you can see. Check the id (\`${list}\` lists what you can see); others' PRIVATE items are not visible to you.`,
    { argument },
  );
}

/** A visible row the caller does not own: only its owner may change it. */
export function notOwner(noun: Noun, owner: Owner, action: string): GraphQLError {
  const alternative =
    noun === 'udat'
      ? 'Fork it with forkUdat to get a copy of your own.'
      : 'Record a re-run to get an entry of your own.';
  return new GraphQLError(
    `Only the owner (${owner.name ?? owner.subject}) may ${action} this ${NOUNS[noun]}. ${alternative}`,
    { extensions: { code: ErrorCode.Forbidden } },
  );
}

/** Writes are owned by the caller's subject; a caller without one (anonymous) cannot own anything. */
export function requireSubject(caller: Caller): string {
  if (caller.subject) return caller.subject;
  throw new GraphQLError(
    'Saving to the workspace requires you to be signed in: send your request through the gateway.',
    {
      extensions: { code: ErrorCode.Unauthenticated },
    },
  );
}
