/**
 * The Lua scripts of the Redis frontier. Each one is a whole state transition, run
 * atomically by Redis, so no worker ever sees (or a crash ever leaves) half of one.
 *
 * Keys, all under the crawl's prefix `corio:crawl:{ID}:` (one hash tag: one slot):
 *  - `seq`            INCR counter of entry ids (insertion order)
 *  - `e:<id>`         HASH of one entry: u url, k key, h host, d depth, o ord, l label,
 *                     s state (queued|leased|ok|failed|skipped|alias), r reason, a attempts,
 *                     st status, er error, dt result data, n lease count, ls lease token,
 *                     dl/dop/res the lease, operation id and reply that completed it
 *  - `kid` / `bloom` HASH canonical key → entry id (the seen set), or the Bloom filter's
 *                     bitmap (`--dedup bloom`). A redirect's final key maps to the entry
 *                     that fetched it, so a redirect landing on a queued or leased URL
 *                     takes that entry over (state `alias`: never leased again, not
 *                     counted) instead of letting it be fetched a second time. A Bloom
 *                     filter cannot say which entry holds a key: there, a redirect
 *                     landing on a queued URL is stored as a duplicate skip and the
 *                     URL is fetched again.
 *  - `hq:<host>`      ZSET of queued ids of one host (score = id)
 *  - `hosts`          ZSET of hosts with queued ids (score = the host queue's head id)
 *  - `leases`         ZSET of leased ids (score = lease expiry, server ms)
 *  - `res:ord` / `res:seq` ZSETs of ids with a result (by ord then id / by id)
 *  - `problems`       ZSET of failed and skipped ids (by id)
 *  - `counts`         HASH queued/leased/ok/failed/skipped, kept by the scripts
 *  - `meta`           HASH of settings; `wstart`/`wseen`/`wdone` per-worker progress,
 *                     `wstate` what each worker is doing (`worker-activity.ts`)
 *  - `fetches`        LIST of the latest {@link FETCH_LOG_CAP} fetches, JSON
 *                     `[at, ms, bytes, status, attempts, state]`, pushed by `complete`
 *  - `report`         HASH of exact totals for the report: fetches, bytes, retries,
 *                     `st:<status>`, `ok:<host>` / `failed:<host>` and `url:<host>` (one URL)
 *  - `slot:<host>`    ZSET of politeness slot holders (score = expiry); `ready:<host>` ms
 *  - `op:<opId>`      the reply of a lease call, kept 10 min so a resent call replays it
 *  - `epoch`          the crawl's identity, a random string set by its first worker
 *  - `wgen`           HASH worker → script calls of that worker Redis has run
 *  - `robots:<origin>` the robots.txt answer every worker shares; `robots-lock:<origin>`
 *                     the worker fetching it
 *
 * Time comes from the server (`TIME`), so workers with skewed clocks agree on expiry.
 * Every script takes ARGV[1] = prefix, ARGV[2] = Bloom filter bits (0 = exact set),
 * ARGV[3] = the epoch the worker joined, ARGV[4] = worker id and ARGV[5] = how many of
 * its script calls the worker has seen answered; its own arguments start at ARGV[6].
 *
 * Lost or rolled-back state. Before anything else every script checks that the crawl
 * is still the one the worker joined: no `epoch`, or another one, means Redis lost the
 * crawl (restarted empty) — error `CRAWLLOST`. Then that Redis has run at least as many
 * of this worker's calls as the worker saw answered (`wgen`); fewer means Redis came
 * back from an older snapshot and forgot what this worker did since — error
 * `ROLLBACK <count>`, and the worker re-queues what it holds and carries on (see
 * `redis-frontier.ts`). A call Redis ran but whose reply was lost only makes the count
 * larger, so it never looks like a rollback.
 * @module
 */

/**
 * Fetch rows the Redis frontier keeps for the report (the latest ones; `fetches` LIST).
 * A row is ~60 bytes, so at most ~6 MiB per crawl; the totals beside them stay exact.
 */
