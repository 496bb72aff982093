import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('passes a result through', async () => {
    await expect(withTimeout(Promise.resolve(42), 100, 'late')).resolves.toBe(42);
  });

  it('rejects with the message when the promise is too slow', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withTimeout(never, 10, 'no answer within 10 ms')).rejects.toThrow(
      'no answer within 10 ms',
    );
  });
});
