import {
  botEquity,
  dailyLossBlock,
  drawdownCapital,
  drawdownHit,
  entryBlock,
  nextUtcMidnight,
  realizedToday,
  utcDay,
} from './risk-guards';
import { riskSchema } from './risk';

const t = (iso: string) => Date.parse(iso);
const none = { lastLossAt: null, dayRealizedPnl: 0, pnlDay: null };

describe('UTC days', () => {
  it('a day is its UTC date; the next one starts at 00:00 UTC', () => {
    expect(utcDay(t('2025-03-01T23:59:59.999Z'))).toBe('2025-03-01');
    expect(utcDay(t('2025-03-02T00:00:00Z'))).toBe('2025-03-02');
    expect(nextUtcMidnight(t('2025-03-01T13:00:00Z'))).toBe(t('2025-03-02T00:00:00Z'));
    expect(nextUtcMidnight(t('2025-03-02T00:00:00Z'))).toBe(t('2025-03-03T00:00:00Z'));
  });

  it("today's realized profit is the last fills' day's only while that day lasts", () => {
    const results = { ...none, dayRealizedPnl: -30, pnlDay: '2025-03-01' };
    expect(realizedToday(results, t('2025-03-01T20:00:00Z'))).toBe(-30);
    expect(realizedToday(results, t('2025-03-02T00:00:00Z'))).toBe(0);
  });
});

describe('entryBlock', () => {
  const now = t('2025-03-01T12:00:00Z');

  it('the cooldown lasts cooldownAfterLossMinutes from the losing close, exclusive', () => {
    const results = { ...none, lastLossAt: t('2025-03-01T11:30:00Z') };
    const risk = { cooldownAfterLossMinutes: 30 };
    expect(entryBlock(risk, results, t('2025-03-01T11:59:59.999Z'))).toEqual({
      kind: 'cooldown',
      reason: 'cooling down after a losing round trip: no new entry until 2025-03-01T12:00:00.000Z',
      until: t('2025-03-01T12:00:00Z'),
    });
    expect(entryBlock(risk, results, now)).toBeNull();
    expect(entryBlock({}, results, t('2025-03-01T11:31:00Z'))).toBeNull();
  });

  it('the daily loss limit holds from a loss equal to it until the next UTC day', () => {
    const lost = (pnl: number) => ({ ...none, dayRealizedPnl: pnl, pnlDay: '2025-03-01' });
    const risk = { maxDailyLossQuote: 50 };
    expect(entryBlock(risk, lost(-49.99), now)).toBeNull();
    expect(entryBlock(risk, lost(-50), now)).toEqual({
      kind: 'daily-loss',
      reason:
        'daily loss limit reached: this bot lost 50 today (limit 50); no new buys until 2025-03-02T00:00:00.000Z',
      until: t('2025-03-02T00:00:00Z'),
    });
    expect(entryBlock(risk, lost(-80), t('2025-03-02T00:00:00Z'))).toBeNull(); // a new day
    expect(entryBlock(risk, lost(20), now)).toBeNull(); // a profit
  });

  it("the user's limit words itself for all their bots", () => {
    expect(dailyLossBlock(100, -120.5, now, 'user')?.reason).toBe(
      'daily loss limit reached: your bots lost 120.5 today (limit 100); no new buys until 2025-03-02T00:00:00.000Z',
    );
    expect(dailyLossBlock(null, -1e9, now, 'user')).toBeNull();
  });
});

describe('the drawdown stop', () => {
  it('equity is capital + realized + unrealized at the price', () => {
    // 1000 capital, 20 realized, 2 held from 100 at 90: 1000 + 20 - 20 = 1000
    expect(botEquity(1000, { base: 2, averageEntry: 100, realizedPnl: 20 }, 90)).toBe(1000);
    expect(botEquity(1000, { base: 0, averageEntry: null, realizedPnl: -5 }, 90)).toBe(995);
  });

  it('fires at maxDrawdownPct below the peak, inclusive', () => {
    // peak 1200: 25 % below is 900
    expect(drawdownHit(25, 900.01, 1200)).toBe(false);
    expect(drawdownHit(25, 900, 1200)).toBe(true);
    expect(drawdownHit(undefined, 0, 1200)).toBe(false);
  });

  it('is measured on capitalQuote, else the paper balance', () => {
    expect(drawdownCapital(riskSchema.parse({ paperQuoteBalance: 500 }))).toBe(500);
    expect(drawdownCapital(riskSchema.parse({ paperQuoteBalance: 500, capitalQuote: 80 }))).toBe(
      80,
    );
    expect(drawdownCapital(riskSchema.parse({}))).toBeNull();
  });
});
