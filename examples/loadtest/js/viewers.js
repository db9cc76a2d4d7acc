'use strict';
// Guest viewers of the unmodified tim-js-sdk@2.27.6 in one Node process, driven by the load
// harness (../sidebyside.go, `go run ./examples/loadtest -sidebyside`), which sends the traffic
// with Go senders and reads this process's figures.
//
//   node --expose-gc viewers.js '<config JSON>'
//
// config: {"wsURL":"ws://127.0.0.1:PORT", "sdkAppID":N, "room":"@TGS#...", "viewers":50,
//          "concurrency":16, "deadlineMs":600000}
//
// Every viewer is its own evaluation of the SDK module (env.loadSDK): TIM.create() is a singleton
// per SDKAppID inside the module. It joins the room as a guest (no login) and counts the texts the
// Go senders stamp, "lt <index> <send time, Unix ns>", in its MESSAGE_RECEIVED handler.
//
// stdout: JSON lines only. First, once every join ended: {"joined","failed","errors","join_s",
// "baseline"} (baseline: a sample taken after a GC before the first SDK copy was loaded). Then
// one line per command read on stdin:
//   sample <0|1>              {cpu_us, heap_used, rss, max_rss, others}; 1: after global.gc()
//   traffic <messages>        {"ok":true}: arms the receipt tracker for that many messages
//   drain <expected> <ms>     {"receipts"}: once the receipts reach expected, or after ms
//   result                    receipts, duplicates, silent, foreign, others, latency histogram
//   quit (or stdin closing)   destroys every instance and exits
// The process exits by itself after deadlineMs, whatever the harness does.

if (typeof global.gc !== 'function') {
  process.stderr.write('viewers.js: run with node --expose-gc (heap figures need a GC)\n');
  process.exit(2);
}
const env = require('./env'); // before any SDK copy
const readline = require('readline');

const cfg = JSON.parse(process.argv[2] || '{}');
for (const k of ['wsURL', 'sdkAppID', 'room', 'viewers']) {
  if (cfg[k] === undefined || cfg[k] === null || cfg[k] === '') {
    env.stderr('viewers.js: config lacks ' + k);
    process.exit(2);
  }
}
if (!env.isLoopbackURL(cfg.wsURL)) {
  env.stderr('viewers.js: wsURL must be a loopback address, got ' + cfg.wsURL);
  process.exit(2);
}
const N = Math.max(1, Math.min(Number(cfg.viewers) | 0, 100000));
const CONCURRENCY = Math.max(1, Number(cfg.concurrency) || 16);
const JOIN_TIMEOUT = 30000;
const DESTROY_TIMEOUT = 5000;
const MAX_ERRORS = 3;

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

const watchdog = setTimeout(() => {
  env.stderr('viewers.js: deadline reached, exiting');
  env.closeAllSockets();
  process.exit(3);
}, Number(cfg.deadlineMs) || 600000);
watchdog.unref();

// An exception thrown from a socket callback would kill Node; a browser only logs it.
let sdkExceptions = 0;
process.on('uncaughtException', (err) => {
  sdkExceptions++;
  if (sdkExceptions <= MAX_ERRORS) env.stderr('viewers.js: uncaught exception:', err && err.stack ? err.stack : err);
});
process.on('unhandledRejection', () => {});

function sample(gc) {
  if (gc) {
    global.gc();
    global.gc(); // what the first one's finalizers freed
  }
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  let others = 0;
  for (const v of viewers) others += v.others;
  return {
    cpu_us: cpu.user + cpu.system,
    heap_used: mem.heapUsed,
    external: mem.external + mem.arrayBuffers,
    rss: mem.rss,
    max_rss: process.resourceUsage().maxRSS * 1024,
    others,
  };
}

// ---------------------------------------------------------------------------------------------
// Receipts.

const { bucketOf } = require('./hist');

let track = null; // armed by "traffic"; before it everything received counts as "others"
let receipts = 0;
let foreign = 0;
let drainWait = null; // {expected, done}

function arm(msgs) {
  track = { msgs, seen: new Uint8Array(msgs * N), hist: new Map(), n: 0, sum: 0, max: 0 };
}

