/**
 * Five-field cron expressions (`minute hour day-of-month month day-of-week`), the form platform
 * teams already know from crontab, and their translation into the six-field form EventBridge
 * Scheduler expects (`cron(minutes hours day-of-month month day-of-week year)`).
 *
 * The parser is deliberately strict: anything it accepts must translate to an EventBridge
 * expression that fires at exactly the same times, so expressions EventBridge cannot express
 * (both day fields restricted at once) are refused rather than silently changed.
 */

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const DAY_NAMES = FIELDS[4].names!;

/** A parsed five-field cron expression; each field keeps its original text. */
export interface CronExpression {
  readonly minute: string;
  readonly hour: string;
  readonly dayOfMonth: string;
  readonly month: string;
  readonly dayOfWeek: string;
}

/** Parses `expression`, throwing an Error that says which field is wrong and why. */
export function parseCron(expression: string): CronExpression {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    throw new Error(`expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  }
  parts.forEach((part, index) => checkField(part, FIELDS[index]));
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts;
  if (dayOfMonth !== '*' && dayOfWeek !== '*') {
    throw new Error('day-of-month and day-of-week cannot both be restricted (EventBridge supports only one of them)');
  }
  return { minute, hour, dayOfMonth, month, dayOfWeek };
}

/**
 * The EventBridge Scheduler form of a five-field expression, e.g. `30 2 * * *` becomes
 * `cron(30 2 * * ? *)`. Day-of-week numbers become names because EventBridge counts
 * Sunday as 1 where crontab counts it as 0; names mean the same in both.
 */
export function toEventBridgeCron(expression: string): string {
  const cron = parseCron(expression);
  const dayOfMonth = cron.dayOfWeek === '*' ? cron.dayOfMonth : '?';
  const dayOfWeek = cron.dayOfWeek === '*' ? '?' : dayOfWeekNames(cron.dayOfWeek);
  return `cron(${cron.minute} ${cron.hour} ${dayOfMonth} ${cron.month} ${dayOfWeek} *)`;
}

function dayOfWeekNames(field: string): string {
  // Only numbers that start a list item or end a range are days; a number after `/` is a step.
  return field.replace(/(^|[,-])(\d+)/g, (_match, separator: string, digits: string) => `${separator}${DAY_NAMES[Number(digits)]}`);
}

function checkField(text: string, spec: FieldSpec): void {
  for (const item of text.split(',')) {
    const [range, step, ...rest] = item.split('/');
    if (rest.length > 0 || range === '') {
      throw new Error(`${spec.name} field "${text}" is malformed`);
    }
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) {
      throw new Error(`${spec.name} field "${text}" has an invalid step "${step}"`);
    }
    if (range === '*') {
      continue;
    }
    const bounds = range.split('-');
    if (bounds.length > 2) {
      throw new Error(`${spec.name} field "${text}" is malformed`);
    }
    const values = bounds.map((bound) => fieldValue(bound, spec, text));
    if (values.length === 2 && values[0] > values[1]) {
      throw new Error(`${spec.name} field "${text}" has a range that runs backwards`);
    }
  }
}

function fieldValue(token: string, spec: FieldSpec, text: string): number {
  const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (named >= 0) {
    return spec.min + named;
  }
  if (!/^\d+$/.test(token)) {
    throw new Error(`${spec.name} field "${text}" contains "${token}", which is not a number${spec.names ? ' or a name' : ''}`);
  }
  const value = Number(token);
  if (value < spec.min || value > spec.max) {
    throw new Error(`${spec.name} field "${text}" contains ${value}, outside ${spec.min}-${spec.max}`);
  }
  return value;
}
