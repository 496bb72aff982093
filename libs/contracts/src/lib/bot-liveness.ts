/**
 * How the gateway tells a running bot from one whose worker went quiet. Workers mark the bots
 * they hold alive in Postgres every BOT_ALIVE_MARK_MS; the gateway calls a held bot running while
 * its mark is younger than BOT_RUNNING_FRESH_MS. The margin (three marks) covers a slow
 * statement or a GC pause without flapping, and stays well under what a person notices.
 */
export const BOT_ALIVE_MARK_MS = 5_000;
export const BOT_RUNNING_FRESH_MS = 3 * BOT_ALIVE_MARK_MS;
