import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';

type Encoding = 'br' | 'gzip' | 'identity';
const COMPRESSED: Encoding[] = ['br', 'gzip'];

/** One prepared answer: the response's header lines and its bytes, ready to write. */
type Prepared = { headers: string[]; body: string };

/**
 * A JSON answer that changes only with a release (the help center's questions and guide): serialised,
 * UTF-8 encoded and compressed once at start-up, sent as bytes with an ETag. The help center is the page
 * everyone opens when something goes wrong at a peak; a browser asks for br or gzip and receives a
 * third of the bytes, and nothing is serialised or compressed per request.
 *
 * A 200 is written straight to Node's response, headers and body prepared: through `reply.send`, a
 * Buffer body goes out as two chunks (Node joins the header to a string body only) and each header is set
 * one by one, which made this answer cost 11 µs a request more than the bare health route (bench/README.md).
 * The body is kept as a latin1 string, one character per byte, which Node writes with the header in one
 * piece. The reply is hijacked for it: no onSend or onResponse hook runs for these answers (the platform
 * has none), and Fastify does not log their completion. A 304 goes through Fastify as usual.
 */
export class FixedJson {
  private readonly prepared: Record<Encoding, Prepared>;
  /** Weak: the br, gzip and plain bytes are one representation (as nginx marks what it compresses). */
  readonly etag: string;

  constructor(
    readonly value: unknown,
    readonly cacheControl = 'public, max-age=300',
  ) {
    const identity = Buffer.from(JSON.stringify(value), 'utf8');
    this.etag = `W/"${createHash('sha1').update(identity).digest('base64url')}"`;
    const prepare = (encoding: Encoding, bytes: Buffer): Prepared => ({
      headers: [
        'content-type', 'application/json; charset=utf-8',
        'content-length', String(bytes.length),
        'etag', this.etag,
        'cache-control', cacheControl,
        'vary', 'accept-encoding',
        ...(encoding === 'identity' ? [] : ['content-encoding', encoding]),
      ],
      body: bytes.toString('latin1'),
    });
    this.prepared = {
      br: prepare('br', brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } })),
      gzip: prepare('gzip', gzipSync(identity, { level: 9 })),
      identity: prepare('identity', identity),
    };
  }

  send(req: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (matchesEtag(req.headers['if-none-match'], this.etag)) {
      return reply.header('etag', this.etag).header('cache-control', this.cacheControl).header('vary', 'accept-encoding').status(304).send(null);
    }
    const { headers, body } = this.prepared[encodingFor(req.headers['accept-encoding'])];
    reply.hijack();
    reply.raw.writeHead(200, headers);
    reply.raw.end(body, 'latin1');
    return reply;
  }
}

/**
 * The encoding to send for an Accept-Encoding header. Browsers send a handful of distinct headers, so
 * the answers are remembered (at most 64, then forgotten all at once: a client sending random headers
 * costs itself a parse, nothing more).
 */
const negotiated = new Map<string, Encoding>();
function encodingFor(accept: string | undefined): Encoding {
  if (!accept) return 'identity';
  let encoding = negotiated.get(accept);
  if (encoding === undefined) {
    encoding = (negotiate(accept, COMPRESSED) as Encoding | undefined) ?? 'identity';
    if (negotiated.size >= 64) negotiated.clear();
    negotiated.set(accept, encoding);
  }
  return encoding;
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" and "x" are the same, and a list may hold it. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}
