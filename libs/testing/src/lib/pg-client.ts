import { Client } from 'pg';

/**
 * Runs `work` on a connection of its own to `databaseUrl` and closes it, whatever happens: for
 * tests, harnesses and seeds that need a few statements and hold only a URL.
 */
export async function withPgClient<T>(
  databaseUrl: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => undefined); // a dropped connection fails the query in `work` anyway
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
