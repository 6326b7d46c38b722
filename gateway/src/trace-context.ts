import { randomFillSync } from 'node:crypto';

/** W3C Trace Context (https://www.w3.org/TR/trace-context/), version 00. */
export interface TraceContext {
  traceId: string;
  /** The caller's span (the parent of everything this request does); null when we started the trace. */
  parentId: string | null;
  /** Span id of this gateway request. */
  spanId: string;
  flags: string;
  /** `tracestate`, forwarded unchanged. */
  state?: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * Random hex ids from a pooled buffer: one `randomFillSync` per 512 ids instead of one per id (the ids of
 * every request and subgraph call showed up in profiles). Ids need uniqueness, not secrecy.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;
function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += bytes;
  return pool.toString('hex', offset - bytes, offset);
}

export const newSpanId = () => randomHex(8);

/**
 * Continues the caller's trace when `traceparent` is valid, otherwise starts a new one (sampled). Invalid
 * headers are ignored rather than refused, as the spec asks.
 */
export function readTraceContext(traceparent: string | undefined, tracestate?: string): TraceContext {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim().toLowerCase()) : null;
  if (match) {
    const [, version, traceId, parentId, flags, rest] = match;
    const valid =
      version !== 'ff' &&
      !/^0+$/.test(traceId!) &&
      !/^0+$/.test(parentId!) &&
      (version !== '00' || rest === undefined);
    if (valid)
      return {
        traceId: traceId!,
        parentId: parentId!,
        spanId: newSpanId(),
        flags: flags!,
        state: tracestate,
      };
  }
  return { traceId: randomHex(16), parentId: null, spanId: newSpanId(), flags: '01' };
}

/** `traceparent` for one outgoing call: same trace, a new span id whose parent is this request's span. */
export function childTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${newSpanId()}-${trace.flags}`;
}
