#!/usr/bin/env node
// Runs one Rust->Rust data-track transfer with two peer.mjs processes against a
// running LiveKit server and prints both reports plus a one-line verdict.
// Used by selftest.sh; the network namespace and the server are set up there.
//
// node run-pair.mjs --url ws://10.202.0.1:7880 --frames N --size B --fps F
//   [--e2ee-passphrase P] [--v0] [--netns NAME] [--order pub-first|sub-first]
//   [--room ROOM] [--timeout-ms MS] [--label TEXT]
// Exit status 0 iff every frame arrived intact (no loss/corruption/duplicates),
// or, with --expect garbage, iff no frame arrived intact.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintToken } from './lib/token.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: a } = parseArgs({
  options: {
    url: { type: 'string' },
    frames: { type: 'string' },
    size: { type: 'string' },
    fps: { type: 'string' },
    'e2ee-passphrase': { type: 'string' },
    v0: { type: 'boolean', default: false },
    netns: { type: 'string' },
    order: { type: 'string', default: 'pub-first' },
    room: { type: 'string' },
    'timeout-ms': { type: 'string', default: '120000' },
    label: { type: 'string' },
    // negative E2EE checks: the subscriber uses another passphrase ("none" = no E2EE)
    // and the run passes iff no intact frame arrives
    'subscriber-passphrase': { type: 'string' },
    expect: { type: 'string', default: 'intact' },
    'settle-ms': { type: 'string' }, // passed to the subscriber
    'max-lost': { type: 'string', default: '0' }, // tolerated lost frames
  },
});
for (const k of ['url', 'frames', 'size', 'fps']) {
  if (!a[k]) {
    console.error(`run-pair.mjs: --${k} is required`);
    process.exit(2);
  }
}
const tag = Math.random().toString(36).slice(2, 8);
const room = a.room ?? `ldtrs-${tag}`;
const trackName = `track-${tag}`;
const pubId = `rust-pub-${tag}`;
const subId = `rust-sub-${tag}`;
const label = a.label ?? `${a.frames}x${a.size}B@${a.fps}fps${a['e2ee-passphrase'] !== undefined ? ' e2ee' : ''}` +
  `${a['subscriber-passphrase'] !== undefined ? ` (subscriber key: ${a['subscriber-passphrase']})` : ''}${a.v0 ? ' v0' : ''}`;

function startPeer(role, identity) {
  const peerArgs = [
    path.join(here, 'peer.mjs'),
    '--url', a.url,
    '--token', mintToken({ identity, room }),
    '--role', role,
    '--track', trackName,
    '--frames', a.frames,
    '--size', a.size,
    '--fps', a.fps,
    '--timeout-ms', a['timeout-ms'],
  ];
  let pass = a['e2ee-passphrase'];
  if (role === 'subscribe' && a['subscriber-passphrase'] !== undefined) {
    pass = a['subscriber-passphrase'] === 'none' ? undefined : a['subscriber-passphrase'];
  }
  if (pass !== undefined) peerArgs.push('--e2ee-passphrase', pass);
  if (a.v0) peerArgs.push('--v0');
  if (role === 'subscribe') peerArgs.push('--publisher', pubId);
  if (role === 'subscribe' && a['settle-ms'] !== undefined) peerArgs.push('--settle-ms', a['settle-ms']);
  const [cmd, argv] = a.netns
    ? ['ip', ['netns', 'exec', a.netns, process.execPath, ...peerArgs]]
    : [process.execPath, peerArgs];
  const child = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [];
  const waiters = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    let obj;
    try {
      obj = JSON.parse(line);
    } catch {
      console.error(`[run-pair] ${role}: non-JSON stdout line: ${line}`);
      return;
    }
    lines.push(obj);
    for (const w of [...waiters]) w();
  });
  const exited = new Promise((resolve) => child.on('exit', (code) => {
    for (const w of [...waiters]) w();
    resolve(code);
  }));
  let exitCode = null;
  exited.then((c) => { exitCode = c; });
  const waitEvent = (name, ms) => new Promise((resolve, reject) => {
    const check = () => {
      const ev = lines.find((l) => l.event === name);
      if (ev) { done(); resolve(ev); } else if (exitCode !== null) { done(); reject(new Error(`${role} exited (${exitCode}) before "${name}"`)); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`${role}: no "${name}" within ${ms} ms`)); }, ms);
    const done = () => { clearTimeout(timer); const i = waiters.indexOf(check); if (i >= 0) waiters.splice(i, 1); };
    waiters.push(check);
    check();
  });
  return { child, lines, exited, waitEvent };
}