export const FETCH_LOG_CAP = 100_000;

const PRELUDE = `
local P = ARGV[1]
local BLOOM_M = tonumber(ARGV[2])
local WORKER = ARGV[4]
do
  local epoch = redis.call('GET', P .. 'epoch')
  if epoch ~= ARGV[3] then
    if epoch then return redis.error_reply('CRAWLLOST the crawl was started again') end
    return redis.error_reply('CRAWLLOST the crawl is not in Redis')
  end
  local ran = tonumber(redis.call('HGET', P .. 'wgen', WORKER) or '0')
  if ran < tonumber(ARGV[5]) then return redis.error_reply('ROLLBACK ' .. string.format('%.0f', ran)) end
  redis.call('HINCRBY', P .. 'wgen', WORKER, 1)
end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function num(x) return string.format('%.0f', x) end
local function isnull(v) return v == nil or v == false or v == cjson.null end
local function count(field, by) if by ~= 0 then redis.call('HINCRBY', P .. 'counts', field, by) end end
local function push(id, host)
  redis.call('ZADD', P .. 'hq:' .. host, id, id)
  redis.call('ZADD', P .. 'hosts', 'LT', id, host)
end
local function fix_head(host)
  local head = redis.call('ZRANGE', P .. 'hq:' .. host, 0, 0, 'WITHSCORES')
  if #head == 0 then redis.call('ZREM', P .. 'hosts', host) else redis.call('ZADD', P .. 'hosts', head[2], host) end
end
local function seen_add(key)
  if BLOOM_M == 0 then return redis.call('SADD', P .. 'seen', key) end
  local h = redis.sha1hex(key)
  local h1 = tonumber(string.sub(h, 1, 8), 16)
  local h2 = tonumber(string.sub(h, 9, 16), 16)
  local new = 0
  for i = 0, 6 do
    if redis.call('SETBIT', P .. 'bloom', num((h1 + i * h2) % BLOOM_M), 1) == 0 then new = 1 end
  end
  return new
end
-- A new entry id for key, or nil when the key was seen.
local function claim_key(key)
  if BLOOM_M == 0 then
    if redis.call('HEXISTS', P .. 'kid', key) == 1 then return nil end
    local id = redis.call('INCR', P .. 'seq')
    redis.call('HSET', P .. 'kid', key, id)
    return id
  end
  if seen_add(key) == 0 then return nil end
  return redis.call('INCR', P .. 'seq')
end
-- How many entries add_entries recorded as skipped in this script call.
local added_skipped = 0
local function add_entries(list)
  local added = 0
  for _, e in ipairs(list) do
    local id = claim_key(e.key)
    if id then
      local ek = P .. 'e:' .. id
      redis.call('HSET', ek, 'u', e.url, 'k', e.key, 'h', e.host, 'd', e.depth)
      if not isnull(e.ord) then redis.call('HSET', ek, 'o', e.ord) end
      if not isnull(e.label) then redis.call('HSET', ek, 'l', e.label) end
      if not isnull(e.skip) then
        redis.call('HSET', ek, 's', 'skipped', 'r', e.skip)
        redis.call('ZADD', P .. 'problems', id, id)
        count('skipped', 1)
        added_skipped = added_skipped + 1
      else
        redis.call('HSET', ek, 's', 'queued')
        push(id, e.host)
        count('queued', 1)
      end
      added = added + 1
    end
  end
  return added
end
-- Give back politeness slots: a JSON array of [host, token]; returns how many were held.
local function release_slots(json)
  local n = 0
  for _, p in ipairs(cjson.decode(json)) do n = n + redis.call('ZREM', P .. 'slot:' .. p[1], p[2]) end
  return n
end
-- Put a leased entry back in its host's queue (the lease and its token are dropped).
local function requeue_leased(id, ek, host)
  redis.call('ZREM', P .. 'leases', id)
  redis.call('HSET', ek, 's', 'queued', 'ls', '')
  push(id, host)
end
-- Re-queue up to max expired leases; returns { examined, requeued }.
local function reap(now, max)
  local ids = redis.call('ZRANGEBYSCORE', P .. 'leases', '-inf', num(now), 'LIMIT', 0, max)
  local n = 0
  for _, id in ipairs(ids) do
    redis.call('ZREM', P .. 'leases', id)
    local ek = P .. 'e:' .. id
    if redis.call('HGET', ek, 's') == 'leased' then
      redis.call('HSET', ek, 's', 'queued')
      push(id, redis.call('HGET', ek, 'h'))
      n = n + 1
    end
  end
  count('leased', -n)
  count('queued', n)
  return { #ids, n }
end
`;

