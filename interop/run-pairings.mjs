#!/usr/bin/env node
// Interop orchestrator: starts a LiveKit server (the reference Go livekit-server, or any command,
// e.g. our Java SFU), runs publisher/subscriber peer pairings through it, judges the reports and
// writes out/summary.json. Must run inside the test network namespace:
//
//   interop/scripts/run-in-netns.sh -- node interop/run-pairings.mjs --server livekit --pairings js-js
//
// Options (all optional):
//   --server livekit | cmd:"<shell command>"   default livekit (livekit-server --dev, built by
//                                              scripts/install-livekit-server.sh or $LIVEKIT_SERVER_BIN)
//   --url ws://HOST:PORT                       default ws://$LDT_SERVER_IP:7880 (10.201.0.1)
//   --api-key K --api-secret S                 default devkey / secret (livekit-server --dev keys)
//   --pairings A-B[,C-D...]                    publisher sdk - subscriber sdk; sdks: js, rust, java. default js-js
//   --scenarios small,large[,NAME:FRAMES:SIZE:FPS]   default small,large
//   --v0                                       dual-PeerConnection signalling (/rtc) instead of v1
//   --e2ee                                     shared-passphrase E2EE
//   --variants v1,v0,v1+e2ee,v0+e2ee           run several variants against one server start
//                                              (overrides --v0/--e2ee). Negative check:
//                                              v1+e2ee-wrongkey / v0+e2ee-wrongkey = the subscriber
//                                              uses another passphrase; passes iff every frame
//                                              arrived and failed decryption and none was delivered
//   --passphrase P                             E2EE passphrase (default ldt-interop-passphrase)
//   --out DIR                                  default interop/out
//   --server-ready-timeout-ms MS               default 60000
// Exit code: 0 iff every pairing passed; 1 if any failed; 2 on usage/setup errors.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mintToken } from './js/lib/token.mjs';
import { PEERS, notInNamespace, parseServerSpec, sleep, startPeer, startServer, stopAll, stopAllOnSignals, stopChild } from './lib/procs.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SCENARIOS = {
  small: { frames: 1000, size: 1024, fps: 100 },
  large: { frames: 200, size: 60000, fps: 25 },
};

const { values: opt } = parseArgs({
  options: {
    server: { type: 'string', default: 'livekit' },
    url: { type: 'string' },
    'api-key': { type: 'string', default: 'devkey' },
    'api-secret': { type: 'string', default: 'secret' },
    pairings: { type: 'string', default: 'js-js' },
    scenarios: { type: 'string', default: 'small,large' },
    v0: { type: 'boolean', default: false },
    e2ee: { type: 'boolean', default: false },
    variants: { type: 'string' },
    passphrase: { type: 'string', default: 'ldt-interop-passphrase' },
    out: { type: 'string', default: join(HERE, 'out') },
    'server-ready-timeout-ms': { type: 'string', default: '60000' },
    // A pairing whose only failure is lost frames (the data-track channel is lossy by design and
    // a loaded machine drops UDP) may be run again up to this many times; corrupted, duplicated or
    // misordered frames are never retried. Retries are reported in the table and the summary.
    'loss-retries': { type: 'string', default: '0' },
  },
  strict: true,
});

const runStart = Date.now();
const log = (...a) => console.error(`[pairings +${((Date.now() - runStart) / 1000).toFixed(1)}s]`, ...a);
function usage(msg) {
  console.error(`run-pairings: ${msg}`);
  process.exit(2);
}

// ---- configuration -------------------------------------------------------------------------
const serverIp = process.env.LDT_SERVER_IP ?? '10.201.0.1';
const url = opt.url ?? `ws://${serverIp}:7880`;
let urlHost;
try {
  const u = new URL(url);
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new Error('scheme must be ws or wss');
  urlHost = u.hostname;
} catch (e) {
  usage(`bad --url ${url}: ${e.message}`);
}

const pairings = opt.pairings.split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
  const m = /^([a-z]+)-([a-z]+)$/.exec(p);
  if (!m || !PEERS[m[1]] || !PEERS[m[2]]) usage(`bad pairing "${p}" (expected PUB-SUB with sdks ${Object.keys(PEERS).join(', ')})`);
  return { name: p, pub: m[1], sub: m[2] };
});

