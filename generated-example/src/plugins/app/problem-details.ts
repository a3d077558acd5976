import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { Problem, problems } from '../../domain/problems';
import { problemBody } from '../../services/idempotent';

/** pg/PGlite failures that mean "the database is not reachable right now", not "bad request". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) {
    return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(message);
}

interface ValidationIssue {
  readonly instancePath: string;
  readonly message?: string;
  readonly params: { missingProperty?: string; additionalProperty?: string };
}

/**
 * Every error leaves as RFC 9457 `application/problem+json` with a stable `type`; validation
 * errors list each offending field; nothing internal (stack, SQL, driver message) is ever sent.
 */
export default fp(async (app) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let problem: Problem;
    if (error instanceof Problem) {
      problem = error;
    } else if (error.validation) {
      const context = error.validationContext ?? 'body';
      const errors = (error.validation as ValidationIssue[]).map((issue) => ({
        field: fieldOf(context, issue),
        message: issue.params.additionalProperty ? 'is not a known field' : issue.message ?? 'is invalid',
      }));
      problem = new Problem(400, 'urn:bank:problem:validation', 'Invalid request', errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });
    } else if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      problem = problems.unavailable();
      reply.header('retry-after', '5');
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      problem = new Problem(error.statusCode, `urn:bank:problem:http-${error.statusCode}`, 'Request refused', publicMessage(error));
    } else {
      request.log.error({ err: error }, 'request failed');
      problem = problems.internal();
    }
    return reply.status(problem.status).type('application/problem+json').send(problemBody(problem));
  });

  app.setNotFoundHandler((request, reply) => {
    const problem = problems.notFound(`${request.method} ${request.url.split('?')[0]}`);
    return reply.status(404).type('application/problem+json').send(problemBody(problem));
  });
}, { name: 'problem-details' });

function fieldOf(context: string, issue: ValidationIssue): string {
  const path = issue.instancePath.replace(/^\//, '');
  const leaf = issue.params.missingProperty ?? issue.params.additionalProperty;
  return [context, path, leaf].filter(Boolean).join('/');
}

/** Fastify's own 4xx messages (bad JSON, body too large, wrong media type) are safe to show. */
function publicMessage(error: FastifyError): string {
  return error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code?.startsWith('FST_ERR_CTP') ? error.message : 'The request was refused.';
}
