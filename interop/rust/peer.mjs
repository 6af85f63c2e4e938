#!/usr/bin/env node
// Rust-SDK interop peer: drives the unmodified LiveKit Rust SDK through the
// native FFI of @livekit/rtc-ffi-bindings (what @livekit/rtc-node uses) to
// publish or subscribe one data track, and reports JSON on stdout.
//
// node interop/rust/peer.mjs --url ws://ADDR:7880 --token JWT --role publish|subscribe
//   --track NAME --frames N --size BYTES --fps F [--e2ee-passphrase P] [--v0]
//   [--publisher IDENTITY] [--timeout-ms MS]
// Extra (not in the shared contract): --buffer-size N (subscriber stream buffer,
//   SDK default 16), --settle-ms MS (subscriber: wait after subscribing before
//   announcing it, default 1000), --linger-ms MS (publisher: wait after the last
//   push, default 1000), --verbose (capture all Rust logs down to TRACE through
//   the FFI and print them). Without --verbose the Rust SDK logs straight to
//   stderr via env_logger, filtered by RUST_LOG (default "warn").
//
// Negative-path modes (see ../README.md, "Negative checks"):
//   --connect-only             connect, report {connected, connectError}, exit 0
//   --publish-names JSON       (publish) publish a data track for each name of the JSON string
//                              array in turn; report {publishResults, publishError}, exit 0
//   --unpublish [--hold-ms MS] (publish) after the frames: unpublish, try one more push (must
//                              fail), print {"event":"unpublished"}, stay connected MS (default
//                              5000) so subscribers see the unpublish, not a participant leaving
//   --until-unpublished        (subscribe) after the N frames keep reading until EOS; report the
//                              data_track_unpublished room event and the EOS
//
// Typed tracks (see ../README.md, "Typed tracks"; all optional, off by default):
//   --frame-encoding E         (publish) E = ros1|cdr|protobuf|flatbuffer|cbor|msgpack|json|custom:NAME
//   --schema-name N --schema-encoding S
//                              (publish) schema id of the track; S = protobuf|flatbuffer|ros1_msg|
//                              ros2_msg|ros2_idl|omg_idl|json_schema|custom:NAME
//   --define-schema-file PATH | --define-schema TEXT
//                              (publish) define_schema(schema id, UTF-8 text) before publishing
//   --get-schema               (subscribe) get_schema(publisher, the track's schema id); report
//                              schemaFetch {ok, length, sha256, base64 | error}
//   --get-undefined-schema N   (subscribe) also get_schema(publisher, {N, the track's schema
//                              encoding or protobuf}); report undefinedSchemaFetch
//   --schema-retries N         repeat a define_schema/get_schema that timed out up to N times
//                              (default 0). 0.12.73 sometimes misses the server's answer and
//                              times out after 5 s; the report lists those attempts (timeouts)
// Both roles report the track's frameEncoding and schema (null when absent).
//
// stdout carries only JSON lines: {"event":"published"} / {"event":"subscribed"}
// and, last, {"event":"report",...}. Everything else goes to stderr.
// Exit status: 0 = run completed (the report may still show loss or errors),
// 1 = fatal error (report printed with "errors"), 2 = bad arguments.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import readline from 'node:readline';
import { FfiClient, BINDINGS_VERSION } from './lib/ffi.mjs';
import { makeFrame, ReceiveStats, percentiles } from './lib/frames.mjs';

// The FFI reports ClientInfo{sdk: NODE, version}; we pass the version of the
// @livekit/rtc-node release that ships these bindings (1.1.0 -> 0.12.73).
const RTC_NODE_VERSION = '1.1.0';
const DEFAULT_TIMEOUT_MS = 120_000;
const IDLE_AFTER_FIRST_MS = 5_000;
const CONNECT_TIMEOUT_MS = 20_000;
const PUBLISH_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------- arguments
function usage(msg) {
  process.stderr.write(`peer.mjs: ${msg}\n`);
  process.exit(2);
}

