import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between the app and a PostgreSQL server that reads the statements going through, so a
 * test can stop one at an exact point of a transaction (hold), and then kill the server, freeze it, or
 * cut the network. Holding a connection is a network that delivers nothing: when the app gives up and
 * closes its side, the server's side is closed without what was held, as a partition drops packets.
 */
export class PgFaultProxy {
  private readonly links = new Set<Link>();
  private holds: Hold[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<PgFaultProxy> {
    let proxy: PgFaultProxy | undefined;
    const server = createServer((app) => proxy!.accept(app, target));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy = new PgFaultProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  /** The URL of database `name` through the proxy. */
  url(name: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  /**
   * Holds the first statement for which `match` says so, and everything after it on that connection:
   * nothing of it reaches the server until release(). `match` sees each statement's SQL and the
   * statements that went before it on the same connection (since it was opened).
   */
  hold(match: (sql: string, before: readonly string[]) => boolean): Hold {
    const hold = new Hold(match);
    this.holds.push(hold);
    return hold;
  }

  /** Holds the COMMIT of the first transaction that ran a statement matching `pattern`: everything before it reached the server. */
  holdCommitAfter(pattern: RegExp): Hold {
    return this.hold((sql, before) => /^\s*commit\b/i.test(sql) && sinceBegin(before).some((s) => pattern.test(s)));
  }

  /** Forgets the holds nothing has matched yet (a test that failed before its statement came). */
  clearHolds(): void {
    this.holds = [];
  }

  async close(): Promise<void> {
    for (const link of this.links) link.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(app: Socket, target: { host: string; port: number }): void {
    const link = new Link(app, connect(target), (sql, before) => {
      const i = this.holds.findIndex((h) => h.match(sql, before));
      if (i < 0) return null;
      const [hold] = this.holds.splice(i, 1);
      return hold!;
    });
    this.links.add(link);
    link.onClose = () => this.links.delete(link);
  }
}

/** The statements of the transaction still open at the end of `before`. */
function sinceBegin(before: readonly string[]): readonly string[] {
  for (let i = before.length - 1; i >= 0; i--) if (/^\s*(begin|start transaction)\b/i.test(before[i]!)) return before.slice(i + 1);
  return [];
}

export class Hold {
  private arrive!: () => void;
  private releaseLink: (() => void) | null = null;
  private cutLink: (() => void) | null = null;
  private released = false;
  /** Resolves when the statement held has arrived (and was kept from the server). */
  readonly arrived = new Promise<void>((resolve) => (this.arrive = resolve));
  /**
   * A partition that also swallows the app's goodbye: when the app closes its side, the server's side
   * stays open, and only the server's own timeouts can end the session.
   */
  swallowsClose = false;
  /** A network that was only slow: when the app closes its side, what was held still arrives first, then the close (TCP keeps order). */
  deliversLate = false;

  constructor(readonly match: (sql: string, before: readonly string[]) => boolean) {}

  /** See swallowsClose. */
  partition(): this {
    this.swallowsClose = true;
    return this;
  }

  /** See deliversLate. */
  late(): this {
    this.deliversLate = true;
    return this;
  }

  /** Sends what was held, and lets the connection flow again. */
  release(): void {
    this.released = true;
    this.releaseLink?.();
  }

  /** Cuts the connection that was caught, both ways, with nothing held delivered (the server then rolls back). */
  cut(): void {
    this.cutLink?.();
  }

  /** Called by the link that caught it. */
  caught(release: () => void, cut: () => void): void {
    this.releaseLink = release;
    this.cutLink = cut;
    this.arrive();
    if (this.released) release();
  }
}

/** One app connection and its server connection; reads the frontend messages app → server. */
class Link {
  onClose: () => void = () => {};
  private buffer = Buffer.alloc(0);
  private started = false;
  private held: Buffer[] | null = null;
  private readonly statements: string[] = [];
  private closed = false;
  private hold: Hold | null = null;

  constructor(
    private readonly app: Socket,
    private readonly db: Socket,
    private readonly holdFor: (sql: string, before: readonly string[]) => Hold | null,
  ) {
    app.on('data', (chunk: Buffer) => this.fromApp(chunk));
    db.on('data', (chunk: Buffer) => {
      if (!this.closed && !app.destroyed) app.write(chunk);
    });
    for (const s of [app, db]) {
      s.on('error', () => this.gone(s));
      s.on('close', () => this.gone(s));
    }
  }

  /** Either side gone: the other goes too, at once, with nothing held delivered; unless the hold says otherwise. */
  private gone(side: Socket): void {
    if (side === this.app && this.hold?.swallowsClose) {
      this.held = null;
    } else if (side === this.app && this.hold?.deliversLate && this.held) {
      const held = this.held;
      this.held = null;
      for (const m of held) this.db.write(m);
      this.db.end(); // the server's side goes when the server closes it
    } else {
      this.destroy();
    }
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.held = null;
    this.app.destroy();
    this.db.destroy();
    this.onClose();
  }

  private fromApp(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      // The startup message (and an SSL or GSS request before it) has no type byte.
      const header = this.started ? 5 : 4;
      if (this.buffer.length < header) return;
      const length = this.started ? this.buffer.readInt32BE(1) + 1 : this.buffer.readInt32BE(0);
      if (this.buffer.length < length) return;
      const message = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      if (!this.started) {
        // 196608: protocol 3.0 StartupMessage; anything else (SSLRequest) precedes it.
        if (message.readInt32BE(4) === 196608) this.started = true;
      } else {
        const sql = statementOf(message);
        if (sql !== null) {
          const hold = this.held ? null : this.holdFor(sql, this.statements);
          this.statements.push(sql);
          if (hold) {
            this.held = [];
            this.hold = hold;
            hold.caught(() => this.flush(), () => this.destroy());
          }
        }
      }
      if (this.held) this.held.push(message);
      else if (!this.closed) this.db.write(message);
    }
  }

  private flush(): void {
    const held = this.held;
    this.held = null;
    if (!held || this.closed) return;
    for (const m of held) this.db.write(m);
  }
}

/** The SQL of a simple Query ('Q') or an extended Parse ('P') message, else null. */
function statementOf(message: Buffer): string | null {
  const type = String.fromCharCode(message[0]!);
  if (type === 'Q') return message.toString('utf8', 5, message.indexOf(0, 5));
  if (type === 'P') {
    const nameEnd = message.indexOf(0, 5);
    return message.toString('utf8', nameEnd + 1, message.indexOf(0, nameEnd + 1));
  }
  return null;
}
