import { describe, expect, it } from 'vitest';
import { ago, decimal, duration, isStale, profitTone, quoteOf, signedMoney } from './format';

describe('format', () => {
  it('groups and rounds decimals for display, keeping small amounts readable', () => {
    expect(decimal('12345.678')).toBe('12,345.68');
    expect(decimal('0.00012345')).toBe('0.000123');
    expect(decimal(null)).toBe('–');
    expect(decimal('not a number')).toBe('not a number');
  });

  it('signs profit and names its tone', () => {
    expect(signedMoney('12.3', 'USDT')).toBe('+12.3 USDT');
    expect(signedMoney('-4', 'USDT')).toBe('−4 USDT');
    expect(signedMoney('0', 'USDT')).toBe('0 USDT');
    expect(profitTone('-1')).toBe('loss');
    expect(profitTone('2')).toBe('gain');
    expect(profitTone(null)).toBe('neutral');
  });

  it('says how long ago, and how long', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(ago('2026-01-01T12:00:00Z', now)).toBe('just now');
    expect(ago('2026-01-01T11:59:48Z', now)).toBe('12 s ago');
    expect(ago('2026-01-01T11:55:00Z', now)).toBe('5 min ago');
    expect(ago('2025-12-30T12:00:00Z', now)).toBe('2 d ago');
    expect(ago(null, now)).toBe('never');
    expect(duration(3210)).toBe('3.2 s');
    expect(duration(65_000)).toBe('1 min 05 s');
  });

  it('marks market data older than three poll intervals stale', () => {
    const now = 1_000_000;
    expect(isStale(now - 2999, now)).toBe(false);
    expect(isStale(now - 3001, now)).toBe(true);
    expect(isStale(null, now)).toBe(true);
  });

  it('reads the quote currency of a symbol', () => {
    expect(quoteOf('BTC/USDT')).toBe('USDT');
    expect(quoteOf('BTC/USDT:USDT')).toBe('USDT');
  });
});