let args;
try {
  ({ values: args } = parseArgs({
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
      'buffer-size': { type: 'string' },
      'settle-ms': { type: 'string' },
      'linger-ms': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'connect-only': { type: 'boolean', default: false },
      'publish-names': { type: 'string' },
      unpublish: { type: 'boolean', default: false },
      'hold-ms': { type: 'string' },
      'until-unpublished': { type: 'boolean', default: false },
      'frame-encoding': { type: 'string' },
      'schema-name': { type: 'string' },
      'schema-encoding': { type: 'string' },
      'define-schema-file': { type: 'string' },
      'define-schema': { type: 'string' },
      'get-schema': { type: 'boolean', default: false },
      'get-undefined-schema': { type: 'string' },
      'schema-retries': { type: 'string' },
    },
    strict: true,
  }));
} catch (e) {
  usage(e.message);
}
// The negative publish/connect modes need no track or stream parameters.
const noStream = args['connect-only'] || args['publish-names'] !== undefined;
if (noStream) {
  args.track ??= '';
  args.frames ??= '0';
  args.size ??= '4';
  args.fps ??= '1';
}
for (const k of ['url', 'token', 'role', 'track', 'frames', 'size', 'fps']) {
  if (args[k] === undefined) usage(`--${k} is required`);
}
if (args.role !== 'publish' && args.role !== 'subscribe') usage('--role must be publish or subscribe');
let publishNames = null;
if (args['publish-names'] !== undefined) {
  try {
    publishNames = JSON.parse(args['publish-names']);
  } catch (e) {
    usage(`--publish-names: ${e.message}`);
  }
  if (!Array.isArray(publishNames) || !publishNames.every((n) => typeof n === 'string')) usage('--publish-names must be a JSON array of strings');
  if (args.role !== 'publish') usage('--publish-names needs --role publish');
}
if (args.unpublish && args.role !== 'publish') usage('--unpublish needs --role publish');
if (args['until-unpublished'] && args.role !== 'subscribe') usage('--until-unpublished needs --role subscribe');
const int = (name, v, min) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) usage(`--${name} must be an integer >= ${min}`);
  return n;
};
const role = args.role;
const frames = int('frames', args.frames, 0);
const size = int('size', args.size, 4);
const fps = Number(args.fps);
if (!(fps > 0)) usage('--fps must be > 0');
const timeoutMs = args['timeout-ms'] !== undefined ? int('timeout-ms', args['timeout-ms'], 1) : DEFAULT_TIMEOUT_MS;
const bufferSize = args['buffer-size'] !== undefined ? int('buffer-size', args['buffer-size'], 1) : undefined;
const settleMs = args['settle-ms'] !== undefined ? int('settle-ms', args['settle-ms'], 0) : 1000;
const lingerMs = args['linger-ms'] !== undefined ? int('linger-ms', args['linger-ms'], 0) : 1000;
const passphrase = args['e2ee-passphrase'];
const holdMs = args['hold-ms'] !== undefined ? int('hold-ms', args['hold-ms'], 0) : 5000;
const untilUnpublished = args['until-unpublished'];
const startedAt = Date.now();

// Typed tracks: flag values <-> FFI messages.
const FRAME_ENCODINGS = ['ros1', 'cdr', 'protobuf', 'flatbuffer', 'cbor', 'msgpack', 'json'];
const SCHEMA_ENCODINGS = ['protobuf', 'flatbuffer', 'ros1_msg', 'ros2_msg', 'ros2_idl', 'omg_idl', 'json_schema'];
function encodingMsg(flag, value, known, prefix) {
  if (value.startsWith('custom:')) return { custom: value.slice(7) };
  if (!known.includes(value)) usage(`--${flag} must be one of ${known.join('|')}|custom:NAME`);
  return { well_known: `${prefix}${value.toUpperCase()}` };
}
function encodingName(msg, prefix) {
  if (!msg) return null;
  if (msg.custom !== undefined) return `custom:${msg.custom}`;
  const wk = msg.well_known ?? `${prefix}UNSPECIFIED`;
  return wk.startsWith(prefix) ? wk.slice(prefix.length).toLowerCase() : String(wk).toLowerCase();
}
const FE_PREFIX = 'WELL_KNOWN_FRAME_ENCODING_';
const SE_PREFIX = 'WELL_KNOWN_SCHEMA_ENCODING_';
const schemaIdName = (id) => (id ? { name: id.name ?? '', encoding: encodingName(id.encoding, SE_PREFIX) ?? 'unspecified' } : null);
const typedInfo = (info) => ({ frameEncoding: encodingName(info?.frame_encoding, FE_PREFIX), schema: schemaIdName(info?.schema) });
const frameEncodingMsg = args['frame-encoding'] !== undefined ? encodingMsg('frame-encoding', args['frame-encoding'], FRAME_ENCODINGS, FE_PREFIX) : undefined;
if ((args['schema-name'] === undefined) !== (args['schema-encoding'] === undefined)) usage('--schema-name and --schema-encoding go together');
const schemaIdMsg = args['schema-name'] !== undefined
  ? { name: args['schema-name'], encoding: encodingMsg('schema-encoding', args['schema-encoding'], SCHEMA_ENCODINGS, SE_PREFIX) }
  : undefined;