const scenarios = opt.scenarios.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
  if (SCENARIOS[s]) return { name: s, ...SCENARIOS[s] };
  const m = /^([a-z0-9_]+):(\d+):(\d+):(\d+(?:\.\d+)?)$/i.exec(s);
  if (!m) usage(`bad scenario "${s}" (small, large or NAME:FRAMES:SIZE:FPS)`);
  return { name: m[1], frames: +m[2], size: +m[3], fps: +m[4] };
});

const variants = (opt.variants ?? `${opt.v0 ? 'v0' : 'v1'}${opt.e2ee ? '+e2ee' : ''}`)
  .split(',').map((v) => v.trim()).filter(Boolean).map((v) => {
    const m = /^(v0|v1)(\+e2ee(-wrongkey)?)?$/.exec(v);
    if (!m) usage(`bad variant "${v}" (v1, v0, v1+e2ee, v0+e2ee, v1+e2ee-wrongkey, v0+e2ee-wrongkey)`);
    return { name: v, v0: m[1] === 'v0', e2ee: !!m[2], wrongKey: !!m[3] };
  });

const serverSpec = parseServerSpec(opt.server);
if (!serverSpec) usage(`bad --server "${opt.server}" (livekit or cmd:"<command>")`);

// The peers' WebRTC needs the server's address on a non-loopback interface of this namespace.
const outside = notInNamespace(urlHost, 'run-pairings.mjs');
if (outside) usage(outside);

const outDir = resolve(opt.out);
const logDir = join(outDir, 'logs');
mkdirSync(logDir, { recursive: true });

stopAllOnSignals(log);

function judge({ sc, pubExit, subExit, pubReport, subReport }) {
  const f = [];
  if (!pubReport) f.push('publisher: no report');
  if (!subReport) f.push('subscriber: no report');
  if (pubExit?.code !== 0) f.push(`publisher: exit ${pubExit?.code ?? pubExit?.signal}`);
  if (subExit?.code !== 0) f.push(`subscriber: exit ${subExit?.code ?? subExit?.signal}`);
  if (pubReport) {
    if (pubReport.framesSent !== sc.frames) f.push(`publisher: framesSent ${pubReport.framesSent} != ${sc.frames}`);
    if (pubReport.pushFailed) f.push(`publisher: pushFailed ${pubReport.pushFailed}`);
    if (pubReport.errors?.length) f.push(`publisher errors: ${pubReport.errors.join(' | ')}`);
  }
  if (subReport) {
    for (const k of ['corrupted', 'lost', 'duplicates', 'userTimestampMissing']) {
      if (subReport[k] !== 0) f.push(`subscriber: ${k} ${subReport[k]}`);
    }
    if (!(subReport.framesReceived >= sc.frames)) f.push(`subscriber: framesReceived ${subReport.framesReceived} < ${sc.frames}`);
    if (subReport.errors?.length) f.push(`subscriber errors: ${subReport.errors.join(' | ')}`);
  }
  return f;
}

/** Negative E2EE check: with a wrong key every frame must arrive and fail decryption, none delivered. */
function judgeWrongKey({ sc, pubExit, subExit, pubReport, subReport }) {
  const f = [];
  if (!pubReport) f.push('publisher: no report');
  if (!subReport) f.push('subscriber: no report');
  if (pubExit?.code !== 0) f.push(`publisher: exit ${pubExit?.code ?? pubExit?.signal}`);
  if (subExit?.code !== 0) f.push(`subscriber: exit ${subExit?.code ?? subExit?.signal}`);
  if (pubReport) {
    if (pubReport.framesSent !== sc.frames) f.push(`publisher: framesSent ${pubReport.framesSent} != ${sc.frames}`);
    if (pubReport.pushFailed) f.push(`publisher: pushFailed ${pubReport.pushFailed}`);
  }
  if (subReport) {
    if (subReport.framesReceived !== 0) f.push(`subscriber: ${subReport.framesReceived} frames delivered despite the wrong key`);
    if (typeof subReport.decryptFailed !== 'number') f.push('subscriber: reports no decryptFailed count');
    else if (subReport.decryptFailed !== sc.frames) f.push(`subscriber: decryptFailed ${subReport.decryptFailed} != ${sc.frames} (frames must arrive and fail)`);
  }
  return f;
}

