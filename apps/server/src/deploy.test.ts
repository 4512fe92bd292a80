import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_ENV_NAMES } from './config';
import { SERVER_ROOT } from './test/server-process';

/**
 * What can be checked of the containers on machines where docker cannot pull images (issue 23,
 * docs/operations.md "Containers"), and the environment table of docs/operations.md, which must name every
 * variable config.ts reads and nothing else.
 */
const ROOT = `${SERVER_ROOT}../../`;
const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');

describe('deployment files', () => {
  it('the Dockerfile passes dockerfilelint, is multi-stage and runs as a user of its own', () => {
    const lint = spawnSync(`${ROOT}node_modules/.bin/dockerfilelint`, ['Dockerfile'], { cwd: ROOT, encoding: 'utf8' });
    expect(lint.status, lint.stdout).toBe(0);
    const dockerfile = read('Dockerfile');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'), dockerfile.indexOf('AS proxy'));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/CMD \["node", "apps\/server\/dist\/main\.js"\]/);
    // Production dependencies only reach the runtime stage.
    expect(dockerfile).toMatch(/npm ci --omit=dev --workspace @ausm\/server/);
    expect(runtime).not.toMatch(/--from=build \S* ?\/app\/node_modules/);
  });

  it('docs/operations.md lists every environment variable config.ts reads, and no other', () => {
    const doc = read('docs/operations.md');
    const section = doc.slice(doc.indexOf('## Environment'), doc.indexOf('\n## ', doc.indexOf('## Environment') + 5));
    const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...CONFIG_ENV_NAMES].sort());
  });

  it('the compose file and the example settings name only variables the server reads; the nodes trust the proxy', () => {
    const compose = read('deploy/compose.yaml');
    const nodeBlock = compose.slice(compose.indexOf('x-node:'), compose.indexOf('\nservices:'));
    const envBlock = nodeBlock.slice(nodeBlock.indexOf('environment:'), nodeBlock.indexOf('depends_on:'));
    const composeVars = [...envBlock.matchAll(/^ {4}([A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(composeVars.length).toBeGreaterThan(5);
    const exampleVars = [...read('deploy/platform.env.example').matchAll(/^#? ?([A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    for (const name of [...composeVars, ...exampleVars]) expect(CONFIG_ENV_NAMES, name).toContain(name);
    const proxyAddress = /ipv4_address: ([\d.]+)/.exec(compose)?.[1];
    expect(envBlock).toContain(`TRUST_PROXY: ${proxyAddress}`);
    expect(read('deploy/nginx.conf')).toContain(`TRUST_PROXY=${proxyAddress}`);
  });
});
