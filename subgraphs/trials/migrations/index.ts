import type { Migration } from '@mesh/product-kit';
import * as initial from './001_initial';

/** Every migration, in order. A new migration is a new file added at the end of this list. */
export const migrations: readonly Migration[] = [initial];

/** Tables whose rows make up the served data snapshot (and so its dataVersion). */
export const dataTables = ['trials', 'arms', 'enrolments', 'outcomes', 'snapshot_metadata'] as const;