if (args['define-schema-file'] !== undefined && args['define-schema'] !== undefined) usage('--define-schema-file or --define-schema, not both');
let schemaDefinition;
if (args['define-schema-file'] !== undefined) {
  const raw = readFileSync(args['define-schema-file']);
  schemaDefinition = new TextDecoder('utf-8', { fatal: false }).decode(raw);
  // The FFI carries the definition as a proto string: it must be UTF-8.
  if (!Buffer.from(schemaDefinition, 'utf8').equals(raw)) usage('--define-schema-file: the Rust FFI takes the definition as a string; the file is not valid UTF-8');
} else if (args['define-schema'] !== undefined) {
  schemaDefinition = args['define-schema'];
}
if (schemaDefinition !== undefined && !schemaIdMsg) usage('--define-schema(-file) needs --schema-name and --schema-encoding');
if ((frameEncodingMsg || schemaIdMsg || schemaDefinition !== undefined) && role !== 'publish') usage('--frame-encoding/--schema-*/--define-schema* need --role publish');
if ((args['get-schema'] || args['get-undefined-schema'] !== undefined) && role !== 'subscribe') usage('--get-schema/--get-undefined-schema need --role subscribe');
const schemaRetries = args['schema-retries'] !== undefined ? int('schema-retries', args['schema-retries'], 0) : 0;
const digest = (buf) => ({ length: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
// The FFI reports schema failures as the SDK's error text only; classify it like the Java
// client's SchemaException.Reason (the raw text stays in `message`).
function schemaReason(msg) {
  const m = String(msg ?? '');
  if (/not.?found/i.test(m)) return 'NOT_FOUND';
  if (/time[sd]? ?out/i.test(m)) return 'TIMEOUT';
  if (/not.?allowed|permission|denied/i.test(m)) return 'NOT_ALLOWED';
  if (/limit|too large|exceed/i.test(m)) return 'LIMIT_EXCEEDED';
  if (/invalid/i.test(m)) return 'INVALID_REQUEST';
  if (/disconnect|closed/i.test(m)) return 'DISCONNECTED';
  return 'INTERNAL';
}

// ------------------------------------------------------------------ output
let identity = null;
const errors = [];
const log = (...a) => process.stderr.write(`[rust-peer ${role}${identity ? ' ' + identity : ''}] ${a.join(' ')}\n`);
const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --------------------------------------------------------------------- FFI
const ffi = new FfiClient({ sdkVersion: RTC_NODE_VERSION, captureLogs: args.verbose });
log(`@livekit/rtc-ffi-bindings ${BINDINGS_VERSION}, url ${args.url}, track "${args.track}",`,
  `${frames} x ${size} B @ ${fps} fps, e2ee ${passphrase !== undefined}, ${args.v0 ? 'v0 (dual PC)' : 'v1 (single PC)'}`);

ffi.on('logs', (batch) => {
  for (const r of batch.records ?? []) {
    const lvl = r.level ?? 'LOG_ERROR';
    if (args.verbose || lvl === 'LOG_ERROR' || lvl === 'LOG_WARN') {
      log(`ffi ${lvl.slice(4)} ${r.target ?? ''}: ${r.message ?? ''}`);
    }
  }
});
ffi.on('panic', (p) => {
  errors.push(`ffi panic: ${p.message}`);
  log(`FFI PANIC: ${p.message}`);
});
ffi.on('decode_error', (e) => log(`cannot decode FfiEvent: ${e.message}`));

let roomHandle = null;
let roomGone = null; // reason string once the room is disconnected
const remoteTracks = []; // OwnedRemoteDataTrack announced by room events
const trackWaiters = new Set();
// Room events with their wall-clock time, for the negative/unpublish checks.
const roomEvents = { remoteUnpublished: [], participantDisconnected: [] };

ffi.on('room_event', (ev) => {
  if (roomHandle === null || ev.room_handle !== roomHandle) return;
  const kind = ev.message;
  const p = ev[kind] ?? {};
  switch (kind) {
    case 'data_track_published': {
      const t = p.track;
      log(`remote data track published: "${t?.info?.name}" sid ${t?.info?.sid} by ${t?.publisher_identity}` +
        ` (e2ee ${!!t?.info?.uses_e2ee})`);
      remoteTracks.push(t);
      for (const w of trackWaiters) w();
      break;
    }
    case 'data_track_unpublished':
      log(`remote data track unpublished: sid ${p.sid}`);
      roomEvents.remoteUnpublished.push({ sid: p.sid, at: Date.now() });
      break;
    case 'participant_connected':
      log(`participant connected: ${p.info?.info?.identity}`);
      break;
    case 'participant_disconnected':
      log(`participant disconnected: ${p.participant_identity} (${p.disconnect_reason ?? ''})`);
      roomEvents.participantDisconnected.push({ identity: p.participant_identity, at: Date.now() });
      break;
    case 'connection_state_changed':
      log(`connection state: ${p.state}`);
      break;
    case 'reconnecting':
    case 'reconnected':
      log(kind);
      errors.push(`room ${kind}`);
      break;
    case 'disconnected':
      roomGone = `room disconnected: ${p.reason ?? 'UNKNOWN_REASON'}`;
      log(roomGone);
      for (const w of trackWaiters) w();
      break;
    default:
      break;
  }
});

async function connect() {
  const options = {
    auto_subscribe: true,
    adaptive_stream: false,
    dynacast: false,
    join_retries: 1,
  };
  if (args.v0) options.single_peer_connection = false;
  if (passphrase !== undefined) {
    // Room E2EE with a shared key; key provider defaults as in the Rust SDK and
    // rtc-node (PBKDF2, salt "LKFrameEncryptionKey", ring 16, ratchet window 16).
    options.encryption = {
      encryption_type: 'GCM',
      key_provider_options: {
        shared_key: Buffer.from(passphrase, 'utf8'),
        ratchet_window_size: 16,
        ratchet_salt: Buffer.from('LKFrameEncryptionKey', 'utf8'),
        failure_tolerance: -1,
        key_ring_size: 16,
        key_derivation_function: 'PBKDF2',
      },
    };
  }
  const res = ffi.request({ connect: { url: args.url, token: args.token, options } });
  const cb = await ffi.waitFor('connect', (c) => c.async_id === res.async_id, CONNECT_TIMEOUT_MS, 'connect callback');
  if (cb.message !== 'result') {
    const e = new Error(`connect failed: ${cb.error ?? 'no result'}`);
    e.ffiError = cb.error ?? null;
    throw e;
  }
  const r = cb.result;
  roomHandle = r.room.handle.id;
  identity = r.local_participant.info?.identity ?? null;
  log(`connected to room "${r.room.info?.name}" as ${identity} (${r.local_participant.info?.sid})`);
  // The FFI holds back room events after the connect callback until this.
  ffi.request({ ready_for_room_event: { room_handle: roomHandle } });
  return r.local_participant.handle.id;
}

async function shutdown() {
  if (roomHandle !== null && !roomGone) {
    try {
      const res = ffi.request({ disconnect: { room_handle: roomHandle, reason: 'CLIENT_INITIATED' } });
      await ffi.waitFor('disconnect', (c) => c.async_id === res.async_id, 5000, 'disconnect callback');
    } catch (e) {
      log(`disconnect: ${e.message}`);
    }
  }
  try {
    await Promise.race([ffi.dispose(), sleep(5000)]);
  } catch (e) {
    log(`dispose: ${e.message}`);
  }
}

// ----------------------------------------------------------- negative modes
const neg = {};

async function runConnectOnly() {
  const t = Date.now();
  try {
    await connect();
    neg.connected = true;
    neg.connectError = null;
  } catch (e) {
    neg.connected = false;
    // The FFI reports a connect failure as one string (ConnectCallback.error), e.g. the
    // SDK's SignalError text including the HTTP status of the validate probe.
    const msg = e.ffiError ?? e.message;
    const status = /\b([1-5]\d\d)\b/.exec(msg);
    neg.connectError = { name: 'ConnectCallback.error', reason: null, status: status ? Number(status[1]) : null, message: msg };
    log(`connect failed: ${msg}`);
  }
  neg.connectMs = Date.now() - t;
}

const shortName = (n) => (n.length > 40 ? `${n.slice(0, 40)}…` : n);

async function publishOne(lpHandle, name) {
  const res = ffi.request({ publish_data_track: { local_participant_handle: lpHandle, options: { name } } });
  return ffi.waitFor('publish_data_track', (c) => c.async_id === res.async_id, PUBLISH_TIMEOUT_MS,
    'publish_data_track callback');
}

async function runPublishNames() {
  const lpHandle = await connect();
  const results = [];
  for (const name of publishNames) {
    const t = Date.now();
    const cb = await publishOne(lpHandle, name);
    const r = { name: shortName(name), nameBytes: Buffer.byteLength(name), ms: Date.now() - t };
    if (cb.result === 'track') {
      Object.assign(r, { ok: true, sid: cb.track.info?.sid ?? null });
    } else {
      Object.assign(r, { ok: false, error: { name: 'PublishDataTrackError', reason: cb.error?.code ?? 'UNKNOWN', message: cb.error?.message ?? null } });
    }
    log(`publish ${JSON.stringify(r.name)} (${r.nameBytes} B): ${r.ok ? `ok ${r.sid}` : `${r.error.reason} ${r.error.message ?? ''}`}`);
    results.push(r);
  }
  neg.publishResults = results;
  const firstFail = results.find((r) => !r.ok);
  neg.publishError = firstFail ? firstFail.error.reason : null;
  neg.publishErrorMessage = firstFail ? firstFail.error.message : null;
}

// -------------------------------------------------------------- publisher
const pub = { sent: 0, pushFailed: 0, failCodes: new Map(), trackSid: null, usesE2ee: null, pushDurationMs: null, maxScheduleLagMs: null, typed: null, schemaDefine: undefined };

function waitForStartLine() {
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      if (line.trim() === 'start') {
        resolve(); // before close(): close() emits 'close' synchronously
        rl.close();
      }
    });
    rl.on('close', () => reject(new Error('stdin closed before "start"')));
  });
}

