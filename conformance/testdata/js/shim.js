'use strict';
// Browser environment for running the unmodified tim-js-sdk@2.27.6 under Node 20.
//
// The SDK decides once, when its module is evaluated, whether it runs in a browser: it checks
// `typeof window`. Without a `window` global it thinks it is on no known platform and never opens a
// socket. So this file must be required BEFORE the SDK (see loadSDK below, which guarantees it).
//
// What is installed, and why (every item was traced to a use in tim-js.js 2.27.6):
//   window        = globalThis, with addEventListener/removeEventListener/dispatchEvent. The SDK's
//                   network monitor subscribes to the browser's "online"/"offline" events on it, and
//                   reads window.navigator.userAgent to fill the `host`/`version` URL parameters.
//   navigator     { userAgent, cookieEnabled, onLine }. Read as a bare global: storage is used only
//                 if `navigator.cookieEnabled`; the UA decides host=unknown (Linux, like the traces).
//   document      { charset, characterSet }. sendMessage measures the body with
//                 `document.charset.toLowerCase()` once `window` exists, so it must be present.
//   localStorage / sessionStorage: in-memory Storage. The SDK keeps profile/conversation caches
//                 there and iterates it with for..in + hasOwnProperty, so entries are own properties.
//   WebSocket     the `ws` package behind a loopback-only guard. The SDK sets binaryType to
//                 "arraybuffer" itself and decodes `new Uint8Array(event.data)`; ws then hands it
//                 ArrayBuffers for binary frames and strings for text frames, exactly like a browser
//                 (so a server text frame on /binfo is dropped, as in a browser).
//   XMLHttpRequest blocked: every request fails (status 0) without touching the network. With
//                 `proxyServer` set the SDK skips its error-text download, but its telemetry falls
//                 back to an HTTP POST to a Tencent host while the socket is down.
//   fetch         replaced by a loopback-only wrapper (the SDK does not use it; the driver does, for
//                 REST calls to the emulator).
//   Worker        deliberately NOT installed: with it the SDK would run its socket and timer inside
//                 Blob-URL web workers, which Node cannot load.
//
// Every network connection is checked: only 127.0.0.0/8, ::1 and localhost are allowed.
//
// The shim also records every frame each SDK instance sends and receives (decoded, COMP-inflated)
// so a failing conformance step can show exactly what went over the wire.

const util = require('util');
const zlib = require('zlib');
const fs = require('fs');
const path = require('path');
const WsWebSocket = require('ws');

const T0 = Date.now();
const DEBUG = process.env.TIM_CONF_DEBUG === '1';
const TRACE_FILE = process.env.TIM_CONF_TRACE || '';

// ---------------------------------------------------------------------------------------------
// stderr logging. The SDK logs through `console`; stdout is reserved for the driver's JSON lines.

function stderr(...args) {
  process.stderr.write(util.format(...args) + '\n');
}
const dropped = () => {};
for (const name of ['log', 'info', 'debug', 'trace', 'dir']) {
  console[name] = DEBUG ? stderr : dropped;
}
console.warn = DEBUG ? stderr : dropped;
console.error = stderr;

function debug(...args) {
  if (DEBUG) stderr('[shim]', ...args);
}

// ---------------------------------------------------------------------------------------------
// Loopback guard.

function isLoopbackHost(hostname) {
  let h = String(hostname || '').toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return false;
}

function isLoopbackURL(url) {
  try {
    return isLoopbackHost(new URL(String(url)).hostname);
  } catch (e) {
    return false;
  }
}

const blocked = []; // {kind, method?, url, t}
function noteBlocked(rec) {
  rec.t = Date.now() - T0;
  blocked.push(rec);
  traceRecord(Object.assign({ event: 'blocked' }, rec));
  debug('blocked', rec.kind, rec.method || '', rec.url);
}

// ---------------------------------------------------------------------------------------------
// Frame recorder.

const MAX_FRAMES = 20000;
const frames = []; // {n, t, inst, sock, dir, binary, compressed, servcmd, seq, frame | text | event...}
let frameCounter = 0;
let traceFd = null;
if (TRACE_FILE) {
  fs.mkdirSync(path.dirname(path.resolve(TRACE_FILE)), { recursive: true });
  traceFd = fs.openSync(TRACE_FILE, 'a');
}

function traceRecord(rec) {
  if (traceFd !== null) {
    try {
      fs.writeSync(traceFd, JSON.stringify(rec) + '\n');
    } catch (e) {
      /* ignore */
    }
  }
}

