// Frame content and receive-side accounting shared by both roles (the peer
// contract): frame i has `size` bytes, bytes 0..3 = i as big-endian u32,
// byte k >= 4 = (i * 31 + k * 7) & 0xff.

export function makeFrame(i, size) {
  const buf = Buffer.allocUnsafe(size);
  for (let k = 4; k < size; k++) buf[k] = (i * 31 + k * 7) & 0xff;
  if (size >= 4) buf.writeUInt32BE(i >>> 0, 0);
  else for (let k = 0; k < size; k++) buf[k] = (i >>> (8 * (3 - k))) & 0xff; // truncated header
  return buf;
}

/** Index of a well-formed frame (payload: Uint8Array), or -1 if it is not a frame of this run. */
export function frameIndex(payload, size, frames) {
  if (payload.length !== size || size < 4) return -1;
  const i = ((payload[0] << 24) | (payload[1] << 16) | (payload[2] << 8) | payload[3]) >>> 0;
  if (i >= frames) return -1;
  for (let k = 4; k < size; k++) {
    if (payload[k] !== ((i * 31 + k * 7) & 0xff)) return -1;
  }
  return i;
}

export class ReceiveStats {
  constructor(frames, size) {
    this.frames = frames;
    this.size = size;
    this.seen = new Uint8Array(frames);
    this.received = 0; // every frame delivered by the SDK
    this.unique = 0;
    this.corrupted = 0;
    this.duplicates = 0;
    this.outOfOrder = 0;
    this.userTimestampMissing = 0;
    this.maxIndex = -1;
    this.latencies = [];
    this.firstAt = 0;
    this.lastAt = 0;
  }

  /** @param {Uint8Array} payload @param {number|undefined} userTimestamp ms */
  add(payload, userTimestamp, now = Date.now()) {
    this.received++;
    if (!this.firstAt) this.firstAt = now;
    this.lastAt = now;
    const hasTs = userTimestamp !== undefined && userTimestamp !== null;
    if (!hasTs) this.userTimestampMissing++;
    const i = frameIndex(payload, this.size, this.frames);
    if (i < 0) {
      this.corrupted++;
      return;
    }
    if (this.seen[i]) {
      this.duplicates++;
      return;
    }
    this.seen[i] = 1;
    this.unique++;
    if (i < this.maxIndex) this.outOfOrder++;
    else this.maxIndex = i;
    if (hasTs) this.latencies.push(now - Number(userTimestamp));
  }

  get complete() {
    return this.unique >= this.frames;
  }

  /** Missing frame indices as "a-b" ranges (for diagnostics), at most `max` of them. */
  missingRanges(max = 10) {
    const out = [];
    let i = 0;
    while (i < this.frames && out.length < max) {
      if (this.seen[i]) { i++; continue; }
      let j = i;
      while (j + 1 < this.frames && !this.seen[j + 1]) j++;
      out.push(i === j ? `${i}` : `${i}-${j}`);
      i = j + 1;
    }
    return out;
  }

  get lost() {
    return this.frames - this.unique;
  }
}

export function percentiles(values) {
  if (!values.length) return { p50: null, p99: null, max: null };
  const s = Float64Array.from(values).sort();
  const rank = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return { p50: rank(50), p99: rank(99), max: s[s.length - 1] };
}
