/**
 * Document templates: each organization lists its own (IntegrationSettings.templates); a
 * customer's and a document's `template` is one of their ids. Omitted, a customer takes the
 * organization's first template and a document its customer's. '' (no template) is valid only
 * for an organization that lists none.
 */
export interface TemplateChoice {
  id: string;
  name: string;
}

export const TEMPLATE_NOT_OFFERED = 'Choose one of the organization’s templates';

/** The template a new customer gets when none is given. */
export function defaultTemplate(templates: readonly TemplateChoice[]): string {
  return templates[0]?.id ?? '';
}

/** Why `template` cannot be used by this organization, or null when it can. */
export function templateError(template: string, templates: readonly TemplateChoice[]): string | null {
  if (templates.length === 0) return template === '' ? null : TEMPLATE_NOT_OFFERED;
  return templates.some((t) => t.id === template) ? null : TEMPLATE_NOT_OFFERED;
}
