// Content negotiation. A route declares what it consumes and produces once (@Consumes, @Produces);
// the same declaration documents the OpenAPI operation and drives MediaTypeGuard, which answers
// 415 or 406 before the body is validated.
import {
  applyDecorators,
  Injectable,
  NotAcceptableException,
  SetMetadata,
  UnsupportedMediaTypeException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes, ApiProduces } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';

const CONSUMES = 'pod-patterns:consumes';
const PRODUCES = 'pod-patterns:produces';

/** Request body media types the route accepts. */
export function Consumes(...types: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(CONSUMES, types), ApiConsumes(...types));
}

/** Response media types the route can send, in order of preference (the first is the default). */
export function Produces(...types: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PRODUCES, types), ApiProduces(...types));
}

/** The best of `available` for the request's Accept header; undefined when none is acceptable. */
export function negotiate(accept: string | undefined, available: readonly string[]): string | undefined {
  return new Negotiator({ headers: { accept: accept ?? '*/*' } }).mediaType([...available]);
}

export function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]!.trim().toLowerCase() || undefined;
}

@Injectable()
export class MediaTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const consumes = this.reflector.getAllAndOverride<string[] | undefined>(CONSUMES, targets);
    if (consumes) {
      const type = mediaTypeOf(request.headers['content-type']);
      if (!type || !consumes.includes(type)) {
        throw new UnsupportedMediaTypeException(
          `${type ? `unsupported Content-Type ${JSON.stringify(type)}` : 'the request has no Content-Type'}; send ${consumes.join(' or ')}`,
        );
      }
    }
    const produces = this.reflector.getAllAndOverride<string[] | undefined>(PRODUCES, targets);
    if (produces && !negotiate(request.headers.accept, produces)) {
      throw new NotAcceptableException(
        `cannot answer with ${JSON.stringify(request.headers.accept)}; available: ${produces.join(', ')}`,
      );
    }
    return true;
  }
}
