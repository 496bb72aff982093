import {
  type ClaimRecord,
  concurrentOwners,
  countByPrecedingFault,
  failovers,
  type FaultRecord,
  spreadOf,
  type TokenInterval,
} from './history';

const interval = (
  botId: string,
  token: number,
  firstUs: number,
  lastUs: number,
): TokenInterval => ({
  botId,
  token,
  firstUs,
  lastUs,
  count: 1,
});
const claim = (botId: string, token: number, workerId: string, atUs: number): ClaimRecord => ({
  botId,
  token,
  workerId,
  atUs,
});

describe('concurrentOwners', () => {
  it('is 1 when each token wrote only after the previous one stopped', () => {
    expect(
      concurrentOwners([
        interval('a', 1, 0, 100),
        interval('a', 2, 101, 200),
        interval('b', 1, 50, 150),
      ]),
    ).toEqual({ max: 1, bots: 0, example: null });
  });

  it('counts tokens of one bot whose heartbeat spans overlap, and names the worst bot', () => {
    const result = concurrentOwners([
      interval('a', 1, 0, 100),
      interval('a', 2, 90, 200), // overlaps token 1
      interval('b', 1, 0, 300),
      interval('b', 2, 100, 150),
      interval('b', 3, 120, 400), // 1, 2 and 3 all write around 120..150
    ]);
    expect(result).toEqual({ max: 3, bots: 2, example: { botId: 'b', tokens: [1, 2, 3] } });
  });

  it('treats touching ends as overlapping (two owners wrote in the same microsecond)', () => {
    expect(concurrentOwners([interval('a', 1, 0, 100), interval('a', 2, 100, 200)]).max).toBe(2);
  });

  it('does not mix bots, and is 0 without any heartbeat', () => {
    expect(concurrentOwners([interval('a', 1, 0, 100), interval('b', 7, 0, 100)]).max).toBe(1);
    expect(concurrentOwners([]).max).toBe(0);
  });
});

describe('failovers', () => {
  const claims = [
    claim('a', 1, 'w1', 0),
    claim('b', 1, 'w1', 0),
    claim('c', 1, 'w2', 0),
    claim('a', 2, 'w2', 2_000_000),
    claim('b', 2, 'w3', 2_500_000),
  ];
  const intervals = [
    interval('a', 1, 100, 900_000),
    interval('a', 2, 2_100_000, 9_000_000),
    interval('b', 1, 100, 900_000),
    interval('b', 2, 2_600_000, 9_000_000),
    interval('c', 1, 100, 9_000_000),
  ];

  it('measures fault -> first heartbeat under a newer token, per bot the faulted worker held', () => {
    const faults: FaultRecord[] = [
      { kind: 'kill_9', atUs: 1_000_000, workerId: 'w1', bots: ['a', 'b'] },
    ];
    expect(failovers(faults, claims, intervals).get('kill_9')).toEqual({
      faults: 1,
      affected: 2,
      moved: 2,
      samplesMs: [1100, 1600],
    });
  });

  it('counts bots that kept their token as affected, not moved', () => {
    const faults: FaultRecord[] = [
      { kind: 'stop_0.5x', atUs: 1_000_000, workerId: 'w2', bots: ['c'] },
    ];
    expect(failovers(faults, claims, intervals).get('stop_0.5x')).toEqual({
      faults: 1,
      affected: 1,
      moved: 0,
      samplesMs: [],
    });
  });

  it('skips a bot whose latest claim before the fault was by another worker (it had moved)', () => {
    const faults: FaultRecord[] = [
      { kind: 'sigterm', atUs: 1_000_000, workerId: 'w2', bots: ['a'] },
    ];
    expect(failovers(faults, claims, intervals).get('sigterm')?.affected).toBe(0);
  });

  it('takes every holder for a cluster-wide fault (Redis restart)', () => {
    const faults: FaultRecord[] = [
      { kind: 'redis_restart', atUs: 1_500_000, workerId: null, bots: ['a', 'b', 'c'] },
    ];
    expect(failovers(faults, claims, intervals).get('redis_restart')).toMatchObject({
      affected: 3,
      moved: 2,
      samplesMs: [600, 1100],
    });
  });

  it('leaves a move after the next fault to that fault', () => {
    const faults: FaultRecord[] = [
      { kind: 'stop_0.5x', atUs: 1_000_000, workerId: 'w1', bots: ['a', 'b'] },
      { kind: 'redis_restart', atUs: 2_050_000, workerId: null, bots: ['a', 'b', 'c'] },
    ];
    const result = failovers(faults, claims, intervals);
    // a moved at 2.1 s, after the Redis restart at 2.05 s: not the freeze's doing.
    expect(result.get('stop_0.5x')).toMatchObject({ affected: 2, moved: 0 });
    // a's token at the restart is 2 (claimed at 2.0 s): nothing newer; b moved 0.55 s later.
    expect(result.get('redis_restart')).toMatchObject({ affected: 3, moved: 1, samplesMs: [550] });
  });
});

describe('spreadOf', () => {
  it('is max/min bots per worker, null when a worker has none', () => {
    expect(spreadOf([10, 10, 10])).toBe(1);
    expect(spreadOf([9, 10, 11])).toBe(1.22);
    expect(spreadOf([0, 15, 15])).toBeNull();
    expect(spreadOf([])).toBeNull();
  });
});

describe('countByPrecedingFault', () => {
  it('attributes each event to the latest fault at or before it', () => {
    const faults = [
      { kind: 'redis_restart' as const, atUs: 100 },
      { kind: 'stop_2x' as const, atUs: 200 },
    ];
    expect(countByPrecedingFault([50, 100, 150, 250, 300], faults)).toEqual({
      before_faults: 1,
      redis_restart: 2,
      stop_2x: 2,
    });
  });
});
