// Minimal LiveKit access-token minter: a JWT signed with HS256 (the only algorithm LiveKit
// accepts), claims per LiveKit's auth (iss = API key, sub = identity, nbf, exp, video grant).
// No dependencies beyond node:crypto.
import { createHmac } from 'node:crypto';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/**
 * @param {object} o
 * @param {string} o.apiKey
 * @param {string} o.apiSecret
 * @param {string} o.identity
 * @param {string} o.room
 * @param {number} [o.ttlSeconds=3600]
 * @param {boolean|null} [o.canPublish=true]      null: leave the key out (server default: true)
 * @param {boolean|null} [o.canSubscribe=true]    null: leave the key out (server default: true)
 * @param {boolean|null} [o.canPublishData=true]  null: leave the key out (server default: = canPublish)
 * @param {string} [o.name]
 * @param {number} [o.nowSeconds] for tests
 */
export function mintToken(o) {
  if (!o.apiKey || !o.apiSecret) throw new Error('mintToken: apiKey and apiSecret are required');
  if (!o.identity) throw new Error('mintToken: identity is required');
  if (!o.room) throw new Error('mintToken: room is required');
  const now = o.nowSeconds ?? Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'JWT' };
  const video = { room: o.room, roomJoin: true };
  for (const [k, v] of [['canPublish', o.canPublish], ['canSubscribe', o.canSubscribe], ['canPublishData', o.canPublishData]]) {
    if (v !== null) video[k] = v ?? true;
  }
  const claims = {
    iss: o.apiKey,
    sub: o.identity,
    nbf: now,
    exp: now + (o.ttlSeconds ?? 3600),
    video,
  };
  if (o.name) claims.name = o.name;
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const sig = createHmac('sha256', o.apiSecret).update(signingInput).digest();
  return `${signingInput}.${b64url(sig)}`;
}

/** Decodes (without verifying) a JWT's payload; for logs and tests. */
export function decodeToken(jwt) {
  const [, payload] = jwt.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}
