import { getUiLocale } from '../i18n/localization.js';
import { msg, str } from '@lit/localize';

/** What a schema issue carries (zod's issue, loosely: the client's field issues have only a message). */
export interface SchemaIssue {
  code?: string;
  message: string;
  origin?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
}

/**
 * A field error from the contract's schemas in the active language. The schemas' own messages
 * are English (they are the API's words too); the issue's code and limits say the same thing.
 */
export function issueText(issue: SchemaIssue): string {
  const limit = (n: number | bigint | undefined) => String(n ?? '');
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return msg('Required');
      if (issue.origin === 'array' && Number(issue.minimum) <= 1) return msg('Required');
      if (issue.origin === 'number' && Number(issue.minimum) === 0 && issue.inclusive === false) return msg('Must be more than zero.');
      return issue.origin === 'string' ? msg(str`At least ${limit(issue.minimum)} characters.`) : msg(str`At least ${limit(issue.minimum)}.`);
    case 'too_big':
      return issue.origin === 'string' ? msg(str`At most ${limit(issue.maximum)} characters.`) : msg(str`At most ${limit(issue.maximum)}.`);
    case 'invalid_format':
      if (issue.format === 'email') return msg('Not a valid email address.');
      if (issue.format === 'date') return msg('Enter a date.');
      return msg('Check this value.');
    default:
      return msg('Check this value.');
  }
}

/**
 * A field error for the person: the schema's own, more precise English sentence in English;
 * in other languages the same rule said through `issueText`.
 */
export function fieldMessage(issue: SchemaIssue): string {
  return getUiLocale() === 'en' ? issue.message : issueText(issue);
}
