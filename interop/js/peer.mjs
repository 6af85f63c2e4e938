#!/usr/bin/env node
// JS interop peer: the real, unmodified npm livekit-client running in Debian Chromium (headless),
// driven through playwright-core. Implements the peer contract of ../README.md:
//
//   node peer.mjs --url ws://ADDR:7880 --token JWT --role publish|subscribe --track NAME
//                 --frames N --size BYTES --fps F [--e2ee-passphrase P] [--v0]
//                 [--publisher IDENTITY] [--timeout-ms MS]
//
// Negative-path modes (see ../README.md, "Negative checks"):
//   --connect-only                 connect, report {connected, connectError}, exit 0
//   --publish-names JSON           (publish) publish a data track for each name of the JSON string
//                                  array in turn, report {publishResults, publishError}, exit 0
//   --unpublish [--hold-ms MS]     (publish) after the frames: unpublish, report the outcome, stay
//                                  connected MS (default 5000) so subscribers see the unpublish
//                                  and not a participant leaving
//   --until-unpublished            (subscribe) after the N frames keep reading until the stream
//                                  ends; report the DataTrackUnpublished event and the stream end
//
// stdout carries only JSON lines (events + the final report as the last line); logs go to stderr.
// Must run where WebRTC has a non-loopback interface (inside the test network namespace).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { buildPage } from './build.mjs';
import { decodeToken } from './lib/token.mjs';

const CHROMIUM = process.env.LDT_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Playwright's own --disable-features list comes earlier on the command line; Chromium keeps
  // only the last occurrence, so this one wins. Host candidates must not be mDNS-obfuscated.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    role: { type: 'string' },
    track: { type: 'string' },
    frames: { type: 'string' },
    size: { type: 'string' },
    fps: { type: 'string' },
    'e2ee-passphrase': { type: 'string' },
    v0: { type: 'boolean', default: false },
    publisher: { type: 'string' },
    'timeout-ms': { type: 'string' },
    'buffer-size': { type: 'string' }, // subscriber ReadableStream buffer (frames), default 64
    'log-level': { type: 'string' }, // livekit-client log level: trace|debug|info|warn|error|silent
    'connect-only': { type: 'boolean', default: false },
    'publish-names': { type: 'string' },
    unpublish: { type: 'boolean', default: false },
    'hold-ms': { type: 'string' },
    'until-unpublished': { type: 'boolean', default: false },
  },
  strict: true,
});

const t0 = Date.now();
const log = (...a) => console.error(`[js-peer ${opt.role ?? '?'} +${((Date.now() - t0) / 1000).toFixed(3)}s]`, ...a);
const emit = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

function need(name) {
  const v = opt[name];
  if (v === undefined || v === '') throw new Error(`missing --${name}`);
  return v;
}
function int(name, min) {
  const v = Number(need(name));
  if (!Number.isFinite(v) || v < min) throw new Error(`--${name} must be a number >= ${min}`);
  return v;
}

let cfg;
try {
  // The negative publish/connect modes need no track or stream parameters.
  const noStream = opt['connect-only'] || opt['publish-names'] !== undefined;
  cfg = {
    url: need('url'),
    token: need('token'),
    role: need('role'),
    track: noStream ? (opt.track ?? null) : need('track'),
    frames: noStream && opt.frames === undefined ? 1 : Math.floor(int('frames', 1)),
    size: noStream && opt.size === undefined ? 4 : Math.floor(int('size', 4)),
    fps: noStream && opt.fps === undefined ? 1 : int('fps', 0.001),
    connectOnly: opt['connect-only'],
    publishNames: null,
    unpublish: opt.unpublish,
    holdMs: opt['hold-ms'] !== undefined ? Math.floor(Number(opt['hold-ms'])) : 5000,
    untilUnpublished: opt['until-unpublished'],
    passphrase: opt['e2ee-passphrase'] || null,
    v0: opt.v0,
    publisher: opt.publisher || null,
    timeoutMs: opt['timeout-ms'] ? Math.floor(Number(opt['timeout-ms'])) : null,
    bufferSize: opt['buffer-size'] ? Math.floor(Number(opt['buffer-size'])) : 64,
    logLevel: opt['log-level'] ?? process.env.LDT_JS_LOG_LEVEL ?? 'info',
  };
  if (cfg.role !== 'publish' && cfg.role !== 'subscribe') throw new Error('--role must be publish or subscribe');
  if (opt['publish-names'] !== undefined) {
    cfg.publishNames = JSON.parse(opt['publish-names']);
    if (!Array.isArray(cfg.publishNames) || !cfg.publishNames.every((n) => typeof n === 'string')) {
      throw new Error('--publish-names must be a JSON array of strings');
    }
    if (cfg.role !== 'publish') throw new Error('--publish-names needs --role publish');
  }
  if (cfg.unpublish && cfg.role !== 'publish') throw new Error('--unpublish needs --role publish');
  if (cfg.untilUnpublished && cfg.role !== 'subscribe') throw new Error('--until-unpublished needs --role subscribe');
  if (!Number.isFinite(cfg.holdMs) || cfg.holdMs < 0) throw new Error('--hold-ms must be a number >= 0');
} catch (e) {
  console.error(`js-peer: ${e.message}`);
  process.exit(2);
}

