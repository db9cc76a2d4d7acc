'use strict';
// The latency buckets of ../hist.go, so that the harness reads the Node viewers' percentiles as it
// reads the Go viewers': exact below 16 µs, then 16 buckets per power of two. Values are clamped
// to 32 bits of microseconds (71 minutes). ../sidebyside_test.go checks it against bucketOf.

const HIST_SUB_BITS = 4;
const HIST_SUB = 1 << HIST_SUB_BITS;

function bucketOf(us) {
  const v = Math.min(Math.max(Math.floor(us), 0), 0xffffffff) >>> 0;
  if (v < HIST_SUB) return v;
  const e = 32 - Math.clz32(v) - HIST_SUB_BITS - 1;
  return HIST_SUB + e * HIST_SUB + (v >>> e) - HIST_SUB;
}

module.exports = { bucketOf };