/** A script: its Lua source (prelude included). All take no KEYS (see the module note). */
export interface ScriptSource {
  lua: string;
}

const script = (body: string): ScriptSource => ({ lua: PRELUDE + body });

/** ARGV[6] = JSON array of NewEntry. Reply: how many were new. */
export const ADD = script(`
return add_entries(cjson.decode(ARGV[6]))
`);

/**
 * ARGV[6] limit, [7] JSON array of hosts to skip, [8] worker id, [9] lease ms, [10] op id.
 * Re-queues expired leases first, then leases the oldest queued ids of hosts not
 * skipped (a merge over per-host queues: the host whose head is oldest goes first).
 * Reply: JSON array of [id, url, key, host, depth, ord, label, token] — replayed as is
 * when the same op id comes again (a call resent after a lost connection).
 */
export const LEASE = script(`
local opk = P .. 'op:' .. ARGV[10]
local prev = redis.call('GET', opk)
if prev then return prev end
local now = now_ms()
redis.call('HSETNX', P .. 'wstart', ARGV[8], num(now))
redis.call('HSET', P .. 'wseen', ARGV[8], num(now))
reap(now, 1000)
local limit = tonumber(ARGV[6])
local skip = {}
for _, h in ipairs(cjson.decode(ARGV[7])) do skip[h] = true end
local out = {}
local hostsKey = P .. 'hosts'
while #out < limit do
  local found = nil
  local start = 0
  while found == nil do
    local batch = redis.call('ZRANGE', hostsKey, start, start + 63)
    if #batch == 0 then break end
    for _, h in ipairs(batch) do
      if not skip[h] then found = h; break end
    end
    start = start + 64
  end
  if found == nil then break end
  local popped = redis.call('ZPOPMIN', P .. 'hq:' .. found)
  fix_head(found)
  if #popped > 0 then
    local id = popped[1]
    local ek = P .. 'e:' .. id
    local token = ARGV[8] .. '#' .. redis.call('HINCRBY', ek, 'n', 1)
    redis.call('HSET', ek, 's', 'leased', 'ls', token)
    redis.call('ZADD', P .. 'leases', num(now + tonumber(ARGV[9])), id)
    local f = redis.call('HMGET', ek, 'u', 'k', 'h', 'd', 'o', 'l')
    local ord = cjson.null
    if f[5] then ord = tonumber(f[5]) end
    local label = cjson.null
    if f[6] then label = f[6] end
    out[#out + 1] = { tonumber(id), f[1], f[2], f[3], tonumber(f[4]), ord, label, token }
  end
end
count('queued', -#out)
count('leased', #out)
if #out == 0 then return '[]' end
local reply = cjson.encode(out)
redis.call('SET', opk, reply, 'PX', 600000)
return reply
`);

/**
 * ARGV[6] id, [7] lease token ('' when the caller holds none), [8] op id, [9] outcome
 * JSON, [10] discovered JSON, [11] worker id, [12] fetch rows kept (see {@link FETCH_LOG_CAP}). Reply: CompleteResult JSON (with `lost: true`
 * when another worker completed the entry after this worker's lease expired).
 *
 * Accepted while the entry is leased (by this token, or by another worker after this
 * lease expired — the first to complete wins) or queued again after this lease expired.
 * Refused ("NOTLEASED") when the caller holds no lease on it, when it was released, or
 * when this same lease already completed it — unless the op id is the one that did, in
 * which case the stored reply is returned: a resent complete changes nothing.
 */
