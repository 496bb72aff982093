import type { NotificationMessage } from '../messages';
import {
  delivered,
  failed,
  isPermanentHttpStatus,
  networkFailure,
  type SendOutcome,
} from './send-outcome';
import { WebhookHeaders, webhookSignature } from './webhook-signature';

/** POSTs the message as JSON, signed over `timestamp.body` with the channel's secret. */
export async function sendWebhook(
  url: string,
  secret: string,
  message: NotificationMessage,
  timeoutMs: number,
  now = () => Date.now(),
): Promise<SendOutcome> {
  const body = JSON.stringify(message);
  const timestamp = Math.floor(now() / 1000);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'trading-platform-notifications/1',
        [WebhookHeaders.id]: message.id,
        [WebhookHeaders.event]: message.type,
        [WebhookHeaders.timestamp]: String(timestamp),
        [WebhookHeaders.signature]: webhookSignature(secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return delivered;
    const retryAfter = Number(response.headers.get('retry-after'));
    return failed(
      `the webhook answered HTTP ${response.status}`,
      isPermanentHttpStatus(response.status),
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    );
  } catch (error) {
    return networkFailure(error, timeoutMs);
  }
}
