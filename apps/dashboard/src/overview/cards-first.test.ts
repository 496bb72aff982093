import { describe, expect, it } from 'vitest';
import type { PortfolioBot } from '../api/types';
import { cardsFirst } from './OverviewPage';

const bot = (id: string, actualState: string) => ({ id, actualState }) as PortfolioBot;

describe('cardsFirst', () => {
  it('shows bots in error first, then running ones, at most 24, keeping the API’s order within each', () => {
    const bots = [bot('a', 'stopped'), bot('b', 'running'), bot('c', 'error'), bot('d', 'running')];
    expect(cardsFirst(bots).map((b) => b.id)).toEqual(['c', 'b', 'd', 'a']);
    const many = Array.from({ length: 1000 }, (_, i) => bot(String(i), 'stopped'));
    expect(cardsFirst(many)).toHaveLength(24);
  });
});
