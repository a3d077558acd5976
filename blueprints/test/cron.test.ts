import { describe, expect, it } from 'vitest';
import { parseCron, toEventBridgeCron } from '../src';

describe('toEventBridgeCron', () => {
  it.each([
    ['30 2 * * *', 'cron(30 2 * * ? *)'],
    ['0 3 * * 1-5', 'cron(0 3 ? * MON-FRI *)'],
    ['0 3 * * MON-FRI', 'cron(0 3 ? * MON-FRI *)'],
    ['0 3 * * 0,6', 'cron(0 3 ? * SUN,SAT *)'],
    ['0 3 * * 1-5/2', 'cron(0 3 ? * MON-FRI/2 *)'],
    ['*/15 * 1 * *', 'cron(*/15 * 1 * ? *)'],
    ['0 0 1 JAN,JUL *', 'cron(0 0 1 JAN,JUL ? *)'],
  ])('translates %s to %s', (crontab, eventBridge) => {
    expect(toEventBridgeCron(crontab)).toBe(eventBridge);
  });

  it('keeps the fields of a parsed expression', () => {
    expect(parseCron(' 30  2 * * * ')).toEqual({ minute: '30', hour: '2', dayOfMonth: '*', month: '*', dayOfWeek: '*' });
  });

  it.each([
    ['', /expected 5 fields/],
    ['* * * * * *', /expected 5 fields .*, got 6$/],
    ['0 24 * * *', /hour field "24" contains 24, outside 0-23/],
    ['0 0 0 * *', /day-of-month field "0" contains 0, outside 1-31/],
    ['0 0 * 13 *', /month field "13" contains 13, outside 1-12/],
    ['0 0 * * 7', /day-of-week field "7" contains 7, outside 0-6/],
    ['0 0 * * 1-2-3', /day-of-week field "1-2-3" is malformed/],
    ['0,,5 0 * * *', /minute field "0,,5" is malformed/],
    ['a 0 * * *', /minute field "a" contains "a", which is not a number$/],
  ])('refuses %j', (expression, message) => {
    expect(() => parseCron(expression)).toThrow(message);
  });
});
