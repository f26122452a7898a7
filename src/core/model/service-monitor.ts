// The optional ServiceMonitor a metrics endpoint may ask for (an adapter's, or the app's own).
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { PROMETHEUS_DURATION } from './grammars.js';
import { Doc, IsStringMap } from './validators.js';

/** A ServiceMonitor (prometheus-operator) for a metrics port (an adapter's or the app's own). */
export class ExporterServiceMonitor {
  @IsBoolean()
  @Doc("add a ServiceMonitor (monitoring.coreos.com/v1) selecting the app's Service and its metrics port")
  enabled: boolean;

  @IsOptional()
  @IsString()
  @Matches(PROMETHEUS_DURATION, { message: '$property must be a Prometheus duration such as 30s or 1m30s' })
  @Doc('scrape interval (Prometheus duration, e.g. 30s); default: the Prometheus global interval')
  interval?: string;

  @IsOptional()
  @IsStringMap('labels')
  @Doc('extra labels on the ServiceMonitor, e.g. the release label a Prometheus selects by')
  labels?: Record<string, string>;
}
