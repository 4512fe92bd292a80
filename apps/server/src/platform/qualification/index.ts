import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { Clock } from '../clock';
import { HttpQualificationRegistry } from './http';
import { SandboxQualificationRegistry } from './sandbox';
import type { QualificationRegistry } from './registry';

export * from './registry';
export { SANDBOX_QUALIFICATION_RECORDS, SandboxQualificationRegistry, type SandboxQualificationRecord } from './sandbox';
export { HttpQualificationRegistry, type HttpQualificationConfig } from './http';

/** The registry the platform uses: the sandbox or the national registry's HTTP call. */
export function makeQualificationRegistry(config: Pick<Config, 'qualification'>, deps: { fetch?: typeof fetch; store?: { db: Db; clock: Clock } } = {}): QualificationRegistry {
  const c = config.qualification;
  if (c.provider === 'http') {
    if (!c.endpoint || !c.token) throw new Error('the http qualification provider needs QUALIFICATION_ENDPOINT and QUALIFICATION_TOKEN');
    return new HttpQualificationRegistry({ endpoint: c.endpoint, token: c.token }, deps.fetch);
  }
  return new SandboxQualificationRegistry(undefined, deps.store ?? null);
}
