import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { ServiceMetrics } from './service-metrics.js';

/** Global: the feature services count what they produce without importing this module. */
@Global()
@Module({ controllers: [MetricsController], providers: [ServiceMetrics], exports: [ServiceMetrics] })
export class MetricsModule {}
