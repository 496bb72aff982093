import { describe, expect, it } from 'vitest';
import { liveKeys } from './live-keys';

describe('liveKeys', () => {
  it('refreshes the bot, the lists and the overview on a status change', () => {
    expect(liveKeys({ type: 'bot.status', botId: 'b1' })).toEqual([
      ['portfolio'],
      ['bots'],
      ['bot', 'b1'],
    ]);
  });

  it('refreshes a bot’s trades, position and balances on a fill', () => {
    expect(liveKeys({ type: 'trade', botId: 'b1' })).toContainEqual(['bot', 'b1', 'trades']);
    expect(liveKeys({ type: 'trade', botId: 'b1' })).toContainEqual(['portfolio']);
  });

  it('ignores what it does not know', () => {
    expect(liveKeys({ type: 'something-new' })).toEqual([]);
  });
});