const SCHEMA_TIMEOUT_MS = 15_000; // the SDK itself gives up after 5 s

// One FFI schema request; a TIMEOUT is repeated up to --schema-retries times. Returns the last
// callback and the timed-out attempts before it ({ms, message}).
async function schemaCall(kind, body) {
  const timeouts = [];
  for (;;) {
    const t = Date.now();
    const res = ffi.request({ [kind]: body });
    const cb = await ffi.waitFor(kind, (c) => c.async_id === res.async_id, SCHEMA_TIMEOUT_MS, `${kind} callback`);
    if (cb.error === undefined || schemaReason(cb.error) !== 'TIMEOUT' || timeouts.length >= schemaRetries) return { cb, timeouts };
    log(`${kind}: ${cb.error} after ${Date.now() - t} ms; retrying (--schema-retries ${schemaRetries})`);
    timeouts.push({ ms: Date.now() - t, message: cb.error });
  }
}

async function defineSchema(lpHandle) {
  const t = Date.now();
  const { cb, timeouts } = await schemaCall('define_schema', { local_participant_handle: lpHandle, schema_id: schemaIdMsg, definition: schemaDefinition });
  const bytes = Buffer.from(schemaDefinition, 'utf8');
  const r = { schema: schemaIdName(schemaIdMsg), ...digest(bytes), ms: Date.now() - t, ok: !cb.error };
  if (cb.error) r.error = { reason: schemaReason(cb.error), message: cb.error };
  if (timeouts.length) r.timeouts = timeouts;
  log(`define_schema ${JSON.stringify(r.schema)} (${bytes.length} B): ${r.ok ? 'ok' : cb.error}`);
  return r;
}

