import { maskIdNumber, maskMobile } from '@ausm/domain';
import type { FastifyRequest } from 'fastify';
import { stdSerializers } from 'pino';

/**
 * Identifiers kept out of the log (issue 17 item 17: a search URL with a whole ID number was written there).
 *
 * In free text (messages, errors, paths) the shapes of the documents a person registers with, standing alone:
 * 18-digit (and old 15-digit) ID numbers, mobiles, 港澳/台湾 permits, passports. In a query string, which
 * carries what people type into search boxes, every run of 6 or more digits, whatever surrounds it.
 */
// Not beside a letter, digit or hyphen, so that request ids and file ids (UUIDs) stay whole.
const IDENTIFIER_IN_TEXT = /(?<![0-9A-Za-z-])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9}|[HMhm]\d{8}(?:\d{2})?|[A-Za-z]{1,2}\d{7,9}|\d{8})(?![0-9A-Za-z-])/g;
const DIGIT_RUN = /[A-Za-z]{0,2}\d{6,}[\dXx]?/g;

/** The masked form the portal shows (156****5126, 370*****1234); shorter runs become stars. */
function mask(value: string): string {
  if (/^1[3-9]\d{9}$/.test(value)) return maskMobile(value);
  return value.length >= 11 ? maskIdNumber(value) : '*'.repeat(value.length);
}

export const redactText = (text: string): string => text.replace(IDENTIFIER_IN_TEXT, mask);

function decode(component: string): string {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return component;
  }
}

/** A URL as the log may keep it: the path with identifiers masked, each query value decoded and masked. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return redactText(url);
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (eq < 0) return redactText(name);
      // NFKC first: full-width digits (３７０１…) are an ID number too once the form normalises them.
      const value = decode(pair.slice(eq + 1)).normalize('NFKC').replace(DIGIT_RUN, mask);
      return `${redactText(name)}=${encodeURIComponent(value)}`;
    })
    .join('&');
  return `${redactText(url.slice(0, at))}?${query}`;
}

/** Every string in a logged value, at any depth (an error's message, stack, cause, a driver's detail). */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null || depth > 8) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1, seen);
  return out;
}

/**
 * Fields pino blanks out by name wherever a log call passes them (one level down, as `{ body }` or `{ input }`
 * would): secrets, and personal data whose values have no shape the text redaction above could recognise
 * (names, addresses). The session cookie and credentials of the request and the answer's cookies likewise.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  ...['password', 'oldPassword', 'confirmPassword', 'smsCode', 'captchaAnswer', 'token', 'pendingToken', 'secret', 'totpSecret', 'realName', 'idNumber', 'mobile', 'email', 'address', 'birthDate'].flatMap(
    (key) => [key, `*.${key}`],
  ),
];

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The X-Request-ID a proxy sent, when it is a plain token of sane length; otherwise a fresh UUID. */
export const requestIdOf = (header: string | string[] | undefined): string =>
  typeof header === 'string' && REQUEST_ID.test(header) ? header : crypto.randomUUID();

/**
 * The Fastify logger's options that keep identifiers out: the request serializer writes a redacted URL (Fastify's
 * own writes `req.url` whole, query included); errors are redacted through and through; and the message and any
 * plain object a log call is given pass through redaction too.
 */
export const redactingLoggerOptions = {
  serializers: {
    req(request: FastifyRequest) {
      return {
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      };
    },
    err: (err: Error) => redactDeep(stdSerializers.err(err)) as ReturnType<typeof stdSerializers.err>,
  },
  hooks: {
    logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
      const redacted = args.map((a) => {
        if (typeof a === 'string') return redactText(a);
        // Plain objects only: a request, a reply or an error keeps its own serializer above.
        if (a && typeof a === 'object' && Object.getPrototypeOf(a) === Object.prototype) {
          return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, k === 'req' || k === 'res' || k === 'err' || k === 'error' ? v : redactDeep(v)]));
        }
        return a;
      });
      method.apply(this, redacted);
    },
  },
};