let testCounter = 0;
async function runOne({ variant, pairing, sc, server }) {
  const n = ++testCounter;
  const id = `${String(n).padStart(2, '0')}-${variant.name.replace('+', '-')}-${pairing.name}-${sc.name}`;
  const room = `ldt-${id}-${Date.now().toString(36)}`;
  const pubId = `pub-${pairing.pub}-${n}`;
  const subId = `sub-${pairing.sub}-${n}`;
  const track = `ldt-${sc.name}`;
  const started = Date.now();
  const token = (identity) => mintToken({ apiKey: opt['api-key'], apiSecret: opt['api-secret'], identity, room });
  const common = ['--url', url, '--track', track, '--frames', String(sc.frames), '--size', String(sc.size), '--fps', String(sc.fps)];
  if (variant.v0) common.push('--v0');
  const pubArgs = [...common];
  const subArgs = [...common];
  if (variant.e2ee) {
    pubArgs.push('--e2ee-passphrase', opt.passphrase);
    subArgs.push('--e2ee-passphrase', variant.wrongKey ? `${opt.passphrase}-wrong` : opt.passphrase);
  }
  // Nothing is ever delivered with a wrong key: end the subscriber shortly after the stream.
  if (variant.wrongKey) subArgs.push('--timeout-ms', String(Math.ceil((sc.frames / sc.fps) * 1000) + 8000));
  const result = { id, variant: variant.name, pairing: pairing.name, scenario: sc.name, ...sc, room, pass: false, failures: [] };
  log(`[${id}] ${pairing.pub} -> ${pairing.sub}, ${sc.frames} x ${sc.size} B @ ${sc.fps} fps, ${variant.name}`);

  let pub = null;
  let sub = null;
  try {
    for (const sdk of [pairing.pub, pairing.sub]) {
      if (!existsSync(PEERS[sdk])) {
        result.failures.push(`peer for sdk "${sdk}" not found: ${PEERS[sdk]}`);
        return result;
      }
    }
    if (!server.isAlive()) {
      result.failures.push('server is not running');
      return result;
    }
    pub = startPeer({ sdk: pairing.pub, label: 'pub', logFile: join(logDir, `${id}-pub.log`), args: [...pubArgs, '--token', token(pubId), '--role', 'publish'] });
    const published = await pub.waitFor('published', 90000);
    if (!published) {
      result.failures.push(pub.exited() ? 'publisher exited before "published"' : 'publisher: no "published" within 90 s');
      return result;
    }
    result.trackSid = published.sid;
    sub = startPeer({ sdk: pairing.sub, label: 'sub', logFile: join(logDir, `${id}-sub.log`), args: [...subArgs, '--token', token(subId), '--role', 'subscribe', '--publisher', published.identity ?? pubId] });
    const subscribed = await sub.waitFor('subscribed', 90000);
    if (!subscribed) {
      result.failures.push(sub.exited() ? 'subscriber exited before "subscribed"' : 'subscriber: no "subscribed" within 90 s');
      return result;
    }
    result.setupMs = Date.now() - started;
    pub.child.stdin.write('start\n');
    const budget = Math.ceil((sc.frames / sc.fps) * 1000) + 90000;
    const [pubExit, subExit] = await Promise.all([
      Promise.race([pub.exit, sleep(budget).then(() => null)]),
      Promise.race([sub.exit, sleep(budget).then(() => null)]),
    ]);
    result.publisher = pub.report();
    result.subscriber = sub.report();
    result.failures.push(...(pubExit ? [] : ['publisher did not exit in time']), ...(subExit ? [] : ['subscriber did not exit in time']));
    const judged = { sc, pubExit, subExit, pubReport: result.publisher, subReport: result.subscriber };
    result.failures.push(...(variant.wrongKey ? judgeWrongKey(judged) : judge(judged)));
    result.pass = result.failures.length === 0;
    return result;
  } finally {
    result.durationMs = Date.now() - started;
    result.logs = { publisher: pub ? join(logDir, `${id}-pub.log`) : null, subscriber: sub ? join(logDir, `${id}-sub.log`) : null };
    await Promise.all([pub ? stopChild(pub.child) : null, sub ? stopChild(sub.child) : null]);
    if (pub && !result.publisher) result.publisher = pub.report();
    if (sub && !result.subscriber) result.subscriber = sub.report();
    const s = result.subscriber;
    log(`[${id}] ${result.pass ? 'PASS' : 'FAIL'} in ${(result.durationMs / 1000).toFixed(1)}s` +
      (s ? ` received=${s.framesReceived} lost=${s.lost} corrupted=${s.corrupted} p50=${s.latencyMs?.p50}ms p99=${s.latencyMs?.p99}ms` : '') +
      (result.failures.length ? `\n    ${result.failures.join('\n    ')}` : ''));
  }
}

