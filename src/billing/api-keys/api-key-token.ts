// The secret of a workspace API key: a random `bf_key_…` token, kept only as its SHA-256 hash and a short prefix.
import { createHash, randomBytes } from 'node:crypto';

const tokenPrefix = 'bf_key_';

export function newApiKeyToken(): { token: string; prefix: string; hash: string } {
  const token = `${tokenPrefix}${randomBytes(24).toString('base64url')}`;
  return { token, prefix: token.slice(0, tokenPrefix.length + 6), hash: hashApiKeyToken(token) };
}

export function looksLikeApiKeyToken(token: string): boolean {
  return token.startsWith(tokenPrefix);
}

export function hashApiKeyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
