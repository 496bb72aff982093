import type { ApiCredentials, ExchangeSimulator, Random } from '@platform/exchange-sim';
import { signedRequest } from './exchange';
import { shuffle } from './random';

/**
 * Order-limit pressure that is real on Binance's rules: the exchange counts only UNFILLED orders
 * toward ORDERS (a market buy's first fill takes it off again), so the bots' own market buys
 * never fill a window. Another program on the same account does: right after a window opens it
 * places resting limit buys far below the price until the exchange answers -1015, then cancels
 * them (a cancel gives nothing back). The bots of that key then meet -1015 for the rest of the
 * window, and the X-MBX-ORDER-COUNT-10S of their answers show the other program's count.
 * It comes from another address (X-Forwarded-For) so its request weight is not the workers'.
 */
export const OTHER_PROGRAM_ORDER_PREFIX = 'other-program-';
export const OTHER_PROGRAM_IP = '10.77.0.2';
const SYMBOL = 'SOLUSDT';
const WINDOW_MS = 10_000;
// A third of the keys in each window: the rest trade on, so the run still trades.
const SHARE_OF_KEYS = 1 / 3;
const TOO_MANY_ORDERS = -1015;

export interface OrderPressureCounts {
  /** Windows in which some keys were filled up. */
  windows: number;
  /** Key-windows the other program filled up to -1015. */
  keys_filled: number;
  /** Its resting orders placed (all cancelled again). */
  orders_placed: number;
  /** Its requests that met an exchange fault or an error (it gives up on that key-window). */
  failed_requests: number;
}

export const isOtherProgramOrder = (clientOrderId: string): boolean =>
  clientOrderId.startsWith(OTHER_PROGRAM_ORDER_PREFIX);

export class OrderPressure {
  readonly counts: OrderPressureCounts = {
    windows: 0,
    keys_filled: 0,
    orders_placed: 0,
    failed_requests: 0,
  };
  private stopped = false;
  private loop: Promise<void> | null = null;
  private nextId = 1;
  private wake: (() => void) | null = null;

  constructor(
    private readonly sim: ExchangeSimulator,
    private readonly keys: readonly ApiCredentials[],
    /** The simulator's ORDERS limit per 10 s: how many orders fill a window. */
    private readonly limitPer10s: number,
    private readonly random: Random,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops after the current window and cancels whatever of its orders is still open. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    for (const key of this.keys)
      for (const json of this.sim.orders({ apiKey: key.apiKey, openOnly: true })) {
        const order = json as { clientOrderId: string; orderId: number };
        if (isOtherProgramOrder(order.clientOrderId)) await this.cancel(key, order.orderId);
      }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      // just after the next fixed, UTC-aligned window opens (as the exchange counts them)
      const now = this.sim.serverTime();
      await this.sleep(WINDOW_MS - (now % WINDOW_MS) + 200);
      if (this.stopped) return;
      const chosen = shuffle(this.keys, this.random).slice(
        0,
        Math.max(1, Math.round(this.keys.length * SHARE_OF_KEYS)),
      );
      this.counts.windows += 1;
      await Promise.all(chosen.map((key) => this.fillWindow(key)));
    }
  }

  /** Resting orders until -1015 (or a failure), then each cancelled. */
  private async fillWindow(key: ApiCredentials): Promise<void> {
    const price = (Number(this.sim.price(SYMBOL)) * 0.5).toFixed(2);
    const placed: number[] = [];
    try {
      for (let i = 0; i <= this.limitPer10s; i++) {
        const answer = await this.request(key, 'POST', '/api/v3/order', {
          symbol: SYMBOL,
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.500',
          price,
          newClientOrderId: `${OTHER_PROGRAM_ORDER_PREFIX}${this.nextId++}`,
        });
        if (answer.status === 200) {
          placed.push(Number((answer.body as { orderId: number }).orderId));
          this.counts.orders_placed += 1;
          continue;
        }
        if (answer.code === TOO_MANY_ORDERS) this.counts.keys_filled += 1;
        else this.counts.failed_requests += 1;
        break;
      }
    } catch {
      this.counts.failed_requests += 1; // a dropped or held request: its order is swept at stop
    }
    for (const orderId of placed) await this.cancel(key, orderId);
  }

  private async cancel(key: ApiCredentials, orderId: number): Promise<void> {
    try {
      const answer = await this.request(key, 'DELETE', '/api/v3/order', {
        symbol: SYMBOL,
        orderId,
      });
      if (answer.status !== 200) this.counts.failed_requests += 1;
    } catch {
      this.counts.failed_requests += 1;
    }
  }

  private request(
    key: ApiCredentials,
    method: 'POST' | 'DELETE',
    path: string,
    params: Record<string, string | number>,
  ) {
    return signedRequest(this.sim, key, method, path, params, {
      'X-Forwarded-For': OTHER_PROGRAM_IP,
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
