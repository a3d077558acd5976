import Handlebars from 'handlebars';
import { HELPERS } from './helpers';

/**
 * A private Handlebars environment: strict (a variable the context lacks is an error, not an
 * empty string) and without HTML escaping (the output is source code, not a web page).
 */
const environment = Handlebars.create();
for (const [name, helper] of Object.entries(HELPERS)) {
  environment.registerHelper(name, helper);
}

const cache = new Map<string, HandlebarsTemplateDelegate>();

/** Renders `source` with `context`; `sourceName` names the template in error messages. */
export function renderTemplate(sourceName: string, source: string, context: object): string {
  let template = cache.get(source);
  if (!template) {
    template = environment.compile(source, { strict: true, noEscape: true });
    cache.set(source, template);
  }
  try {
    return template(context);
  } catch (error) {
    throw new Error(`Rendering template ${sourceName} failed: ${(error as Error).message}`);
  }
}
