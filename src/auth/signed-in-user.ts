// The signed-in user behind a /v1 request's session cookie, in one query and without better-auth's request
// machinery (decision 016). The cookie's signature is checked as better-auth signs it (HMAC-SHA256 with the
// secret) and the session is read on every request (no cache: a signed-out session fails from its next request).
// Only the plain case is decided here; anything else (no cookie, a bad signature, an expired session, one due for
// its sliding refresh, a "don't remember me" session) is left to better-auth's own getSession.
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import type { Auth } from './auth.ts';
import type { SessionWithUser } from './session.queries.ts';

export interface SignedInUser {
  userId: string;
  email: string;
  name: string;
}

/**
 * The session row of a plain, valid session cookie, read by `read` (the session and its user, and whatever else the
 * caller reads in the same statement); null when better-auth must decide (it may also write).
 */
export type PlainSessionReader = <S extends SessionWithUser>(
  cookieHeader: string | undefined,
  read: (token: string) => Promise<S | undefined>,
) => Promise<S | null>;

export async function plainSessionReader(auth: Auth): Promise<PlainSessionReader> {
  const context = await auth.$context;
  const tokenCookie = context.authCookies.sessionToken.name;
  const dontRememberCookie = context.authCookies.dontRememberToken.name;
  const { expiresIn, updateAge } = context.sessionConfig;
  // A key object once, not the secret string on every request.
  const secret = createSecretKey(Buffer.from(context.secret));

  return async (cookieHeader, read) => {
    if (!cookieHeader) return null;
    const cookies = parseCookies(cookieHeader);
    const token = verifiedToken(cookies.get(tokenCookie), secret);
    if (!token || cookies.has(dontRememberCookie)) return null;
    const session = await read(token);
    if (!session) return null;
    const now = Date.now();
    const expiresAt = session.expiresAt.getTime();
    // better-auth's own rule: the session slides forward once `updateAge` has passed since it was last extended.
    const refreshDue = expiresAt - expiresIn * 1000 + updateAge * 1000 <= now;
    if (expiresAt <= now || refreshDue) return null;
    return session;
  };
}

/** The token of a cookie value better-auth signed (`token.base64(HMAC-SHA256(secret, token))`), or null. */
function verifiedToken(value: string | undefined, secret: KeyObject): string | null {
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(createHmac('sha256', secret).update(token).digest('base64'));
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? token : null;
}

function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A value that is not valid percent-encoding is not one better-auth set.
    }
  }
  return cookies;
}
