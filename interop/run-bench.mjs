#!/usr/bin/env node
// Cross-SDK benchmark: for each server (our SFU, the reference livekit-server) and each
// same-SDK pairing (java-java, js-js, rust-rust), measures
//   1. latency: 1000 x 1 KiB @ 100 fps -> p50/p99/max ms and lost frames;
//   2. lossless throughput with 60 KB frames: a ramp of frame rates (fresh room and peers per
//      step); the highest rate at which every frame arrived intact, as fps and MB/s, with p50/p99
//      at that rate.
// Prints a Markdown table (and ratios computed from the same run) to stdout and writes
// <out>/bench.json. Uses the peer contract of interop/README.md. Must run inside the test
// network namespace:
//
//   interop/scripts/run-in-netns.sh -- node interop/run-bench.mjs [--quick]
//
// Options (all optional):
//   --servers ours,livekit        ours = our SFU (--ours-command), livekit = livekit-server --dev
//   --ours-command CMD            default: exec java -jar <repo>/cli/target/livekit-dt.jar serve --dev
//                                 --bind $LDT_SERVER_IP --node-ip $LDT_SERVER_IP
//   --pairings java-java,js-js,rust-rust   PUB-SUB, sdks js, rust, java
//   --quick                       smoke: 300 latency frames, 2 s steps, rates 25,50,100,200, no
//                                 retries or refinement (≈ 2-3 min for the full matrix)
//   --latency-frames N            default 1000 (quick 300), 1024 B @ 100 fps
//   --size BYTES                  throughput frame size, default 60000
//   --rates R1,R2,...             ramp in fps, default 25,50,100,150,200,300,400,600
//                                 (quick 25,50,100,200)
//   --step-seconds S              frames per step = max(50, round(rate x S)); default 4 (quick 2)
//   --retries N                   a step that lost frames is run again up to N times; it counts
//                                 as lossless if one attempt was (default 1, quick 0)
//   --refine N                    after the first lossy step, up to N bisection steps between
//                                 the last lossless and the first lossy rate (default 1, quick 0)
//   --url ws://HOST:PORT          default ws://$LDT_SERVER_IP:7880
//   --api-key K --api-secret S    default devkey / secret
//   --out DIR                     default interop/out (bench.json, bench-logs/)
//   --server-ready-timeout-ms MS  default 60000
//   --from-json FILE              run nothing: print the tables of an earlier bench.json
// Exit code: 0 if every peer ran (whatever the numbers); 1 on a harness error (a peer or server
// that did not start, exited abnormally or gave no report) or on corrupted/duplicated frames;
// 2 on usage errors.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mintToken } from './js/lib/token.mjs';
import { PEERS, notInNamespace, parseServerSpec, sleep, startPeer, startServer, stopAll, stopAllOnSignals, stopChild } from './lib/procs.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..');
const JAR = join(REPO, 'cli', 'target', 'livekit-dt.jar');

const { values: opt } = parseArgs({
  options: {
    servers: { type: 'string', default: 'ours,livekit' },
    'ours-command': { type: 'string', default: `exec java -jar ${JAR} serve --dev --bind $LDT_SERVER_IP --node-ip $LDT_SERVER_IP` },
    pairings: { type: 'string', default: 'java-java,js-js,rust-rust' },
    quick: { type: 'boolean', default: false },
    'latency-frames': { type: 'string' },
    size: { type: 'string', default: '60000' },
    rates: { type: 'string' },
    'step-seconds': { type: 'string' },
    retries: { type: 'string' },
    refine: { type: 'string' },
    url: { type: 'string' },
    'api-key': { type: 'string', default: 'devkey' },
    'api-secret': { type: 'string', default: 'secret' },
    out: { type: 'string', default: join(HERE, 'out') },
    'server-ready-timeout-ms': { type: 'string', default: '60000' },
    'from-json': { type: 'string' },
  },
  strict: true,
});

const runStart = Date.now();
const log = (...a) => console.error(`[bench +${((Date.now() - runStart) / 1000).toFixed(1)}s]`, ...a);
function usage(msg) {
  console.error(`run-bench: ${msg}`);
  process.exit(2);
}

