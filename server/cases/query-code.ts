import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { sha256Hex } from './event-chain.ts';

// No 0/O, 1/I/L: the code is read off paper and typed on a phone.
const QUERY_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const QUERY_CODE_LENGTH = 8;

export function newQueryCode(): string {
  let code = '';
  for (let i = 0; i < QUERY_CODE_LENGTH; i++) {
    code += QUERY_CODE_ALPHABET[randomInt(QUERY_CODE_ALPHABET.length)];
  }
  return code;
}

/** Salted with the number, so equal codes of two cases hash differently. */
export function queryCodeHash(caseNumber: string, code: string): string {
  return sha256Hex(`${caseNumber}:${code.trim().toUpperCase()}`);
}

function keyOf(secret: string): Buffer {
  return createHash('sha256').update(`bianmin:query-code:${secret}`).digest();
}

/**
 * The code encrypted (AES-256-GCM, the case number as associated data) so a receipt can be reprinted by
 * staff; without the server secret a copy of the database does not reveal it.
 */
export function sealQueryCode(secret: string, caseNumber: string, code: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(caseNumber));
  const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

/** null when the seal is missing or was made with another secret (the receipt then omits the code). */
export function unsealQueryCode(secret: string, caseNumber: string, sealed: string | null): string | null {
  if (!sealed) return null;
  try {
    const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), iv!);
    decipher.setAAD(Buffer.from(caseNumber));
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