async function getSchema(lpHandle, owner, schemaId) {
  const t = Date.now();
  const { cb, timeouts } = await schemaCall('get_schema', { local_participant_handle: lpHandle, schema_id: schemaId, participant_identity: owner });
  const r = { owner, schema: schemaIdName(schemaId) };
  if (timeouts.length) r.timeouts = timeouts;
  if (cb.error !== undefined || cb.definition === undefined) {
    const message = cb.error ?? 'callback without definition or error';
    Object.assign(r, { ok: false, ms: Date.now() - t, error: { reason: schemaReason(message), message } });
  } else {
    const bytes = Buffer.from(cb.definition, 'utf8');
    Object.assign(r, { ok: true, ms: Date.now() - t, ...digest(bytes), base64: bytes.toString('base64') });
  }
  log(`get_schema ${owner} ${JSON.stringify(r.schema)}: ${r.ok ? `${r.length} B sha256 ${r.sha256}` : r.error.message}`);
  return r;
}

async function runPublisher() {
  const lpHandle = await connect();
  if (schemaDefinition !== undefined) {
    pub.schemaDefine = await defineSchema(lpHandle);
    if (!pub.schemaDefine.ok) errors.push(`define_schema: ${pub.schemaDefine.error.message}`);
  }
  const trackOptions = { name: args.track };
  if (schemaIdMsg) trackOptions.schema = schemaIdMsg;
  if (frameEncodingMsg) trackOptions.frame_encoding = frameEncodingMsg;
  const res = ffi.request({ publish_data_track: { local_participant_handle: lpHandle, options: trackOptions } });
  const cb = await ffi.waitFor('publish_data_track', (c) => c.async_id === res.async_id, PUBLISH_TIMEOUT_MS,
    'publish_data_track callback');
  if (cb.result !== 'track') {
    throw new Error(`publish failed: ${cb.error?.code ?? 'no result'} ${cb.error?.message ?? ''}`);
  }
  const trackHandle = cb.track.handle.id;
  pub.trackSid = cb.track.info?.sid ?? null;
  pub.usesE2ee = !!cb.track.info?.uses_e2ee;
  pub.typed = typedInfo(cb.track.info);
  log(`published data track "${cb.track.info?.name}" sid ${pub.trackSid} e2ee ${pub.usesE2ee}`);
  if (passphrase !== undefined && !pub.usesE2ee) errors.push('E2EE requested but the published track does not use E2EE');
  emit({ event: 'published', sdk: 'rust', identity, track: args.track, sid: pub.trackSid, e2ee: pub.usesE2ee });

  const remaining = timeoutMs - (Date.now() - startedAt);
  await Promise.race([
    waitForStartLine(),
    sleep(Math.max(0, remaining)).then(() => { throw new Error(`no "start" within --timeout-ms ${timeoutMs}`); }),
  ]);
  log(`start: pushing ${frames} frames`);

  const interval = 1000 / fps;
  const t0 = performance.now();
  let prevPush = -Infinity;
  let bursty = 0; // pushes less than half an interval after the previous one (catch-up)
  let maxLag = 0;
  for (let i = 0; i < frames; i++) {
    const wait = t0 + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    const now = performance.now();
    maxLag = Math.max(maxLag, now - (t0 + i * interval));
    if (now - prevPush < interval / 2) bursty++;
    prevPush = now;
    if (roomGone) {
      errors.push(`${roomGone} after ${i} frames`);
      break;
    }
    const r = ffi.request({
      local_data_track_try_push: {
        track_handle: trackHandle,
        frame: { payload: makeFrame(i, size), user_timestamp: Date.now() },
      },
    });
    if (r.error) {
      pub.pushFailed++;
      const code = r.error.code ?? 'UNKNOWN';
      pub.failCodes.set(code, (pub.failCodes.get(code) ?? 0) + 1);
      if (pub.pushFailed <= 3) log(`try_push ${i} failed: ${code} ${r.error.message ?? ''}`);
    } else {
      pub.sent++;
    }
  }
  const took = performance.now() - t0;
  pub.pushDurationMs = Math.round(took);
  pub.maxScheduleLagMs = Math.round(maxLag);
  log(`pushed ${pub.sent}/${frames} in ${took.toFixed(0)} ms (${pub.pushFailed} failed, ` +
    `${bursty} pushed < ${(interval / 2).toFixed(1)} ms after the previous one to catch up)`);
  for (const [code, n] of pub.failCodes) errors.push(`try_push failed ${n}x: ${code}`);
  await sleep(lingerMs);
  const requestedAt = Date.now();
  let unpublishError = null;
  try {
    ffi.request({ local_data_track_unpublish: { track_handle: trackHandle } });
  } catch (e) {
    unpublishError = e.message;
    log(`unpublish: ${e.message}`);
  }
  if (args.unpublish) {
    // The FFI's unpublish is synchronous and does not wait for the SFU's answer.
    const r = ffi.request({
      local_data_track_try_push: { track_handle: trackHandle, frame: { payload: new Uint8Array(8), user_timestamp: Date.now() } },
    });
    neg.unpublish = {
      sid: pub.trackSid,
      requestedAt,
      doneAt: Date.now(),
      error: unpublishError,
      pushAfter: r.error ? { ok: false, error: { name: 'LocalDataTrackTryPushError', reason: r.error.code ?? 'UNKNOWN', message: r.error.message ?? null } } : { ok: true },
    };
    if (unpublishError) errors.push(`unpublish: ${unpublishError}`);
    log(`unpublished ${pub.trackSid}; push afterwards: ${JSON.stringify(neg.unpublish.pushAfter)}`);
    emit({ event: 'unpublished', sdk: 'rust', identity, sid: pub.trackSid, at: neg.unpublish.doneAt, error: unpublishError });
    await sleep(holdMs);
  }
}

