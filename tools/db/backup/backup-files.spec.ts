import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupFileName, humanSize, listBackups, pruneBackups } from './backup-files';

describe('backup files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'backups-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names a backup by database and UTC time to the millisecond, sortable by name', () => {
    expect(backupFileName('trading', new Date('2026-11-26T03:04:05.678Z'))).toBe(
      'trading-20261126T030405678Z.dump',
    );
  });

  it("keeps the newest N of the database's backups and leaves every other file alone", () => {
    const times = ['2026-01-01', '2026-01-03', '2026-01-02', '2026-01-04'];
    for (const t of times) writeFileSync(join(dir, backupFileName('trading', new Date(t))), 'x');
    const others = [
      'other-20260101T000000000Z.dump', // another database's
      'trading-20260101T000000000Z.dump.partial', // a dump cut short
      'trading-notes.dump',
      'README',
    ];
    for (const name of others) writeFileSync(join(dir, name), 'x');

    const removed = pruneBackups(dir, 'trading', 2);

    expect(removed).toEqual([
      'trading-20260101T000000000Z.dump',
      'trading-20260102T000000000Z.dump',
    ]);
    expect(listBackups(dir, 'trading')).toEqual([
      'trading-20260103T000000000Z.dump',
      'trading-20260104T000000000Z.dump',
    ]);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(others));
  });

  it('prints sizes the way people read them', () => {
    expect(humanSize(999)).toBe('999 B');
    expect(humanSize(1234567)).toBe('1.2 MB');
  });
});
