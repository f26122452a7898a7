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
  @ApiProperty({ description: 'JSON Pointer (RFC 6901) to the rejected field of the request body; "" is the whole body', example: '/app/ports/0/containerPort' })
  pointer: string;

  @ApiProperty({ description: 'what is wrong and what is expected', example: 'containerPort must not be greater than 65535' })
  detail: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the line of the field in a YAML request body (1-based); also for a JSON member given twice', example: 7 })
  line?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the column of the field on that line (1-based)', example: 11 })
  column?: number;
}

export class FindingResourceDto {
  @ApiProperty({ example: 'apps/v1' }) apiVersion: string;
  @ApiProperty({ example: 'Deployment' }) kind: string;
  @ApiPropertyOptional({ example: 'shop' }) namespace?: string;
  @ApiPropertyOptional({ example: 'orders' }) name?: string;
  @ApiProperty({ type: 'integer', description: 'index of the object in the bundle', example: 2 }) index: number;
}

export class FindingDto {
  @ApiProperty({ description: 'rule id', example: 'pod.port-collision' }) rule: string;
  @ApiProperty({ enum: ['error', 'warning', 'info'] }) severity: 'error' | 'warning' | 'info';
  @ApiProperty({ example: 'containerPort 8080/TCP is used by containers orders and proxy' }) message: string;
  @ApiPropertyOptional({ type: () => FindingResourceDto }) resource?: FindingResourceDto;
  @ApiPropertyOptional({ description: 'JSON Pointer into the object', example: '/spec/template/spec/containers/1/ports/0' }) path?: string;
  @ApiPropertyOptional({ description: 'the API server\'s dotted form of path', example: 'spec.template.spec.containers[1].ports[0]' }) field?: string;
  @ApiPropertyOptional({ type: 'integer' }) line?: number;
  @ApiPropertyOptional({ type: 'integer' }) column?: number;
}

export class ProblemDto {
  @ApiProperty({ description: 'problem type URI; "about:blank" when the HTTP status says it all', example: PROBLEM_TYPES.invalidRequest })
  type: string;

  @ApiProperty({ example: 'Invalid request' })
  title: string;

  @ApiProperty({ type: 'integer', example: 400 })
  status: number;

  @ApiProperty({ example: '/app/ports/0/containerPort: containerPort must not be greater than 65535' })
  detail: string;

  @ApiProperty({ description: 'the request id (also the x-request-id response header)', example: '4f1c2b9e-6a0d-4c56-9d1e-0c1f1f0b8a3e' })
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
  415: 'the request\'s Content-Type is not one of the operation\'s request body media types',
  422: 'valid input whose bundle would break error-level rules; `findings` lists them',
  500: 'the service failed; the request id is logged',
  503: 'the service is not ready',
};

/** Documents error responses of an operation as problem+json. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_DESCRIPTIONS[status] ?? 'error',
        content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
