import { describe, expect, it } from 'vitest';
import type { PortfolioBot } from '../api/types';
import { cardsFirst, sinceFirst } from './overview-logic';

const bot = (id: string, actualState: string) => ({ id, actualState }) as PortfolioBot;

describe('cardsFirst', () => {
  it('shows bots in error first, then running ones, at most 24, keeping the API’s order within each', () => {
    const bots = [bot('a', 'stopped'), bot('b', 'running'), bot('c', 'error'), bot('d', 'running')];
    expect(cardsFirst(bots).map((b) => b.id)).toEqual(['c', 'b', 'd', 'a']);
    const many = Array.from({ length: 1000 }, (_, i) => bot(String(i), 'stopped'));
    expect(cardsFirst(many)).toHaveLength(24);
  });
});

describe('sinceFirst', () => {
  it('is the realized profit since the first snapshot of the day, or nothing without one', () => {
    expect(sinceFirst('12.5', [{ realizedProfit: '10' }, { realizedProfit: '11' }])).toBe('2.5');
    expect(sinceFirst('12.5', [])).toBeNull();
  });
});
