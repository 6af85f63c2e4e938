/**
 * Data track packet format version 0: immutable header and extension types, the canonical writer
 * and the strict reader. Advanced API, used by transports, the SFU, fuzz tests and benchmarks;
 * applications use {@code io.livekit.datatrack} instead. The wire format is described in the
 * repository's {@code docs/wire-format.md}.
 */
package io.livekit.datatrack.packet;
