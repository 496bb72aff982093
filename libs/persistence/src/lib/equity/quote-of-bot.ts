/** SQL over `bots b`: BTC/USDT -> USDT (BTC/USDT:USDT -> USDT), the currency its equity is in. */
export const QUOTE_OF_BOT = `split_part(split_part(b.symbol, '/', 2), ':', 1)`;
