#!/usr/bin/env node
// Negative-path checks with the real clients: publish without the data grant, duplicate and
// invalid track names, unpublish seen by the subscriber, bad tokens. Starts one server (the
// reference livekit-server or any command, e.g. our Java SFU), runs every check for every
// requested SDK, judges the peers' reports and prints a PASS/FAIL table; the last line is
// exactly "N passed, M failed". Must run inside the test network namespace:
//
//   interop/scripts/run-in-netns.sh -- node interop/run-negative.mjs --server livekit --sdks js,rust
//
// Options (all optional):
//   --server livekit | cmd:"<shell command>"   as run-pairings.mjs (default livekit)
//   --url ws://HOST:PORT                       default ws://$LDT_SERVER_IP:7880
//   --api-key K --api-secret S                 default devkey / secret
//   --sdks js,rust                             SDKs to check (alias --negative); unpublish runs
//                                              every publisher x subscriber pairing of them
//   --checks LIST                              groups: grant, duplicate, name, unpublish, token
//                                              (default all)
//   --v0                                       dual-PeerConnection signalling for every peer
//   --out DIR                                  default interop/out/negative
//   --server-ready-timeout-ms MS               default 60000
// Exit code: 0 iff every check passed; 1 if any failed (or the server did not start); 2 on usage errors.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mintToken } from './js/lib/token.mjs';
import { PEERS, notInNamespace, parseServerSpec, startPeer, startServer, stopAll, stopAllOnSignals, stopChild } from './lib/procs.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHECK_GROUPS = ['grant', 'duplicate', 'name', 'unpublish', 'token'];
// The negative-path modes (--connect-only, --publish-names, --unpublish, ...) exist in these peers.
const NEGATIVE_SDKS = ['js', 'rust'];

const { values: opt } = parseArgs({
  options: {
    server: { type: 'string', default: 'livekit' },
    url: { type: 'string' },
    'api-key': { type: 'string', default: 'devkey' },
    'api-secret': { type: 'string', default: 'secret' },
    sdks: { type: 'string' },
    negative: { type: 'string' },
    checks: { type: 'string', default: CHECK_GROUPS.join(',') },
    v0: { type: 'boolean', default: false },
    out: { type: 'string', default: join(HERE, 'out', 'negative') },
    'server-ready-timeout-ms': { type: 'string', default: '60000' },
  },
  strict: true,
});

