import type { Migration } from '@mesh/product-kit';
import * as initial from './001_initial';
import * as lineage from './002_lineage';

/** Every migration, in order. A new migration is a new file added at the end of this list. */
export const migrations: readonly Migration[] = [initial, lineage];