// ------------------------------------------------------------- subscriber
const stats = new ReceiveStats(frames, size);
const sub = { trackSid: null, usesE2ee: null, publisher: null, eos: null, eosAt: null, typed: null, schemaFetch: undefined, undefinedSchemaFetch: undefined };

function matchTrack() {
  return remoteTracks.find((t) => t?.info?.name === args.track &&
    (args.publisher === undefined || t.publisher_identity === args.publisher));
}

async function waitForTrack(deadline) {
  let t = matchTrack();
  while (!t) {
    if (roomGone) throw new Error(roomGone);
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new Error(`remote data track "${args.track}"${args.publisher ? ' from ' + args.publisher : ''}` +
        ` not published within --timeout-ms ${timeoutMs}`);
    }
    await new Promise((resolve) => {
      const w = () => { trackWaiters.delete(w); clearTimeout(timer); resolve(); };
      const timer = setTimeout(w, left);
      trackWaiters.add(w);
    });
    t = matchTrack();
  }
  return t;
}

async function runSubscriber() {
  const deadline = startedAt + timeoutMs;
  const lpHandle = await connect();
  const track = await waitForTrack(deadline);
  sub.trackSid = track.info?.sid ?? null;
  sub.usesE2ee = !!track.info?.uses_e2ee;
  sub.publisher = track.publisher_identity ?? null;
  sub.typed = typedInfo(track.info);
  if (sub.typed.frameEncoding !== null || sub.typed.schema !== null) log(`remote track typed: ${JSON.stringify(sub.typed)}`);
  if (args['get-schema']) {
    if (!track.info?.schema) {
      sub.schemaFetch = { ok: false, error: { reason: 'NO_SCHEMA_ID', message: 'the remote track has no schema id' } };
      errors.push('--get-schema: the remote track has no schema id');
    } else {
      sub.schemaFetch = await getSchema(lpHandle, sub.publisher, track.info.schema);
    }
  }
  if (args['get-undefined-schema'] !== undefined) {
    const encoding = track.info?.schema?.encoding ?? { well_known: `${SE_PREFIX}PROTOBUF` };
    sub.undefinedSchemaFetch = await getSchema(lpHandle, sub.publisher, { name: args['get-undefined-schema'], encoding });
  }

  const options = bufferSize !== undefined ? { buffer_size: bufferSize } : {};
  const res = ffi.request({ subscribe_data_track: { track_handle: track.handle.id, options } });
  const streamHandle = res.stream.handle.id;

  let finish;
  const done = new Promise((r) => { finish = r; });
  const read = () => {
    const rr = ffi.request({ data_track_stream_read: { stream_handle: streamHandle } });
    if (rr.eos_event) onEos(rr.eos_event);
  };
  const onEos = (eos) => {
    if (sub.eos) return;
    sub.eos = eos;
    sub.eosAt = Date.now();
    if (eos.error) errors.push(`stream ended: ${eos.error.code ?? ''} ${eos.error.message ?? ''}`.trim());
    else if (!stats.complete) errors.push('stream ended (EOS) before all frames arrived');
    log(`stream EOS ${eos.error ? JSON.stringify(eos.error) : ''}`);
    finish('eos');
  };
  ffi.on('data_track_stream_event', (ev) => {
    if (ev.stream_handle !== streamHandle) return;
    if (ev.detail === 'frame_received') {
      try {
        const f = ev.frame_received.frame ?? {};
        stats.add(f.payload ?? new Uint8Array(0), f.user_timestamp);
        if (stats.complete && !untilUnpublished) finish('complete');
        else read(); // one read request = one more frame (untilUnpublished: or the EOS)
      } catch (e) {
        errors.push(`frame handling: ${e.message}`);
        finish('error');
      }
    } else if (ev.detail === 'eos') {
      onEos(ev.eos ?? {});
    }
  });
  read();
  if (settleMs > 0) await sleep(settleMs); // the FFI does not signal when the SFU subscription is active
  log(`subscribed to ${sub.trackSid} (publisher ${sub.publisher}, e2ee ${sub.usesE2ee})`);
  emit({ event: 'subscribed' });

  if (frames === 0 && !untilUnpublished) finish('complete');
  const tick = setInterval(() => {
    const now = Date.now();
    if (!untilUnpublished && stats.lastAt && now - stats.lastAt >= IDLE_AFTER_FIRST_MS) finish('idle');
    else if (now >= deadline) finish('timeout');
    else if (roomGone) finish('room');
  }, 100);
  const why = await done;
  clearInterval(tick);
  if (why === 'idle') log(`no frame for ${IDLE_AFTER_FIRST_MS} ms, stopping`);
  if (why === 'timeout') errors.push(`--timeout-ms ${timeoutMs} reached with ${stats.unique}/${frames} frames`);
  if (why === 'room') errors.push(roomGone);
  if (stats.received === 0 && frames > 0) errors.push('no frame received');
  if (untilUnpublished) {
    // The EOS may come a moment before the room event.
    for (let i = 0; i < 30 && !roomEvents.remoteUnpublished.some((e) => e.sid === sub.trackSid); i++) await sleep(100);
    neg.endReason = why;
    neg.streamEndedAt = sub.eosAt ?? null;
    neg.unpublishedEvent = roomEvents.remoteUnpublished.find((e) => e.sid === sub.trackSid) ?? null;
    neg.publisherDisconnectedAt = roomEvents.participantDisconnected.find((e) => e.identity === sub.publisher)?.at ?? null;
  }
  log(`received ${stats.received} frames (${stats.unique} unique) in ` +
    `${stats.lastAt && stats.firstAt ? stats.lastAt - stats.firstAt : 0} ms`);
  if (stats.lost > 0) log(`missing frames: ${stats.missingRanges().join(', ')}`);
}

