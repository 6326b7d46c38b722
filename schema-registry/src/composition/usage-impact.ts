import type { SchemaChange, UsageVerdict } from './diff-schemas';

/**
 * Which usage coordinates a breaking change touches. Gateways report, per operation, the schema
 * coordinates it uses: `Type.field` for every selected field, `Type.field(arg)` for every argument given,
 * `Input.field` for literal input fields, `Type` for types reached as a whole (enum results, input objects
 * passed in variables, fragment type conditions).
 */
export interface CoordinateLookup {
  exact: string[];
  /** A coordinate matches when it starts with one of these (`Patient.` matches every Patient field). */
  prefixes: string[];
}

export interface UsageRow {
  coordinate: string;
  hash: string;
  name: string | null;
  clientName: string;
  clientVersion: string;
  count: number;
}

const typeWide = (type: string): CoordinateLookup => ({ exact: [type], prefixes: [`${type}.`] });

/** Null when a change cannot be tied to field usage (directives, schema roots): then it counts as used. */
export function coordinatesAffectedBy(change: SchemaChange): CoordinateLookup | null {
  if (!change.path) return null;
  const parts = change.path.split('.');
  const [type, member, argument] = parts;
  switch (change.type) {
    case 'FIELD_REMOVED':
    case 'FIELD_TYPE_CHANGED':
      return { exact: [`${type}.${member}`], prefixes: [] };
    case 'FIELD_ARGUMENT_ADDED':
      // A new required argument breaks every selection of the field, with or without arguments.
      return { exact: [`${type}.${member}`], prefixes: [] };
    case 'FIELD_ARGUMENT_REMOVED':
    case 'FIELD_ARGUMENT_TYPE_CHANGED':
    case 'FIELD_ARGUMENT_DEFAULT_CHANGED':
      return { exact: [`${type}.${member}(${argument})`], prefixes: [] };
    case 'INPUT_FIELD_REMOVED':
    case 'INPUT_FIELD_TYPE_CHANGED':
      // A variable carries a whole input object whose fields we cannot see: the type counts too.
      return { exact: [`${type}.${member}`, `${type}`], prefixes: [] };
    case 'INPUT_FIELD_ADDED':
      return { exact: [`${type}`], prefixes: [`${type}.`] };
    case 'ENUM_VALUE_REMOVED':
      return { exact: [`${type}.${member}`, `${type}`], prefixes: [] };
    case 'TYPE_REMOVED':
    case 'TYPE_KIND_CHANGED':
    case 'OBJECT_TYPE_INTERFACE_REMOVED':
      return typeWide(type!);
    case 'UNION_MEMBER_REMOVED':
      // Path is the union; the member shows in the message. Fragments on the union are what break.
      return typeWide(type!);
    default:
      return parts.length === 1 ? typeWide(type!) : { exact: [change.path], prefixes: [] };
  }
}

export function matchesLookup(coordinate: string, lookup: CoordinateLookup): boolean {
  return lookup.exact.includes(coordinate) || lookup.prefixes.some((prefix) => coordinate.startsWith(prefix));
}

/**
 * Attaches a usage verdict to each breaking change: safe (with the reason) when no reported operation in
 * the window touches it, otherwise the operations and clients it would break.
 */
export function attachUsage(
  changes: readonly SchemaChange[],
  rows: readonly UsageRow[],
  context: { windowDays: number; operationsInWindow: number },
): SchemaChange[] {
  return changes.map((change) => {
    if (change.criticality !== 'BREAKING') return change;
    const lookup = coordinatesAffectedBy(change);
    if (!lookup) {
      return {
        ...change,
        usage: {
          safe: false,
          reason: 'This kind of change cannot be tied to field usage, so it is treated as used.',
          operations: [],
        },
      };
    }
    const byOperation = new Map<string, UsageVerdict['operations'][number]>();
    for (const row of rows) {
      if (!matchesLookup(row.coordinate, lookup)) continue;
      const operation = byOperation.get(row.hash) ?? {
        hash: row.hash,
        name: row.name,
        count: 0,
        clients: [],
      };
      byOperation.set(row.hash, operation);
      const client = operation.clients.find(
        (c) => c.name === row.clientName && c.version === row.clientVersion,
      );
      // One operation row per coordinate: count each client bucket once per operation.
      if (client) client.count = Math.max(client.count, row.count);
      else operation.clients.push({ name: row.clientName, version: row.clientVersion, count: row.count });
    }
    const operations = [...byOperation.values()].map((operation) => ({
      ...operation,
      count: operation.clients.reduce((sum, client) => sum + client.count, 0),
    }));
    operations.sort((a, b) => b.count - a.count);
    const what = [...lookup.exact, ...lookup.prefixes.map((prefix) => `${prefix}*`)].join(', ');
    if (operations.length === 0) {
      return {
        ...change,
        usage: {
          safe: true,
          reason:
            `No operation reported in the last ${context.windowDays} days uses ${what} ` +
            `(${context.operationsInWindow} operation(s) reported in that window).`,
          operations: [],
        },
      };
    }
    const names = operations
      .slice(0, 5)
      .map(
        (op) =>
          `${op.name ?? op.hash.slice(7, 19)} (${op.clients.map((c) => `${c.name}@${c.version}`).join(', ')})`,
      );
    return {
      ...change,
      usage: {
        safe: false,
        reason: `Used in the last ${context.windowDays} days by ${operations.length} operation(s): ${names.join('; ')}${operations.length > 5 ? '; …' : ''}.`,
        operations,
      },
    };
  });
}
