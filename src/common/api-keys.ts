// Optional API keys. A request presents a key as `Authorization: Bearer <key>` or `x-api-key: <key>`;
// it is compared as a SHA-256 digest, with timingSafeEqual, against every configured key: the time
// taken tells nothing about how close a guess was, nor which key it was near.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { UnauthorizedException } from '@nestjs/common';

const BEARER = /^Bearer +([^ ]+) *$/i;
const REALM = 'Bearer realm="pod-patterns"';

export class ApiKeys {
  private readonly digests: readonly Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(sha256);
  }

  /** Whether keys are configured (and so required). */
  get required(): boolean {
    return this.digests.length > 0;
  }

  /** The position of the presented key among the configured ones; undefined when none matches. */
  identify(headers: IncomingHttpHeaders): number | undefined {
    const presented = presentedKey(headers);
    if (presented === undefined || !this.required) return undefined;
    const digest = sha256(presented);
    let match: number | undefined;
    // no early exit: every key is compared whichever matches
    this.digests.forEach((key, i) => {
      if (timingSafeEqual(key, digest) && match === undefined) match = i;
    });
    return match;
  }
}

/** The key a request presents: the bearer token, else the x-api-key header. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const bearer = headers.authorization ? BEARER.exec(headers.authorization)?.[1] : undefined;
  if (bearer) return bearer;
  const header = headers['x-api-key'];
  return typeof header === 'string' && header.trim() ? header.trim() : undefined;
}

/** 401 for a request without a valid key; the challenge says how to authenticate (RFC 6750). */
export function unauthorized(headers: IncomingHttpHeaders): { challenge: string; exception: UnauthorizedException } {
  if (presentedKey(headers) === undefined) {
    return {
      challenge: REALM,
      exception: new UnauthorizedException(
        'this API needs an API key: send it as Authorization: Bearer <key> or as x-api-key: <key>',
      ),
    };
  }
  return {
    challenge: `${REALM}, error="invalid_token"`,
    exception: new UnauthorizedException('the API key is not valid'),
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