let identity = null;
try {
  identity = decodeToken(cfg.token).sub ?? null;
} catch {
  /* the server will reject it */
}

const baseReport = () => ({
  event: 'report',
  sdk: 'js',
  role: cfg.role,
  identity,
  framesSent: 0,
  framesReceived: 0,
  pushFailed: 0,
  corrupted: 0,
  lost: cfg.role === 'subscribe' ? cfg.frames : 0,
  outOfOrder: 0,
  duplicates: 0,
  userTimestampMissing: 0,
  latencyMs: { p50: null, p99: null, max: null },
  errors: [],
});

let browser = null; // BrowserContext (persistent)
let httpServer = null;
let userDataDir = null;

async function cleanup() {
  try {
    if (browser) await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]);
  } catch (e) {
    log('browser close failed:', e.message);
  }
  browser = null;
  if (httpServer) httpServer.close();
  httpServer = null;
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  userDataDir = null;
}

async function serve(files) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const f = files.get(path);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': f.type, 'cache-control': 'no-store' }).end(f.body);
  });
  // 127.0.0.1 is a secure context (crypto.subtle, needed by E2EE); the WebSocket and ICE traffic
  // go to the server URL on the namespace's veth addresses regardless of the page origin.
  await new Promise((res, rej) => server.listen(0, '127.0.0.1', res).once('error', rej));
  return server;
}

function readStartLine() {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      if (line.trim() === 'start') {
        resolve();
        rl.close();
      }
    });
    rl.on('close', () => reject(new Error('stdin closed before "start"')));
  });
}

