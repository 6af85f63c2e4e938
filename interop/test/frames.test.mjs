// Unit tests of the contract helpers (no browser, no network): node --test interop/test/
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { ReceiveStats, checkFrame, makeFrame, percentile } from '../js/lib/frames.mjs';
import { decodeToken, mintToken } from '../js/lib/token.mjs';

test('frame layout: big-endian index, then (i*31 + k*7) & 0xff', () => {
  const f = makeFrame(0x01020304, 10);
  assert.deepEqual([...f.subarray(0, 4)], [1, 2, 3, 4]);
  for (let k = 4; k < 10; k++) assert.equal(f[k], (0x01020304 * 31 + k * 7) & 0xff);
  const g = makeFrame(7, 8);
  assert.deepEqual([...g], [0, 0, 0, 7, (217 + 28) & 0xff, (217 + 35) & 0xff, (217 + 42) & 0xff, (217 + 49) & 0xff]);
});

test('checkFrame accepts valid frames and rejects corruption, wrong size and out-of-range index', () => {
  const f = makeFrame(5, 100);
  assert.equal(checkFrame(f, 100, 10), 5);
  assert.equal(checkFrame(f, 101, 10), -1);
  assert.equal(checkFrame(f, 100, 5), -1);
  const bad = Uint8Array.from(f);
  bad[99] ^= 1;
  assert.equal(checkFrame(bad, 100, 10), -1);
  assert.equal(checkFrame(makeFrame(0, 4), 4, 1), 0);
});

test('ReceiveStats counts lost, duplicates, out-of-order, corrupted, missing timestamps, latency', () => {
  const st = new ReceiveStats(5, 16);
  st.add(makeFrame(0, 16), 1000n, 1002);
  st.add(makeFrame(2, 16), 1000n, 1005);
  st.add(makeFrame(1, 16), undefined, 1006);
  st.add(makeFrame(2, 16), 1000n, 1007);
  st.add(new Uint8Array(16), 1000n, 1008); // index 0 with zero bytes → corrupted
  const r = st.report();
  assert.equal(r.framesReceived, 5);
  assert.equal(r.lost, 2); // 3 and 4
  assert.equal(r.duplicates, 1);
  assert.equal(r.outOfOrder, 1);
  assert.equal(r.corrupted, 1);
  assert.equal(r.userTimestampMissing, 1);
  assert.deepEqual(r.latencyMs, { p50: 2, p99: 5, max: 5 });
  assert.equal(st.done(), false);
});

test('percentile uses nearest rank', () => {
  const v = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(v, 50), 50);
  assert.equal(percentile(v, 99), 99);
  assert.equal(percentile([], 50), null);
});

test('mintToken produces an HS256 JWT with LiveKit claims', () => {
  const jwt = mintToken({ apiKey: 'devkey', apiSecret: 'secret', identity: 'alice', room: 'r', nowSeconds: 1000 });
  const [h, p, sig] = jwt.split('.');
  assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url')), { alg: 'HS256', typ: 'JWT' });
  assert.equal(sig, createHmac('sha256', 'secret').update(`${h}.${p}`).digest('base64url'));
  const c = decodeToken(jwt);
  assert.equal(c.iss, 'devkey');
  assert.equal(c.sub, 'alice');
  assert.equal(c.nbf, 1000);
  assert.equal(c.exp, 4600);
  assert.deepEqual(c.video, { room: 'r', roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
});

test('mintToken grants: explicit false, and null leaves the key out', () => {
  const c = decodeToken(mintToken({ apiKey: 'k', apiSecret: 's', identity: 'a', room: 'r', canPublish: true, canPublishData: false }));
  assert.deepEqual(c.video, { room: 'r', roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: false });
  const d = decodeToken(mintToken({ apiKey: 'k', apiSecret: 's', identity: 'a', room: 'r', canPublish: false, canPublishData: null }));
  assert.deepEqual(d.video, { room: 'r', roomJoin: true, canPublish: false, canSubscribe: true });
});
