// RFC 9457 problem details: the one shape of every error response, and its OpenAPI description.
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** Problem types beyond the plain HTTP status ("about:blank"). */
export const PROBLEM_TYPES = {
  invalidRequest: 'urn:pod-patterns:problem:invalid-request',
  bundleRuleViolation: 'urn:pod-patterns:problem:bundle-rule-violation',
} as const;

export class FieldErrorDto {
  @ApiProperty({
    description: 'JSON Pointer (RFC 6901) to the rejected field of the request body; "" is the whole body',
    example: '/app/ports/0/containerPort',
  })
  pointer: string;

  @ApiProperty({
    description: 'what is wrong and what is expected',
    example: 'containerPort must not be greater than 65535',
  })
  detail: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'the line of the field in a YAML request body (1-based); also for a JSON member given twice',
    example: 7,
  })
  line?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'the column of the field on that line (1-based)',
    example: 11,
  })
  column?: number;
}

export class FindingResourceDto {
  @ApiProperty({ example: 'apps/v1', description: 'apiVersion of the object' }) apiVersion: string;
  @ApiProperty({ example: 'Deployment', description: 'kind of the object' }) kind: string;
  @ApiPropertyOptional({ example: 'shop', description: 'metadata.namespace, when it has one' }) namespace?: string;
  @ApiPropertyOptional({ example: 'orders', description: 'metadata.name, when it has one' }) name?: string;
  @ApiProperty({ type: 'integer', description: 'index of the object in the bundle', example: 2 }) index: number;
}

export class FindingDto {
  @ApiProperty({ description: 'rule id', example: 'pod.port-collision' }) rule: string;
  @ApiProperty({ enum: ['error', 'warning', 'info'], description: 'error fails the bundle or the validation' })
  severity: 'error' | 'warning' | 'info';
  @ApiProperty({
    example: 'containerPort 8080/TCP is used by containers orders and proxy',
    description: 'what is wrong and how to fix it',
  })
  message: string;
  @ApiPropertyOptional({ type: () => FindingResourceDto, description: 'the object the finding is about' })
  resource?: FindingResourceDto;
  @ApiPropertyOptional({
    description: 'JSON Pointer into the object',
    example: '/spec/template/spec/containers/1/ports/0',
  })
  path?: string;
  @ApiPropertyOptional({
    description: "the API server's dotted form of path",
    example: 'spec.template.spec.containers[1].ports[0]',
  })
  field?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'line of path in the YAML that was validated (1-based)' })
  line?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'column of path on that line (1-based)' }) column?: number;
}

export class ProblemDto {
  @ApiProperty({
    description: 'problem type URI; "about:blank" when the HTTP status says it all',
    example: PROBLEM_TYPES.invalidRequest,
  })
  type: string;

  @ApiProperty({ example: 'Invalid request', description: 'short summary of the problem type' })
  title: string;

  @ApiProperty({ type: 'integer', example: 400, description: 'the HTTP status code' })
  status: number;

  @ApiProperty({
    example: '/app/ports/0/containerPort: containerPort must not be greater than 65535',
    description: 'what went wrong in this request',
  })
  detail: string;

  @ApiProperty({
    description: 'the request id (also the x-request-id response header)',
    example: '4f1c2b9e-6a0d-4c56-9d1e-0c1f1f0b8a3e',
  })
  instance: string;

  @ApiPropertyOptional({ type: () => [FieldErrorDto], description: 'input errors (400): one entry per rejected field' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ type: () => [FindingDto], description: 'rule violations (422): the error-level findings' })
  findings?: FindingDto[];
}

export type Problem = Omit<ProblemDto, 'errors' | 'findings'> & { errors?: FieldErrorDto[]; findings?: unknown[] };

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'malformed or invalid input; `errors` points at each rejected field',
  404: 'no such resource',
  406: 'none of the media types in Accept can be produced',
  413: 'the request body is larger than the limit',
  415: "the request's Content-Type is not one of the operation's request body media types",
  422: 'valid input whose bundle would break error-level rules; `findings` lists them',
  500: 'the service failed; the request id is logged',
  503: 'the service is not ready',
};

const INSTANCE = '4f1c2b9e-6a0d-4c56-9d1e-0c1f1f0b8a3e';
const blank = (status: number, title: string, detail: string): Problem => ({
  type: 'about:blank',
  title,
  status,
  detail,
  instance: INSTANCE,
});

/**
 * One example per status, as the service words it: the schema's property examples are a 400's, so
 * without these every error response would show a 400.
 */
export const PROBLEM_EXAMPLES: Record<number, Problem> = {
  400: {
    type: PROBLEM_TYPES.invalidRequest,
    title: 'Invalid request',
    status: 400,
    detail: '/app/ports/0/containerPort: containerPort must not be greater than 65535',
    instance: INSTANCE,
    errors: [{ pointer: '/app/ports/0/containerPort', detail: 'containerPort must not be greater than 65535' }],
  },
  401: blank(
    401,
    'Unauthorized',
    'this API needs an API key: send it as Authorization: Bearer <key> or as x-api-key: <key>',
  ),
  404: blank(404, 'Not Found', 'unknown rule "pod.port-colision"; GET /v1/rules lists them'),
  406: blank(
    406,
    'Not Acceptable',
    'cannot answer with "text/html"; available: application/json, application/yaml, text/yaml, application/x-yaml',
  ),
  413: blank(413, 'Payload Too Large', 'the request body is larger than the limit of 1048576 bytes'),
  415: blank(
    415,
    'Unsupported Media Type',
    'unsupported Content-Type "text/plain"; send application/json or application/yaml or application/x-yaml or text/yaml or text/x-yaml',
  ),
  422: {
    type: PROBLEM_TYPES.bundleRuleViolation,
    title: 'The bundle would break rules',
    status: 422,
    detail:
      'The request is well-formed, but the bundle it describes would break 1 rule(s): pod.port-collision: containerPort 8080/TCP is used by containers orders and proxy',
    instance: INSTANCE,
    findings: [
      {
        rule: 'pod.port-collision',
        severity: 'error',
        message: 'containerPort 8080/TCP is used by containers orders and proxy',
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'orders', index: 2 },
        path: '/spec/template/spec/containers/1/ports/0',
        field: 'spec.template.spec.containers[1].ports[0]',
      },
    ],
  },
  429: blank(429, 'Too Many Requests', 'this client sent more than 600 requests per minute; retry in 42 seconds'),
  500: blank(
    500,
    'Internal Server Error',
    `The service failed to handle the request; it has been logged under request id ${INSTANCE}.`,
  ),
  503: blank(503, 'Service Unavailable', 'the service is starting or shutting down'),
};

/** The problem+json content of an error response, with the example of its status. */
export function problemContent(status: number): Record<string, { schema: { $ref: string }; example?: Problem }> {
  return {
    [PROBLEM_MEDIA_TYPE]: {
      schema: { $ref: getSchemaPath(ProblemDto) },
      ...(PROBLEM_EXAMPLES[status] ? { example: PROBLEM_EXAMPLES[status] } : {}),
    },
  };
}

/** Documents error responses of an operation as problem+json. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({ status, description: PROBLEM_DESCRIPTIONS[status] ?? 'error', content: problemContent(status) }),
    ),
  );
}
