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

export function loginLoad(base: string, mobiles: string[], captchas: SolvedCaptcha[], connections: number, seconds: number): Promise<autocannon.Result> {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/api/session',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => {
              const c = captchas[i % captchas.length]!;
              const identifier = mobiles[i++ % mobiles.length]!;
              return { ...req, body: JSON.stringify({ identifier, password: PASSWORD, ...c }) };
            },
          },
        ],
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
