import { isIP } from 'node:net';

/** What Fastify's `trustProxy` option accepts (as Express's `trust proxy` did). */
export type TrustProxy = boolean | number | string;

const PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

const isAddressOrCidr = (entry: string) => {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || isIP(address) === 0) return false;
  return bits === undefined || /^\d{1,3}$/.test(bits);
};

/**
 * `false` (the default: X-Forwarded-For is ignored, so a client cannot pick its own address
 * for the per-IP limits), `true` (trust everything: only behind a proxy that strips the
 * header), a hop count, or the proxies' addresses/CIDRs and proxy-addr's presets.
 */
export function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim().toLowerCase();
  if (value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !PRESETS.has(entry) && !isAddressOrCidr(entry));
  if (bad.length > 0)
    throw new Error(
      `has entries that are neither addresses, CIDRs nor loopback/linklocal/uniquelocal: ${bad.join(', ')}`,
    );
  return entries.join(', ');
}
