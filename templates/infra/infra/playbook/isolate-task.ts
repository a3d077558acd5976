import { awsPlaybookClients, defaultSdkClients } from './aws-clients';
import { type GuardDutyFindingEvent, type Logger, type PlaybookOutcome, readConfig, respondToFinding } from './playbook';

/**
 * Lambda entry point (bundled by esbuild from the governance stack). The configuration is read
 * and validated at cold start, so a misconfigured deployment fails on its first invocation with
 * an error naming the variable instead of isolating the wrong thing.
 */
const config = readConfig(process.env);
const clients = awsPlaybookClients(defaultSdkClients());

/** One JSON line per event, so CloudWatch Logs Insights can query the playbook's decisions. */
const log: Logger = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};

export async function handler(event: GuardDutyFindingEvent): Promise<PlaybookOutcome> {
  return respondToFinding(event, config, clients, log);
}