export const COMPLETE = script(`
local FETCH_LOG_CAP = tonumber(ARGV[12])
local id = ARGV[6]
local token = ARGV[7]
local ek = P .. 'e:' .. id
local st = redis.call('HGET', ek, 's')
if not st then return redis.error_reply('NOTLEASED complete(' .. id .. '): unknown entry, not leased') end
-- A redirect of another page landed here and took the entry over: nothing to store.
if st == 'alias' then return '{"added":0,"skipped":0,"duplicate":true,"lost":true}' end
if st == 'ok' or st == 'failed' or st == 'skipped' then
  local f = redis.call('HMGET', ek, 'dop', 'dl', 'res')
  if f[1] == ARGV[8] then return f[3] end
  if token == '' or f[2] == token or not f[2] then
    return redis.error_reply('NOTLEASED complete(' .. id .. '): the entry is ' .. st .. ', not leased')
  end
  return '{"added":0,"skipped":0,"duplicate":true,"lost":true}'
end
if token == '' then return redis.error_reply('NOTLEASED complete(' .. id .. '): the entry is ' .. st .. ', not leased by this worker') end
if st == 'queued' then
  if redis.call('HGET', ek, 'ls') ~= token then
    return redis.error_reply('NOTLEASED complete(' .. id .. '): the entry is queued, not leased')
  end
  local host = redis.call('HGET', ek, 'h')
  redis.call('ZREM', P .. 'hq:' .. host, id)
  fix_head(host)
  count('queued', -1)
else
  redis.call('ZREM', P .. 'leases', id)
  count('leased', -1)
end
local o = cjson.decode(ARGV[9])
local dup = false
local landed = false
if o.state == 'ok' and not isnull(o.finalKey) and o.finalKey ~= redis.call('HGET', ek, 'k') then
  if BLOOM_M ~= 0 then
    dup = seen_add(o.finalKey) == 0
    landed = not dup
  else
    local other = redis.call('HGET', P .. 'kid', o.finalKey)
    if not other then
      redis.call('HSET', P .. 'kid', o.finalKey, id)
      landed = true
    else
      -- The landing URL has an entry: this redirect fetched it, so a queued or leased one
      -- is taken over (its holder's complete will store nothing).
      local lk = P .. 'e:' .. other
      local lst = redis.call('HGET', lk, 's')
      if lst == 'queued' then
        local lh = redis.call('HGET', lk, 'h')
        redis.call('ZREM', P .. 'hq:' .. lh, other)
        fix_head(lh)
        redis.call('HSET', lk, 's', 'alias', 'al', id)
        count('queued', -1)
        landed = true
      elseif lst == 'leased' then
        redis.call('ZREM', P .. 'leases', other)
        redis.call('HSET', lk, 's', 'alias', 'al', id)
        count('leased', -1)
        landed = true
      else
        dup = lst == 'ok' or lst == 'alias'
      end
    end
  end
end
-- The report's per-fetch data (redis-report.ts), stored with the outcome: the latest
-- FETCH_LOG_CAP fetches as rows, exact totals and per-host counts beside them.
if o.state ~= 'skipped' and not isnull(o.fetch) then
  local f = o.fetch
  local final = o.state
  if dup then final = 'skipped' end
  local status = o.status
  if status == nil then status = cjson.null end
  local rk = P .. 'report'
  redis.call('RPUSH', P .. 'fetches', cjson.encode({ f.at, f.ms, f.bytes, status, o.attempts, final }))
  redis.call('LTRIM', P .. 'fetches', -FETCH_LOG_CAP, -1)
  redis.call('HINCRBY', rk, 'fetches', 1)
  redis.call('HINCRBY', rk, 'bytes', f.bytes)
  if o.attempts > 1 then redis.call('HINCRBY', rk, 'retries', o.attempts - 1) end
  if not isnull(status) then redis.call('HINCRBY', rk, 'st:' .. num(status), 1) end
  redis.call('HSET', ek, 'fa', num(f.at))
end
if o.state ~= 'skipped' and not dup then
  local host = redis.call('HGET', ek, 'h')
  redis.call('HINCRBY', P .. 'report', o.state .. ':' .. host, 1)
  redis.call('HSETNX', P .. 'report', 'url:' .. host, redis.call('HGET', ek, 'u'))
end
-- A redirect that landed on a page already seen: stored as a skip, so ok = results.
if dup then o = { state = 'skipped', reason = 'duplicate' } end
if o.state == 'ok' then
  redis.call('HSET', ek, 's', 'ok', 'a', o.attempts, 'st', o.status)
  if not isnull(o.data) and not dup then
    redis.call('HSET', ek, 'dt', o.data)
    local ord = redis.call('HGET', ek, 'o')
    if ord then
      redis.call('ZADD', P .. 'res:ord', num(tonumber(ord) * 4294967296 + tonumber(id)), id)
    else
      redis.call('ZADD', P .. 'res:seq', id, id)
    end
  end
elseif o.state == 'failed' then
  redis.call('HSET', ek, 's', 'failed', 'r', o.reason, 'a', o.attempts)
  if not isnull(o.status) then redis.call('HSET', ek, 'st', o.status) end
  if not isnull(o.error) then redis.call('HSET', ek, 'er', o.error) end
  redis.call('ZADD', P .. 'problems', id, id)
else
  redis.call('HSET', ek, 's', 'skipped', 'r', o.reason)
  redis.call('ZADD', P .. 'problems', id, id)
end
count(o.state, 1)
local added = 0
if not dup then added = add_entries(cjson.decode(ARGV[10])) end
local reply = cjson.encode({ added = added, skipped = added_skipped, duplicate = dup, landed = landed })
redis.call('HSET', ek, 'dl', token, 'dop', ARGV[8], 'res', reply)
redis.call('HINCRBY', P .. 'wdone', ARGV[11], 1)
return reply
`);

