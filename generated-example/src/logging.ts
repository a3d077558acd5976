import type { FastifyServerOptions } from 'fastify';
import { maskPan } from './domain/cards';

/**
 * Logger settings: credentials never reach the log (redacted headers), and neither does a
 * card number, wherever it might appear in a line (PCI DSS 3.3/3.4): every line is scanned
 * just before it is written and Luhn-valid digit runs are masked.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]', 'res.headers["set-cookie"]'],
      censor: '[REDACTED]',
    },
    hooks: { streamWrite: (line: string) => maskPan(line) },
  };
}
