// The one exception filter: every error, from the core, from Nest or from Fastify's body parsing,
// leaves as RFC 9457 problem+json. Unexpected errors are logged with the request id and answered
// with a 500 that reveals nothing of the internals.
import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BundleRuleError, InvalidRequestError } from '../core/model/errors.js';
import { PROBLEM_MEDIA_TYPE, PROBLEM_TYPES, type Problem } from './problem.js';
import { locateInBody } from './request-body.js';
import { REQUEST_ID_HEADER } from './request-id.js';

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(exception, request);
    if (!(exception instanceof HttpException) && problem.status >= 500) {
      this.logger.error(
        `request ${request.id} ${request.method} ${request.url} failed`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (reply.sent) return;
    void reply
      .status(problem.status)
      .header('content-type', `${PROBLEM_MEDIA_TYPE}; charset=utf-8`)
      .header(REQUEST_ID_HEADER, request.id)
      .send(JSON.stringify(problem));
  }
}

interface FastifyErrorLike {
  code?: string;
  statusCode?: number;
  message: string;
  detail?: string;
}

export function toProblem(exception: unknown, request: FastifyRequest): Problem {
  const instance = String(request.id);
  if (exception instanceof InvalidRequestError) {
    // a YAML body's fields have a line and column too
    const errors = exception.errors.map((e) =>
      e.line === undefined ? { ...e, ...locateInBody(request, e.pointer) } : e,
    );
    return {
      type: PROBLEM_TYPES.invalidRequest,
      title: 'Invalid request',
      status: 400,
      detail: summarize(
        errors.map(
          (e) =>
            `${e.pointer || '/'}${e.line === undefined || e.detail.startsWith('line ') ? '' : ` (line ${e.line}, column ${e.column})`}: ${e.detail}`,
        ),
      ),
      instance,
      errors,
    };
  }
  if (exception instanceof BundleRuleError) {
    return {
      type: PROBLEM_TYPES.bundleRuleViolation,
      title: 'The bundle would break rules',
      status: 422,
      detail: `The request is well-formed, but the bundle it describes would break ${exception.findings.length} rule(s): ${summarize(exception.findings.map((f) => `${f.rule}: ${f.message}`))}`,
      instance,
      findings: exception.findings,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const cause = exception.cause as FastifyErrorLike | undefined;
    if (cause?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || cause?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      const detail =
        cause.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'the body is empty; send a JSON object'
          : `the body is not valid JSON${cause.detail ? `: ${cause.detail}` : ''}`;
      return {
        type: PROBLEM_TYPES.invalidRequest,
        title: 'Invalid request',
        status: 400,
        detail,
        instance,
        errors: [{ pointer: '', detail }],
      };
    }
    return {
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail: httpDetail(exception, cause, request),
      instance,
    };
  }
  return {
    type: 'about:blank',
    title: STATUS_CODES[500]!,
    status: 500,
    detail: `The service failed to handle the request; it has been logged under request id ${instance}.`,
    instance,
  };
}

function httpDetail(exception: HttpException, cause: FastifyErrorLike | undefined, request: FastifyRequest): string {
  switch (cause?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `the request body is larger than the limit of ${request.routeOptions?.bodyLimit ?? 'the configured'} bytes`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `unsupported Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')}; send application/json`;
  }
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** The first few entries, and how many more there are. */
function summarize(lines: string[], max = 5): string {
  const shown = lines.slice(0, max).join('; ');
  return lines.length > max ? `${shown}; and ${lines.length - max} more` : shown;
}
