export { BankServiceProject, blueprintVersion } from './project';
export type { BankServiceProjectOptions } from './project';
export { OPTIONS, OPTION_NAMES, COMPLIANCE_FRAMEWORKS } from './options/definition';
export type { OptionDefinition, OptionKind, OptionName, ResolvedBankServiceOptions, BankServiceOptionValues } from './options/definition';
export { resolveOptions, BlueprintOptionsError, switchOf } from './options/validate';
export type { OptionProblem } from './options/validate';
export { parseCron, toEventBridgeCron } from './options/cron';
export { buildTemplateContext } from './components/template-context';
export type { TemplateContext } from './components/template-context';
