import { isInterval } from '../intervals';

/** A market stream the simulator serves (web-socket-streams.md; symbols are lowercase). */
export type StreamName =
  | { name: string; kind: 'ticker' | 'miniTicker'; symbolId: string }
  | { name: string; kind: 'kline'; symbolId: string; interval: string }
  | { name: string; kind: 'allTickers' | 'allMiniTickers' };

/**
 * Reads a stream name: `btcusdt@ticker`, `btcusdt@miniTicker`, `btcusdt@kline_1m`,
 * `!ticker@arr`, `!miniTicker@arr`. Undefined for any other name (Binance accepts such a
 * subscription and never sends on it; so does the simulator) or an unlisted symbol.
 */
export function parseStreamName(
  name: string,
  hasSymbol: (symbolId: string) => boolean,
): StreamName | undefined {
  if (name === '!ticker@arr') return { name, kind: 'allTickers' };
  if (name === '!miniTicker@arr') return { name, kind: 'allMiniTickers' };
  const match = /^([a-z0-9]+)@(ticker|miniTicker|kline_([0-9]+[smhdwM]))$/.exec(name);
  if (!match) return undefined;
  const symbolId = match[1].toUpperCase();
  if (!hasSymbol(symbolId)) return undefined;
  if (match[3] !== undefined) {
    return isInterval(match[3]) ? { name, kind: 'kline', symbolId, interval: match[3] } : undefined;
  }
  return { name, kind: match[2] as 'ticker' | 'miniTicker', symbolId };
}

/** Does the stream carry this symbol's updates? (the `@arr` streams carry every symbol) */
export function carriesSymbol(stream: StreamName, symbolId: string): boolean {
  return 'symbolId' in stream ? stream.symbolId === symbolId : true;
}
