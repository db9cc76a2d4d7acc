'use strict';
// The browser globals the unmodified tim-js-sdk@2.27.6 needs under Node, for the load harness.
//
// This is conformance/testdata/js/shim.js without its frame recorder: the recorder decodes and
// keeps every frame, which would add its own CPU and heap to the figures this process reports.
// What is installed, and why (see shim.js for the trace of each item to tim-js.js):
//   window          = globalThis with add/removeEventListener: the SDK checks `typeof window` once,
//                     when its module is evaluated, to decide it runs in a browser and may open sockets.
//   navigator       read as a bare global (userAgent, cookieEnabled).
//   document        sendMessage reads document.charset.
//   localStorage, sessionStorage: in-memory, entries as own properties (the SDK iterates for..in).
//   WebSocket       the `ws` package behind a loopback-only guard; binary frames as ArrayBuffers.
//   XMLHttpRequest  every request fails (status 0) without touching the network: telemetry only.
//   fetch           loopback only.
//   Worker          NOT installed: with it the SDK would run its socket in a Blob-URL worker.
//
// Every connection is checked: only 127.0.0.0/8, ::1 and localhost are allowed. This file must be
// required before the SDK (loadSDK guarantees it).

const util = require('util');
const WsWebSocket = require('ws');

// stdout carries the JSON lines the harness reads; the SDK's logs are dropped, errors go to stderr.
function stderr(...args) {
  process.stderr.write(util.format(...args) + '\n');
}
const dropped = () => {};
for (const name of ['log', 'info', 'debug', 'trace', 'dir', 'warn']) console[name] = dropped;
console.error = stderr;

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

let blockedCount = 0; // connections refused or requests failed on purpose

const openSockets = new Set();

class LoopbackWebSocket extends WsWebSocket {
  constructor(url, protocols) {
    const u = String(url);
    if (!isLoopbackURL(u)) {
      blockedCount++;
      // A browser throws SyntaxError for URLs it refuses; do the same so nothing is contacted.
      const err = new SyntaxError('tim-go loadtest: WebSocket to a non-loopback URL refused: ' + u);
      err.name = 'SyntaxError';
      throw err;
    }
    super(u, protocols);
    this.binaryType = 'arraybuffer'; // the browser's default is "blob"; the SDK sets this itself
    openSockets.add(this);
    this.on('close', () => openSockets.delete(this));
  }
}

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
    this._aborted = false;
  }
  open() {
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
    blockedCount++;
    setTimeout(() => {
      if (this._aborted) return;
      this.readyState = 4;
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

const nodeFetch = globalThis.fetch;
function loopbackFetch(input, init) {
  const url = typeof input === 'string' || input instanceof URL ? String(input) : input && input.url;
  if (!isLoopbackURL(url)) {
    blockedCount++;
    return Promise.reject(new TypeError('tim-go loadtest: fetch to a non-loopback URL refused: ' + url));
  }
  return nodeFetch(input, init);
}

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
    Object.defineProperty(this, String(k), { value: String(v), enumerable: true, configurable: true, writable: true });
  }
  removeItem(k) {
    delete this[String(k)];
  }
  clear() {
    for (const k of Object.keys(this)) delete this[k];
  }
}

function define(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: true });
}

const windowEvents = new EventTarget();
define('window', globalThis);
define('addEventListener', windowEvents.addEventListener.bind(windowEvents));
define('removeEventListener', windowEvents.removeEventListener.bind(windowEvents));
define('dispatchEvent', windowEvents.dispatchEvent.bind(windowEvents));
define('navigator', {
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) tim-go-loadtest/1.0 Node/' + process.versions.node,
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

// loadSDK evaluates a fresh copy of the SDK module. TIM.create() is a singleton per SDKAppID kept
// inside the module, so one evaluation per viewer is the only way to have many viewers of one
// SDKAppID in one process, as a Node harness must (a browser has one copy per tab).
function loadSDK() {
  const resolved = require.resolve('tim-js-sdk');
  delete require.cache[resolved];
  const TIM = require(resolved);
  delete require.cache[resolved];
  return TIM;
}

function closeAllSockets() {
  for (const s of openSockets) {
    try {
      s.terminate();
    } catch (e) {
      /* already closed */
    }
  }
}

module.exports = { loadSDK, isLoopbackURL, closeAllSockets, stderr, blocked: () => blockedCount };
