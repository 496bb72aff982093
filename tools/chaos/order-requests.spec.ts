import { tallyOrderRequests } from './order-requests';

const entry = (ip: string, status: number | undefined, code?: number, outcome = 'ok') => ({
  ip,
  status,
  code,
  outcome,
});

describe('tallyOrderRequests', () => {
  it("counts the workers' order requests by how they ended, not the other program's", () => {
    const tally = tallyOrderRequests(
      [
        entry('127.0.0.1', 200),
        entry('127.0.0.1', 429, -1015, 'error'),
        entry('10.77.0.2', 429, -1015, 'error'),
        entry('127.0.0.1', 429, -1003, 'fault_429'),
        entry('127.0.0.1', 503, -1007, 'fault_5xx_executed'),
        entry('127.0.0.1', undefined, undefined, 'dropped'),
      ],
      ['10.77.0.2'],
    );
    expect(tally).toEqual({
      sent: 5,
      too_many_orders: 1,
      rate_limited: 1,
      faulted: { fault_429: 1, fault_5xx_executed: 1, dropped: 1 },
    });
  });
});