const runStart = Date.now();
const log = (...a) => console.error(`[negative +${((Date.now() - runStart) / 1000).toFixed(1)}s]`, ...a);
function usage(msg) {
  console.error(`run-negative: ${msg}`);
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
const sdks = (opt.sdks ?? opt.negative ?? 'js,rust').split(',').map((s) => s.trim()).filter(Boolean);
for (const s of sdks) if (!NEGATIVE_SDKS.includes(s)) usage(`bad sdk "${s}" (${NEGATIVE_SDKS.join(', ')})`);
const groups = opt.checks.split(',').map((s) => s.trim()).filter(Boolean);
for (const g of groups) if (!CHECK_GROUPS.includes(g)) usage(`bad check group "${g}" (${CHECK_GROUPS.join(', ')})`);

const serverSpec = parseServerSpec(opt.server);
if (!serverSpec) usage(`bad --server "${opt.server}" (livekit or cmd:"<command>")`);

const outside = notInNamespace(urlHost, 'run-negative.mjs');
if (outside) usage(outside);

const outDir = resolve(opt.out);
const logDir = join(outDir, 'logs');
mkdirSync(logDir, { recursive: true });

stopAllOnSignals(log);

// ---- judging helpers -----------------------------------------------------------------------
/**
 * SDK reason names differ in spelling: JS `DataTrackPublishErrorReason` names ("NotAllowed"),
 * FFI enum values ("PUBLISH_DATA_TRACK_ERROR_CODE_NOT_ALLOWED"). Compare them normalised.
 */
function normReason(r) {
  if (r === null || r === undefined) return null;
  return String(r)
    .replace(/^(PUBLISH_DATA_TRACK_ERROR_CODE_|LOCAL_DATA_TRACK_TRY_PUSH_ERROR_CODE_|SUBSCRIBE_DATA_TRACK_ERROR_CODE_)/, '')
    .replace(/_/g, '')
    .toLowerCase();
}
const short = (s, n = 90) => {
  if (s === null || s === undefined) return '';
  const t = String(s).replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n)}…` : t;
};
const exitStr = (e) => (e ? (e.code ?? e.signal) : 'no exit');

// ---- cases ---------------------------------------------------------------------------------
const LONG_257 = 'n'.repeat(257);
const UTF8_258 = '€'.repeat(86); // 86 UTF-16 code units, 258 UTF-8 bytes
const LONG_256 = 'n'.repeat(256);
const UTF8_256 = `${'€'.repeat(85)}n`; // 86 code units, 256 bytes

/** Single-peer publish checks: names to publish in order, expected outcome of each. */
function publishCases(sdk) {
  const c = [];
  if (groups.includes('grant')) {
    c.push(
      { name: `grant-nodata-${sdk}`, what: 'canPublish:true, canPublishData:false', grants: { canPublish: true, canPublishData: false }, names: ['ldt-neg'], expect: ['NotAllowed'] },
      { name: `grant-nopublish-${sdk}`, what: 'canPublish:false, canPublishData absent (defaults to canPublish)', grants: { canPublish: false, canPublishData: null }, names: ['ldt-neg'], expect: ['NotAllowed'] },
      { name: `grant-dataonly-${sdk}`, what: 'control: canPublish:false, canPublishData:true', grants: { canPublish: false, canPublishData: true }, names: ['ldt-neg'], expect: ['ok'] },
    );
  }
  if (groups.includes('duplicate')) {
    c.push({ name: `duplicate-name-${sdk}`, what: 'same name twice', grants: {}, names: ['ldt-dup', 'ldt-dup'], expect: ['ok', 'DuplicateName'] });
  }
  if (groups.includes('name')) {
    c.push(
      { name: `name-empty-${sdk}`, what: 'empty name', grants: {}, names: [''], expect: ['InvalidName'] },
      { name: `name-257B-${sdk}`, what: '257 ASCII bytes', grants: {}, names: [LONG_257], expect: ['InvalidName'] },
      { name: `name-258B-utf8-${sdk}`, what: "86 x '€' = 258 bytes (86 UTF-16 units)", grants: {}, names: [UTF8_258], expect: ['InvalidName'] },
      { name: `name-256B-${sdk}`, what: "control: 256 ASCII bytes; 85 x '€' + 'n' = 256 bytes", grants: {}, names: [LONG_256, UTF8_256], expect: ['ok', 'ok'] },
    );
  }
  return c.map((x) => ({ ...x, kind: 'publish', sdk }));
}

function tokenCases(sdk) {
  if (!groups.includes('token')) return [];
  return [
    { name: `token-wrongsecret-${sdk}`, what: 'signed with a wrong secret', tokenOpts: { apiSecret: `${opt['api-secret']}-wrong` }, expectConnected: false },
    { name: `token-unknownkey-${sdk}`, what: 'unknown API key (iss)', tokenOpts: { apiKey: `${opt['api-key']}-unknown` }, expectConnected: false },
    { name: `token-good-${sdk}`, what: 'control: valid token', tokenOpts: {}, expectConnected: true },
  ].map((x) => ({ ...x, kind: 'token', sdk }));
}

function unpublishCases() {
  if (!groups.includes('unpublish')) return [];
  const c = [];
  for (const p of sdks) for (const s of sdks) c.push({ kind: 'unpublish', name: `unpublish-${p}-${s}`, what: `${p} publisher unpublishes after 50 frames; ${s} subscriber`, pub: p, sub: s });
  return c;
}

const cases = [];
for (const sdk of sdks) cases.push(...publishCases(sdk));
cases.push(...unpublishCases());
for (const sdk of sdks) cases.push(...tokenCases(sdk));

// ---- runners -------------------------------------------------------------------------------
let counter = 0;
function newCaseIds(c) {
  const n = ++counter;
  const id = `${String(n).padStart(2, '0')}-${c.name}`;
  return { n, id, room: `ldt-neg-${id}-${Date.now().toString(36)}` };
}
const token = (room, identity, extra = {}) => mintToken({ apiKey: opt['api-key'], apiSecret: opt['api-secret'], identity, room, ...extra });
const v0Args = opt.v0 ? ['--v0'] : [];

async function runPublishCase(c, { id, n, room }) {
  const identity = `neg-${c.sdk}-${n}`;
  const peer = startPeer({
    sdk: c.sdk, label: 'pub', logFile: join(logDir, `${id}.log`),
    args: ['--url', url, '--token', token(room, identity, c.grants), '--role', 'publish', '--publish-names', JSON.stringify(c.names), ...v0Args],
  });
  const exit = await peer.waitExit(120000);
  if (!exit) await stopChild(peer.child);
  const rep = peer.report();
  const f = [];
  if (!exit) f.push('peer did not exit within 120 s');
  else if (exit.code !== 0) f.push(`peer exit ${exitStr(exit)}`);
  if (!rep) f.push('no report');
  const res = rep?.publishResults ?? [];
  if (rep && res.length !== c.names.length) f.push(`${res.length} publish results for ${c.names.length} names`);
  c.expect.forEach((exp, i) => {
    const r = res[i];
    if (!r) return;
    if (exp === 'ok' && !r.ok) f.push(`publish #${i + 1} (${r.nameBytes} B): expected success, got ${r.error?.reason}: ${short(r.error?.message)}`);
    if (exp !== 'ok' && r.ok) f.push(`publish #${i + 1} (${r.nameBytes} B): expected ${exp}, but it succeeded (${r.sid})`);
    if (exp !== 'ok' && !r.ok && normReason(r.error?.reason) !== normReason(exp)) f.push(`publish #${i + 1}: expected ${exp}, got ${r.error?.reason}: ${short(r.error?.message)}`);
  });
  const firstExpFail = c.expect.find((e) => e !== 'ok') ?? null;
  if (rep && normReason(rep.publishError) !== normReason(firstExpFail)) f.push(`report publishError ${rep.publishError} != ${firstExpFail}`);
  if (rep?.errors?.length) f.push(`errors: ${rep.errors.join(' | ')}`);
  const got = res.map((r) => (r.ok ? 'ok' : r.error?.reason)).join(', ') || '-';
  const fail = res.find((r) => !r.ok);
  const detail = fail ? [fail.error?.message, fail.error?.rawMessage ? `raw: ${fail.error.rawMessage}` : null].filter(Boolean).join(' | ') : '';
  return { failures: f, expected: c.expect.join(', '), got, detail, report: rep, logs: [peer.logFile] };
}

