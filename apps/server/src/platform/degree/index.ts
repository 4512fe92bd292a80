import type { Config } from '../../config';
import { ChsiDegreeVerifier } from './chsi';
import { SandboxDegreeVerifier } from './sandbox';
import { withTimeout, type DegreeVerifier } from './verifier';

export * from './verifier';
export { SANDBOX_DEGREE_HANG_MS, SANDBOX_DEGREE_RECORDS, SandboxDegreeVerifier, type SandboxDegreeOptions, type SandboxDegreeRecord } from './sandbox';
export { CHSI_CODES, ChsiDegreeVerifier, type ChsiConfig } from './chsi';

/**
 * The degree verifier the platform uses: the sandbox or 学信网, either way given up on after
 * DEGREE_CHECK_TIMEOUT_MS (DegreeServiceUnavailable 'timeout').
 */
export function makeDegreeVerifier(config: Pick<Config, 'degree'>, deps: { fetch?: typeof fetch } = {}): DegreeVerifier {
  const c = config.degree;
  let inner: DegreeVerifier;
  if (c.provider === 'chsi') {
    if (!c.endpoint || !c.appKey || !c.appSecret) throw new Error('the chsi degree provider needs CHSI_ENDPOINT, CHSI_APP_KEY and CHSI_APP_SECRET');
    inner = new ChsiDegreeVerifier({ endpoint: c.endpoint, appKey: c.appKey, appSecret: c.appSecret }, deps.fetch);
  } else {
    inner = new SandboxDegreeVerifier({ delayMs: c.sandboxDelayMs });
  }
  return withTimeout(inner, c.timeoutMs);
}
