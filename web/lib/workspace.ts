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

/**
 * What a client asks the gateway to record with an operation (request `extensions.recordRun`). The gateway
 * records the run itself, with the lineage that actually answered; the answer carries
 * `extensions.recorded: { id }` or `extensions.recordError: { code, message }`.
 */
export interface RecordRunRequest {
  title: string;
  kind?: 'APP_RUN' | 'QUERY';
  app?: string | null;
  tags?: string[];
  parentId?: string | null;
  visibility?: Visibility;
  /** Response keys from `data` to the result to store; the whole data when absent. */
  resultPath?: string[];
}

/** The gateway's report of a recording requested with `extensions.recordRun`. */
export function recordedOf(
  extensions: Record<string, unknown> | undefined,
): { id: string; createdAt: string } | { error: { code: string; message: string; reason?: string } } {
  const recorded = extensions?.recorded as { id?: unknown; createdAt?: unknown } | undefined;
  if (typeof recorded?.id === 'string')
    return {
      id: recorded.id,
      createdAt: typeof recorded.createdAt === 'string' ? recorded.createdAt : new Date().toISOString(),
    };
  const error = extensions?.recordError as
    { code?: unknown; message?: unknown; reason?: unknown } | undefined;
  return {
    error: {
      code: typeof error?.code === 'string' ? error.code : 'RECORD_RUN_UNAVAILABLE',
      message: typeof error?.message === 'string' ? error.message : 'The gateway did not record the run.',
      ...(typeof error?.reason === 'string' ? { reason: error.reason } : {}),
    },
  };
}

/** A client-sent RECORD_RUN is stored as user-supplied (notebooks); the platform records through the gateway. */
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
  const dataProducts = (extensions?.dataProducts ?? {}) as Record<
    string,
    { version: string; dataVersion: string }
  >;
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

/** Where stored content came from and what reading it takes (the workspace checks it on every read). */
export interface Lineage {
  userSupplied: boolean;
  products: ProductVersion[];
  requiredScopes: string[][][];
  /** User-supplied content: the product versions its sender claimed (not verified). */
  claimedProducts: ProductVersion[];
}

/** Whether the viewer may read the content now; when not, the scopes to request. */
export interface ContentAccess {
  readable: boolean;
  missingScopes: string[];
}

/** Everything recorded about one run; `result` is null when withheld (see `access`). */
export interface HistoryEntryDetail extends HistoryEntrySummary {
  operation: string;
  operationName: string | null;
  variables: Record<string, unknown>;
  supergraphId: string | null;
  result: unknown;
  lineage: Lineage;
  access: ContentAccess;
}

/** The plain sentence a page shows instead of withheld content. */
export function withheldSentence(access: ContentAccess): string {
  return `This content needs ${access.missingScopes.join(', ')} — request access from the owners of the products it was computed from.`;
}

const LINEAGE_FIELDS = `
  lineage {
    userSupplied
    products {
      name
      version
      dataVersion
    }
    requiredScopes
    claimedProducts {
      name
      version
      dataVersion
    }
  }
  access {
    readable
    missingScopes
  }
`;

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
      ${LINEAGE_FIELDS}
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

/** `payload` is a withheld marker (no content) when `access.readable` is false. */
export interface UdatDetail extends UdatSummary {
  payload: unknown;
  lineage: Lineage;
  access: ContentAccess;
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
      ${LINEAGE_FIELDS}
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
  /** Omit for a RESULT saved from a run (sourceId): the workspace copies the run's result and lineage. */
  payload?: unknown;
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