async function runTokenCase(c, { id, n, room }) {
  const identity = `neg-${c.sdk}-${n}`;
  const peer = startPeer({
    sdk: c.sdk, label: 'conn', logFile: join(logDir, `${id}.log`),
    args: ['--url', url, '--token', token(room, identity, c.tokenOpts), '--role', 'publish', '--connect-only', ...v0Args],
  });
  const exit = await peer.waitExit(120000);
  if (!exit) await stopChild(peer.child);
  const rep = peer.report();
  const f = [];
  if (!exit) f.push('peer did not exit within 120 s');
  else if (exit.code !== 0) f.push(`peer exit ${exitStr(exit)}`);
  if (!rep) f.push('no report');
  const e = rep?.connectError ?? null;
  let expected;
  if (c.expectConnected) {
    expected = 'connected';
    if (rep && rep.connected !== true) f.push(`expected to connect, got ${JSON.stringify(e)}`);
  } else if (c.sdk === 'js') {
    expected = 'ConnectionError NotAllowed 401';
    if (rep && rep.connected !== false) f.push('connected despite the bad token');
    if (e && (e.name !== 'ConnectionError' || e.reason !== 'NotAllowed' || e.status !== 401)) f.push(`expected ConnectionError NotAllowed 401, got ${e.name} ${e.reason} ${e.status}`);
  } else {
    expected = 'connect error, HTTP 401';
    if (rep && rep.connected !== false) f.push('connected despite the bad token');
    if (e && e.status !== 401) f.push(`expected an error naming HTTP 401, got: ${short(e.message, 200)}`);
  }
  if (rep && !c.expectConnected && !e) f.push('no connectError in the report');
  const got = rep ? (rep.connected ? 'connected' : [e?.name === 'ConnectCallback.error' ? 'connect error' : e?.name, e?.reason, e?.status].filter((x) => x !== null && x !== undefined).join(' ')) : '-';
  // JS: reasonName as the SDK sets it (differs from the numeric reason in 2.23.0, see errInfo in js/page/entry.mjs)
  const detail = e ? `${e.reasonName && e.reasonName !== e.reason ? `reasonName=${e.reasonName}; ` : ''}${e.message}` : '';
  return { failures: f, expected, got, detail, report: rep, logs: [peer.logFile] };
}

