import { zeroCounts } from './fault-kinds';
import { PRESETS } from './options';
import { buildReport, exitCodeOf, type Measurements } from './report';

const clean: Measurements = {
  durationS: 61.26,
  faultsInjected: { ...zeroCounts(), kill_9: 2 },
  staleWritesAccepted: 0,
  staleWritesAfter: {},
  staleWritesRefusedLogged: 3,
  concurrency: { max: 1, bots: 0, example: null },
  orphans: 0,
  failoverBoundMs: 4800,
  failovers: new Map([
    ['kill_9', { faults: 2, affected: 4, moved: 4, samplesMs: [1000, 1500, 2000, 2500] }],
  ]),
  spread: 1.1,
  botsPerWorker: [10, 10, 11],
  settleTimeouts: 0,
  anomalies: [],
};
const options = { ...PRESETS.short, seed: 1, logDir: null, keepDb: false };

describe('buildReport', () => {
  it('summarizes failover per kind (every kind present) and passes a clean run', () => {
    const report = buildReport(options, clean);
    expect(report).toMatchObject({
      fencing: 'on',
      bots: 30,
      workers: 3,
      lease_ttl_ms: 1500,
      duration_s: 61.3,
      ok: true,
      violations: [],
    });
    expect(report.failover_s.kill_9).toEqual({
      faults: 2,
      affected: 4,
      moved: 4,
      p50: 1.5,
      p99: 2.5,
      max: 2.5,
    });
    expect(report.failover_s.redis_restart).toEqual({
      faults: 0,
      affected: 0,
      moved: 0,
      p50: null,
      p99: null,
      max: null,
    });
    expect(exitCodeOf(report)).toBe(0);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('fails on stale writes, concurrent owners or orphans, with fencing on', () => {
    const report = buildReport(options, {
      ...clean,
      staleWritesAccepted: 2,
      concurrency: { max: 2, bots: 1, example: { botId: 'a', tokens: [3, 4] } },
      orphans: 1,
    });
    expect(report.violations).toHaveLength(3);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('only reports them in the baseline (fencing off)', () => {
    const report = buildReport(
      { ...options, fencing: false },
      { ...clean, staleWritesAccepted: 9 },
    );
    expect(report).toMatchObject({ fencing: 'off', stale_writes_accepted: 9, ok: false });
    expect(exitCodeOf(report)).toBe(0);
  });
});