function onMessages(v, list) {
  const now = performance.timeOrigin + performance.now(); // ms, sub-millisecond
  for (const m of list || []) {
    const text = m && m.payload && m.payload.text;
    if (!track || typeof text !== 'string') {
      v.others++;
      continue;
    }
    const sp = text.indexOf(' ', 3);
    const idx = text.startsWith('lt ') && sp > 3 ? Number(text.slice(3, sp)) : -1;
    const ns = sp > 0 ? Number(text.slice(sp + 1)) : NaN;
    if (!Number.isInteger(idx) || idx < 0 || idx >= track.msgs || !Number.isFinite(ns)) {
      foreign++;
      continue;
    }
    const at = v.idx * track.msgs + idx;
    if (track.seen[at]) v.dups++;
    track.seen[at] = 1;
    v.receipts++;
    receipts++;
    const us = Math.max(0, (now - ns / 1e6) * 1000);
    const b = bucketOf(us);
    track.hist.set(b, (track.hist.get(b) || 0) + 1);
    track.n++;
    track.sum += Math.round(us);
    track.max = Math.max(track.max, Math.round(us));
  }
  if (drainWait && receipts >= drainWait.expected) drainWait.done();
}

// ---------------------------------------------------------------------------------------------
// Viewers.

const viewers = [];

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout after ' + ms + ' ms: ' + what)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function join(idx) {
  const TIM = env.loadSDK();
  const tim = TIM.create({ SDKAppID: Number(cfg.sdkAppID), proxyServer: String(cfg.wsURL).replace(/\/+$/, '') });
  if (!tim) throw new Error('TIM.create returned ' + tim);
  tim.setLogLevel(4); // no logs: they would be the harness's cost, not the SDK's
  const v = { idx, tim, receipts: 0, dups: 0, others: 0 };
  viewers.push(v);
  tim.on(TIM.EVENT.MESSAGE_RECEIVED, (e) => onMessages(v, e.data));
  const res = await withTimeout(tim.joinGroup({ groupID: cfg.room, type: TIM.TYPES.GRP_AVCHATROOM }), JOIN_TIMEOUT, 'joinGroup');
  const status = res && res.data && res.data.status;
  if (status !== 'JoinedSuccess') throw new Error('joinGroup status ' + status);
  v.joined = true;
}

async function joinAll() {
  const errors = [];
  let next = 0;
  let joined = 0;
  let failed = 0;
  const start = Date.now();
  async function worker() {
    while (next < N) {
      const idx = next++;
      try {
        await join(idx);
        joined++;
      } catch (e) {
        failed++;
        const msg = String((e && (e.message || e.code)) || e).slice(0, 300);
        if (errors.length < MAX_ERRORS && !errors.includes(msg)) errors.push(msg);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, N) }, worker));
  return { joined, failed, errors, join_s: (Date.now() - start) / 1000 };
}

function result() {
  let dups = 0;
  let silent = 0;
  for (const v of viewers) {
    dups += v.dups;
    if (v.joined && v.receipts === 0) silent++;
  }
  const t = track || { hist: new Map(), n: 0, sum: 0, max: 0 };
  return {
    receipts,
    duplicates: dups,
    silent,
    foreign,
    others: viewers.reduce((a, v) => a + v.others, 0),
    hist: Array.from(t.hist.entries()),
    lat_n: t.n,
    lat_sum_us: t.sum,
    lat_max_us: t.max,
    sdk_exceptions: sdkExceptions,
    blocked: env.blocked(),
  };
}

let quitting = false;
async function quit(code) {
  if (quitting) return;
  quitting = true;
  await Promise.all(
    viewers.map((v) => withTimeout(Promise.resolve(v.tim.destroy()), DESTROY_TIMEOUT, 'destroy').catch(() => {})),
  );
  env.closeAllSockets();
  process.exit(code);
}

function command(line) {
  const f = line.trim().split(/\s+/);
  switch (f[0]) {
    case 'sample':
      emit(sample(f[1] === '1'));
      return;
    case 'traffic':
      arm(Math.max(0, Number(f[1]) | 0));
      emit({ ok: true });
      return;
    case 'drain': {
      const expected = Number(f[1]) || 0;
      const ms = Math.max(0, Number(f[2]) || 0);
      if (receipts >= expected) {
        emit({ receipts });
        return;
      }
      const timer = setTimeout(() => drainWait.done(), ms);
      drainWait = {
        expected,
        done: () => {
          clearTimeout(timer);
          drainWait = null;
          emit({ receipts });
        },
      };
      return;
    }
    case 'result':
      emit(result());
      return;
    case 'quit':
      quit(0);
      return;
    default:
      emit({ error: 'unknown command ' + JSON.stringify(f[0]) });
  }
}

async function main() {
  const baseline = sample(true);
  const joins = await joinAll();
  emit(Object.assign(joins, { baseline, node: process.version }));
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', command);
  rl.on('close', () => quit(0));
}

main().catch((e) => {
  env.stderr('viewers.js:', e && e.stack ? e.stack : e);
  quit(1);
});
