// Starts the service on HOST:PORT (see src/config/app-config.ts for the settings).
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { loadConfig } from './config/app-config.js';

const config = loadConfig();
const app = await createApp({ config });
// SIGTERM: readiness turns false, in-flight requests finish, then the process exits
app.enableShutdownHooks();
await app.listen({ port: config.port, host: config.host });
new Logger('Main').log(`pod-patterns listening on http://${config.host}:${config.port} (docs at /docs)`);