/** ARGV[6] JSON array of [id, token]. Re-queues those still leased by that token. Reply: count. */
export const RELEASE = script(`
local n = 0
for _, p in ipairs(cjson.decode(ARGV[6])) do
  local id = num(p[1])
  local ek = P .. 'e:' .. id
  if redis.call('HGET', ek, 's') == 'leased' and redis.call('HGET', ek, 'ls') == p[2] then
    requeue_leased(id, ek, redis.call('HGET', ek, 'h'))
    n = n + 1
  end
end
count('leased', -n)
count('queued', n)
return n
`);

/**
 * After a rollback (Redis back from an older snapshot): re-queues every lease of this
 * worker (ARGV[4]) that the snapshot still has, whatever its token, and gives back its
 * politeness slots of the hosts in ARGV[6] (JSON array) — the worker has forgotten
 * them all, and waiting for them to expire would stall the crawl. Reply: leases re-queued.
 */
export const RELEASE_WORKER = script(`
local holder = WORKER .. ':'
for _, host in ipairs(cjson.decode(ARGV[6])) do
  local k = P .. 'slot:' .. host
  for _, token in ipairs(redis.call('ZRANGE', k, 0, -1)) do
    if string.sub(token, 1, #holder) == holder then redis.call('ZREM', k, token) end
  end
end
local mine = WORKER .. '#'
local n = 0
for _, id in ipairs(redis.call('ZRANGE', P .. 'leases', 0, -1)) do
  local ek = P .. 'e:' .. id
  local f = redis.call('HMGET', ek, 's', 'ls', 'h')
  if f[1] == 'leased' and f[2] and string.sub(f[2], 1, #mine) == mine then
    requeue_leased(id, ek, f[3])
    n = n + 1
  end
end
count('leased', -n)
count('queued', n)
return n
`);