async function runUnpublishCase(c, { id, n, room }) {
  const FRAMES = 50;
  const pubId = `pub-${c.pub}-${n}`;
  const subId = `sub-${c.sub}-${n}`;
  const common = ['--url', url, '--track', 'ldt-unpub', '--frames', String(FRAMES), '--size', '1024', '--fps', '50', ...v0Args];
  const f = [];
  let pub = null;
  let sub = null;
  let pubRep = null;
  let subRep = null;
  let unpubEv = null;
  try {
    pub = startPeer({ sdk: c.pub, label: 'pub', logFile: join(logDir, `${id}-pub.log`), args: [...common, '--token', token(room, pubId), '--role', 'publish', '--unpublish', '--hold-ms', '6000'] });
    const published = await pub.waitFor('published', 90000);
    if (!published) {
      f.push(pub.exited() ? 'publisher exited before "published"' : 'publisher: no "published" within 90 s');
      return { failures: f, expected: 'unpublished + stream end', got: '-', detail: '', logs: [pub.logFile] };
    }
    sub = startPeer({ sdk: c.sub, label: 'sub', logFile: join(logDir, `${id}-sub.log`), args: [...common, '--token', token(room, subId), '--role', 'subscribe', '--publisher', published.identity ?? pubId, '--until-unpublished', '--timeout-ms', '45000'] });
    const subscribed = await sub.waitFor('subscribed', 90000);
    if (!subscribed) {
      f.push(sub.exited() ? 'subscriber exited before "subscribed"' : 'subscriber: no "subscribed" within 90 s');
      return { failures: f, expected: 'unpublished + stream end', got: '-', detail: '', logs: [pub.logFile, sub.logFile] };
    }
    pub.child.stdin.write('start\n');
    unpubEv = await pub.waitFor('unpublished', 60000);
    if (!unpubEv) f.push('publisher: no "unpublished" within 60 s');
    const [pubExit, subExit] = await Promise.all([pub.waitExit(60000), sub.waitExit(60000)]);
    pubRep = pub.report();
    subRep = sub.report();
    if (!pubExit) f.push('publisher did not exit in time');
    else if (pubExit.code !== 0) f.push(`publisher exit ${exitStr(pubExit)}`);
    if (!subExit) f.push('subscriber did not exit in time');
    else if (subExit.code !== 0) f.push(`subscriber exit ${exitStr(subExit)}`);
    if (!pubRep) f.push('publisher: no report');
    if (!subRep) f.push('subscriber: no report');
  } finally {
    await Promise.all([pub ? stopChild(pub.child) : null, sub ? stopChild(sub.child) : null]);
    pubRep ??= pub?.report() ?? null;
    subRep ??= sub?.report() ?? null;
  }
  if (pubRep) {
    if (pubRep.framesSent !== FRAMES) f.push(`publisher: framesSent ${pubRep.framesSent} != ${FRAMES}`);
    if (pubRep.errors?.length) f.push(`publisher errors: ${pubRep.errors.join(' | ')}`);
    const pa = pubRep.unpublish?.pushAfter;
    if (!pubRep.unpublish) f.push('publisher: no unpublish outcome in the report');
    else if (!pa || pa.ok) f.push('publisher: a push after unpublish succeeded');
    else if (normReason(pa.error?.reason) !== normReason('TrackUnpublished')) f.push(`publisher: push after unpublish failed with ${pa.error?.reason}, expected TrackUnpublished`);
  }
  // Latencies from the moment the publisher asked to unpublish (JS: unpublish() resolves only
  // after the SFU's UnpublishDataTrackResponse, i.e. after the subscribers' participant update).
  const t0 = pubRep?.unpublish?.requestedAt ?? unpubEv?.at ?? null;
  let evMs = null;
  let eosMs = null;
  if (subRep) {
    // Frame delivery is judged by run-pairings; here the stream only has to have worked. The
    // lossy channel may drop a few frames (README, Rust publisher under load): tolerate 10 %.
    for (const k of ['corrupted', 'duplicates']) if (subRep[k] !== 0) f.push(`subscriber: ${k} ${subRep[k]}`);
    if (subRep.lost > FRAMES / 10) f.push(`subscriber: lost ${subRep.lost} of ${FRAMES} (> 10 %)`);
    const subErrors = (subRep.errors ?? []).filter((x) => !/ended.*before all frames arrived/.test(x));
    if (subErrors.length) f.push(`subscriber errors: ${subErrors.join(' | ')}`);
    const ev = subRep.unpublishedEvent;
    if (!ev) f.push('subscriber: no data-track-unpublished event');
    else if (ev.sid !== subRep.trackSid) f.push(`subscriber: unpublished event for ${ev.sid}, subscribed ${subRep.trackSid}`);
    if (!subRep.streamEndedAt) f.push(`subscriber: stream did not end (end: ${subRep.endReason})`);
    if (ev && subRep.publisherDisconnectedAt && subRep.publisherDisconnectedAt <= ev.at) f.push('subscriber: publisher left before the unpublish was seen');
    if (t0 && ev) evMs = ev.at - t0;
    if (t0 && subRep.streamEndedAt) eosMs = subRep.streamEndedAt - t0;
    if (evMs !== null && evMs > 5000) f.push(`subscriber: unpublished event ${evMs} ms after the unpublish (> 5000)`);
    if (eosMs !== null && eosMs > 5000) f.push(`subscriber: stream ended ${eosMs} ms after the unpublish (> 5000)`);
  }
  const got = subRep ? `recv ${subRep.framesReceived}/${FRAMES}, event ${evMs ?? '-'} ms, end ${eosMs ?? '-'} ms` : '-';
  const pa = pubRep?.unpublish?.pushAfter;
  const detail = `push after unpublish: ${pa ? (pa.ok ? 'ok' : pa.error?.reason) : '-'}; sub end ${subRep?.endReason ?? '-'}`;
  return { failures: f, expected: 'unpublished event + stream end ≤ 5 s', got, detail, report: { publisher: pubRep, subscriber: subRep }, logs: [pub?.logFile, sub?.logFile].filter(Boolean) };
}