async function main() {
  const files = await buildPage();
  httpServer = await serve(files);
  const pageUrl = `http://127.0.0.1:${httpServer.address().port}/`;

  userDataDir = mkdtempSync(join(tmpdir(), 'ldtjs-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    // Without a media permission Chromium exposes no host candidates; no device is opened.
    permissions: ['camera', 'microphone'],
  });
  await browser.grantPermissions(['camera', 'microphone'], { origin: pageUrl.slice(0, -1) });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on('console', (m) => console.error(`[js-peer ${cfg.role} page:${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[js-peer ${cfg.role} pageerror] ${e.message}`));
  page.on('crash', () => console.error(`[js-peer ${cfg.role}] page crashed`));
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.ldt?.ready === true, null, { timeout: 30000 });
  log(`chromium ${browser.browser()?.version() ?? '?'} page ready at ${pageUrl}`);

  const connectArgs = {
    url: cfg.url,
    token: cfg.token,
    e2eePassphrase: cfg.passphrase,
    v0: cfg.v0,
    logLevel: cfg.logLevel,
  };
  if (cfg.connectOnly) {
    const t = Date.now();
    const r = await page.evaluate((a) => window.ldt.connectTry(a), connectArgs);
    log(r.ok ? `connected ${JSON.stringify(r.info)}` : `connect failed: ${JSON.stringify(r.error)}`);
    await page.evaluate(() => window.ldt.disconnect()).catch(() => {});
    return { ...baseReport(), connected: r.ok, connectError: r.ok ? null : r.error, connectMs: Date.now() - t };
  }
  const conn = await page.evaluate((a) => window.ldt.connect(a), connectArgs);
  identity = conn.identity;
  log('connected', JSON.stringify(conn));

  if (cfg.publishNames) {
    const results = await page.evaluate((a) => window.ldt.publishTry(a), { names: cfg.publishNames });
    for (const r of results) log(`publish ${JSON.stringify(r.name.length > 40 ? `${r.name.slice(0, 40)}…(${Buffer.byteLength(r.name)} B)` : r.name)}: ${r.ok ? `ok ${r.sid}` : JSON.stringify(r.error)}`);
    await page.evaluate(() => window.ldt.disconnect()).catch(() => {});
    const firstFail = results.find((r) => !r.ok);
    return {
      ...baseReport(),
      publishResults: results.map((r) => ({ ...r, nameBytes: Buffer.byteLength(r.name), name: r.name.length > 40 ? `${r.name.slice(0, 40)}…` : r.name })),
      publishError: firstFail ? firstFail.error.reason ?? firstFail.error.name : null,
      publishErrorMessage: firstFail ? [firstFail.error.message, firstFail.error.rawMessage].filter(Boolean).join(' | raw: ') : null,
    };
  }

  if (cfg.role === 'publish') {
    const info = await page.evaluate((a) => window.ldt.publish(a), { name: cfg.track });
    emit({ event: 'published', sdk: 'js', identity, track: info.name, sid: info.sid, pubHandle: info.pubHandle, e2ee: info.usesE2ee, v0: cfg.v0 });
    await readStartLine();
    log(`start: pushing ${cfg.frames} x ${cfg.size} B at ${cfg.fps} fps`);
    const r = await page.evaluate((a) => window.ldt.runPublish(a), { frames: cfg.frames, size: cfg.size, fps: cfg.fps });
    log('push done', JSON.stringify({ ...r, errors: r.errors.length }));
    await new Promise((res) => setTimeout(res, 1000));
    const report = { ...baseReport(), framesSent: r.framesSent, pushFailed: r.pushFailed, errors: r.errors, pushDurationMs: r.pushDurationMs, maxScheduleLagMs: r.maxScheduleLagMs, sdkLog: r.sdkLog };
    if (cfg.unpublish) {
      const u = await page.evaluate((a) => window.ldt.unpublish(a), { timeoutMs: 10000 });
      log('unpublish', JSON.stringify(u));
      report.unpublish = u;
      if (u.error) report.errors.push(`unpublish: ${u.error}`);
      emit({ event: 'unpublished', sdk: 'js', identity, sid: u.sid, at: u.doneAt, error: u.error });
      await new Promise((res) => setTimeout(res, cfg.holdMs));
    }
    await page.evaluate(() => window.ldt.disconnect()).catch(() => {});
    return report;
  }

  // subscribe
  const waitMs = cfg.timeoutMs ?? 60000;
  const sub = await page.evaluate((a) => window.ldt.subscribe(a), {
    name: cfg.track,
    publisher: cfg.publisher,
    bufferSize: cfg.bufferSize,
    waitMs,
  });
  emit({ event: 'subscribed', sdk: 'js', identity, track: cfg.track, sid: sub.sid, publisher: sub.publisherIdentity, e2ee: sub.usesE2ee });
  // Overall receive budget: the stream's nominal duration plus 30 s, unless --timeout-ms is given.
  const timeoutMs = cfg.timeoutMs ?? Math.ceil((cfg.frames / cfg.fps) * 1000) + 30000;
  const r = await page.evaluate((a) => window.ldt.receive(a), { frames: cfg.frames, size: cfg.size, idleMs: 5000, timeoutMs, untilUnpublished: cfg.untilUnpublished });
  if (cfg.untilUnpublished && !r.unpublishedEvent) {
    // The stream may end a moment before the room event is emitted.
    r.unpublishedEvent = await page.evaluate((a) => window.ldt.waitRemoteUnpublished(a), { timeoutMs: 3000 });
  }
  log('receive done', JSON.stringify({ ...r, errors: r.errors.length }));
  await page.evaluate(() => window.ldt.disconnect()).catch(() => {});
  return { ...baseReport(), ...r, event: 'report', sdk: 'js', role: cfg.role, identity };
}

let exitCode = 0;
let report;
try {
  report = await main();
} catch (e) {
  log('fatal:', e?.stack ?? e);
  report = baseReport();
  report.errors.push(`fatal: ${e?.message ?? e}`);
  exitCode = 1;
}
await cleanup();
emit(report);
process.exit(exitCode);
