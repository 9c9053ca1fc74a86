/**
 * Counted phrases. @lit/localize has no plural syntax, so each phrase is one message per CLDR
 * plural category (its own id), and Intl.PluralRules for the UI language picks one: Czech needs
 * three forms ("1 nepřečtená zpráva", "3 nepřečtené zprávy", "5 nepřečtených zpráv"), English two.
 */
import { msg, str } from '@lit/localize';
import { getUiLocale } from './localization.js';

export interface PluralForms {
  one: () => string;
  few: () => string;
  many: () => string;
  other: () => string;
}

/** The form of `forms` that `count` takes in the UI language. */
export function plural(count: number, forms: PluralForms): string {
  const category = new Intl.PluralRules(getUiLocale()).select(count);
  return (category === 'one' || category === 'few' || category === 'many' ? forms[category] : forms.other)();
}

/** "3 unread messages"; `shown` is the count as displayed (formatted, or "99+"). */
export const unreadMessages = (count: number, shown: string = String(count)): string =>
  plural(count, {
    one: () => msg(str`${shown} unread message`, { id: 'unread-messages-one' }),
    few: () => msg(str`${shown} unread messages`, { id: 'unread-messages-few' }),
    many: () => msg(str`${shown} unread messages`, { id: 'unread-messages-many' }),
    other: () => msg(str`${shown} unread messages`, { id: 'unread-messages-other' }),
  });

/** "3 unread messages about INV-000007". */
export const unreadMessagesAbout = (count: number, shown: string, document: string): string =>
  plural(count, {
    one: () => msg(str`${shown} unread message about ${document}`, { id: 'unread-about-one' }),
    few: () => msg(str`${shown} unread messages about ${document}`, { id: 'unread-about-few' }),
    many: () => msg(str`${shown} unread messages about ${document}`, { id: 'unread-about-many' }),
    other: () => msg(str`${shown} unread messages about ${document}`, { id: 'unread-about-other' }),
  });

/** "3 unread", short, where the subject (messages) is clear from the place. */
export const unreadShort = (count: number, shown: string = String(count)): string =>
  plural(count, {
    one: () => msg(str`${shown} unread`, { id: 'unread-short-one' }),
    few: () => msg(str`${shown} unread`, { id: 'unread-short-few' }),
    many: () => msg(str`${shown} unread`, { id: 'unread-short-many' }),
    other: () => msg(str`${shown} unread`, { id: 'unread-short-other' }),
  });

/** "30 days", "1 day". */
export const days = (count: number, shown: string = String(count)): string =>
  plural(count, {
    one: () => msg(str`${shown} day`, { id: 'days-one' }),
    few: () => msg(str`${shown} days`, { id: 'days-few' }),
    many: () => msg(str`${shown} days`, { id: 'days-many' }),
    other: () => msg(str`${shown} days`, { id: 'days-other' }),
  });

/** "3 customers found." */
export const customersFound = (count: number, shown: string = String(count)): string =>
  plural(count, {
    one: () => msg(str`${shown} customer found.`, { id: 'customers-found-one' }),
    few: () => msg(str`${shown} customers found.`, { id: 'customers-found-few' }),
    many: () => msg(str`${shown} customers found.`, { id: 'customers-found-many' }),
    other: () => msg(str`${shown} customers found.`, { id: 'customers-found-other' }),
  });

/** "2 lines need attention and are not counted yet." */
export const linesNeedAttention = (count: number, shown: string = String(count)): string =>
  plural(count, {
    one: () => msg(str`${shown} line needs attention and is not counted yet.`, { id: 'lines-attention-one' }),
    few: () => msg(str`${shown} lines need attention and are not counted yet.`, { id: 'lines-attention-few' }),
    many: () => msg(str`${shown} lines need attention and are not counted yet.`, { id: 'lines-attention-many' }),
    other: () => msg(str`${shown} lines need attention and are not counted yet.`, { id: 'lines-attention-other' }),
  });
