// pg_dump and pg_restore get the connection as libpq environment variables, not as a URL on the
// command line: a password there would show in every `ps` listing.

/** DATABASE_URL as libpq's PG* variables (for the child's environment). */
export function libpqEnv(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  // `?host=` names a socket directory (postgres:///db?host=/var/run/postgresql), as node-postgres
  // reads it; an IPv6 address comes in brackets, which libpq does not want
  const host =
    url.searchParams.get('host') ?? decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1');
  const vars: Record<string, string> = {
    PGHOST: host || '127.0.0.1',
    PGPORT: url.searchParams.get('port') ?? (url.port || '5432'),
    PGDATABASE: databaseName(databaseUrl),
  };
  if (url.username) vars['PGUSER'] = decodeURIComponent(url.username);
  if (url.password) vars['PGPASSWORD'] = decodeURIComponent(url.password);
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode) vars['PGSSLMODE'] = sslmode;
  return vars;
}

export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  return name;
}

/** The URL with its password masked, for messages. */
export function printableUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
