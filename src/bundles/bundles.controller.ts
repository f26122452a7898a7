import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems } from '../common/problem.js';
import { Consumes, negotiate, Produces } from '../common/media-types.js';
import { alternativeContent } from '../openapi/body-content.js';
import { loadRequestExamples } from './bundle-examples.js';
import { BundlesService } from './bundles.service.js';
import { BundleRequestDto } from '../core/input/bundle-request.js';
import { BundleResponseDto } from './dto/bundle-response.dto.js';

const JSON_TYPE = 'application/json';
/** JSON first: it is the default when Accept allows anything. */
export const BUNDLE_MEDIA_TYPES = [JSON_TYPE, 'application/yaml', 'text/yaml', 'application/x-yaml'] as const;

@ApiTags('bundles')
@Controller('v1/bundles')
export class BundlesController {
  constructor(private readonly bundles: BundlesService) {}

  @Post()
  @HttpCode(200)
  @Consumes(JSON_TYPE)
  @Produces(...BUNDLE_MEDIA_TYPES)
  @ApiOperation({
    operationId: 'createBundle',
    summary: 'App description in, validated bundle out',
    description:
      'Builds the app\'s workload (Deployment or StatefulSet) with its sidecars, ambassadors and adapters, plus Service, ServiceAccount, ConfigMaps, PodDisruptionBudget and, when asked for, HorizontalPodAutoscaler, NetworkPolicy and ServiceMonitor, and checks every object. JSON by default; multi-document YAML in apply order with `Accept: application/yaml`. The same request always gives the same bytes; `digest` (also the ETag) is the sha256 of the YAML.',
  })
  @ApiBody({ schema: { $ref: getSchemaPath(BundleRequestDto) }, examples: loadRequestExamples() })
  @ApiExtraModels(BundleResponseDto)
  @ApiResponse({
    status: 200,
    description: 'the bundle',
    headers: { ETag: { description: 'the quoted digest', schema: { type: 'string' } } },
    content: { [JSON_TYPE]: { schema: { $ref: getSchemaPath(BundleResponseDto) } } },
    ...alternativeContent(BUNDLE_MEDIA_TYPES.slice(1), { type: 'string', description: 'the manifests as multi-document YAML, for kubectl apply -f -' }),
  })
  @ApiProblems(400, 406, 413, 415, 422, 500)
  create(@Body() body: BundleRequestDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    // MediaTypeGuard has already answered 406 when nothing fits
    const type = negotiate(request.headers.accept, BUNDLE_MEDIA_TYPES) ?? JSON_TYPE;
    const { digest, body: text } = this.bundles.create(body, type === JSON_TYPE ? 'json' : 'yaml');
    void reply.header('etag', `"${digest}"`).header('vary', 'Accept').type(`${type}; charset=utf-8`);
    return text;
  }
}
