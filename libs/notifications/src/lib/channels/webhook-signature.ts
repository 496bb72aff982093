import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, in the manner of Stripe's: the receiver recomputes
 * HMAC-SHA256(secret, `${timestamp}.${raw body}`) and compares it with the `v1=` value of
 * `X-Webhook-Signature`, and refuses a timestamp (`X-Webhook-Timestamp`, Unix seconds) too far
 * from its clock, so a captured request cannot be replayed later.
 */
export const WebhookHeaders = {
  id: 'x-webhook-id',
  event: 'x-webhook-event',
  timestamp: 'x-webhook-timestamp',
  signature: 'x-webhook-signature',
} as const;

/** How far a receiver should let the timestamp be from its clock. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A receiver's check (what the docs describe; the tests' receiver uses it too). */
export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): 'valid' | 'bad_signature' | 'stale_timestamp' {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp)) return 'bad_signature';
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
  return Math.abs(nowSeconds - timestamp) > toleranceSeconds ? 'stale_timestamp' : 'valid';
}
