import { msg } from '@lit/localize';
import { isLedgerApiError } from '@ledgerside/client';
import { getUiLocale } from '../i18n/localization.js';
import { sourceLocale } from '../locales/locale-codes.js';
import { reasonText } from './reasons.js';

/** An error in plain words for the person in front of the sidebar. */
export function describeError(error: unknown): string {
  if (!isLedgerApiError(error)) return msg('Something went wrong. Please try again.');
  switch (error.kind) {
    case 'network':
      return msg('The billing service could not be reached. Check your connection and try again.');
    case 'timeout':
      return msg('The billing service took too long to answer. Please try again.');
    case 'aborted':
      return msg('The request was cancelled.');
    case 'invalid_response':
      return msg('The billing service sent an answer this page does not understand.');
    case 'http':
      break;
  }
  // The API's sentences are English: in English they are the most precise words, in another
  // language a refusal with a known code or named reason gets ours.
  const translate = getUiLocale() !== sourceLocale;
  if (translate && error.code === 'integration_disabled') return msg('The billing integration is turned off.');
  if (translate && error.code === 'idempotency_mismatch') {
    return msg('This request was already sent with different content. Reload the page and try again.');
  }
  switch (error.status) {
    case 400:
      return error.issues.length ? msg('Some fields need attention.') : error.message;
    case 401:
      return msg('Your session has expired. Reload the page to sign in again.');
    case 403:
      return msg('Your role does not allow this.');
    case 404:
      return msg('This was not found. It may have been removed.');
    case 409:
      return error.message;
    case 422:
      return translate && error.reason ? reasonText(error.reason, error.message) : error.message;
    case 412:
      return msg('This was changed elsewhere. The latest version has been loaded.');
    case 429:
      return msg('Too many requests. Please wait a moment and try again.');
    default:
      return error.status >= 500 ? msg('The billing service had a problem. Please try again.') : error.message;
  }
}
