/** The database every `npm run db:*` script works on: DATABASE_URL, else the local default. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/trading';

export const databaseUrlFromEnv = (): string => process.env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
