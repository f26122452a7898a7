import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems } from '../common/problem.js';
import { negotiate, Produces } from '../common/media-types.js';
import { RequestObjectBody } from '../common/request-body.js';
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
  @RequestObjectBody({ $ref: getSchemaPath(BundleRequestDto) }, loadRequestExamples())
  @Produces(...BUNDLE_MEDIA_TYPES)
  @ApiOperation({
    operationId: 'createBundle',
    summary: 'App description in, validated bundle out',
    description:
      "Builds the app's workload (Deployment or StatefulSet) with its sidecars, ambassadors and adapters, plus Service, ServiceAccount, ConfigMaps, PodDisruptionBudget and, when asked for, HorizontalPodAutoscaler, NetworkPolicy and ServiceMonitor, and checks every object. The request is JSON, or the same object as one YAML document with `Content-Type: application/yaml` (read as kubectl reads YAML; errors then carry line and column); a field given twice is refused in either form. The answer is JSON by default; multi-document YAML in apply order with `Accept: application/yaml`. The same request always gives the same bytes; `digest` (also the ETag) is the sha256 of the YAML.",
  })
  @ApiExtraModels(BundleRequestDto, BundleResponseDto)
  @ApiResponse({
    status: 200,
    description: 'the bundle',
    headers: { ETag: { description: 'the quoted digest', schema: { type: 'string' } } },
    content: { [JSON_TYPE]: { schema: { $ref: getSchemaPath(BundleResponseDto) } } },
    ...alternativeContent(BUNDLE_MEDIA_TYPES.slice(1), {
      type: 'string',
      description: 'the manifests as multi-document YAML, for kubectl apply -f -',
    }),
  })
  @ApiProblems(400, 406, 413, 415, 422, 500)
  create(
    @Body() body: BundleRequestDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    // MediaTypeGuard has already answered 406 when nothing fits
    const type = negotiate(request.headers.accept, BUNDLE_MEDIA_TYPES) ?? JSON_TYPE;
    const { digest, body: text } = this.bundles.create(body, type === JSON_TYPE ? 'json' : 'yaml');
    void reply.header('etag', `"${digest}"`).header('vary', 'Accept').type(`${type}; charset=utf-8`);
    return text;
  }
}
