import { Validations } from 'aws-cdk-lib';
import type { DataStack } from './stacks/data-stack';

/**
 * Every acknowledged cdk-nag finding, in one reviewed file. Each names the rule, the exact
 * resource it applies to, and the compensating control that makes accepting it safe.
 */
export function acknowledgeFindings(stacks: { data: DataStack }): void {
  Validations.of(stacks.data.accessLogs).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This is the access-log target bucket itself; logging it into itself would loop. CloudTrail data events cover access to it.',
  });
}
