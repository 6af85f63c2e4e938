#!/usr/bin/env node
// Typed data tracks across SDKs (Rust SDK through its FFI, our Java client): the publisher defines
// a PROTOBUF schema (stored by the server as a data blob), publishes a track with frame encoding
// PROTOBUF and that schema id and sends N frames; the subscriber checks the frames, the track
// info's frame encoding and schema id, fetches the definition from the publisher (byte-identical?)
// and asks for a schema id that was never defined (must be NOT_FOUND). See README.md, "Typed tracks".
//
// node interop/run-typed.mjs [--server livekit|cmd:"…"] [--pairings rust-java,java-rust,rust-rust,java-java]
//   [--frames 50] [--size 256] [--fps 50] [--url ws://HOST:PORT] [--api-key K --api-secret S]
//   [--out interop/out] [--server-ready-timeout-ms 60000] [--loss-retries 0]
// Inside the test namespace (scripts/run-in-netns.sh). Table on stdout, <out>/typed.json, server
// and peer logs in <out>/typed/; exit 0 iff every pairing passed (1 on failure, 2 on bad options).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mintToken } from './js/lib/token.mjs';
import { startPeer, startServer, stopAll, stopChild } from './lib/procs.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SDKS = ['rust', 'java']; // JS 2.23.0 has no schema support
const SCHEMA_NAME = 'ldt.interop.Reading';
const UNDEFINED_SCHEMA_NAME = 'ldt.interop.NeverDefined';
// A few hundred bytes of .proto text with non-ASCII characters (UTF-8: the Rust FFI carries the
// definition as a proto string, Java as bytes).
const SCHEMA_TEXT = `// Messwert eines Sensors — Größe, Einheit und Zeitpunkt.
// 传感器读数 · センサーの測定値 · 🌡️ température en °C
syntax = "proto3";
package ldt.interop;

message Reading {
  uint32 index = 1;          // laufende Nummer (0, 1, 2, …)
  double value = 2;          // Wert in µ-Einheiten, z. B. 21.5 °C
  string unit = 3;           // "°C", "Ω", "m/s²"
  uint64 user_timestamp = 4; // ms seit 1970
  bytes pattern = 5;         // Prüfmuster
}
`;

const { values: opt } = parseArgs({
  options: {
    server: { type: 'string', default: 'livekit' },
    url: { type: 'string' },
    'api-key': { type: 'string', default: 'devkey' },
    'api-secret': { type: 'string', default: 'secret' },
    pairings: { type: 'string', default: 'rust-java,java-rust,rust-rust,java-java' },
    frames: { type: 'string', default: '50' },
    size: { type: 'string', default: '256' },
    fps: { type: 'string', default: '50' },
    out: { type: 'string', default: join(HERE, 'out') },
    'server-ready-timeout-ms': { type: 'string', default: '60000' },
    // As in run-pairings.mjs: run a pairing again (fresh room) up to N times if its only fault is
    // frames lost on the lossy channel; the earlier attempts stay in typed.json (retriedAfter).
    'loss-retries': { type: 'string', default: '0' },
  },
  strict: true,
});

const runStart = Date.now();
const log = (...a) => console.error(`[typed +${((Date.now() - runStart) / 1000).toFixed(1)}s]`, ...a);
function usage(msg) {
  console.error(`run-typed: ${msg}`);
  process.exit(2);
}

const serverIp = process.env.LDT_SERVER_IP ?? '10.201.0.1';
const url = opt.url ?? `ws://${serverIp}:7880`;
let urlHost;
try {
  urlHost = new URL(url).hostname;
} catch (e) {
  usage(`bad --url ${url}: ${e.message}`);
}
let serverSpec;
if (opt.server === 'livekit') serverSpec = { kind: 'livekit' };
else if (opt.server.startsWith('cmd:')) serverSpec = { kind: 'cmd', command: opt.server.slice(4) };
else usage(`bad --server "${opt.server}" (livekit or cmd:"<command>")`);
const pairings = opt.pairings.split(',').map((s) => s.trim()).filter(Boolean).map((p) => {
  const [pub, sub] = p.split('-');
  if (!SDKS.includes(pub) || !SDKS.includes(sub)) usage(`bad pairing "${p}" (PUB-SUB of ${SDKS.join(', ')})`);
  return { pub, sub };
});
const frames = Number(opt.frames);
const size = Number(opt.size);
const fps = Number(opt.fps);
if (!(Number.isInteger(frames) && frames >= 1 && Number.isInteger(size) && size >= 4 && fps > 0)) usage('bad --frames/--size/--fps');
if (/^\d+\.\d+\.\d+\.\d+$/.test(urlHost) && !urlHost.startsWith('127.')) {
  const mine = Object.values(networkInterfaces()).flat().map((a) => a.address);
  if (!mine.includes(urlHost)) usage(`no local interface has ${urlHost}; run inside the test namespace: interop/scripts/run-in-netns.sh -- node interop/run-typed.mjs ...`);
}

