// Starts the service on HOST:PORT (see src/config/app-config.ts for the settings).
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { createLogger } from './common/logging.js';
import { DEFAULT_CONFIG, loadConfig, type AppConfig } from './config/app-config.js';

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  // a setting that cannot be used: said as a log line like any other, and the start stops
  createLogger({ ...DEFAULT_CONFIG, logFormat: process.env.LOG_FORMAT === 'pretty' ? 'pretty' : 'json' }).fatal(
    (error as Error).message,
  );
  process.exit(1);
}
const app = await createApp({ config });
// SIGTERM: /readyz turns 503 (for SHUTDOWN_DELAY), the listener closes, in-flight requests finish,
// then the process exits 0
app.enableShutdownHooks(undefined, { useProcessExit: true });
await app.listen({ port: config.port, host: config.host });
new Logger('Main').log(`pod-patterns listening on http://${config.host}:${config.port} (docs at /docs)`);