async function runCase(c, server) {
  const ids = newCaseIds(c);
  const started = Date.now();
  log(`[${ids.id}] ${c.what}`);
  let r;
  try {
    const need = c.kind === 'unpublish' ? [c.pub, c.sub] : [c.sdk];
    const missing = need.find((s) => !existsSync(PEERS[s]));
    if (missing) r = { failures: [`peer for sdk "${missing}" not found: ${PEERS[missing]}`], expected: '', got: '-', detail: '' };
    else if (!server.isAlive()) r = { failures: ['server is not running'], expected: '', got: '-', detail: '' };
    else if (c.kind === 'publish') r = await runPublishCase(c, ids);
    else if (c.kind === 'token') r = await runTokenCase(c, ids);
    else r = await runUnpublishCase(c, ids);
  } catch (e) {
    r = { failures: [`harness error: ${e.stack ?? e}`], expected: '', got: '-', detail: '' };
  }
  const result = { id: ids.id, check: c.name, what: c.what, room: ids.room, ...r, pass: r.failures.length === 0, durationMs: Date.now() - started };
  log(`[${ids.id}] ${result.pass ? 'PASS' : 'FAIL'} in ${(result.durationMs / 1000).toFixed(1)}s: got ${result.got}` +
    (result.failures.length ? `\n    ${result.failures.join('\n    ')}` : ''));
  return result;
}

function table(results) {
  const cols = ['test', 'result', 'expected', 'got', 'secs', 'detail'];
  const rows = results.map((r) => [r.id, r.pass ? 'PASS' : 'FAIL', r.expected, r.got, (r.durationMs / 1000).toFixed(1), short(r.detail, 110)].map((v) => String(v ?? '-')));
  const w = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const fmt = (r) => r.map((v, i) => (i === 4 ? v.padStart(w[i]) : i === r.length - 1 ? v : v.padEnd(w[i]))).join('  ');
  return [fmt(cols), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(fmt)].join('\n');
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
  for (const c of cases) results.push(await runCase(c, server));
} catch (e) {
  setupError = e.message;
  log(`setup error: ${e.message}`);
} finally {
  await stopAll();
}

const summary = {
  startedAt: new Date(runStart).toISOString(),
  durationMs: Date.now() - runStart,
  server: { kind: serverSpec.kind, command: serverSpec.command ?? null, version: server?.version ?? null, url, log: join(outDir, 'server.log') },
  netns: process.env.LDT_NETNS ?? null,
  sdks,
  v0: opt.v0,
  setupError,
  passed: results.filter((r) => r.pass).length,
  failed: results.filter((r) => !r.pass).length + (setupError ? 1 : 0),
  results,
};
writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(table(results));
for (const r of results.filter((x) => !x.pass)) console.log(`\nFAIL ${r.id} (${r.what}):\n  ${r.failures.join('\n  ')}\n  logs: ${(r.logs ?? []).join(' ')}`);
if (setupError) console.log(`\nSETUP ERROR: ${setupError}`);
console.log(`\nserver ${summary.server.version ?? serverSpec.command ?? serverSpec.kind}; total ${(summary.durationMs / 1000).toFixed(1)} s; summary ${join(outDir, 'summary.json')}, server log ${summary.server.log}`);
console.log(`${summary.passed} passed, ${summary.failed} failed`);
process.exit(summary.failed === 0 && results.length > 0 ? 0 : 1);