// ---- configuration -------------------------------------------------------------------------
const quick = opt.quick;
const replay = opt['from-json'] ? JSON.parse(readFileSync(opt['from-json'], 'utf8')) : null;
const num = (name, v, min) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) usage(`--${name} must be a number >= ${min}`);
  return n;
};
let cfg = {
  latency: { frames: Math.floor(num('latency-frames', opt['latency-frames'] ?? (quick ? 300 : 1000), 10)), size: 1024, fps: 100 },
  size: Math.floor(num('size', opt.size, 4)),
  rates: (opt.rates ?? (quick ? '25,50,100,200' : '25,50,100,150,200,300,400,600')).split(',').map((r) => num('rates', r.trim(), 0.1)),
  stepSeconds: num('step-seconds', opt['step-seconds'] ?? (quick ? 2 : 4), 0.1),
  retries: Math.floor(num('retries', opt.retries ?? (quick ? 0 : 1), 0)),
  refine: Math.floor(num('refine', opt.refine ?? (quick ? 0 : 1), 0)),
};
for (let i = 1; i < cfg.rates.length; i++) if (!(cfg.rates[i] > cfg.rates[i - 1])) usage('--rates must be increasing');

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

const SERVER_NAMES = { ours: 'our SFU', livekit: 'livekit-server' };
const servers = opt.servers.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
  if (s === 'ours') return { key: s, name: SERVER_NAMES[s], spec: parseServerSpec(`cmd:${opt['ours-command']}`) };
  if (s === 'livekit') return { key: s, name: SERVER_NAMES[s], spec: parseServerSpec('livekit') };
  return usage(`bad server "${s}" (ours, livekit)`);
});
const pairings = opt.pairings.split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
  const m = /^([a-z]+)-([a-z]+)$/.exec(p);
  if (!m || !PEERS[m[1]] || !PEERS[m[2]]) usage(`bad pairing "${p}" (PUB-SUB with sdks ${Object.keys(PEERS).join(', ')})`);
  return { name: p, pub: m[1], sub: m[2] };
});
if (servers.length === 0 || pairings.length === 0) usage('nothing to run');

const outside = notInNamespace(urlHost, 'run-bench.mjs');
if (outside && !replay) usage(outside);

const outDir = resolve(opt.out);
const logDir = join(outDir, 'bench-logs');
mkdirSync(logDir, { recursive: true });
stopAllOnSignals(log);

// ---- one stream: fresh room, publisher and subscriber ----------------------------------------
/** UDP counters of this network namespace (/proc/net/snmp), or null. */
function udpCounters() {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
    const keys = lines[0].split(/\s+/).slice(1);
    const vals = lines[1].split(/\s+/).slice(1).map(Number);
    const c = Object.fromEntries(keys.map((k, i) => [k, vals[i]]));
    return { InDatagrams: c.InDatagrams, InErrors: c.InErrors, RcvbufErrors: c.RcvbufErrors, SndbufErrors: c.SndbufErrors };
  } catch {
    return null;
  }
}

let streamCounter = 0;
/**
 * Runs frames x size @ fps from pairing.pub to pairing.sub. Returns
 * { id, frames, size, fps, harnessErrors[], corruption[], lossless, publisher, subscriber,
 *   achievedFps, keptUp, durationMs, load1 }.
 */
