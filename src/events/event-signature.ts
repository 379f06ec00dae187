import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `Veil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, one `v1=` per secret in use (two
 * for 24 h after a rotation, so that a receiver may switch at its own pace).
 */
export function signatureHeader(body: string, unixSeconds: number, secrets: string[]): string {
  const signed = `${unixSeconds}.${body}`;
  return [`t=${unixSeconds}`, ...secrets.map((secret) => `v1=${createHmac('sha256', secret).update(signed).digest('hex')}`)].join(
    ',',
  );
}

/** What a receiver does (docs/API.md shows the same in a few lines): true when one `v1` matches. */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = header.split(',').map((part) => part.trim().split('=', 2) as [string, string]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return parts
    .filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v))
    .some(([, v]) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
