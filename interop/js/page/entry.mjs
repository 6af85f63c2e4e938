// Browser side of the JS interop peer. Bundled by ../build.mjs (esbuild) together with the
// unmodified npm livekit-client ESM build; the Node driver (../peer.mjs) calls window.ldt.* through
// Playwright's page.evaluate. Frames are generated and verified here, in the page, so that no
// payload crosses the DevTools pipe.
import {
  ConnectionErrorReason,
  ExternalE2EEKeyProvider,
  LogLevel,
  Room,
  RoomEvent,
  isE2EESupported,
  setLogExtension,
  setLogLevel,
  version as livekitClientVersion,
} from 'livekit-client';
import { ReceiveStats, makeFrame } from '../lib/frames.mjs';

const state = {
  room: null,
  localTrack: null,
  remoteTracks: [], // RemoteDataTrack objects seen via RoomEvent.DataTrackPublished
  remoteWaiters: [],
  subscription: null, // { track, reader }
  errors: [],
  // Counts of the SDK's own warn/error log lines, keyed by message with digits masked. The SDK
  // reports dropped data-track frames only through its logger (e.g. "Error decrypting packet").
  sdkLog: new Map(),
  localTracks: [], // tracks published by publishTry()
  // Room events with their wall-clock time (Date.now()), for the negative/unpublish checks.
  events: { remoteUnpublished: [], localUnpublished: [], participantDisconnected: [] },
  eventWaiters: [],
};

let logHooked = false;
function hookSdkLog() {
  if (logHooked) return;
  logHooked = true;
  setLogExtension((level, msg) => {
    if (level < LogLevel.warn) return;
    const key = String(msg).replace(/\d+/g, '#').slice(0, 80);
    if (state.sdkLog.size < 50 || state.sdkLog.has(key)) state.sdkLog.set(key, (state.sdkLog.get(key) ?? 0) + 1);
  });
}