async function runStream({ server, serverKey, pairing, label, frames, size, fps }) {
  const n = ++streamCounter;
  const id = `${String(n).padStart(3, '0')}-${serverKey}-${pairing.name}-${label}`;
  const room = `ldt-bench-${id}-${Date.now().toString(36)}`;
  const pubId = `pub-${pairing.pub}-${n}`;
  const subId = `sub-${pairing.sub}-${n}`;
  const token = (identity) => mintToken({ apiKey: opt['api-key'], apiSecret: opt['api-secret'], identity, room });
  const common = ['--url', url, '--track', 'ldt-bench', '--frames', String(frames), '--size', String(size), '--fps', String(fps)];
  const r = { id, room, frames, size, fps, harnessErrors: [], corruption: [], lossless: false, load1: loadavg()[0] };
  const started = Date.now();
  const udpBefore = udpCounters();
  let pub = null;
  let sub = null;
  try {
    if (!server.isAlive()) {
      r.harnessErrors.push('server is not running');
      return r;
    }
    // Both peers start at once (the subscriber waits for the publisher's track): saves the
    // browser start-up of one peer per step. The stream only starts once both are ready.
    pub = startPeer({ sdk: pairing.pub, label: 'pub', logFile: join(logDir, `${id}-pub.log`), args: [...common, '--token', token(pubId), '--role', 'publish'] });
    sub = startPeer({ sdk: pairing.sub, label: 'sub', logFile: join(logDir, `${id}-sub.log`), args: [...common, '--token', token(subId), '--role', 'subscribe', '--publisher', pubId] });
    const [published, subscribed] = await Promise.all([pub.waitFor('published', 90000), sub.waitFor('subscribed', 90000)]);
    if (!published) r.harnessErrors.push(pub.exited() ? 'publisher exited before "published"' : 'publisher: no "published" within 90 s');
    if (!subscribed) r.harnessErrors.push(sub.exited() ? 'subscriber exited before "subscribed"' : 'subscriber: no "subscribed" within 90 s');
    if (r.harnessErrors.length) return r;
    r.setupMs = Date.now() - started;
    pub.child.stdin.write('start\n');
    const budget = Math.ceil((frames / fps) * 1000) + 60000;
    const [pubExit, subExit] = await Promise.all([pub.waitExit(budget), sub.waitExit(budget)]);
    const p = pub.report();
    const s = sub.report();
    r.publisher = p;
    r.subscriber = s;
    if (!pubExit) r.harnessErrors.push('publisher did not exit in time');
    else if (pubExit.code !== 0) r.harnessErrors.push(`publisher exit ${pubExit.code ?? pubExit.signal}`);
    if (!subExit) r.harnessErrors.push('subscriber did not exit in time');
    else if (subExit.code !== 0) r.harnessErrors.push(`subscriber exit ${subExit.code ?? subExit.signal}`);
    if (!p) r.harnessErrors.push('publisher: no report');
    if (!s) r.harnessErrors.push('subscriber: no report');
    if (!p || !s) return r;
    if (s.corrupted) r.corruption.push(`corrupted ${s.corrupted}`);
    if (s.duplicates) r.corruption.push(`duplicates ${s.duplicates}`);
    if (s.userTimestampMissing) r.corruption.push(`userTimestampMissing ${s.userTimestampMissing}`);
    // Achieved push rate: frames - 1 intervals between the first and the last push.
    if (typeof p.pushDurationMs === 'number' && frames > 1) {
      r.achievedFps = p.pushDurationMs > 0 ? (frames - 1) / (p.pushDurationMs / 1000) : Infinity;
      r.keptUp = r.achievedFps >= 0.9 * fps;
    } else {
      r.achievedFps = null;
      r.keptUp = true; // peer does not report it: assume it did
    }
    r.lossless = r.harnessErrors.length === 0 && r.corruption.length === 0
      && p.framesSent === frames && !p.pushFailed && !(p.errors?.length)
      && s.lost === 0 && s.framesReceived >= frames && !(s.errors?.length);
    return r;
  } catch (e) {
    r.harnessErrors.push(`harness error: ${e.stack ?? e}`);
    return r;
  } finally {
    r.durationMs = Date.now() - started;
    const udpAfter = udpCounters();
    r.udp = udpBefore && udpAfter ? Object.fromEntries(Object.keys(udpAfter).map((k) => [k, udpAfter[k] - udpBefore[k]])) : null;
    await Promise.all([pub ? stopChild(pub.child) : null, sub ? stopChild(sub.child) : null]);
    if (pub && !r.publisher) r.publisher = pub.report();
    if (sub && !r.subscriber) r.subscriber = sub.report();
    r.logs = { publisher: pub?.logFile ?? null, subscriber: sub?.logFile ?? null };
    const s = r.subscriber;
    const p = r.publisher;
    log(`[${id}] ${frames} x ${size} B @ ${fps} fps: ${r.harnessErrors.length ? 'HARNESS ERROR' : r.lossless ? 'lossless' : 'NOT lossless'}` +
      ` in ${(r.durationMs / 1000).toFixed(1)} s` +
      (s ? `; recv ${s.framesReceived} lost ${s.lost} corrupt ${s.corrupted} p50 ${s.latencyMs?.p50} p99 ${s.latencyMs?.p99} max ${s.latencyMs?.max} ms` : '') +
      (p ? `; sent ${p.framesSent} pushFailed ${p.pushFailed ?? '-'} push ${p.pushDurationMs ?? '-'} ms` : '') +
      (r.achievedFps ? ` (${r.achievedFps.toFixed(1)} fps${r.keptUp ? '' : ', publisher fell behind'})` : '') +
      ` load ${r.load1.toFixed(1)}` +
      (r.udp?.RcvbufErrors || r.udp?.SndbufErrors ? `; UDP buffer drops in the namespace: rcv ${r.udp.RcvbufErrors} snd ${r.udp.SndbufErrors}` : '') +
      ([...r.harnessErrors, ...r.corruption].length ? `\n    ${[...r.harnessErrors, ...r.corruption].join('\n    ')}` : ''));
  }
}

