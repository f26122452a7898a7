import {
  Controller,
  Get,
  ServiceUnavailableException,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/problem.js';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'ready'], description: 'ok: the process is alive; ready: it takes requests' })
  status: string;
}

@ApiTags('health')
@Controller()
export class HealthController implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Ready once every module has started; not ready again as soon as shutdown begins. */
  private ready = false;
  /** SHUTDOWN_DELAY: how long to keep serving, unready, before the listener closes */
  drainDelayMs = 0;

  onApplicationBootstrap(): void {
    this.ready = true;
  }

  /** Nest runs this before it closes the HTTP listener, and waits for it. */
  async beforeApplicationShutdown(): Promise<void> {
    this.ready = false;
    if (this.drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.drainDelayMs));
  }

  @Get('healthz')
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness: the process answers',
    description: 'For a liveness probe: 200 as long as the process serves HTTP.',
  })
  @ApiOkResponse({ type: HealthDto, description: 'alive' })
  liveness(): HealthDto {
    return { status: 'ok' };
  }

  @Get('readyz')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: started and not shutting down',
    description:
      'For a readiness probe: 200 once every module has started, 503 again as soon as shutdown begins, so no new traffic arrives while requests drain.',
  })
  @ApiOkResponse({ type: HealthDto, description: 'ready for traffic' })
  @ApiProblems(503)
  readiness(): HealthDto {
    if (!this.ready) throw new ServiceUnavailableException('the service is starting or shutting down');
    return { status: 'ready' };
  }
}
