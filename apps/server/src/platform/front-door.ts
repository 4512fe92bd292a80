import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { requestIdOf } from './pii/redact';
import { crossSiteReason } from './security';

/**
 * A check a request meets before Fastify's request life cycle: it answers the request itself (true), or passes it
 * on untouched (false), its body unread. For answers that must cost next to nothing at a peak, and nothing else:
 * the peak's queue refuses most of the requests it sees, and a refusal through Fastify's life cycle (the request
 * and reply objects, the logger's child, the hooks, the serializer) cost about as much as the bench's load
 * generator spent sending it (bench/README.md, session 22). A door answers only what it is sure of; anything
 * else (a cross-site request, a cookie it cannot read) goes on to Fastify, whose hooks and routes decide.
 */
export type Door = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** What Fastify sets on the server it makes, which a server factory must set itself. */
type FastifyServerOptions = { http?: ServerOptions; keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number; maxRequestsPerSocket?: number };

/** A door's answer: JSON, with the headers every answer of the platform carries added by `FrontDoor.answer`. */
export type DoorAnswer = { status: number; headers: Record<string, string>; body: unknown; route: string };

const ARRIVED = Symbol('arrived');

export class FrontDoor {
  private readonly doors: Door[] = [];
  private common: Record<string, string> = {};
  private allowedOrigins: readonly string[] = [];
  private answered: (method: string, route: string, status: number, seconds: number) => void = () => {};

  add(door: Door): void {
    this.doors.push(door);
  }

  /**
   * What every answer carries and where it is counted, as Fastify's hooks do for its own: the security headers
   * (security.ts), the request id, the metrics' count and time (metrics.ts); and the origins the cross-site rule
   * allows.
   */
  configure(o: { headers: Record<string, string>; allowedOrigins: readonly string[]; answered: (method: string, route: string, status: number, seconds: number) => void }): void {
    this.common = o.headers;
    this.allowedOrigins = o.allowedOrigins;
    this.answered = o.answered;
  }

  /**
   * Whether a request may be answered at the door: security.ts's cross-site rule finds nothing against it, judged
   * by the Host header. A request through a proxy that names another host (X-Forwarded-Host) goes on to Fastify,
   * which knows whether to trust it.
   */
  sameSite(req: IncomingMessage): boolean {
    if (req.headers['x-forwarded-host'] !== undefined) return false;
    return crossSiteReason({ method: req.method ?? 'GET', headers: req.headers, host: req.headers.host ?? '' }, this.allowedOrigins) === null;
  }

  /** Writes a door's answer: JSON, the security headers, the request id; counted as Fastify's answers are. */
  answer(req: IncomingMessage, res: ServerResponse, a: DoorAnswer): true {
    const body = JSON.stringify(a.body);
    res.writeHead(a.status, {
      ...this.common,
      ...a.headers,
      'x-request-id': requestIdOf(req.headers['x-request-id']),
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
    const arrived = (req as IncomingMessage & { [ARRIVED]?: number })[ARRIVED];
    this.answered(req.method ?? 'GET', a.route, a.status, arrived === undefined ? 0 : (performance.now() - arrived) / 1000);
    return true;
  }

  /** Fastify's `serverFactory`: the HTTP server Fastify would make, with the doors in front of its handler. */
  readonly serverFactory = (handler: (req: IncomingMessage, res: ServerResponse) => void, opts: Record<string, unknown>): Server => {
    // Fastify passes its own options, with their defaults.
    const options = opts as unknown as FastifyServerOptions;
    const server = createServer(options.http ?? {}, (req, res) => {
      if (this.doors.length === 0) return handler(req, res);
      (req as IncomingMessage & { [ARRIVED]?: number })[ARRIVED] = performance.now();
      this.enter(req, res, handler, 0);
    });
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket && options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };

  private enter(req: IncomingMessage, res: ServerResponse, handler: (req: IncomingMessage, res: ServerResponse) => void, from: number): void {
    for (let i = from; i < this.doors.length; i++) {
      let answer: boolean | Promise<boolean>;
      try {
        answer = this.doors[i]!(req, res);
      } catch {
        answer = false;
      }
      if (answer === true) return;
      if (answer !== false) {
        // A door that failed answers nothing: Fastify takes the request, as it would without the door.
        answer.then(
          (answered) => answered || this.enter(req, res, handler, i + 1),
          () => handler(req, res),
        );
        return;
      }
    }
    handler(req, res);
  }
}

/** The value of cookie `name` in a Cookie header, undecoded (the session token is base64url and dots); undefined if absent. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const prefix = `${name}=`;
  let at = header.startsWith(prefix) ? 0 : header.indexOf(`; ${prefix}`);
  if (at < 0) return undefined;
  if (at > 0) at += 2;
  const end = header.indexOf(';', at);
  return header.slice(at + prefix.length, end < 0 ? undefined : end).trim();
}
