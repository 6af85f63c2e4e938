// Frame content and verification shared by every peer of the interop contract (see README.md).
//
// Frame i (0-based) has `size` bytes: bytes 0..3 = i as big-endian u32, byte k (k >= 4) =
// (i * 31 + k * 7) & 0xff. A receiver can thus check every frame without shared state.
// This module has no dependencies: it is bundled into the browser page and used by Node tests.

export function makeFrame(i, size) {
  if (!Number.isInteger(size) || size < 4) throw new Error(`frame size must be an integer >= 4, got ${size}`);
  const buf = new Uint8Array(size);
  buf[0] = (i >>> 24) & 0xff;
  buf[1] = (i >>> 16) & 0xff;
  buf[2] = (i >>> 8) & 0xff;
  buf[3] = i & 0xff;
  const base = (i * 31) & 0xff;
  for (let k = 4; k < size; k++) buf[k] = (base + k * 7) & 0xff;
  return buf;
}

/** Returns the frame index if `payload` is exactly a valid frame of `size` bytes with index < frames, else -1. */
export function checkFrame(payload, size, frames) {
  if (!(payload instanceof Uint8Array) || payload.length !== size || size < 4) return -1;
  const i = ((payload[0] << 24) | (payload[1] << 16) | (payload[2] << 8) | payload[3]) >>> 0;
  if (i >= frames) return -1;
  const base = (i * 31) & 0xff;
  for (let k = 4; k < size; k++) {
    if (payload[k] !== ((base + k * 7) & 0xff)) return -1;
  }
  return i;
}

/** Percentile by nearest rank on a copy of `values` (ms). Returns null for an empty list. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/**
 * Receive-side bookkeeping; feed every delivered frame to add(), then report().
 * lost = frames - distinct valid indexes received.
 */
export class ReceiveStats {
  constructor(frames, size) {
    this.frames = frames;
    this.size = size;
    this.framesReceived = 0;
    this.corrupted = 0;
    this.duplicates = 0;
    this.outOfOrder = 0;
    this.userTimestampMissing = 0;
    this.seen = new Uint8Array(frames);
    this.distinct = 0;
    this.maxIndex = -1;
    this.latencies = [];
    this.firstAt = null;
    this.lastAt = null;
    this.bytes = 0;
  }

  /** @param payload Uint8Array, @param userTimestamp bigint|number|undefined, @param now ms (Date.now()) */
  add(payload, userTimestamp, now) {
    this.framesReceived++;
    this.bytes += payload.length;
    if (this.firstAt === null) this.firstAt = now;
    this.lastAt = now;
    const i = checkFrame(payload, this.size, this.frames);
    if (i < 0) {
      this.corrupted++;
      return;
    }
    if (this.seen[i]) {
      this.duplicates++;
      return;
    }
    this.seen[i] = 1;
    this.distinct++;
    if (i < this.maxIndex) this.outOfOrder++;
    else this.maxIndex = i;
    if (userTimestamp === undefined || userTimestamp === null) {
      this.userTimestampMissing++;
    } else {
      this.latencies.push(now - Number(userTimestamp));
    }
  }

  done() {
    return this.distinct >= this.frames;
  }

  report() {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      framesReceived: this.framesReceived,
      corrupted: this.corrupted,
      lost: this.frames - this.distinct,
      outOfOrder: this.outOfOrder,
      duplicates: this.duplicates,
      userTimestampMissing: this.userTimestampMissing,
      latencyMs: {
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.length ? sorted[sorted.length - 1] : null,
      },
      receiveSpanMs: this.firstAt === null ? null : this.lastAt - this.firstAt,
      bytesReceived: this.bytes,
    };
  }
}
