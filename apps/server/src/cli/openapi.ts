import { writeFileSync } from 'node:fs';
import { buildApp } from '../app';
import { loadConfig } from '../config';

// `npm run openapi -w @ausm/server -- [file]`: the OpenAPI document the server serves at /api/docs/json, from a
// platform built on an in-memory database (sandbox mode, so the sandbox contract is in it too).
const app = await buildApp({ ...loadConfig({ AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent' }), dataDir: null, webDist: null });
await app.ready();
const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();
const out = process.argv[2];
if (out) writeFileSync(out, doc);
else process.stdout.write(doc);
