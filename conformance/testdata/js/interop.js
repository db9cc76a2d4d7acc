'use strict';
// Interop peer: the unmodified tim-js-sdk@2.27.6, remote-controlled by conformance/interop_test.go
// so that Go and JS clients can share one room on a tim-go emulator.
//
//   node interop.js <config.json>        config: {"wsURL":"ws://127.0.0.1:PORT", "sdkAppID":N}
//
// stdin:  one JSON command per line, {"id":N, "op":..., "client":label, ...}:
//           create {client}                              a fresh SDK instance (a copy of the module)
//           login {client, userID, userSig}              resolves after SDK_READY
//           updateMyProfile {client, nick, avatar}
//           joinGroup {client, groupID}                  as a user, or as a guest before login
//           quitGroup {client, groupID}
//           send {client, groupID, kind: "text"|"custom", priority, text | custom:{data,description,extension}}
//           exit                                         destroys every instance and exits 0
// stdout: one JSON line per command reply {"id":N, "ok":bool, "data"|"error"} and one per SDK event
//         {"event":name, "client":label, "data"}; a received message is {"event":"message", ...}
//         with the fields the Go test compares (see summarize); GROUP_LIST_UPDATED is
//         {"event":"groupList", "client":label, "data":[groupID…]}.
// stderr: diagnostics (TIM_CONF_DEBUG=1 makes the SDK and the shim verbose).

const fs = require('fs');
const readline = require('readline');
const shim = require('./shim'); // must come before any use of the SDK
const { plain, summarizeMessage: summarize } = require('./message');

if (process.argv.length < 3) {
  shim.stderr('usage: node interop.js <config.json>');
  process.exit(2);
}
const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
if (!shim.isLoopbackURL(cfg.wsURL)) {
  shim.stderr('config: wsURL must point at loopback, got ' + cfg.wsURL);
  process.exit(2);
}
const PROXY = String(cfg.wsURL).replace(/\/+$/, '');
const SDKAPPID = Number(cfg.sdkAppID);
const READY_TIMEOUT = 10000;

// Every line carries t, ms since the peer started, to order it against the others.
function emit(obj) {
  obj.t = Date.now() - shim.T0;
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// A browser only logs exceptions thrown in SDK callbacks; report them instead of dying.
process.on('uncaughtException', (err) => {
  emit({ event: 'exception', data: { message: String((err && err.message) || err) } });
  shim.stderr('uncaught exception:', err && err.stack ? err.stack : err);
});
process.on('unhandledRejection', (err) => shim.debug('unhandled rejection:', err && err.stack ? err.stack : err));


const clients = new Map(); // label -> {TIM, tim, ready}

function create(label) {
  if (clients.has(label)) throw new Error('client exists: ' + label);
  const TIM = shim.loadSDK();
  shim.setNextLabel(label);
  const tim = TIM.create({ SDKAppID: SDKAPPID, proxyServer: PROXY });
  tim.setLogLevel(shim.DEBUG ? 0 : 4);
  const c = { TIM, tim, readyWaiters: [] };
  const E = TIM.EVENT;
  const on = (name, ev, fn) => tim.on(ev, (e) => emit({ event: name, client: label, data: fn ? fn(e) : undefined }));
  tim.on(E.SDK_READY, () => {
    emit({ event: 'ready', client: label });
    for (const w of c.readyWaiters.splice(0)) w();
  });
  on('notReady', E.SDK_NOT_READY);
  on('kickedOut', E.KICKED_OUT, (e) => plain(e.data));
  on('netState', E.NET_STATE_CHANGE, (e) => plain(e.data));
  on('error', E.ERROR, (e) => plain(e.data));
  on('groupList', E.GROUP_LIST_UPDATED, (e) => (e.data || []).map((g) => g.groupID));
  tim.on(E.MESSAGE_RECEIVED, (e) => {
    for (const m of e.data || []) emit({ event: 'message', client: label, data: summarize(m) });
  });
  clients.set(label, c);
  return {};
}

function client(label) {
  const c = clients.get(label);
  if (!c) throw new Error('no client ' + label);
  return c;
}

async function login(c, userID, userSig) {
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no SDK_READY within ' + READY_TIMEOUT + ' ms')), READY_TIMEOUT);
    c.readyWaiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  const res = await c.tim.login({ userID, userSig });
  await ready;
  return plain(res.data);
}

async function send(c, cmd) {
  const base = { to: cmd.groupID, conversationType: c.TIM.TYPES.CONV_GROUP, priority: cmd.priority };
  let msg;
  if (cmd.kind === 'text') msg = c.tim.createTextMessage(Object.assign(base, { payload: { text: cmd.text } }));
  else if (cmd.kind === 'custom') msg = c.tim.createCustomMessage(Object.assign(base, { payload: cmd.custom }));
  else throw new Error('unknown kind ' + cmd.kind);
  const created = summarize(msg);
  const res = await c.tim.sendMessage(msg);
  return { created, sent: summarize(res.data.message) };
}

async function run(cmd) {
  switch (cmd.op) {
    case 'create':
      return create(cmd.client);
    case 'login':
      return login(client(cmd.client), cmd.userID, cmd.userSig);
    case 'updateMyProfile': {
      const res = await client(cmd.client).tim.updateMyProfile({ nick: cmd.nick, avatar: cmd.avatar });
      return { nick: res.data.nick, avatar: res.data.avatar };
    }
    case 'joinGroup': {
      const c = client(cmd.client);
      const res = await c.tim.joinGroup({ groupID: cmd.groupID, type: c.TIM.TYPES.GRP_AVCHATROOM });
      return { status: res.data.status };
    }
    case 'quitGroup':
      await client(cmd.client).tim.quitGroup(cmd.groupID);
      return {};
    case 'send':
      return send(client(cmd.client), cmd);
    case 'exit':
      await shutdown(0);
      return {};
  }
  throw new Error('unknown op ' + cmd.op);
}

function errJSON(e) {
  const o = { message: String((e && e.message) || e) };
  if (e && e.code !== undefined) o.code = e.code;
  return o;
}

async function shutdown(code) {
  await Promise.all(
    [...clients.values()].map((c) =>
      Promise.race([Promise.resolve(c.tim.destroy()).catch(() => {}), new Promise((r) => setTimeout(r, 3000))]),
    ),
  );
  shim.closeAllSockets();
  process.exit(code);
}

// Commands run one after another in arrival order, so the Go side may pipeline them.
let queue = Promise.resolve();
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (text) => {
  if (!text.trim()) return;
  let cmd;
  try {
    cmd = JSON.parse(text);
  } catch (e) {
    emit({ event: 'badCommand', data: { text: text.slice(0, 200) } });
    return;
  }
  queue = queue.then(async () => {
    try {
      emit({ id: cmd.id, ok: true, data: await run(cmd) });
    } catch (e) {
      emit({ id: cmd.id, ok: false, error: errJSON(e) });
    }
  });
});
// The Go test closing stdin (or dying) ends the peer.
rl.on('close', () => queue.then(() => shutdown(0)));
