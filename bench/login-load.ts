/**
 * The login load: `connections` clients logging in the bench's accounts in turn with pre-solved captchas
 * for `seconds`. Several accounts, as at a real peak: a login takes one of its account's 5 tries while it
 * compares, so more than 5 logins of one account at once are refused as a burst would be.
 * Imported by run.ts, or run as its own process (figure 3), so that its client work does not share an
 * event loop with the client that times the read endpoint:
 *   node --import tsx bench/login-load.ts <base> <mobile,mobile,…> <captchas.json> <connections> <seconds>
 * prints `ready`, starts on a line from stdin, and prints {"ok": successful logins, "non2xx": ..., "duration": seconds}.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const PASSWORD = 'Bench@2025';
export type SolvedCaptcha = { captchaId: string; captchaAnswer: string };

/**
 * The requests, as autocannon's request builder writes them (method, path, Host, Connection, the headers,
 * Content-Length, the body), built before the run: the i-th logs in the i-th account in turn with the i-th
 * captcha. Until session 20 autocannon built each one while the load ran (`setupRequest`: the body's JSON,
 * then for every request two object copies, a deep clone of its context, an id and three buffers), on the
 * two cores the server measured here hashes on. The server receives the same bytes (login-load.test.ts).
 */
export function loginRequests(base: string, mobiles: string[], captchas: SolvedCaptcha[]): Buffer[] {
  // autocannon's Host: the URL's host name and port, 80 when it names none.
  const url = new URL(base);
  const host = `${url.hostname}:${url.port || 80}`;
  return captchas.map((c, i) => {
    const body = Buffer.from(JSON.stringify({ identifier: mobiles[i % mobiles.length]!, password: PASSWORD, ...c }));
    const head = `POST /api/session HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\ncontent-type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head), body]);
  });
}

export function loginLoad(base: string, mobiles: string[], captchas: SolvedCaptcha[], connections: number, seconds: number): Promise<autocannon.Result> {
  const requests = loginRequests(base, mobiles, captchas);
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        // What autocannon would build once and send each time; each connection sends the next of `requests` instead.
        requests: [{ method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json' }, body: requests[0]!.subarray(requests[0]!.indexOf('\r\n\r\n') + 4) }],
        setupClient: (client) => {
          (client as unknown as { getRequestBuffer: () => Buffer }).getRequestBuffer = () => requests[i++ % requests.length]!;
        },
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [base, mobiles, file, connections, seconds] = process.argv.slice(2);
  const captchas = JSON.parse(readFileSync(file!, 'utf8')) as SolvedCaptcha[];
  // Loaded and compiled: say so, and start when told, so that this process's start-up does not fall
  // inside the measured window.
  console.log('ready');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const r = await loginLoad(base!, mobiles!.split(','), captchas, Number(connections), Number(seconds));
  console.log(JSON.stringify({ ok: r['2xx'], non2xx: r.non2xx, duration: r.duration }));
}