const outDir = resolve(opt.out);
const typedDir = join(outDir, 'typed');
const logDir = join(typedDir, 'logs');
mkdirSync(logDir, { recursive: true });
const schemaFile = join(typedDir, 'schema.proto');
const schemaBytes = Buffer.from(SCHEMA_TEXT, 'utf8');
writeFileSync(schemaFile, schemaBytes);
const schemaSha = createHash('sha256').update(schemaBytes).digest('hex');

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    log(`got ${sig}, stopping children`);
    await stopAll();
    process.exit(130);
  });
}

const token = (room, identity) => mintToken({ apiKey: opt['api-key'], apiSecret: opt['api-secret'], identity, room });
const short = (s, n = 100) => {
  const t = String(s ?? '').replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

async function runPairing({ pub, sub }, n, attempt = 0) {
  const id = `${String(n).padStart(2, '0')}-${pub}-${sub}`;
  const room = `typed-${id}-${runStart}${attempt ? `-${attempt}` : ''}`;
  const pubId = `pub-${pub}-${n}`;
  const subId = `sub-${sub}-${n}`;
  const t0 = Date.now();
  const failures = [];
  const stream = ['--frames', String(frames), '--size', String(size), '--fps', String(fps)];
  const track = 'ldt-typed';
  // The Rust SDK (FFI 0.12.73) sometimes misses the server's answer to a data-blob request and
  // times out after 5 s although the server answered (README, "Typed tracks"): its peer repeats a
  // timed-out request once; the repeats are shown in the table and counted in typed.json.
  const retries = (sdk) => (sdk === 'rust' ? ['--schema-retries', '1'] : []);
  const suffix = attempt ? `-retry${attempt}` : '';
  const pubLog = join(logDir, `${id}-pub-${pub}${suffix}.log`);
  const subLog = join(logDir, `${id}-sub-${sub}${suffix}.log`);
  log(`${id}: publisher ${pubId} (${pub}), subscriber ${subId} (${sub}), room ${room}`);
  const p = startPeer({
    sdk: pub, logFile: pubLog, label: `${id} pub`,
    args: ['--url', url, '--token', token(room, pubId), '--role', 'publish', '--track', track, ...stream,
      '--frame-encoding', 'protobuf', '--schema-name', SCHEMA_NAME, '--schema-encoding', 'protobuf',
      '--define-schema-file', schemaFile, '--timeout-ms', '120000', ...retries(pub)],
  });
  let s = null;
  try {
    if (!(await p.waitFor('published', 90_000))) throw new Error(`publisher did not publish (exit ${JSON.stringify(p.child.exitCode)})`);
    s = startPeer({
      sdk: sub, logFile: subLog, label: `${id} sub`,
      args: ['--url', url, '--token', token(room, subId), '--role', 'subscribe', '--track', track, ...stream,
        '--publisher', pubId, '--get-schema', '--get-undefined-schema', UNDEFINED_SCHEMA_NAME, '--timeout-ms', '60000', ...retries(sub)],
    });
    if (!(await s.waitFor('subscribed', 90_000))) throw new Error(`subscriber did not subscribe (exit ${JSON.stringify(s.child.exitCode)})`);
    p.child.stdin.write('start\n');
    const budget = (frames / fps) * 1000 + 90_000;
    const [pe, se] = await Promise.all([p.waitExit(budget), s.waitExit(budget)]);
    if (!pe) failures.push('publisher did not exit in time');
    else if (pe.code !== 0) failures.push(`publisher exit ${pe.code ?? pe.signal}`);
    if (!se) failures.push('subscriber did not exit in time');
    else if (se.code !== 0) failures.push(`subscriber exit ${se.code ?? se.signal}`);
  } catch (e) {
    failures.push(e.message);
  } finally {
    await Promise.all([stopChild(p.child), s ? stopChild(s.child) : null]);
  }
  const pr = p.report();
  const sr = s?.report() ?? null;
  const expectSchema = { name: SCHEMA_NAME, encoding: 'protobuf' };
  const sameSchema = (x) => x && x.name === expectSchema.name && x.encoding === expectSchema.encoding;
  if (!pr) failures.push('no publisher report');
  else {
    if (pr.framesSent !== frames) failures.push(`publisher framesSent ${pr.framesSent} != ${frames}`);
    if (pr.pushFailed) failures.push(`publisher pushFailed ${pr.pushFailed}`);
    if (pr.errors?.length) failures.push(`publisher errors: ${pr.errors.join('; ')}`);
    if (!pr.schemaDefine?.ok) failures.push(`define schema failed: ${JSON.stringify(pr.schemaDefine?.error ?? pr.schemaDefine ?? null)}`);
    else if (pr.schemaDefine.sha256 !== schemaSha) failures.push('publisher defined other bytes than the schema file');
    if (pr.frameEncoding !== 'protobuf') failures.push(`publisher's own track frameEncoding ${pr.frameEncoding}`);
    if (!sameSchema(pr.schema)) failures.push(`publisher's own track schema ${JSON.stringify(pr.schema)}`);
  }
  let defMatch = null;
  let undefinedReason = null;
  if (!sr) failures.push('no subscriber report');
  else {
    if (!(sr.framesReceived >= frames)) failures.push(`subscriber framesReceived ${sr.framesReceived} < ${frames}`);
    for (const k of ['corrupted', 'lost', 'duplicates', 'userTimestampMissing']) if (sr[k]) failures.push(`subscriber ${k} ${sr[k]}`);
    if (sr.errors?.length) failures.push(`subscriber errors: ${sr.errors.join('; ')}`);
    if (sr.frameEncoding !== 'protobuf') failures.push(`subscriber sees frameEncoding ${JSON.stringify(sr.frameEncoding)}, expected "protobuf"`);
    if (!sameSchema(sr.schema)) failures.push(`subscriber sees schema ${JSON.stringify(sr.schema)}, expected ${JSON.stringify(expectSchema)}`);
    const f = sr.schemaFetch;
    if (!f) failures.push('subscriber report has no schemaFetch');
    else if (!f.ok) failures.push(`get schema failed: ${JSON.stringify(f.error)}`);
    else {
      defMatch = f.sha256 === schemaSha && f.length === schemaBytes.length && Buffer.from(f.base64 ?? '', 'base64').equals(schemaBytes);
      if (!defMatch) failures.push(`fetched definition differs: ${f.length} B sha256 ${f.sha256}, expected ${schemaBytes.length} B ${schemaSha}`);
    }
    const u = sr.undefinedSchemaFetch;
    undefinedReason = u ? (u.ok ? 'found!' : u.error?.reason ?? '?') : null;
    if (!u) failures.push('subscriber report has no undefinedSchemaFetch');
    else if (u.ok) failures.push(`schema "${UNDEFINED_SCHEMA_NAME}" was never defined but get_schema returned ${u.length} B`);
    else if (u.error?.reason !== 'NOT_FOUND') failures.push(`undefined schema: reason ${u.error?.reason} (${u.error?.message}), expected NOT_FOUND`);
  }
  const schemaTimeouts = [
    ...(pr?.schemaDefine?.timeouts ?? []).map((t) => ({ call: `${pub} define`, ...t })),
    ...(sr?.schemaFetch?.timeouts ?? []).map((t) => ({ call: `${sub} get`, ...t })),
    ...(sr?.undefinedSchemaFetch?.timeouts ?? []).map((t) => ({ call: `${sub} get-undefined`, ...t })),
  ];
  const r = {
    id, pub, sub, pass: failures.length === 0, schemaTimeouts, durationMs: Date.now() - t0, failures,
    sent: pr?.framesSent ?? null, received: sr?.framesReceived ?? null, lost: sr?.lost ?? null, corrupted: sr?.corrupted ?? null,
    frameEncoding: sr?.frameEncoding ?? null, schema: sr?.schema ?? null,
    defineMs: pr?.schemaDefine?.ms ?? null, getMs: sr?.schemaFetch?.ms ?? null, definitionMatches: defMatch,
    undefinedReason, undefinedMessage: sr?.undefinedSchemaFetch?.error?.message ?? null, undefinedMs: sr?.undefinedSchemaFetch?.ms ?? null,
    defineError: pr?.schemaDefine?.error ?? null, getError: sr?.schemaFetch?.error ?? null,
    logs: [pubLog, subLog], publisherReport: pr, subscriberReport: sr,
  };
  log(`${id}: ${r.pass ? 'PASS' : `FAIL ${failures.join(' | ')}`}`);
  return r;
}

/** Failed only because frames were lost (the lossy channel), with every typed-track check passed. */
function lossOnly(r) {
  const s = r.subscriberReport;
  return !!s && (s.lost ?? 0) > 0 && !s.corrupted && !s.duplicates && !s.userTimestampMissing
    && r.failures.every((f) => /lost|framesReceived|stream ended|EOS/.test(f));
}

function table(results) {
  const cols = ['pairing', 'result', 'sent', 'recv', 'lost', 'corr', 'frameEnc', 'schema id', 'definition', 'undefined id', 'secs', 'repeated'];
  const rows = results.map((r) => [
    r.id, r.pass ? 'PASS' : 'FAIL', r.sent, r.received, r.lost, r.corrupted, r.frameEncoding,
    r.schema ? `${r.schema.name}/${r.schema.encoding}` : null,
    r.definitionMatches === null ? (r.getError?.reason ?? null) : r.definitionMatches ? `identical ${schemaBytes.length} B` : 'DIFFERS',
    r.undefinedReason, (r.durationMs / 1000).toFixed(1),
    [...r.schemaTimeouts.map((t) => t.call), ...(r.retriedAfter ?? []).map((e) => `run again after ${e.lost} lost`)].join(', '),
  ].map((v) => String(v ?? '-')));
  const w = cols.map((c, i) => Math.max(c.length, ...rows.map((x) => x[i].length)));
  const fmt = (x) => x.map((v, i) => v.padEnd(w[i])).join('  ').trimEnd();
  return [fmt(cols), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(fmt)].join('\n');
}

let server;
const results = [];
let setupError = null;
try {
  server = await startServer({
    serverSpec, url, logFile: join(typedDir, 'server.log'), apiKey: opt['api-key'], apiSecret: opt['api-secret'],
    readyTimeoutMs: Number(opt['server-ready-timeout-ms']), log,
    // livekit-server stores data blobs (schema definitions) only when enabled; --dev still applies.
    livekitArgs: ['--config-body', 'enable_participant_data_blob: true'],
  });
  let n = 1;
  for (const pr of pairings) {
    const earlier = [];
    let r = await runPairing(pr, n);
    while (!r.pass && lossOnly(r) && earlier.length < Number(opt['loss-retries'])) {
      log(`${r.id}: lost frames only; running it again (retry ${earlier.length + 1})`);
      earlier.push({ failures: r.failures, lost: r.lost, logs: r.logs });
      r = await runPairing(pr, n, earlier.length);
    }
    if (earlier.length > 0) r.retriedAfter = earlier;
    results.push(r);
    n++;
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
  server: { kind: serverSpec.kind, command: serverSpec.command ?? null, version: server?.version ?? null, url, log: join(typedDir, 'server.log') },
  netns: process.env.LDT_NETNS ?? null,
  stream: { frames, size, fps },
  schema: { name: SCHEMA_NAME, encoding: 'protobuf', length: schemaBytes.length, sha256: schemaSha, file: schemaFile },
  undefinedSchema: UNDEFINED_SCHEMA_NAME,
  schemaTimeoutsRepeated: results.reduce((n, r) => n + r.schemaTimeouts.length, 0),
  setupError,
  passed: results.filter((r) => r.pass).length,
  failed: results.filter((r) => !r.pass).length + (setupError ? 1 : 0),
  results,
};
writeFileSync(join(outDir, 'typed.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(table(results));
for (const r of results.filter((x) => !x.pass)) console.log(`\nFAIL ${r.id}:\n  ${r.failures.map((f) => short(f, 300)).join('\n  ')}\n  logs: ${r.logs.join(' ')}`);
if (setupError) console.log(`\nSETUP ERROR: ${setupError}`);
console.log(`\nserver ${summary.server.version ?? serverSpec.command ?? serverSpec.kind}; schema ${schemaBytes.length} B; total ${(summary.durationMs / 1000).toFixed(1)} s; ${join(outDir, 'typed.json')}`);
console.log(`${summary.passed} passed, ${summary.failed} failed`);
process.exit(summary.failed === 0 && results.length > 0 ? 0 : 1);
