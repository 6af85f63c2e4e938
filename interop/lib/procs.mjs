// Process helpers shared by the orchestrators (run-pairings.mjs, run-negative.mjs, run-bench.mjs, run-typed.mjs):
// parse --server, check that we run inside the test namespace, start the LiveKit server
// (reference livekit-server or any command), start peers (JSON lines on stdout), stop process
// groups.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const INTEROP = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PEERS = {
  js: join(INTEROP, 'js', 'peer.mjs'),
  rust: join(INTEROP, 'rust', 'peer.mjs'),
  java: join(INTEROP, 'java', 'peer.mjs'),
};

/** `livekit` or `cmd:"<shell command>"` → a server spec for startServer, or null if malformed. */
export function parseServerSpec(server) {
  if (server === 'livekit') return { kind: 'livekit' };
  if (server.startsWith('cmd:')) return { kind: 'cmd', command: server.slice(4) };
  return null;
}

/**
 * The peers' WebRTC needs the server's address on a non-loopback interface of this namespace:
 * returns an error message if host is such an IPv4 address that no local interface has, else null.
 */
export function notInNamespace(host, script) {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) && !host.startsWith('127.')) {
    const mine = Object.values(networkInterfaces()).flat().map((a) => a.address);
    if (!mine.includes(host)) {
      return `no local interface has ${host}; run inside the test namespace: interop/scripts/run-in-netns.sh -- node interop/${script} ...`;
    }
  }
  return null;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function httpOk(target) {
  try {
    const r = await fetch(target, { signal: AbortSignal.timeout(2000) });
    return r.status === 200;
  } catch {
    return false;
  }
}

function killTree(child, signal) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // own process group (spawned detached)
  } catch {
    try {
      child.kill(signal);
    } catch {}
  }
}

export function waitExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((res) => {
    const t = setTimeout(() => res(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      res(true);
    });
  });
}

export async function stopChild(child, graceMs = 5000) {
  killTree(child, 'SIGTERM');
  if (!(await waitExit(child, graceMs))) {
    killTree(child, 'SIGKILL');
    await waitExit(child, 2000);
  }
}

/** Every child started through this module, until it exits. */
export const children = new Set();
export async function stopAll() {
  await Promise.all([...children].map((c) => stopChild(c)));
}

/** On SIGINT/SIGTERM: stop every child, exit 130. */
export function stopAllOnSignals(log) {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => {
      log(`got ${sig}, stopping children`);
      await stopAll();
      process.exit(130);
    });
  }
}

/**
 * Starts the server and waits until GET httpBase answers 200.
 * @param {object} o
 * @param {{kind: 'livekit'} | {kind: 'cmd', command: string}} o.serverSpec
 * @param {string} o.url ws URL the peers use (exported to the command as LDT_SERVER_URL)
 * @param {string} o.logFile
 * @param {string} o.apiKey
 * @param {string} o.apiSecret
 * @param {number} o.readyTimeoutMs
 * @param {(...a: any[]) => void} o.log
 * @param {string[]} [o.livekitArgs] extra livekit-server arguments (e.g. --config-body YAML)
 */
export async function startServer({ serverSpec, url, logFile, apiKey, apiSecret, readyTimeoutMs, log, livekitArgs = [] }) {
  const u = new URL(url);
  const host = u.hostname;
  const httpBase = `${u.protocol === 'wss:' ? 'https' : 'http'}://${u.host}/`;
  const logStream = createWriteStream(logFile);
  let cmd;
  let args;
  let version = null;
  if (serverSpec.kind === 'livekit') {
    let bin = process.env.LIVEKIT_SERVER_BIN;
    if (!bin) {
      const r = spawnSync(join(INTEROP, 'scripts', 'install-livekit-server.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status !== 0) throw new Error(`install-livekit-server.sh failed (exit ${r.status})`);
      bin = r.stdout.trim().split('\n').pop();
    }
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    version = (v.stdout || '').trim() || null;
    cmd = bin;
    args = ['--dev', '--bind', host, '--node-ip', host];
    if (apiKey !== 'devkey' || apiSecret !== 'secret') args.push('--keys', `${apiKey}: ${apiSecret}`);
    args.push(...livekitArgs);
  } else {
    cmd = 'bash';
    args = ['-c', serverSpec.command];
  }
  log(`starting server: ${cmd} ${args.join(' ')} (log ${logFile})`);
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LDT_SERVER_URL: url } });
  children.add(child);
  child.stdout.pipe(logStream, { end: false });
  child.stderr.pipe(logStream, { end: false });
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    children.delete(child);
    log(`server exited code=${code} signal=${signal}`);
  });
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before it was ready (code ${exited.code}); see ${logFile}`);
    if (await httpOk(httpBase)) {
      log(`server ready: GET ${httpBase} = 200`);
      return { child, version, log: logFile, isAlive: () => !exited };
    }
    await sleep(200);
  }
  await stopChild(child);
  throw new Error(`server not ready after ${readyTimeoutMs} ms (GET ${httpBase}); see ${logFile}`);
}

/**
 * Starts a peer (`node <peer> ...args`); stdout JSON lines are collected as events, stderr and
 * stdout go to logFile.
 */
export function startPeer({ sdk, args, logFile, label }) {
  const child = spawn(process.execPath, [PEERS[sdk], ...args], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  const logStream = createWriteStream(logFile);
  logStream.write(`[argv] ${PEERS[sdk]} ${args.map((a) => (a.length > 120 ? `${a.slice(0, 120)}…` : a)).join(' ')}\n`);
  // stderr and stdout both write to the log: end it only once the child's stdio closed.
  child.stderr.pipe(logStream, { end: false });
  child.on('close', () => logStream.end());
  const events = [];
  const waiters = [];
  const rl = createInterface({ input: child.stdout });
  rl.on('line', (line) => {
    if (!logStream.writableEnded) logStream.write(`[stdout] ${line}\n`);
    let ev;
    try {
      ev = JSON.parse(line);
    } catch {
      events.push({ event: 'non-json-stdout', line });
      return;
    }
    events.push(ev);
    for (const w of [...waiters]) w();
  });
  const exit = new Promise((res) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      res({ code, signal });
      for (const w of [...waiters]) w();
    });
  });
  child.stdin.on('error', () => {}); // peer may exit before we write
  const peer = {
    child,
    label,
    events,
    exit,
    logFile,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    /** resolves with the event or null on exit/timeout */
    waitFor(name, ms) {
      return new Promise((res) => {
        const check = () => {
          const ev = events.find((e) => e.event === name);
          if (ev) return done(ev);
          if (peer.exited()) return done(null);
        };
        const t = setTimeout(() => done(null), ms);
        function done(v) {
          clearTimeout(t);
          const i = waiters.indexOf(check);
          if (i >= 0) waiters.splice(i, 1);
          res(v);
        }
        waiters.push(check);
        check();
      });
    },
    /** resolves with the exit status, or null after ms */
    waitExit(ms) {
      return Promise.race([exit, sleep(ms).then(() => null)]);
    },
    report() {
      return [...events].reverse().find((e) => e.event === 'report') ?? null;
    },
  };
  return peer;
}
