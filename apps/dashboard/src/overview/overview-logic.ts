import type { PortfolioBot } from '../api/types';

// The overview stays quick with a thousand bots: cards for the ones that need a look first
// (errors, then running, then the rest, newest first as the API lists them); the list page
// shows them all.
export const MAX_CARDS = 24;
const attention: Record<string, number> = { error: 0, running: 1, starting: 2, stopping: 2 };
export function cardsFirst(bots: PortfolioBot[]): PortfolioBot[] {
  return bots
    .map((bot, index) => ({ bot, index }))
    .sort(
      (a, b) =>
        (attention[a.bot.actualState] ?? 3) - (attention[b.bot.actualState] ?? 3) ||
        a.index - b.index,
    )
    .slice(0, MAX_CARDS)
    .map(({ bot }) => bot);
}

/** Local midnight: "today" as the person reading the page lives it. */
export const startOfToday = () => {
  const day = new Date();
  day.setHours(0, 0, 0, 0);
  return day.toISOString();
};

/** Profit since midnight: now minus the first snapshot of the day (null without one). */
export function sinceFirst(now: string, points: { realizedProfit: string }[]): string | null {
  return points.length ? String(Number(now) - Number(points[0].realizedProfit)) : null;
}