function record(rec) {
  rec.n = ++frameCounter;
  rec.t = Date.now() - T0;
  frames.push(rec);
  if (frames.length > MAX_FRAMES) frames.splice(0, frames.length - MAX_FRAMES);
  traceRecord(rec);
  return rec;
}

function decodePayload(data, isBinary) {
  // Returns {text, compressed}. Mirrors what the SDK does with a frame, for the recorder only.
  if (!isBinary) return { text: String(data), compressed: false };
  const buf = Buffer.isBuffer(data)
    ? data
    : Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
  if (buf.length >= 4 && buf.toString('latin1', 0, 4) === 'COMP') {
    try {
      return { text: zlib.inflateSync(buf.subarray(4)).toString('utf8'), compressed: true };
    } catch (e) {
      try {
        return { text: zlib.gunzipSync(buf.subarray(4)).toString('utf8'), compressed: true };
      } catch (e2) {
        return { text: '<COMP frame that does not inflate: ' + e2.message + '>', compressed: true };
      }
    }
  }
  return { text: buf.toString('utf8'), compressed: false };
}

function frameRecord(base, text) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch (e) {
    return record(Object.assign(base, { unparsable: text.slice(0, 2000) }));
  }
  const head = (frame && frame.head) || {};
  return record(
    Object.assign(base, {
      servcmd: head.servcmd,
      seq: head.seq,
      frame,
    }),
  );
}

// Instance labels: the SDK puts its per-instance `instanceid` in every socket URL. The driver sets
// `nextLabel` right before TIM.create(); the first socket with an unknown instanceid takes it.
const labelsByInstanceID = new Map();
let nextLabel = null;
let socketCounter = 0;

function labelFor(url) {
  let id = '';
  try {
    id = new URL(url).searchParams.get('instanceid') || '';
  } catch (e) {
    /* ignore */
  }
  if (!labelsByInstanceID.has(id)) {
    labelsByInstanceID.set(id, nextLabel || 'inst-' + (labelsByInstanceID.size + 1));
    nextLabel = null;
  }
  return labelsByInstanceID.get(id);
}

// ---------------------------------------------------------------------------------------------
// WebSocket (loopback only, recorded).

const openSockets = new Set();

class LoopbackWebSocket extends WsWebSocket {
  constructor(url, protocols) {
    const u = String(url);
    if (!isLoopbackURL(u)) {
      noteBlocked({ kind: 'websocket', url: u });
      // A browser throws SyntaxError for URLs it refuses; do the same so nothing is contacted.
      const err = new SyntaxError('tim-go conformance shim: WebSocket to a non-loopback URL refused: ' + u);
      err.name = 'SyntaxError';
      throw err;
    }
    super(u, protocols);
    // Browser default; the SDK switches to "arraybuffer" right after construction.
    this.binaryType = 'arraybuffer';
    const sock = ++socketCounter;
    const inst = labelFor(u);
    this._timconf = { sock, inst };
    openSockets.add(this);
    record({ inst, sock, event: 'open-request', url: u });
    debug(inst, 'sock', sock, 'connect', u);
    this.on('open', () => record({ inst, sock, event: 'open' }));
    this.on('message', (data, isBinary) => {
      const { text, compressed } = decodePayload(data, isBinary);
      frameRecord({ inst, sock, dir: 's2c', binary: !!isBinary, compressed }, text);
    });
    this.on('close', (code, reason) => {
      openSockets.delete(this);
      record({ inst, sock, event: 'close', code, reason: String(reason || '') });
      debug(inst, 'sock', sock, 'closed', code);
    });
    this.on('error', (err) => {
      record({ inst, sock, event: 'error', message: String((err && err.message) || err) });
    });
  }

  send(data, ...rest) {
    const isBinary = typeof data !== 'string';
    const { text } = decodePayload(data, isBinary);
    frameRecord({ inst: this._timconf.inst, sock: this._timconf.sock, dir: 'c2s', binary: isBinary }, text);
    return super.send(data, ...rest);
  }
}

// ---------------------------------------------------------------------------------------------
// XMLHttpRequest (always fails, never touches the network).

