import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { loadRequestExamples } from '../bundles/bundle-examples.js';
import { Produces } from '../common/media-types.js';
import { RequestObjectBody } from '../common/request-body.js';
import { ApiProblems } from '../common/problem.js';
import { ChartsService } from './charts.service.js';
import { ChartRequestDto } from '../core/input/chart-request.js';

const GZIP = 'application/gzip';

@ApiTags('charts')
@ApiExtraModels(ChartRequestDto)
@Controller('v1/charts')
export class ChartsController {
  constructor(private readonly charts: ChartsService) {}

  @Post()
  @HttpCode(200)
  @RequestObjectBody({ $ref: getSchemaPath(ChartRequestDto) }, loadRequestExamples())
  @Produces(GZIP)
  @ApiOperation({
    operationId: 'createChart',
    summary: 'App description in, Helm chart tarball out',
    description:
      "The same request as createBundle, plus optional Chart.yaml metadata (`chart`), as JSON or as one YAML document (`Content-Type: application/yaml`). The chart's default values render exactly the bundle createBundle returns (`helm template <app.name> <chart> --namespace <namespace>`); values.yaml holds every tunable, with a block per sidecar, ambassador and adapter that `enabled: false` removes, and values.schema.json checks them. The same request always gives the same bytes.",
  })
  @ApiResponse({
    status: 200,
    description: 'the chart: a gzip tarball whose entries are all under <app.name>/',
    headers: {
      'Content-Disposition': { description: 'attachment; filename="<name>-<version>.tgz"', schema: { type: 'string' } },
      ETag: { description: 'the quoted sha256 of the tarball', schema: { type: 'string' } },
    },
    content: { [GZIP]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(400, 406, 413, 415, 422, 500)
  async create(@Body() body: ChartRequestDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { filename, digest, tarball } = await this.charts.create(body);
    void reply
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('etag', `"${digest}"`)
      .type(GZIP);
    return tarball;
  }
}
