import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first truthy probe result', async () => {
    let calls = 0;
    await expect(
      waitFor('the third call', () => (++calls >= 3 ? calls : undefined), { intervalMs: 1 }),
    ).resolves.toBe(3);
  });

  it('names what it waited for, and the last error, when it gives up', async () => {
    const failing = () => {
      throw new Error('connection refused');
    };
    await expect(waitFor('the server', failing, { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(
      'timed out after 20 ms waiting for the server: connection refused',
    );
  });
});