class BlockedXMLHttpRequest {
  constructor() {
    this.readyState = 0;
    this.status = 0;
    this.statusText = '';
    this.responseText = '';
    this.response = '';
    this.responseType = '';
    this.timeout = 0;
    this.withCredentials = false;
    this.onreadystatechange = null;
    this.onload = null;
    this.onerror = null;
    this.onabort = null;
    this.onloadend = null;
    this.ontimeout = null;
    this._method = 'GET';
    this._url = '';
    this._aborted = false;
  }
  open(method, url) {
    this._method = String(method || 'GET').toUpperCase();
    this._url = String(url);
    this.readyState = 1;
  }
  setRequestHeader() {}
  getResponseHeader() {
    return null;
  }
  getAllResponseHeaders() {
    return '';
  }
  overrideMimeType() {}
  addEventListener(type, fn) {
    this['on' + type] = fn;
  }
  removeEventListener() {}
  send() {
    noteBlocked({ kind: 'xhr', method: this._method, url: this._url });
    setTimeout(() => {
      if (this._aborted) return;
      this.readyState = 4;
      this.status = 0;
      if (typeof this.onreadystatechange === 'function') this.onreadystatechange();
      if (typeof this.onerror === 'function') this.onerror(new Error('blocked'));
      if (typeof this.onloadend === 'function') this.onloadend();
    }, 0);
  }
  abort() {
    this._aborted = true;
    this.readyState = 0;
  }
}
BlockedXMLHttpRequest.UNSENT = 0;
BlockedXMLHttpRequest.OPENED = 1;
BlockedXMLHttpRequest.HEADERS_RECEIVED = 2;
BlockedXMLHttpRequest.LOADING = 3;
BlockedXMLHttpRequest.DONE = 4;

// ---------------------------------------------------------------------------------------------
// fetch (loopback only).

const nodeFetch = globalThis.fetch;
function loopbackFetch(input, init) {
  const url = typeof input === 'string' || input instanceof URL ? String(input) : input && input.url;
  if (!isLoopbackURL(url)) {
    noteBlocked({ kind: 'fetch', method: (init && init.method) || 'GET', url: String(url) });
    return Promise.reject(new TypeError('tim-go conformance shim: fetch to a non-loopback URL refused: ' + url));
  }
  return nodeFetch(input, init);
}

// ---------------------------------------------------------------------------------------------
// Storage.

class MemoryStorage {
  get length() {
    return Object.keys(this).length;
  }
  key(i) {
    const k = Object.keys(this);
    return i >= 0 && i < k.length ? k[i] : null;
  }
  getItem(k) {
    k = String(k);
    return Object.prototype.hasOwnProperty.call(this, k) ? this[k] : null;
  }
  setItem(k, v) {
    Object.defineProperty(this, String(k), {
      value: String(v),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  removeItem(k) {
    delete this[String(k)];
  }
  clear() {
    for (const k of Object.keys(this)) delete this[k];
  }
}

// ---------------------------------------------------------------------------------------------
// Install.

function define(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: true });
}

let installed = false;
function install() {
  if (installed) return;
  installed = true;
  const windowEvents = new EventTarget();
  define('window', globalThis);
  define('addEventListener', windowEvents.addEventListener.bind(windowEvents));
  define('removeEventListener', windowEvents.removeEventListener.bind(windowEvents));
  define('dispatchEvent', windowEvents.dispatchEvent.bind(windowEvents));
  define('navigator', {
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) tim-go-conformance/1.0 Node/' + process.versions.node,
    cookieEnabled: true,
    onLine: true,
    language: 'en-US',
    platform: 'Linux x86_64',
  });
  define('document', { charset: 'UTF-8', characterSet: 'UTF-8' });
  define('localStorage', new MemoryStorage());
  define('sessionStorage', new MemoryStorage());
  define('WebSocket', LoopbackWebSocket);
  define('XMLHttpRequest', BlockedXMLHttpRequest);
  define('fetch', loopbackFetch);
}

install();

// A fresh copy of the SDK per client. TIM.create() is a singleton per SDKAppID, kept in a map local
// to the SDK module; other module-level state (host rotation, logger level, server time offset)
// lives there too. Evaluating the module again gives an independent SDK with its own map, so
// several clients of the same SDKAppID can live in one process (like several browser tabs, which
// also share one localStorage). Globals (window, storage) stay shared.
function loadSDK() {
  const resolved = require.resolve('tim-js-sdk');
  delete require.cache[resolved];
  const TIM = require(resolved);
  delete require.cache[resolved];
  return TIM;
}

function setNextLabel(label) {
  nextLabel = label;
}

function framesSince(n) {
  let i = frames.length;
  while (i > 0 && frames[i - 1].n > n) i--;
  return frames.slice(i);
}

function closeAllSockets() {
  for (const s of openSockets) {
    try {
      s.terminate();
    } catch (e) {
      /* ignore */
    }
  }
}

module.exports = {
  loadSDK,
  setNextLabel,
  loopbackFetch,
  isLoopbackURL,
  blocked,
  frames,
  framesSince,
  frameCounter: () => frameCounter,
  closeAllSockets,
  stderr,
  debug,
  DEBUG,
  T0,
};
