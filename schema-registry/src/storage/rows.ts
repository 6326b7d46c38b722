/** Row parsers shared with every service on the kit's store. */
export { dbBoolean, dbInt, jsonText, nowIso, nullableString } from '@mesh/product-kit';
