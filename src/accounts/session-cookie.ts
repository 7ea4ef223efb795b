/**
 * The `nb_session` cookie: HttpOnly (scripts cannot read it), SameSite=Lax (other sites' forms and
 * fetches do not carry it), Secure when the request reached us over HTTPS (seen through
 * TRUST_PROXY_HOPS behind a proxy), and signed with the session secret by @fastify/cookie, so a
 * forged value is refused before any database read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'nb_session';

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
    signed: true,
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https' });
}

/** The session token the request's cookie carries, undefined when there is none or its signature is wrong. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const raw = request.cookies[SESSION_COOKIE];
  if (raw === undefined) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}
