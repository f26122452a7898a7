import { Module } from '@nestjs/common';
import { BundlesModule } from './bundles/bundles.module.js';
import { HealthModule } from './health/health.module.js';
import { PatternsModule } from './patterns/patterns.module.js';

@Module({ imports: [BundlesModule, PatternsModule, HealthModule] })
export class AppModule {}
