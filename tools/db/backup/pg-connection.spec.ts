import { libpqEnv } from './pg-connection';

describe('libpqEnv', () => {
  it('host, port, database, user and password of a TCP URL, decoded', () => {
    expect(libpqEnv('postgres://bob:p%40ss@db.example:6543/trading?sslmode=require')).toEqual({
      PGHOST: 'db.example',
      PGPORT: '6543',
      PGDATABASE: 'trading',
      PGUSER: 'bob',
      PGPASSWORD: 'p@ss',
      PGSSLMODE: 'require',
    });
  });

  it('an IPv6 address without its brackets', () => {
    expect(libpqEnv('postgres://postgres@[::1]:5432/test')).toMatchObject({
      PGHOST: '::1',
      PGPORT: '5432',
    });
  });

  it('a socket directory given as ?host= (and ?port=)', () => {
    expect(libpqEnv('postgres:///test?host=/var/run/postgresql&port=5433')).toMatchObject({
      PGHOST: '/var/run/postgresql',
      PGPORT: '5433',
      PGDATABASE: 'test',
    });
  });

  it('defaults to 127.0.0.1:5432', () => {
    expect(libpqEnv('postgres:///test')).toMatchObject({
      PGHOST: '127.0.0.1',
      PGPORT: '5432',
    });
  });
});
