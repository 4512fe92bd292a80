import { buildApp } from './app';
import { loadConfig } from './config';
import { raiseToRealtime } from './platform/realtime';

const config = loadConfig();
const app = await buildApp(config);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    void app.close().then(() => process.exit(0));
  });
}

if (config.eventLoopPriority === 'realtime') {
  // After buildApp: the hashing threads and V8's helpers exist already and stay at normal priority.
  const { policy, refused } = raiseToRealtime();
  // Off Linux there is nothing to grant: say so quietly.
  if (refused) app.log[process.platform === 'linux' ? 'warn' : 'info']({ policy, refused }, 'event loop at normal priority: real-time refused (grant CAP_SYS_NICE or LimitRTPRIO=1, or set EVENT_LOOP_PRIORITY=normal)');
  else app.log.info({ policy }, 'event loop at real-time priority');
}

await app.listen({ host: config.host, port: config.port });
app.log.info(`全国会计人员统一服务管理平台 (${config.mode} mode) at http://localhost:${config.port}`);
if (config.mode === 'sandbox') app.log.info(`沙箱: SMS outbox and clock at http://localhost:${config.port}/sandbox`);
