import { msUntilNextWrite } from './equity-snapshots';

describe('msUntilNextWrite', () => {
  it("waits for the next minute of Postgres' clock, then the worker's phase", () => {
    expect(msUntilNextWrite(new Date('2026-03-02T10:00:05.000Z'), 3000)).toBe(58_000);
    expect(msUntilNextWrite(new Date('2026-03-02T10:00:59.900Z'), 3000)).toBe(3100);
  });

  it('never writes the same minute twice when the last write ended right on the minute', () => {
    expect(msUntilNextWrite(new Date('2026-03-02T10:01:00.000Z'), 1000)).toBe(61_000);
  });
});