/**
 * robots.txt, fetched once per crawl and origin. ARGV[6] origin, [7] lock ttl ms.
 * Reply: the stored answer (a JSON string), or `""` when this worker (ARGV[4]) now holds
 * the lock and must fetch it, or nil when another worker is fetching it —
 * ask again shortly (the lock expires if that worker dies).
 */
export const ROBOTS_GET = script(`
local v = redis.call('GET', P .. 'robots:' .. ARGV[6])
if v then return v end
local lk = P .. 'robots-lock:' .. ARGV[6]
if redis.call('SET', lk, WORKER, 'NX', 'PX', ARGV[7]) then return '' end
if redis.call('GET', lk) == WORKER then return '' end
return nil
`);

/**
 * Store an origin's robots.txt answer for every worker and drop the lock. ARGV[6] origin,
 * [7] answer JSON ('' stores nothing: the fetch failed, the next worker to ask tries),
 * [8] ttl ms. Reply: 1.
 */
export const ROBOTS_PUT = script(`
if ARGV[7] ~= '' then redis.call('SET', P .. 'robots:' .. ARGV[6], ARGV[7], 'PX', ARGV[8]) end
local lk = P .. 'robots-lock:' .. ARGV[6]
if redis.call('GET', lk) == WORKER then redis.call('DEL', lk) end
return 1
`);

/** ARGV[6] max. Re-queues expired leases. Reply: [examined, requeued]. */
export const REAP = script(`
return reap(now_ms(), tonumber(ARGV[6]))
`);

/**
 * Heartbeat. ARGV[6] lease ms, [7] JSON [id, token] pairs, [8] JSON [host, token] slot
 * pairs, [9] worker id. Extends the leases and slots still held by those tokens and
 * records that a worker (one that leased once: `status` and `export` are no workers) is
 * alive. Reply: leases extended.
 */
export const RENEW = script(`
local now = now_ms()
local ms = tonumber(ARGV[6])
local n = 0
for _, p in ipairs(cjson.decode(ARGV[7])) do
  local id = num(p[1])
  local ek = P .. 'e:' .. id
  if redis.call('HGET', ek, 's') == 'leased' and redis.call('HGET', ek, 'ls') == p[2] then
    redis.call('ZADD', P .. 'leases', 'XX', num(now + ms), id)
    n = n + 1
  end
end
for _, p in ipairs(cjson.decode(ARGV[8])) do
  local k = P .. 'slot:' .. p[1]
  if redis.call('ZSCORE', k, p[2]) then
    redis.call('ZADD', k, num(now + ms), p[2])
    redis.call('PEXPIRE', k, ms * 2)
  end
end
if redis.call('HEXISTS', P .. 'wstart', ARGV[9]) == 1 then redis.call('HSET', P .. 'wseen', ARGV[9], num(now)) end
return n
`);

/** ARGV[6] reason, [7] max. Marks up to max queued entries skipped. Reply: count. */
export const SKIP_QUEUED = script(`
local max = tonumber(ARGV[7])
local n = 0
while n < max do
  local hs = redis.call('ZRANGE', P .. 'hosts', 0, 0)
  if #hs == 0 then break end
  local host = hs[1]
  local hq = P .. 'hq:' .. host
  local ids = redis.call('ZRANGE', hq, 0, max - n - 1)
  for _, id in ipairs(ids) do
    redis.call('HSET', P .. 'e:' .. id, 's', 'skipped', 'r', ARGV[6], 'dl', '-')
    redis.call('ZADD', P .. 'problems', id, id)
  end
  if #ids > 0 then redis.call('ZREMRANGEBYRANK', hq, 0, #ids - 1) end
  fix_head(host)
  n = n + #ids
end
count('queued', -n)
count('skipped', n)
return n
`);