const setupMs = 60_000;
let pub, sub;
const failures = [];
try {
  if (a.order === 'sub-first') {
    sub = startPeer('subscribe', subId);
    await new Promise((r) => setTimeout(r, 2000)); // let the subscriber join first
    pub = startPeer('publish', pubId);
    await pub.waitEvent('published', setupMs);
    await sub.waitEvent('subscribed', setupMs);
  } else {
    pub = startPeer('publish', pubId);
    await pub.waitEvent('published', setupMs);
    sub = startPeer('subscribe', subId);
    await sub.waitEvent('subscribed', setupMs);
  }
  pub.child.stdin.write('start\n');
} catch (e) {
  failures.push(e.message);
  for (const p of [pub, sub]) if (p) p.child.stdin.end();
}
const [pubReport, subReport] = await Promise.all([pub, sub].map(async (p) => {
  if (!p) return null;
  const t = setTimeout(() => p.child.kill('SIGTERM'), Number(a['timeout-ms']) + 30_000);
  await p.exited;
  clearTimeout(t);
  return p.lines.filter((l) => l.event === 'report').pop() ?? null;
}));

console.log(JSON.stringify({ label, room, publisher: pubReport }));
console.log(JSON.stringify({ label, room, subscriber: subReport }));
const n = Number(a.frames);
if (!pubReport) failures.push('no publisher report');
if (!subReport) failures.push('no subscriber report');
if (pubReport && pubReport.framesSent !== n) failures.push(`framesSent ${pubReport.framesSent} != ${n}`);
if (subReport && a.expect === 'garbage') {
  // wrong or missing key: nothing may arrive intact (dropped or undecryptable is fine)
  if (subReport.lost !== n) failures.push(`${n - subReport.lost} frames arrived intact despite the key mismatch`);
  if (pubReport && pubReport.usesE2ee !== true) failures.push('published track not marked E2EE');
} else if (subReport) {
  const maxLost = Number(a['max-lost']);
  if (subReport.lost > maxLost) failures.push(`lost = ${subReport.lost}${maxLost ? ` (> ${maxLost})` : ''}`);
  for (const k of ['corrupted', 'duplicates', 'userTimestampMissing']) {
    if (subReport[k] !== 0) failures.push(`${k} = ${subReport[k]}`);
  }
  // the peer reports an early EOS when the publisher unpublishes before all frames arrived
  const errs = (subReport.errors ?? []).filter((e) => !(subReport.lost <= maxLost && e.startsWith('stream ended (EOS)')));
  if (errs.length) failures.push(...errs.map((e) => `subscriber: ${e}`));
  if (a['e2ee-passphrase'] !== undefined && subReport.usesE2ee !== true) failures.push('track not marked E2EE');
}
if (pubReport?.errors?.length) failures.push(...pubReport.errors.map((e) => `publisher: ${e}`));
const lat = subReport?.latencyMs ?? {};
const verdict = failures.length ? 'FAIL' : 'PASS';
console.log(`${verdict} ${label}: sent ${pubReport?.framesSent ?? '?'} pushFailed ${pubReport?.pushFailed ?? '?'}, ` +
  `received ${subReport?.framesReceived ?? '?'} lost ${subReport?.lost ?? '?'} outOfOrder ${subReport?.outOfOrder ?? '?'}, ` +
  `latency p50 ${lat.p50 ?? '-'} ms p99 ${lat.p99 ?? '-'} ms max ${lat.max ?? '-'} ms` +
  (failures.length ? ` | ${failures.join('; ')}` : ''));
process.exit(failures.length ? 1 : 0);
