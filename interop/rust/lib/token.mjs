// LiveKit access token (JWT, HS256) minted with node:crypto only.
import { createHmac } from 'node:crypto';

const b64url = (b) => Buffer.from(b).toString('base64url');

export function mintToken({ apiKey = 'devkey', secret = 'secret', identity, room, ttlSec = 3600 }) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'JWT' };
  const claims = {
    iss: apiKey,
    sub: identity,
    nbf: now - 10,
    exp: now + ttlSec,
    video: { room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true },
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const sig = createHmac('sha256', secret).update(signingInput).digest('base64url');
  return `${signingInput}.${sig}`;
}