function sdkLogCount(prefix) {
  let n = 0;
  for (const [k, v] of state.sdkLog) if (k.startsWith(prefix)) n += v;
  return n;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function errString(e) {
  if (!e) return String(e);
  const parts = [e.name || 'Error'];
  if (e.reasonName) parts.push(`reason=${e.reasonName}`);
  parts.push(e.message || String(e));
  return parts.join(': ');
}

/** A serialisable description of an SDK error (class, reason, status, messages). */
function errInfo(e) {
  if (!e || typeof e !== 'object') return { name: 'non-error', message: String(e) };
  // `reason` is derived from the numeric e.reason where the SDK exports the enum: livekit-client
  // 2.23.0's Room.attemptConnection copies the inner error's reason and status onto a new
  // ServerUnreachable ConnectionError but leaves its reasonName at "ServerUnreachable".
  let reason = e.reasonName ?? (typeof e.reason === 'number' ? String(e.reason) : (e.reason ?? null));
  if (e.name === 'ConnectionError' && typeof e.reason === 'number' && ConnectionErrorReason[e.reason]) reason = ConnectionErrorReason[e.reason];
  return {
    name: e.name ?? null,
    reason,
    reasonName: e.reasonName ?? null,
    reasonCode: typeof e.reason === 'number' ? e.reason : null,
    status: e.status ?? null,
    message: e.message ?? String(e),
    rawMessage: e.rawMessage ?? null,
    context: e.context === undefined ? null : String(e.context),
  };
}

function noteEvent(kind, value) {
  state.events[kind].push({ ...value, at: Date.now() });
  for (const w of [...state.eventWaiters]) w();
}

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise.finally(() => clearTimeout(t)),
    new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`timeout after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

function onRemoteDataTrack(track) {
  state.remoteTracks.push(track);
  console.info(
    `[ldt] DataTrackPublished name=${track.info.name} sid=${track.info.sid} from=${track.publisherIdentity} e2ee=${track.info.usesE2ee}`,
  );
  for (const w of [...state.remoteWaiters]) w(track);
}

async function connect({ url, token, e2eePassphrase, v0, logLevel }) {
  setLogLevel(LogLevel[logLevel] ?? LogLevel.info);
  hookSdkLog();
  const options = { singlePeerConnection: !v0 };
  if (e2eePassphrase) {
    if (!isE2EESupported()) throw new Error('E2EE is not supported in this browser');
    const keyProvider = new ExternalE2EEKeyProvider();
    // A string key → PBKDF2 derivation (the cross-SDK compatible choice, see datatrack-core.md 6.3).
    await keyProvider.setKey(e2eePassphrase);
    const worker = new Worker(new URL('./e2ee-worker.js', location.href), { type: 'module' });
    options.encryption = { keyProvider, worker };
  }
  const room = new Room(options);
  state.room = room;
  room.on(RoomEvent.DataTrackPublished, onRemoteDataTrack);
  room.on(RoomEvent.DataTrackUnpublished, (sid) => {
    console.info(`[ldt] DataTrackUnpublished sid=${sid}`);
    noteEvent('remoteUnpublished', { sid });
  });
  room.on(RoomEvent.LocalDataTrackUnpublished, (sid) => {
    console.info(`[ldt] LocalDataTrackUnpublished sid=${sid}`);
    noteEvent('localUnpublished', { sid });
  });
  room.on(RoomEvent.Disconnected, (reason) => console.warn(`[ldt] room disconnected reason=${reason}`));
  room.on(RoomEvent.Reconnecting, () => console.warn('[ldt] room reconnecting'));
  room.on(RoomEvent.Reconnected, () => console.warn('[ldt] room reconnected'));
  room.on(RoomEvent.EncryptionError, (e) => {
    console.error(`[ldt] encryption error: ${errString(e)}`);
    state.errors.push(`encryption error: ${errString(e)}`);
  });
  room.on(RoomEvent.ParticipantConnected, (p) => console.info(`[ldt] participant connected ${p.identity}`));
  room.on(RoomEvent.ParticipantDisconnected, (p) => {
    console.info(`[ldt] participant disconnected ${p.identity}`);
    noteEvent('participantDisconnected', { identity: p.identity });
  });

  await room.connect(url, token, { autoSubscribe: false });
  if (e2eePassphrase) await room.setE2EEEnabled(true);
  return {
    livekitClientVersion,
    identity: room.localParticipant.identity,
    participantSid: room.localParticipant.sid,
    room: room.name,
    serverVersion: room.engine?.serverVersion ?? null,
    singlePeerConnection: !v0,
    e2ee: !!e2eePassphrase,
  };
}

/** connect() that reports a failure instead of throwing (for the bad-token checks). */
async function connectTry(args) {
  try {
    return { ok: true, info: await connect(args) };
  } catch (e) {
    console.warn(`[ldt] connect failed: ${errString(e)}`);
    return { ok: false, error: errInfo(e) };
  }
}

/**
 * Publishes data tracks with the given names one after the other (successful ones stay
 * published) and reports each outcome; never throws for a publish failure.
 */
async function publishTry({ names }) {
  const results = [];
  for (const name of names) {
    const t0 = Date.now();
    try {
      const track = await state.room.localParticipant.publishDataTrack({ name });
      state.localTracks.push(track);
      if (!state.localTrack) state.localTrack = track;
      results.push({ name, ok: true, sid: track.info?.sid ?? null, pubHandle: track.info?.pubHandle ?? null, ms: Date.now() - t0 });
    } catch (e) {
      console.warn(`[ldt] publishDataTrack(${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}) failed: ${errString(e)}`);
      results.push({ name, ok: false, error: errInfo(e), ms: Date.now() - t0 });
    }
  }
  return results;
}

/**
 * Unpublishes the track published by publish(); LocalDataTrack.unpublish() resolves once the
 * SFU's UnpublishDataTrackResponse arrived. Then checks that a push is refused.
 */
async function unpublish({ timeoutMs }) {
  const track = state.localTrack;
  if (!track) throw new Error('unpublish before publish');
  const sid = track.info?.sid ?? null;
  const t0 = Date.now();
  let error = null;
  try {
    await withTimeout(track.unpublish(), timeoutMs, 'LocalDataTrack.unpublish()');
  } catch (e) {
    error = errString(e);
  }
  const doneAt = Date.now();
  let pushAfter;
  try {
    await track.tryPush({ payload: new Uint8Array(8) });
    pushAfter = { ok: true };
  } catch (e) {
    pushAfter = { ok: false, error: errInfo(e) };
  }
  return {
    sid,
    requestedAt: t0,
    doneAt,
    error,
    isPublished: track.isPublished(),
    localUnpublishedEvent: state.events.localUnpublished.find((e) => e.sid === sid) ?? null,
    pushAfter,
  };
}

async function publish({ name }) {
  const track = await state.room.localParticipant.publishDataTrack({ name });
  state.localTrack = track;
  const info = track.info;
  return { sid: info.sid, pubHandle: info.pubHandle, name: info.name, usesE2ee: info.usesE2ee };
}

/** Pushes `frames` frames of `size` bytes paced at `fps`; each push is awaited (keeps order). */
async function runPublish({ frames, size, fps }) {
  const track = state.localTrack;
  if (!track) throw new Error('runPublish before publish');
  let framesSent = 0;
  let pushFailed = 0;
  const failReasons = new Map();
  const interval = 1000 / fps;
  const t0 = performance.now();
  let maxLagMs = 0;
  for (let i = 0; i < frames; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, performance.now() - due);
    const payload = makeFrame(i, size);
    try {
      await track.tryPush({ payload, userTimestamp: BigInt(Date.now()) });
      framesSent++;
    } catch (e) {
      pushFailed++;
      const key = errString(e);
      failReasons.set(key, (failReasons.get(key) ?? 0) + 1);
    }
  }
  const pushDoneMs = performance.now() - t0;
  let flushError = null;
  try {
    await withTimeout(track.flush(), 30000, 'LocalDataTrack.flush()');
  } catch (e) {
    flushError = errString(e);
  }
  const errors = [...state.errors];
  for (const [k, n] of failReasons) errors.push(`tryPush failed ${n}x: ${k}`);
  if (flushError) errors.push(flushError);
  return {
    framesSent,
    pushFailed,
    errors,
    sdkLog: Object.fromEntries(state.sdkLog),
    pushDurationMs: Math.round(pushDoneMs),
    flushedAfterMs: Math.round(performance.now() - t0),
    maxScheduleLagMs: Math.round(maxLagMs),
  };
}

function findRemote(name, publisher) {
  return state.remoteTracks.find(
    (t) => t.info.name === name && (!publisher || t.publisherIdentity === publisher),
  );
}

/**
 * Waits for the remote data track, subscribes, and resolves once the SFU subscription is
 * established (DataTrackSubscriberHandles received), so that no frame pushed after this can be
 * missed for lack of a handle mapping.
 */
async function subscribe({ name, publisher, bufferSize, waitMs }) {
  let track = findRemote(name, publisher);
  if (!track) {
    track = await withTimeout(
      new Promise((resolve) => {
        const w = (t) => {
          if (t.info.name === name && (!publisher || t.publisherIdentity === publisher)) {
            state.remoteWaiters.splice(state.remoteWaiters.indexOf(w), 1);
            resolve(t);
          }
        };
        state.remoteWaiters.push(w);
      }),
      waitMs,
      `remote data track "${name}"${publisher ? ` from ${publisher}` : ''}`,
    );
  }
  // RemoteDataTrack.subscribe() returns the stream at once and hides the completion of the SFU
  // subscription. It is a thin wrapper over the track manager's openSubscriptionStream(), which
  // returns [stream, sfuSubscriptionComplete]; we call that to learn when the handle map arrived.
  const manager = track.manager;
  if (!manager || typeof manager.openSubscriptionStream !== 'function') {
    throw new Error('livekit-client internals changed: RemoteDataTrack.manager.openSubscriptionStream missing');
  }
  const [stream, complete] = manager.openSubscriptionStream(track.info.sid, undefined, bufferSize);
  const reader = stream.getReader();
  state.subscription = { track, reader };
  await complete; // rejects with DataTrackSubscribeError (e.g. Timeout after 10 s)
  return {
    sid: track.info.sid,
    pubHandle: track.info.pubHandle,
    publisherIdentity: track.publisherIdentity,
    usesE2ee: track.info.usesE2ee,
  };
}

/** Reads frames until `frames` distinct valid frames, `idleMs` without a frame after the first, or `timeoutMs`. */
async function receive({ frames, size, idleMs, timeoutMs, untilUnpublished = false }) {
  const { reader } = state.subscription;
  // untilUnpublished: keep reading after the N frames until the stream ends (the track was
  // unpublished) or timeoutMs; no idle end.
  if (untilUnpublished) idleMs = Infinity;
  const stats = new ReceiveStats(frames, size);
  const start = Date.now();
  let endReason = 'complete';
  let pending = reader.read();
  for (;;) {
    const now = Date.now();
    const deadline = stats.firstAt === null ? start + timeoutMs : Math.min(start + timeoutMs, stats.lastAt + idleMs);
    const remaining = deadline - now;
    if (remaining <= 0) {
      endReason = stats.firstAt === null || start + timeoutMs <= stats.lastAt + idleMs ? 'timeout' : 'idle';
      break;
    }
    let timer;
    const r = await Promise.race([
      pending,
      new Promise((res) => {
        timer = setTimeout(() => res(null), remaining);
      }),
    ]);
    clearTimeout(timer);
    if (r === null) continue; // re-evaluate deadline
    if (r.done) {
      endReason = 'stream-ended';
      break;
    }
    stats.add(r.value.payload, r.value.userTimestamp, Date.now());
    if (stats.done() && !untilUnpublished) break;
    pending = reader.read();
  }
  const report = stats.report();
  report.endReason = endReason;
  report.decryptFailed = sdkLogCount('Error decrypting packet');
  report.sdkLog = Object.fromEntries(state.sdkLog);
  report.errors = [...state.errors];
  if (endReason === 'stream-ended' && !stats.done()) report.errors.push('subscription stream ended before all frames arrived');
  if (untilUnpublished) {
    const sid = state.subscription.track.info.sid;
    report.streamEndedAt = endReason === 'stream-ended' ? Date.now() : null;
    report.unpublishedEvent = state.events.remoteUnpublished.find((e) => e.sid === sid) ?? null;
    report.publisherDisconnectedAt = state.events.participantDisconnected.find((e) => e.identity === state.subscription.track.publisherIdentity)?.at ?? null;
    report.trackSid = sid;
  }
  return report;
}

async function disconnect() {
  try {
    state.subscription?.reader.cancel().catch(() => {});
  } catch {}
  if (state.room) await withTimeout(state.room.disconnect(), 5000, 'room.disconnect()').catch(() => {});
  return true;
}

window.addEventListener('unhandledrejection', (ev) => {
  console.error(`[ldt] unhandled rejection: ${errString(ev.reason)}`);
});

/** Waits until the remote-unpublished event for the subscribed track arrived (or timeoutMs). */
async function waitRemoteUnpublished({ timeoutMs }) {
  const sid = state.subscription?.track.info.sid;
  const find = () => state.events.remoteUnpublished.find((e) => e.sid === sid) ?? null;
  if (find()) return find();
  return new Promise((resolve) => {
    const w = () => {
      const ev = find();
      if (ev) done(ev);
    };
    const t = setTimeout(() => done(null), timeoutMs);
    function done(v) {
      clearTimeout(t);
      const i = state.eventWaiters.indexOf(w);
      if (i >= 0) state.eventWaiters.splice(i, 1);
      resolve(v);
    }
    state.eventWaiters.push(w);
  });
}

window.ldt = {
  connect, connectTry, publish, publishTry, runPublish, unpublish, subscribe, receive, waitRemoteUnpublished, disconnect, ready: true,
};
