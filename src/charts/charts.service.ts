import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { chartTarball } from '../core/render/chart/chart-builder.js';
import { ServiceMetrics } from '../metrics/service-metrics.js';
import type { ChartRequestDto } from '../core/input/chart-request.js';

@Injectable()
export class ChartsService {
  constructor(private readonly metrics: ServiceMetrics) {}

  /** Validated request in, the chart tarball out, with its file name and digest. */
  async create(request: ChartRequestDto): Promise<{ filename: string; digest: string; tarball: Buffer }> {
    const { filename, tarball } = await chartTarball(request);
    this.metrics.generatedFrom('chart', request);
    return { filename, digest: `sha256:${createHash('sha256').update(tarball).digest('hex')}`, tarball };
  }
}
