import type { NotificationMessage } from '../messages';
import { delivered, failed, networkFailure, type SendOutcome } from './send-outcome';

interface TelegramAnswer {
  ok?: boolean;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

// Telegram's text limit is 4096 characters.
const MAX_TEXT = 4000;

/**
 * `sendMessage` of the Bot API. Errors never quote the URL: it holds the bot token. A 401
 * (bad token), 403 (the bot was blocked) or 400/404 (no such chat) is permanent; a 429 carries
 * how long to wait.
 */
export async function sendTelegram(
  apiUrl: string,
  botToken: string,
  chatId: string,
  message: NotificationMessage,
  timeoutMs: number,
): Promise<SendOutcome> {
  const text = `${message.subject}\n${message.text}`.slice(0, MAX_TEXT);
  let response: Response;
  try {
    response = await fetch(`${apiUrl.replace(/\/+$/, '')}/bot${botToken}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: chatId, text, disable_web_page_preview: true }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return networkFailure(error, timeoutMs);
  }
  let answer: TelegramAnswer = {};
  try {
    answer = (await response.json()) as TelegramAnswer;
  } catch {
    // not JSON (a proxy's error page): judged by the status alone
  }
  if (response.ok && answer.ok === true) return delivered;
  const code = answer.error_code ?? response.status;
  const description = (answer.description ?? `HTTP ${response.status}`).slice(0, 200);
  if (code === 429) {
    const seconds = answer.parameters?.retry_after ?? 1;
    return failed(`Telegram: too many requests, retry after ${seconds} s`, false, seconds * 1000);
  }
  return failed(`Telegram ${code}: ${description}`, [400, 401, 403, 404].includes(code));
}
