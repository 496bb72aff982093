import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('runs the work once for concurrent callers with one key, again after it settled', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    const work = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 10));
    expect(
      await Promise.all([flight.run('a', work), flight.run('a', work), flight.run('a', work)]),
    ).toEqual([1, 1, 1]);
    expect(await flight.run('a', work)).toBe(2);
    expect(await Promise.all([flight.run('x', work), flight.run('y', work)])).toEqual([3, 4]);
  });

  it('shares a failure and does not cache it', async () => {
    const flight = new SingleFlight<number>();
    await expect(flight.run('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(flight.run('a', () => Promise.resolve(1))).resolves.toBe(1);
  });
});