function table(results) {
  const cols = ['test', 'result', 'sent', 'recv', 'lost', 'corrupt', 'dup', 'ooo', 'tsMiss', 'decFail', 'p50ms', 'p99ms', 'maxms', 'secs'];
  const rows = results.map((r) => {
    const p = r.publisher ?? {};
    const s = r.subscriber ?? {};
    return [r.id, (r.pass ? 'PASS' : 'FAIL') + (r.retriedAfter ? `*${r.retriedAfter.length}` : ''), p.framesSent, s.framesReceived, s.lost, s.corrupted, s.duplicates, s.outOfOrder, s.userTimestampMissing, s.decryptFailed,
      s.latencyMs?.p50, s.latencyMs?.p99, s.latencyMs?.max, (r.durationMs / 1000).toFixed(1)].map((v) => (v === undefined || v === null ? '-' : String(v)));
  });
  const w = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const fmt = (r) => r.map((v, i) => (i < 2 ? v.padEnd(w[i]) : v.padStart(w[i]))).join('  ');
  return [fmt(cols), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(fmt)].join('\n');
}

/** True if the subscriber saw only losses: no corrupted, duplicated or misordered frames. */
function lossOnly(r) {
  const s = r.subscriber;
  return !!s && (s.lost ?? 0) > 0 && !s.corrupted && !s.duplicates && !s.outOfOrder && !s.userTimestampMissing
    && !(s.decryptFailed > 0) && r.failures.every((f) => /lost|framesReceived|stream ended|EOS/.test(f));
}

// ---- main ----------------------------------------------------------------------------------
let server;
const results = [];
let setupError = null;
try {
  server = await startServer({
    serverSpec, url, logFile: join(outDir, 'server.log'), apiKey: opt['api-key'], apiSecret: opt['api-secret'],
    readyTimeoutMs: Number(opt['server-ready-timeout-ms']), log,
  });
  for (const variant of variants) {
    for (const pairing of pairings) {
      for (const sc of scenarios) {
        const earlier = [];
        let r = await runOne({ variant, pairing, sc, server });
        while (!r.pass && lossOnly(r) && earlier.length < Number(opt['loss-retries'])) {
          log(`[${r.id}] lost frames only; running it again (retry ${earlier.length + 1})`);
          earlier.push({ failures: r.failures, lost: r.subscriber?.lost ?? null });
          r = await runOne({ variant, pairing, sc, server });
        }
        if (earlier.length > 0) r.retriedAfter = earlier;
        results.push(r);
      }
    }
  }
} catch (e) {
  setupError = e.message;
  log(`setup error: ${e.message}`);
} finally {
  await stopAll();
}

const summary = {
  startedAt: new Date(runStart).toISOString(),
  durationMs: Date.now() - runStart,
  server: { kind: serverSpec.kind, command: serverSpec.command ?? null, version: server?.version ?? null, url, log: server?.log ?? join(outDir, 'server.log') },
  netns: process.env.LDT_NETNS ?? null,
  setupError,
  passed: results.filter((r) => r.pass).length,
  failed: results.filter((r) => !r.pass).length + (setupError ? 1 : 0),
  retried: results.filter((r) => r.retriedAfter).length,
  results,
};
writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(table(results));
for (const r of results.filter((x) => !x.pass)) console.log(`\nFAIL ${r.id}:\n  ${r.failures.join('\n  ')}`);
for (const r of results.filter((x) => x.retriedAfter)) {
  console.log(`\nRETRIED ${r.id} (*n in the table): earlier attempts lost ${r.retriedAfter.map((a) => a.lost).join(', ')} frames`);
}
if (setupError) console.log(`\nSETUP ERROR: ${setupError}`);
console.log(`\n${summary.passed} passed, ${summary.failed} failed`);
console.log(`total ${(summary.durationMs / 1000).toFixed(1)} s; summary: ${join(outDir, 'summary.json')}`);
process.exit(summary.failed === 0 && results.length > 0 ? 0 : 1);
