import { Module } from '@nestjs/common';
import { BundlesModule } from './bundles/bundles.module.js';
import { ChartsModule } from './charts/charts.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PatternsModule } from './patterns/patterns.module.js';
import { RulesModule } from './rules/rules.module.js';
import { ValidationsModule } from './validations/validations.module.js';

@Module({
  imports: [BundlesModule, ChartsModule, PatternsModule, ValidationsModule, RulesModule, HealthModule, MetricsModule],
})
export class AppModule {}
