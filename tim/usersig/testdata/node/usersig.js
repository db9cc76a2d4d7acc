'use strict';
// Interop helper for the Go tests of tim/usersig.
//
// Usage: node usersig.js '<request JSON>'   or   echo '<request JSON>' | node usersig.js
//
// The request is {"ops": [op, ...]}; the reply, printed on stdout, is
// {"results": [result, ...]} with one result per op, in order:
//
//   {"op":"gen", "sdkappid":N, "key":S, "identifier":S, "expire":N,
//    "time":N?, "ms":N?, "userbuf":B64?}
//       Runs Api#genSig(identifier, expire[, userbuf]) of tls-sig-api-v2.
//       With "time" (Unix seconds, plus "ms" milliseconds), Date.now is
//       stubbed so the package reads that clock; without it the real clock
//       is used. Result: {"sig", "json" (inflated document), "doc" (parsed),
//       "tlsSig" (doc["TLS.sig"])}.
//   {"op":"privmap", "sdkappid", "key", "identifier", "expire", "time", "ms"?,
//    "roomid":N, "privilege":N}
//       Runs Api#genPrivateMapKey (a sig carrying TLS.userbuf); same result.
//   {"op":"check", "sdkappid", "key", "sig"}
//       Decodes sig with Node's zlib and recomputes TLS.sig over the decoded
//       fields with the package's own HMAC routine. Result: {"json", "doc",
//       "tlsSig", "expected", "ok"}.
//
// Any failure prints {"error": message} and exits 1.

const fs = require('fs');
const zlib = require('zlib');
const TLSSigAPIv2 = require('tls-sig-api-v2');

function decode(sig) {
  const b64 = sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  const json = zlib.inflateSync(Buffer.from(b64, 'base64')).toString('utf8');
  const doc = JSON.parse(json);
  return { json, doc, tlsSig: doc['TLS.sig'] };
}

function withClock(op, fn) {
  if (op.time === undefined || op.time === null) {
    return fn();
  }
  const realNow = Date.now;
  Date.now = () => op.time * 1000 + (op.ms || 0);
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}

function run(op) {
  const api = new TLSSigAPIv2.Api(op.sdkappid, op.key);
  switch (op.op) {
    case 'gen': {
      const userBuf = op.userbuf === undefined || op.userbuf === null
        ? null : Buffer.from(op.userbuf, 'base64');
      const sig = withClock(op, () => userBuf === null
        ? api.genSig(op.identifier, op.expire)
        : api.genSig(op.identifier, op.expire, userBuf));
      return Object.assign({ sig }, decode(sig));
    }
    case 'privmap': {
      const sig = withClock(op, () =>
        api.genPrivateMapKey(op.identifier, op.expire, op.roomid, op.privilege));
      return Object.assign({ sig }, decode(sig));
    }
    case 'check': {
      const d = decode(op.sig);
      const userbuf = d.doc['TLS.userbuf'] === undefined ? null : d.doc['TLS.userbuf'];
      const expected = api._hmacsha256(d.doc['TLS.identifier'], d.doc['TLS.time'],
        d.doc['TLS.expire'], userbuf);
      return Object.assign({ expected, ok: expected === d.tlsSig }, d);
    }
    default:
      throw new Error('unknown op ' + JSON.stringify(op.op));
  }
}

try {
  const input = process.argv.length > 2 ? process.argv[2] : fs.readFileSync(0, 'utf8');
  const req = JSON.parse(input);
  const results = (req.ops || []).map(run);
  process.stdout.write(JSON.stringify({ results }) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ error: String(e && e.stack || e) }) + '\n');
  process.exitCode = 1;
}
