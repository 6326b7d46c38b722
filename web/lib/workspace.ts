import { gql } from '@urql/core';

/**
 * The workspace product's operations (through the gateway). Every run the platform makes is recorded with
 * `RECORD_RUN`, so history is complete and each entry can be re-run and compared.
 */

export type Visibility = 'PRIVATE' | 'TEAM' | 'PUBLIC';

export interface ProductVersion {
  name: string;
  version: string;
  dataVersion: string;
}

export interface RecordRunInput {
  kind: 'APP_RUN' | 'QUERY';
  /** product.app, e.g. genomics.differentialExpression */
  app?: string | null;
  title: string;
  operation: string;
  operationName?: string | null;
  variables: Record<string, unknown>;
  supergraphId?: string | null;
  /** From the answer's `extensions.dataProducts`: every product that contributed, with its versions. */
  products: ProductVersion[];
  resultHash?: string | null;
  result?: unknown;
  parentId?: string | null;
  tags?: string[];
  visibility?: Visibility;
}

export const RECORD_RUN = gql<{ recordRun: { id: string; createdAt: string } }, { input: RecordRunInput }>`
  mutation RecordRun($input: RecordRunInput!) {
    recordRun(input: $input) {
      id
      createdAt
    }
  }
`;

/** `extensions.dataProducts` of a gateway answer → the products list a run records. */
export function productsOfAnswer(extensions: Record<string, unknown> | undefined): ProductVersion[] {
  const dataProducts = (extensions?.dataProducts ?? {}) as Record<string, { version: string; dataVersion: string }>;
  return Object.entries(dataProducts)
    .map(([name, product]) => ({ name, version: product.version, dataVersion: product.dataVersion }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/* ---- History and saved artifacts (UDATs): reads and changes for the history, UDAT and export pages. ---- */

export type HistoryKind = RecordRunInput['kind'];
export type UdatKind = 'COHORT' | 'GENE_SET' | 'VARIABLE_GROUP' | 'RESULT';
export const VISIBILITIES: readonly Visibility[] = ['PRIVATE', 'TEAM', 'PUBLIC'];
export const UDAT_KINDS: readonly UdatKind[] = ['COHORT', 'GENE_SET', 'VARIABLE_GROUP', 'RESULT'];

export interface WorkspaceUser {
  subject: string;
  name: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** A run as history lists show it (no operation text, no result). */
export interface HistoryEntrySummary {
  id: string;
  kind: HistoryKind;
  app: string | null;
  title: string;
  owner: WorkspaceUser;
  viewerIsOwner: boolean;
  createdAt: string;
  products: ProductVersion[];
  resultHash: string | null;
  visibility: Visibility;
  parentId: string | null;
  tags: string[];
}

/** Everything recorded about one run. */
export interface HistoryEntryDetail extends HistoryEntrySummary {
  operation: string;
  operationName: string | null;
  variables: Record<string, unknown>;
  supergraphId: string | null;
  result: unknown;
}

export interface HistoryFilter {
  search?: string;
  app?: string;
  product?: string;
  kind?: HistoryKind;
  mine?: boolean;
}

const HISTORY_SUMMARY_FIELDS = `
  id
  kind
  app
  title
  owner {
    subject
    name
  }
  viewerIsOwner
  createdAt
  products {
    name
    version
    dataVersion
  }
  resultHash
  visibility
  parentId
  tags
`;

export const HISTORY_QUERY = gql<
  { history: { totalCount: number; nodes: HistoryEntrySummary[]; pageInfo: PageInfo } },
  { filter: HistoryFilter; first: number; after: string | null }
>`
  query History($filter: HistoryFilter, $first: Int, $after: String) {
    history(filter: $filter, first: $first, after: $after) {
      totalCount
      nodes {
        ${HISTORY_SUMMARY_FIELDS}
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const HISTORY_ENTRY_QUERY = gql<{ historyEntry: HistoryEntryDetail | null }, { id: string }>`
  query HistoryEntry($id: ID!) {
    historyEntry(id: $id) {
      ${HISTORY_SUMMARY_FIELDS}
      operation
      operationName
      variables
      supergraphId
      result
    }
  }
`;

export const SET_HISTORY_VISIBILITY = gql<
  { setHistoryVisibility: { id: string; visibility: Visibility } },
  { id: string; visibility: Visibility }
>`
  mutation SetHistoryVisibility($id: ID!, $visibility: Visibility!) {
    setHistoryVisibility(id: $id, visibility: $visibility) {
      id
      visibility
    }
  }
`;

/** A saved artifact as lists show it (no payload). */
export interface UdatSummary {
  id: string;
  kind: UdatKind;
  name: string;
  description: string | null;
  tags: string[];
  owner: WorkspaceUser;
  viewerIsOwner: boolean;
  visibility: Visibility;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface UdatDetail extends UdatSummary {
  payload: unknown;
  cohortId: string | null;
  source: HistoryEntrySummary | null;
  forkedFrom: { id: string; name: string; owner: WorkspaceUser } | null;
}

export interface UdatFilter {
  kind?: UdatKind;
  tag?: string;
  search?: string;
  mine?: boolean;
}

const UDAT_SUMMARY_FIELDS = `
  id
  kind
  name
  description
  tags
  owner {
    subject
    name
  }
  viewerIsOwner
  visibility
  version
  createdAt
  updatedAt
`;

export const UDATS_QUERY = gql<
  { udats: { totalCount: number; nodes: UdatSummary[]; pageInfo: PageInfo } },
  { filter: UdatFilter; first: number; after: string | null }
>`
  query Udats($filter: UdatFilter, $first: Int, $after: String) {
    udats(filter: $filter, first: $first, after: $after) {
      totalCount
      nodes {
        ${UDAT_SUMMARY_FIELDS}
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const UDAT_QUERY = gql<{ udat: UdatDetail | null }, { id: string }>`
  query Udat($id: ID!) {
    udat(id: $id) {
      ${UDAT_SUMMARY_FIELDS}
      payload
      cohortId
      source {
        ${HISTORY_SUMMARY_FIELDS}
      }
      forkedFrom {
        id
        name
        owner {
          subject
          name
        }
      }
    }
  }
`;

export interface SaveUdatInput {
  kind: UdatKind;
  name: string;
  description?: string | null;
  tags?: string[];
  visibility?: Visibility;
  payload: unknown;
  cohortId?: string | null;
  sourceId?: string | null;
}

export interface UpdateUdatInput {
  name?: string;
  description?: string | null;
  tags?: string[];
  visibility?: Visibility;
  payload?: unknown;
}

export const SAVE_UDAT = gql<{ saveUdat: { id: string; version: number } }, { input: SaveUdatInput }>`
  mutation SaveUdat($input: SaveUdatInput!) {
    saveUdat(input: $input) {
      id
      version
    }
  }
`;

export const UPDATE_UDAT = gql<
  { updateUdat: { id: string; version: number } },
  { id: string; input: UpdateUdatInput }
>`
  mutation UpdateUdat($id: ID!, $input: UpdateUdatInput!) {
    updateUdat(id: $id, input: $input) {
      id
      version
    }
  }
`;

export const FORK_UDAT = gql<{ forkUdat: { id: string; name: string } }, { id: string; name: string | null }>`
  mutation ForkUdat($id: ID!, $name: String) {
    forkUdat(id: $id, name: $name) {
      id
      name
    }
  }
`;

export const DELETE_UDAT = gql<{ deleteUdat: boolean }, { id: string }>`
  mutation DeleteUdat($id: ID!) {
    deleteUdat(id: $id)
  }
`;
