/** Polls `read` every 50 ms until it returns a value; rejects after `timeoutMs`. */
export async function waitForValue<T>(
  read: () => Promise<T | null>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`no value within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
