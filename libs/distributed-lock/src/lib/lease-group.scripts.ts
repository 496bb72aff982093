import { createHash } from 'node:crypto';
import type { RedisClient } from '@platform/redis';

// The Lua scripts of a LeaseGroup. Each runs atomically on one Redis master; MGET reads many
// member keys in one command (in chunks: Lua's unpack takes at most ~8000 values).

/**
 * Claim. KEYS: the member key, my session key. ARGV: session id, session key prefix, session
 * TTL ms, member key TTL ms. 1: mine now; 0: held by a live session; -1: my session is gone.
 */
const CLAIM = `
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] and redis.call('EXISTS', ARGV[2] .. owner) == 1 then return 0 end
if redis.call('PEXPIRE', KEYS[2], ARGV[3]) == 0 then return -1 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
return 1`;

/**
 * Renewal. KEYS: my session key, then the member keys. ARGV: session id, session TTL ms,
 * member key TTL ms, how many of the first members also get their key's TTL refreshed.
 * -1: my session is gone; else the 0-based indexes of the members that are not mine any more.
 */
const RENEW = `
if redis.call('PEXPIRE', KEYS[1], ARGV[2]) == 0 then return -1 end
local lost = {}
local refresh = tonumber(ARGV[4])
for from = 2, #KEYS, 4000 do
  local to = math.min(from + 3999, #KEYS)
  local owners = redis.call('MGET', unpack(KEYS, from, to))
  for i = 1, #owners do
    local index = from + i - 3
    if owners[i] ~= ARGV[1] then
      lost[#lost + 1] = index
    elseif index < refresh then
      redis.call('PEXPIRE', KEYS[from + i - 1], ARGV[3])
    end
  end
end
return lost`;

/** Release. KEYS: the member key. ARGV: session id. 1 when it was mine and is deleted. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Which members are free. KEYS: member keys. ARGV: session key prefix. The 0-based indexes of
 * the members with no owner or whose owner's session has expired.
 */
const UNHELD = `
local free, alive = {}, {}
for from = 1, #KEYS, 4000 do
  local to = math.min(from + 3999, #KEYS)
  local owners = redis.call('MGET', unpack(KEYS, from, to))
  for i = 1, #owners do
    local owner = owners[i]
    local held = false
    if owner then
      if alive[owner] == nil then alive[owner] = redis.call('EXISTS', ARGV[1] .. owner) == 1 end
      held = alive[owner]
    end
    if not held then free[#free + 1] = from + i - 2 end
  end
end
return free`;

/** A script run by its SHA1; sent whole once per master (again after a Redis restart). */
class Script {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(client: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await client.call('EVALSHA', [this.sha, keys.length, ...keys, ...args]);
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      return client.call('EVAL', [this.lua, keys.length, ...keys, ...args]);
    }
  }
}

export const leaseGroupScripts = {
  claim: new Script(CLAIM),
  renew: new Script(RENEW),
  release: new Script(RELEASE),
  unheld: new Script(UNHELD),
};
