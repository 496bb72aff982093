import { createHash } from 'node:crypto';
import type { LegacyTable } from './legacy-file';

/**
 * The id a legacy row gets in Postgres: a name-based UUID (version 5 layout over SHA-256) of
 * the source, the table and the legacy id. The same row always gets the same id, so a re-run
 * (after a kill or not) finds what an earlier run wrote and never writes it twice, without a
 * bookkeeping table. `kind` tells apart two rows made from one legacy row (a trade's order).
 */
export function importedId(
  source: string,
  table: LegacyTable,
  legacyId: number,
  kind = '',
): string {
  const bytes = createHash('sha256')
    .update(`legacy-sqlite:${source}:${table}:${legacyId}:${kind}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5 (name-based)
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The client order id of the order a legacy trade becomes: never one the engine makes (`tb...`). */
export function importedClientOrderId(source: string, legacyTradeId: number): string {
  return `lg${source.slice(0, 12)}-${legacyTradeId}`;
}
