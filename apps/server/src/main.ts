import { buildApp } from './app';
import { loadConfig } from './config';

const config = loadConfig();
const app = await buildApp(config);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    void app.close().then(() => process.exit(0));
  });
}

await app.listen({ host: config.host, port: config.port });
app.log.info(`全国会计人员统一服务管理平台 (${config.mode} mode) at http://localhost:${config.port}`);
if (config.mode === 'sandbox') app.log.info(`沙箱: SMS outbox and clock at http://localhost:${config.port}/sandbox`);