// ---- per pairing: latency, then the ramp -----------------------------------------------------
const frameCount = (fps) => Math.max(50, Math.round(fps * cfg.stepSeconds));

/** One ramp step (with retries on loss). Returns { fps, attempts[], lossless, best }. */
async function rampStep(ctx, fps) {
  const attempts = [];
  for (let a = 0; a <= cfg.retries; a++) {
    const r = await runStream({ ...ctx, label: `${fps}fps${a ? `-retry${a}` : ''}`, frames: frameCount(fps), size: cfg.size, fps });
    attempts.push(r);
    // Retry only pure loss; a harness error or corruption is final.
    if (r.lossless || r.harnessErrors.length || r.corruption.length) break;
  }
  const best = attempts.find((x) => x.lossless) ?? attempts[attempts.length - 1];
  return { fps, lossless: !!attempts.find((x) => x.lossless), attempts, best };
}

async function benchPairing(server, srv, pairing) {
  const ctx = { server, serverKey: srv.key, pairing };
  const out = { server: srv.key, serverName: srv.name, pairing: pairing.name, harnessErrors: [], corruption: [] };
  const lat = await runStream({ ...ctx, label: 'latency', ...cfg.latency });
  out.latency = {
    ...cfg.latency,
    lost: lat.subscriber?.lost ?? null,
    p50: lat.subscriber?.latencyMs?.p50 ?? null,
    p99: lat.subscriber?.latencyMs?.p99 ?? null,
    max: lat.subscriber?.latencyMs?.max ?? null,
    achievedFps: lat.achievedFps ?? null,
    run: lat,
  };
  out.harnessErrors.push(...lat.harnessErrors.map((e) => `latency: ${e}`));
  out.corruption.push(...lat.corruption.map((e) => `latency: ${e}`));

  const steps = [];
  let good = null; // highest lossless step
  let bad = null; // first step that was not lossless
  let cap = 'top of ramp';
  if (lat.harnessErrors.length === 0) {
    for (const fps of cfg.rates) {
      const st = await rampStep(ctx, fps);
      steps.push(st);
      const last = st.attempts[st.attempts.length - 1];
      if (last.harnessErrors.length) {
        cap = 'harness error';
        break;
      }
      if (!st.lossless) {
        bad = st;
        cap = `loss at ${fps} fps`;
        break;
      }
      good = st;
      if (!st.best.keptUp) {
        cap = `publisher kept up only ${st.best.achievedFps.toFixed(0)} of ${fps} fps`;
        break;
      }
    }
    // Bisection between the last lossless and the first lossy rate.
    for (let i = 0; i < cfg.refine && good && bad && cap.startsWith('loss'); i++) {
      const mid = Math.round((good.fps + bad.fps) / 2 / 5) * 5;
      if (mid <= good.fps || mid >= bad.fps) break;
      const st = await rampStep(ctx, mid);
      steps.push(st);
      if (st.attempts[st.attempts.length - 1].harnessErrors.length) {
        cap = 'harness error';
        break;
      }
      if (st.lossless && st.best.keptUp) good = st;
      else if (st.lossless) {
        good = st;
        cap = `publisher kept up only ${st.best.achievedFps.toFixed(0)} of ${mid} fps`;
      } else {
        bad = st;
        cap = `loss at ${mid} fps`;
      }
    }
  }
  for (const st of steps) {
    for (const a of st.attempts) {
      out.harnessErrors.push(...a.harnessErrors.map((e) => `${a.id}: ${e}`));
      out.corruption.push(...a.corruption.map((e) => `${a.id}: ${e}`));
    }
  }
  const g = good?.best;
  // The rate credited is the requested rate, or what the publisher really achieved if lower.
  const fps = g ? (g.keptUp || g.achievedFps == null ? good.fps : g.achievedFps) : null;
  out.throughput = {
    size: cfg.size,
    maxLosslessFps: fps,
    maxLosslessMBps: fps == null ? null : (fps * cfg.size) / 1e6,
    requestedFps: good?.fps ?? null,
    achievedFps: g?.achievedFps ?? null,
    p50: g?.subscriber?.latencyMs?.p50 ?? null,
    p99: g?.subscriber?.latencyMs?.p99 ?? null,
    firstLossyFps: bad?.fps ?? null,
    firstLossyLost: bad ? bad.attempts.map((a) => a.subscriber?.lost ?? null) : null,
    cap,
    steps: steps.map((st) => ({
      fps: st.fps,
      lossless: st.lossless,
      attempts: st.attempts.map((a) => ({
        id: a.id, room: a.room, frames: a.frames, lossless: a.lossless, lost: a.subscriber?.lost ?? null,
        outOfOrder: a.subscriber?.outOfOrder ?? null, pushFailed: a.publisher?.pushFailed ?? null,
        senderFramesDropped: a.publisher?.senderFramesDropped ?? null, achievedFps: a.achievedFps, keptUp: a.keptUp, p50: a.subscriber?.latencyMs?.p50 ?? null,
        p99: a.subscriber?.latencyMs?.p99 ?? null, max: a.subscriber?.latencyMs?.max ?? null,
        trackStats: a.subscriber?.trackStats ?? null, udp: a.udp ?? null, load1: a.load1, durationMs: a.durationMs,
        harnessErrors: a.harnessErrors, corruption: a.corruption, logs: a.logs,
      })),
    })),
  };
  log(`== ${srv.name} ${pairing.name}: 1 KiB@100 p50/p99 ${out.latency.p50}/${out.latency.p99} ms lost ${out.latency.lost}; ` +
    `max lossless ${cfg.size} B: ${fps == null ? '-' : fps.toFixed(0)} fps (${cap})`);
  return out;
}

