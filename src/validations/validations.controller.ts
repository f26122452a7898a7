import { Body, Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parse } from 'yaml';
import { Consumes, mediaTypeOf, negotiate, Produces } from '../common/media-types.js';
import { ApiProblems } from '../common/problem.js';
import { alternativeContent, ApiBodyContent } from '../openapi/body-content.js';
import { RULES_PATH } from '../rules/rules.controller.js';
import { REPORT_LIMITS } from '../core/validate/validate-bundle.js';
import { ValidationQueryDto } from './dto/validation-query.dto.js';
import { ValidationReportDto, ValidationRequestDto } from './dto/validation-report.dto.js';
import { YAML_MEDIA_TYPES } from './yaml-body.js';
import { ValidationsService } from './validations.service.js';

const JSON_TYPE = 'application/json';
const SARIF_TYPE = 'application/sarif+json';
const REPORT_TYPES = [JSON_TYPE, SARIF_TYPE] as const;

/** The request example of the spec: a Deployment with a misspelt field. */
export const YAML_EXAMPLE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: shop
spec:
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:
      containers:
        - name: orders
          image: ghcr.io/acme/orders:1.4.2
          imagePullpolicy: Always
`;

@ApiTags('validations')
@Controller('v1/validations')
export class ValidationsController {
  constructor(private readonly validations: ValidationsService) {}

  @Post()
  @HttpCode(200)
  @Consumes(JSON_TYPE, ...YAML_MEDIA_TYPES)
  @Produces(...REPORT_TYPES)
  @ApiOperation({
    operationId: 'validateBundle',
    summary: 'A bundle in, a report out',
    description:
      'Checks Kubernetes manifests with every rule (GET /v1/rules): schema, unknown fields, names, labels, pod, workload, Service and cross-object rules, Pod Security Standards at the requested level and version, best practices and pattern rules. Send the YAML itself (multi-document, `kind: List` unwrapped) with `Content-Type: application/yaml` to get line and column for each finding, or JSON `{ "manifests": [...] }`. The answer is 200 with `valid: false` when the bundle breaks error-level rules; input that is not a stream of YAML mappings, too many documents, or alias bombs are a 400. SARIF 2.1.0 with `Accept: application/sarif+json`.',
  })
  @ApiExtraModels(ValidationRequestDto, ValidationReportDto)
  @ApiBodyContent({
    description:
      'JSON { "manifests": [...] } with Content-Type application/json, or the manifests as multi-document YAML text with a YAML Content-Type',
    content: {
      [JSON_TYPE]: {
        schema: { $ref: getSchemaPath(ValidationRequestDto) },
        example: { manifests: [parse(YAML_EXAMPLE)] },
      },
      ...Object.fromEntries(
        YAML_MEDIA_TYPES.map((type) => [
          type,
          { schema: { type: 'string', description: 'multi-document YAML' }, example: YAML_EXAMPLE },
        ]),
      ),
    },
  })
  @ApiResponse({
    status: 200,
    description: 'the report (also when the bundle is invalid)',
    content: { [JSON_TYPE]: { schema: { $ref: getSchemaPath(ValidationReportDto) } } },
    ...alternativeContent([SARIF_TYPE], {
      type: 'object',
      description: `SARIF 2.1.0 log: one run, every rule with its page as helpUri, one result per listed finding (at most ${REPORT_LIMITS.findings}, as many as GitHub code scanning shows; \`properties.summary\` of the run counts every finding)`,
    }),
  })
  @ApiProblems(400, 406, 413, 415, 500)
  validate(
    @Body() body: unknown,
    @Query() query: ValidationQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    const yaml = (YAML_MEDIA_TYPES as readonly string[]).includes(mediaTypeOf(request.headers['content-type']) ?? '');
    const report = this.validations.validate(yaml ? { yaml: String(body ?? '') } : { json: body, tree: true }, query);
    const type = negotiate(request.headers.accept, REPORT_TYPES) ?? JSON_TYPE;
    void reply.header('vary', 'Accept').type(`${type}; charset=utf-8`);
    if (type === SARIF_TYPE)
      return JSON.stringify(
        this.validations.sarif(report, query, `${request.protocol}://${request.host}${RULES_PATH}`),
      );
    return JSON.stringify(report);
  }
}
