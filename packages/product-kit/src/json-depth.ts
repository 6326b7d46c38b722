/**
 * Nesting limit of JSON a service accepts (bodies, `variables`): graphql-js coerces variables, and several
 * validators (e.g. cohort criteria) walk them, recursively; 10,000 levels overflow the stack and answered
 * 500. Measured on the text, before JSON.parse or any recursive walk: linear, no allocation, no recursion.
 */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/** True when `text` nests arrays/objects deeper than `max` (strings, with their escapes, are skipped). */
export function jsonTooDeep(text: string, max: number = DEFAULT_MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}

/** The message of a TOO_DEEP refusal. */
export function tooDeepMessage(what: string, max: number): string {
  return `${what} nests arrays or objects more than ${max} levels deep. Flatten it (e.g. a list of criteria instead of a chain of "not").`;
}