// ---- tables ----------------------------------------------------------------------------------
const fmt = (v, d = 0) => (v === null || v === undefined || Number.isNaN(v) ? '–' : typeof v === 'number' ? (Number.isInteger(v) && d === 0 ? String(v) : v.toFixed(d)) : String(v));
const ms = (v) => (v === null || v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(1));
/** a/b; null if either is missing or b is 0. */
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);
/** Latency ratio b/a with both clamped to ≥ 1 ms: user timestamps have millisecond resolution. */
const latRatio = (b, a) => (a == null || b == null ? null : Math.max(b, 1) / Math.max(a, 1));
const rfmt = (x) => (x == null ? '–' : x.toFixed(2));

function mainTable(rows) {
  const kib = cfg.latency;
  const head = ['server', 'pairing', `${kib.frames}×1 KiB@${kib.fps} p50 / p99 / max ms`, 'lost',
    `max lossless ${cfg.size / 1000} KB rate (fps)`, 'MB/s', 'p50 / p99 ms at that rate', 'ramp ended by'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i < 2 || i === head.length - 1 ? '---' : '---:')).join(' | ')} |`];
  for (const r of rows) {
    const t = r.throughput;
    lines.push(`| ${[r.serverName, r.pairing.replace('-', ' → '),
      `${ms(r.latency.p50)} / ${ms(r.latency.p99)} / ${ms(r.latency.max)}`, fmt(r.latency.lost),
      t.maxLosslessFps == null ? '–' : fmt(t.maxLosslessFps, Number.isInteger(t.maxLosslessFps) ? 0 : 1), fmt(t.maxLosslessMBps, 1),
      `${ms(t.p50)} / ${ms(t.p99)}`, t.cap].join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * Ratios, all oriented so that ≥ 1 means "the first is at least as good": latency ratios are
 * other / first (lower latency is better), throughput ratios first / other.
 */
function comparisons(rows) {
  const find = (server, pairing) => rows.find((r) => r.server === server && r.pairing === pairing);
  // 60 KB latency compared at the same rate: the highest rate both ran losslessly.
  const cleanSteps = (r) => new Map((r?.throughput.steps ?? []).filter((st) => st.lossless)
    .map((st) => [st.fps, st.attempts.find((x) => x.lossless)]));
  const cmp = (label, a, b) => {
    const sa = cleanSteps(a);
    const sb = cleanSteps(b);
    const common = Math.max(-Infinity, ...[...sa.keys()].filter((f) => sb.has(f)));
    return {
      label,
      p50: latRatio(b?.latency.p50, a?.latency.p50),
      p99: latRatio(b?.latency.p99, a?.latency.p99),
      rate: ratio(a?.throughput.maxLosslessFps, b?.throughput.maxLosslessFps),
      commonFps: Number.isFinite(common) ? common : null,
      commonP99: Number.isFinite(common) ? latRatio(sb.get(common).p99, sa.get(common).p99) : null,
    };
  };
  const out = [];
  const serverKeys = [...new Set(rows.map((r) => r.server))];
  for (const key of serverKeys) {
    const java = find(key, 'java-java');
    if (!java) continue;
    for (const other of ['js-js', 'rust-rust']) {
      const o = find(key, other);
      if (o) out.push(cmp(`${java.serverName}: Java→Java vs ${other === 'js-js' ? 'JS→JS' : 'Rust→Rust'}`, java, o));
    }
  }
  for (const p of [...new Set(rows.map((r) => r.pairing))]) {
    if (find('ours', p) && find('livekit', p)) out.push(cmp(`${p}: our SFU vs livekit-server`, find('ours', p), find('livekit', p)));
  }
  return out;
}

function comparisonTable(cmps) {
  const head = ['comparison (≥ 1: first is at least as good)', '1 KiB p50', '1 KiB p99', 'max lossless 60 KB rate', '60 KB p99 at the highest rate both ran losslessly'];
  const lines = [`| ${head.join(' | ')} |`, `| --- | ${head.slice(1).map(() => '---:').join(' | ')} |`];
  for (const c of cmps) {
    lines.push(`| ${[c.label, rfmt(c.p50), rfmt(c.p99), rfmt(c.rate), c.commonFps == null ? '–' : `${rfmt(c.commonP99)} (at ${c.commonFps} fps)`].join(' | ')} |`);
  }
  return lines.join('\n');
}

function printReport(summary) {
  const c = summary.config;
  console.log(mainTable(summary.rows));
  console.log('');
  console.log(comparisonTable(comparisons(summary.rows)));
  console.log('');
  console.log(`${c.latency.frames} × 1024 B @ ${c.latency.fps} fps for latency; ${c.size} B frames ramped over ${c.rates.join(', ')} fps,`
    + ` max(50, ${c.stepSeconds} s) of frames per step, ${c.retries} retr${c.retries === 1 ? 'y' : 'ies'} of a lossy step, ${c.refine} bisection step(s);`
    + ` ${summary.machine.cpus} CPUs, load1 ${summary.machine.load1Min.toFixed(1)}–${summary.machine.load1Max.toFixed(1)} during the run`
    + ` (${summary.startedAt}, ${(summary.durationMs / 1000).toFixed(0)} s).`);
  for (const s of summary.servers) console.log(`${s.name}: ${s.version ?? s.command}`);
  for (const e of summary.setupErrors) console.log(`SETUP ERROR: ${e}`);
  for (const e of summary.harnessErrors) console.log(`HARNESS ERROR: ${e}`);
  for (const e of summary.corruption) console.log(`CORRUPTION: ${e}`);
}

if (replay) {
  cfg = replay.config;
  printReport(replay);
  process.exit(0);
}

// ---- main ----------------------------------------------------------------------------------
const rows = [];
const serverInfo = [];
const setupErrors = [];
log(`config: ${JSON.stringify(cfg)}; servers ${servers.map((s) => s.key).join(',')}; pairings ${pairings.map((p) => p.name).join(',')}`);
for (const srv of servers) {
  let server = null;
  try {
    server = await startServer({
      serverSpec: srv.spec, url, logFile: join(outDir, `bench-server-${srv.key}.log`), apiKey: opt['api-key'], apiSecret: opt['api-secret'],
      readyTimeoutMs: Number(opt['server-ready-timeout-ms']), log,
    });
    serverInfo.push({ key: srv.key, name: srv.name, command: srv.spec.command ?? null, version: server.version, log: server.log });
    for (const p of pairings) rows.push(await benchPairing(server, srv, p));
  } catch (e) {
    setupErrors.push(`${srv.name}: ${e.message}`);
    log(`setup error (${srv.name}): ${e.message}`);
  } finally {
    await stopAll();
  }
}

// Our SFU logs per-track counters when a track goes away: packets received from the publisher,
// packets it saw missing (lost on the publisher -> SFU hop) and, per subscriber, packets
// forwarded and dropped. Attach them to each stream: they show on which hop frames were lost.
function sfuTrackStats(logFile) {
  const byRoom = new Map();
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return byRoom;
  }
  const re = /room (\S+): data track \S+ of \S+ removed: packets=(\d+) frames=(\d+) bytes=(\d+) lost=(\d+) outOfOrder=(\d+) duplicates=(\d+);(?: \S+\(forwarded=(\d+) dropped=(\d+)\))?/g;
  for (const m of text.matchAll(re)) {
    byRoom.set(m[1], { packetsIn: +m[2], framesIn: +m[3], packetsLostIn: +m[5], forwarded: m[8] === undefined ? null : +m[8], dropped: m[9] === undefined ? null : +m[9] });
  }
  return byRoom;
}
for (const s of serverInfo.filter((x) => x.key === 'ours')) {
  const stats = sfuTrackStats(s.log);
  for (const r of rows.filter((x) => x.server === s.key)) {
    r.latency.run.sfu = stats.get(r.latency.run.room) ?? null;
    for (const st of r.throughput.steps) for (const a of st.attempts) a.sfu = stats.get(a.room) ?? null;
    const lossy = r.throughput.steps.find((st) => st.fps === r.throughput.firstLossyFps);
    // Packets per frame, from a lossless step (all SDKs here cut 60 KB into 4 packets).
    const clean = r.throughput.steps.flatMap((st) => st.attempts).find((a) => a.lossless && a.sfu?.framesIn);
    if (lossy && clean) {
      // Where the attempts of the first lossy step lost their frames, from the SFU's counters.
      const hops = new Set();
      for (const a of lossy.attempts.filter((x) => x.sfu && !x.lossless)) {
        const perFrame = clean.sfu.packetsIn / clean.sfu.framesIn;
        const missingIn = a.frames * perFrame - a.sfu.packetsIn;
        const lostAfter = a.lost > Math.max(0, missingIn); // a missing packet costs at most one frame
        // Frames the publisher's own drop-oldest send queue evicted (Java reports them) never left it.
        const evicted = (a.senderFramesDropped ?? 0) * perFrame;
        if (evicted > 0) hops.add('publisher send queue');
        if (missingIn > evicted) hops.add('publisher→SFU');
        if (a.sfu.dropped > 0) hops.add('SFU queue');
        if (lostAfter && !(a.sfu.dropped > 0)) hops.add('after the SFU');
      }
      if (hops.size) {
        r.throughput.lossHop = [...hops].join(' + ');
        r.throughput.cap += ` (${r.throughput.lossHop})`;
      }
    }
  }
}

