import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';

type Encoding = 'br' | 'gzip';
const ENCODINGS: Encoding[] = ['br', 'gzip'];

/**
 * A JSON answer that changes only with a release (the help center's questions and guide): serialised,
 * UTF-8 encoded and compressed once at start-up, sent as bytes with an ETag. The help center is the page
 * everyone opens when something goes wrong at a peak; a browser asks for br or gzip and receives a
 * third of the bytes, and nothing is serialised or compressed per request.
 */
export class FixedJson {
  private readonly identity: Buffer;
  private readonly encoded: Record<Encoding, Buffer>;
  /** Weak: the br, gzip and plain bytes are one representation (as nginx marks what it compresses). */
  readonly etag: string;

  constructor(readonly value: unknown) {
    this.identity = Buffer.from(JSON.stringify(value), 'utf8');
    this.encoded = {
      br: brotliCompressSync(this.identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: this.identity.length } }),
      gzip: gzipSync(this.identity, { level: 9 }),
    };
    this.etag = `W/"${createHash('sha1').update(this.identity).digest('base64url')}"`;
  }

  send(req: FastifyRequest, reply: FastifyReply, cacheControl = 'public, max-age=300'): FastifyReply {
    reply.header('etag', this.etag).header('cache-control', cacheControl).header('vary', 'accept-encoding');
    if (matchesEtag(req.headers['if-none-match'], this.etag)) return reply.status(304).send(null);
    const accept = req.headers['accept-encoding'];
    const encoding = accept ? (negotiate(accept, ENCODINGS) as Encoding | undefined) : undefined;
    reply.type('application/json; charset=utf-8');
    if (encoding) return reply.header('content-encoding', encoding).send(this.encoded[encoding]);
    return reply.send(this.identity);
  }
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" and "x" are the same, and a list may hold it. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}
