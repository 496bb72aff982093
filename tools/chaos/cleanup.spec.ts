import { Cleanup } from './cleanup';

describe('Cleanup', () => {
  it('runs steps last-in-first-out, once, and goes on past a failing step', async () => {
    const order: string[] = [];
    const logged: string[] = [];
    const cleanup = new Cleanup((line) => logged.push(line));
    cleanup.add('database', async () => order.push('database'));
    cleanup.add('redis', async () => {
      throw new Error('boom');
    });
    cleanup.add('workers', async () => order.push('workers'));
    expect(cleanup.started).toBe(false);
    await Promise.all([cleanup.run(), cleanup.run()]);
    await cleanup.run();
    expect(order).toEqual(['workers', 'database']);
    expect(logged).toEqual(['cleanup: redis failed: boom']);
    expect(cleanup.started).toBe(true);
  });

  it('undoes at once what is registered after cleanup began', async () => {
    const order: string[] = [];
    const cleanup = new Cleanup();
    cleanup.add('first', async () => order.push('first'));
    const running = cleanup.run();
    cleanup.add('late', async () => order.push('late'));
    await running;
    expect(order).toEqual(['first', 'late']);
  });
});
