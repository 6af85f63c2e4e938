// Minimal FFI client for the LiveKit Rust SDK, driving the native module of
// @livekit/rtc-ffi-bindings the same way @livekit/rtc-node's FfiClient does:
//   livekitInitialize(onEvent, captureLogs, sdkVersion)  once per process
//   livekitFfiRequest(FfiRequest bytes) -> FfiResponse bytes (synchronous)
//   onEvent(FfiEvent bytes)             asynchronous callbacks and events
//   livekitDispose()                    shuts the FFI server down
// Messages are encoded/decoded with protobufjs from our own proto subset.
import { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import { loadRoot } from './proto.mjs';

const require = createRequire(import.meta.url);
// Without log capture the FFI logs through env_logger to stderr, filtered by
// RUST_LOG (read once when the FFI server starts). With capture on it forwards
// every record down to TRACE as FfiEvent.logs, which floods the event path.
process.env.RUST_LOG ??= 'warn';
// Only the native entry points; the package's generated protobuf classes are
// deliberately not used (check-proto.mjs compares our subset against them).
const native = require('@livekit/rtc-ffi-bindings/native.js');
export const BINDINGS_VERSION = require('@livekit/rtc-ffi-bindings/package.json').version;

const TO_OBJECT = { longs: Number, enums: String, defaults: false, oneofs: true };

export class FfiClient extends EventEmitter {
  /**
   * @param {object} o
   * @param {string} o.sdkVersion reported by the FFI to the server as ClientInfo.version
   * @param {boolean} [o.captureLogs] forward Rust logs as 'logs' events instead of env_logger
   */
  constructor({ sdkVersion, captureLogs = false }) {
    super();
    this.setMaxListeners(0);
    const root = loadRoot();
    this.Request = root.lookupType('livekit.proto.FfiRequest');
    this.Response = root.lookupType('livekit.proto.FfiResponse');
    this.Event = root.lookupType('livekit.proto.FfiEvent');
    native.livekitInitialize((data) => this.#onEvent(data), captureLogs, sdkVersion);
  }

  #onEvent(data) {
    let ev;
    try {
      ev = this.Event.toObject(this.Event.decode(data), TO_OBJECT);
    } catch (e) {
      this.emit('decode_error', e);
      return;
    }
    if (!ev.message) return; // an event kind outside our subset
    this.emit('event', ev);
    this.emit(ev.message, ev[ev.message]);
  }

  /** Sends one FfiRequest (plain object, snake_case field names); returns the FfiResponse payload. */
  request(obj) {
    const msg = this.Request.fromObject(obj);
    const err = this.Request.verify(msg);
    if (err) throw new Error(`invalid FfiRequest: ${err}`);
    const bytes = this.Request.encode(msg).finish();
    const resBytes = native.livekitFfiRequest(bytes);
    const res = this.Response.toObject(this.Response.decode(resBytes), TO_OBJECT);
    const kind = Object.keys(obj)[0];
    if (res.message !== kind) throw new Error(`FfiResponse for ${kind} has case ${res.message}`);
    return res[kind] ?? {};
  }

  /** Resolves with the payload of the first event of `kind` matching `pred`. */
  waitFor(kind, pred, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const onEv = (payload) => {
        if (!pred(payload)) return;
        cleanup();
        resolve(payload);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what ?? kind}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off(kind, onEv);
      };
      this.on(kind, onEv);
    });
  }

  dispose() {
    return native.livekitDispose();
  }
}
