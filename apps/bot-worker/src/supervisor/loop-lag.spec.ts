import { LoopLag } from './loop-lag';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LoopLag', () => {
  it('reports a blocked event loop, and forgets it once the loop keeps time again', async () => {
    const lag = new LoopLag(20, 5);
    lag.start();
    try {
      await sleep(60);
      const blockedUntil = Date.now() + 300;
      while (Date.now() < blockedUntil); // the loop is stuck for 300 ms
      await sleep(30);
      expect(lag.recentMs).toBeGreaterThanOrEqual(250);
      // five prompt firings push the late one out of the window (a loaded machine may need more)
      let recovered = false;
      for (let i = 0; i < 100 && !recovered; i++) {
        await sleep(20);
        recovered = lag.recentMs < 250;
      }
      expect(recovered).toBe(true);
    } finally {
      lag.stop();
    }
  });
});