const cmps = comparisons(rows);
const harnessErrors = rows.flatMap((r) => r.harnessErrors.map((e) => `${r.serverName} ${r.pairing}: ${e}`));
const corruption = rows.flatMap((r) => r.corruption.map((e) => `${r.serverName} ${r.pairing}: ${e}`));
const loads = rows.flatMap((r) => [r.latency.run.load1, ...r.throughput.steps.flatMap((s) => s.attempts.map((a) => a.load1))]);
const summary = {
  startedAt: new Date(runStart).toISOString(),
  durationMs: Date.now() - runStart,
  command: process.argv.slice(1).join(' '),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, load1Min: Math.min(...loads), load1Max: Math.max(...loads) },
  config: cfg,
  url,
  netns: process.env.LDT_NETNS ?? null,
  servers: serverInfo,
  setupErrors,
  harnessErrors,
  corruption,
  comparisons: cmps,
  rows: rows.map(({ latency: { run, ...lat }, ...r }) => ({
    ...r,
    latency: { ...lat, id: run.id, sfu: run.sfu ?? null, outOfOrder: run.subscriber?.outOfOrder ?? null, pushFailed: run.publisher?.pushFailed ?? null, load1: run.load1, logs: run.logs },
  })),
};
writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify(summary, null, 2)}\n`);

printReport(summary);
console.log(`total ${(summary.durationMs / 1000).toFixed(1)} s; ${join(outDir, 'bench.json')}`);
process.exit(setupErrors.length || harnessErrors.length || corruption.length || rows.length === 0 ? 1 : 0);
