// market-data keeps, for each feed, as many closed candles as its most demanding running bot
// needs (StrategyDefinition.candlesNeeded), up to this maximum: history costs exchange request
// weight (Binance: one klines request per 1000 candles), Redis memory and a read per update on
// every bot-worker. Parameters that would need more are refused at validation (fields.ts).

/** The most closed candles a strategy may need: what market-data keeps of a feed at most. */
export const MAX_CANDLES = 1000;
