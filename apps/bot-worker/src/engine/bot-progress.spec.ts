import type { Claim } from '@platform/persistence';
import { BotProgress } from './bot-progress';
import type { TradingRecords } from './engine-context';

/** The two records BotProgress writes, counted. */
class FakeRecords {
  reported: string[] = [];
  cleared = 0;
  reportError = async (_claim: Claim, _kind: string, reason: string) => {
    this.reported.push(reason);
  };
  clearError = async () => {
    this.cleared += 1;
  };
}

const claim = { botId: 'b1', token: '1' } as unknown as Claim;
const progressWith = (records: FakeRecords, shownError: string | null = null) =>
  new BotProgress(claim, records as unknown as TradingRecords, 'u1', 'w1', undefined, shownError);

describe('BotProgress', () => {
  it('pauses 1 s doubling to 60 s, reports a lasting error once and clears it on success', async () => {
    const records = new FakeRecords();
    const progress = progressWith(records);
    const pauses: number[] = [];
    for (let i = 0; i < 8; i++) {
      await progress.failed(new Error('bad data'), 1000);
      pauses.push(progress.retryAt - 1000);
    }
    expect(pauses).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(records.reported).toEqual(['bad data']);
    await progress.succeeded();
    expect(records.cleared).toBe(1);
    expect(progress.isFailing).toBe(false);
    await progress.succeeded();
    expect(records.cleared).toBe(1);
  });

  it("clears the error a previous owner left on the bot at this owner's first success", async () => {
    const records = new FakeRecords();
    const progress = progressWith(records, 'market-data has not shared the markets yet');
    expect(progress.isFailing).toBe(true);
    expect(progress.retryAt).toBe(0); // no pause for an inherited error
    await progress.succeeded();
    expect(records.cleared).toBe(1);
    expect(progress.isFailing).toBe(false);
  });

  it('a clear that failed is written at the next success', async () => {
    const records = new FakeRecords();
    const progress = progressWith(records, 'market-data has not shared the markets yet');
    const clearError = records.clearError;
    records.clearError = async () => {
      throw Object.assign(new Error('connection terminated'), { code: 'ECONNRESET' });
    };
    await expect(progress.succeeded()).rejects.toThrow('connection terminated');
    expect(progress.isFailing).toBe(true);
    records.clearError = clearError;
    await progress.succeeded();
    expect(records.cleared).toBe(1);
    expect(progress.isFailing).toBe(false);
  });

  it('a bot showing no error writes nothing on success', async () => {
    const records = new FakeRecords();
    await progressWith(records).succeeded();
    expect(records.cleared).toBe(0);
  });

  it('retryNow ends the pause; the next failure pauses longer still', async () => {
    const records = new FakeRecords();
    const progress = progressWith(records);
    for (let i = 0; i < 6; i++) await progress.failed(new Error('ECONNREFUSED'), 0);
    expect(progress.retryAt).toBe(32_000);
    progress.retryNow();
    expect(progress.retryAt).toBe(0);
    await progress.failed(new Error('ECONNREFUSED'), 0);
    expect(progress.retryAt).toBe(60_000);
  });
});