/**
 * Global politeness. ARGV[6] host, [7] limit, [8] delay ms, [9] holder token, [10] slot
 * ttl ms, [11] longest wait to suggest when the host is full, [12] JSON [host, token]
 * slots this worker gives back first (releases piggybacked on the next acquire, one
 * round trip instead of two). Reply: [1, 0] granted, or
 * [0, waitMs]. A slot is a member of `slot:<host>` scored by its expiry, so the slot of a
 * killed worker frees itself; `ready:<host>` is the earliest next start (delay, pause).
 */
export const ACQUIRE_SLOT = script(`
release_slots(ARGV[12])
local now = now_ms()
local k = P .. 'slot:' .. ARGV[6]
redis.call('ZREMRANGEBYSCORE', k, '-inf', num(now))
if redis.call('ZSCORE', k, ARGV[9]) then return { 1, 0 } end
if redis.call('ZCARD', k) >= tonumber(ARGV[7]) then
  local first = redis.call('ZRANGE', k, 0, 0, 'WITHSCORES')
  return { 0, math.max(1, math.min(tonumber(first[2]) - now, tonumber(ARGV[11]))) }
end
local rk = P .. 'ready:' .. ARGV[6]
local ready = tonumber(redis.call('GET', rk) or '0')
if ready > now then return { 0, ready - now } end
local ttl = tonumber(ARGV[10])
redis.call('ZADD', k, num(now + ttl), ARGV[9])
redis.call('PEXPIRE', k, ttl * 2)
local delay = tonumber(ARGV[8])
if delay > 0 then redis.call('SET', rk, num(now + delay), 'PX', num(delay)) end
return { 1, 0 }
`);

/** ARGV[6] JSON [host, token] pairs. Reply: how many of those slots were held. */
export const RELEASE_SLOT = script(`
return release_slots(ARGV[6])
`);

/** ARGV[6] host, [7] ms. No slot of the host is granted for ms (the later pause wins). */
export const PAUSE_HOST = script(`
local now = now_ms()
local rk = P .. 'ready:' .. ARGV[6]
local until_ = math.max(tonumber(redis.call('GET', rk) or '0'), now + tonumber(ARGV[7]))
if until_ > now then redis.call('SET', rk, num(until_), 'PX', num(until_ - now)) end
return until_ - now
`);

/**
 * `--max-pages` across every worker: a page (by entry id) takes one unit of the budget the
 * first time any worker starts it; a refetch after a dead worker's lease expired is free.
 * ARGV: id, max. Returns 1 when the page may start, 0 when the budget is spent.
 */
export const CLAIM_PAGE = script(`
local k = P .. 'claimed'
if redis.call('SISMEMBER', k, ARGV[6]) == 1 then return 1 end
if redis.call('SCARD', k) >= tonumber(ARGV[7]) then return 0 end
redis.call('SADD', k, ARGV[6])
return 1
`);

/**
 * A worker's activity (`worker-activity.ts`), at most once a second. ARGV[6] activity
 * JSON. Also marks the worker alive (`wseen`), as the heartbeat does. Reply: 1.
 */
export const WORKER_STATE = script(`
redis.call('HSET', P .. 'wstate', WORKER, ARGV[6])
if redis.call('HEXISTS', P .. 'wstart', WORKER) == 1 then redis.call('HSET', P .. 'wseen', WORKER, num(now_ms())) end
return 1
`);

/** Every script, by the command name it is defined under. */
export const SCRIPTS = {
  corioAdd: ADD,
  corioLease: LEASE,
  corioComplete: COMPLETE,
  corioRelease: RELEASE,
  corioReap: REAP,
  corioRenew: RENEW,
  corioSkipQueued: SKIP_QUEUED,
  corioAcquireSlot: ACQUIRE_SLOT,
  corioReleaseSlot: RELEASE_SLOT,
  corioPauseHost: PAUSE_HOST,
  corioClaimPage: CLAIM_PAGE,
  corioReleaseWorker: RELEASE_WORKER,
  corioRobotsGet: ROBOTS_GET,
  corioRobotsPut: ROBOTS_PUT,
  corioWorkerState: WORKER_STATE,
} as const;

export type ScriptName = keyof typeof SCRIPTS;