// ------------------------------------------------------------------ report
let reported = false;
function report() {
  if (reported) return;
  reported = true;
  const base = { event: 'report', sdk: 'rust', role, identity };
  if (args['connect-only'] || publishNames) {
    emit({ ...base, framesSent: 0, framesReceived: 0, pushFailed: 0, corrupted: 0, lost: 0, outOfOrder: 0, duplicates: 0,
      userTimestampMissing: 0, latencyMs: { p50: null, p99: null, max: null }, errors, ...neg });
  } else if (role === 'publish') {
    emit({
      ...base,
      framesSent: pub.sent,
      pushFailed: pub.pushFailed,
      pushDurationMs: pub.pushDurationMs,
      maxScheduleLagMs: pub.maxScheduleLagMs,
      corrupted: 0,
      lost: 0,
      outOfOrder: 0,
      duplicates: 0,
      userTimestampMissing: 0,
      latencyMs: { p50: null, p99: null, max: null },
      errors,
      trackSid: pub.trackSid,
      usesE2ee: pub.usesE2ee,
      ...(pub.typed ?? {}),
      ...(pub.schemaDefine !== undefined ? { schemaDefine: pub.schemaDefine } : {}),
      ...neg,
    });
  } else {
    emit({
      ...base,
      framesReceived: stats.received,
      pushFailed: 0,
      corrupted: stats.corrupted,
      lost: stats.lost,
      outOfOrder: stats.outOfOrder,
      duplicates: stats.duplicates,
      userTimestampMissing: stats.userTimestampMissing,
      latencyMs: percentiles(stats.latencies),
      errors,
      trackSid: sub.trackSid,
      usesE2ee: sub.usesE2ee,
      publisher: sub.publisher,
      ...(sub.typed ?? {}),
      ...(sub.schemaFetch !== undefined ? { schemaFetch: sub.schemaFetch } : {}),
      ...(sub.undefinedSchemaFetch !== undefined ? { undefinedSchemaFetch: sub.undefinedSchemaFetch } : {}),
      ...neg,
    });
  }
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    errors.push(`interrupted by ${sig}`);
    report();
    process.exit(1);
  });
}

let status = 0;
try {
  if (args['connect-only']) await runConnectOnly();
  else if (publishNames) await runPublishNames();
  else if (role === 'publish') await runPublisher();
  else await runSubscriber();
} catch (e) {
  errors.push(e.message);
  log(`fatal: ${e.message}`);
  status = 1;
}
report();
await shutdown();
process.exit(status);
