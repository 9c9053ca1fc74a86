import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { isLedgerApiError } from '@ledgerside/client';
import { describeError } from '../base/errors.js';

/** Whether trying again could help: a refusal of the caller's role (403) stays one. */
export function isRetryable(error: unknown): boolean {
  return !(isLedgerApiError(error) && (error.status === 403 || error.code === 'forbidden'));
}

/** An error in plain words with a Retry button where retrying can help; `role="alert"` so it is announced. */
export function errorBanner(error: unknown, onRetry?: () => void, message = describeError(error)): TemplateResult {
  return html`<div class="banner error" role="alert" part="error">
    <span class="grow">${message}</span>
    ${onRetry && isRetryable(error) ? html`<button class="btn small" type="button" @click=${onRetry}>${msg('Retry')}</button>` : nothing}
  </div>`;
}

/** One sentence of what belongs here and the one action that fills it. */
export function emptyState(text: string, action?: TemplateResult): TemplateResult {
  return html`<div class="empty" part="empty"><p>${text}</p>${action ?? nothing}</div>`;
}

/** Skeleton lines shaped like the content, announced once as loading (classes, not inline styles: strict CSPs refuse those). */
export function skeleton(lines = 3, label = msg('Loading…')): TemplateResult {
  return html`<div class="skeleton-block" role="status" aria-live="polite" part="skeleton">
    <span class="visually-hidden">${label}</span>
    ${Array.from({ length: lines }, (_, i) => html`<span class="skeleton line-${i % 4}"></span>`)}
  </div>`;
}

/** A button's content while it works: a spinner and the label. */
export function busyLabel(busy: boolean, label: string, busyText: string): TemplateResult {
  return busy ? html`<span class="spinner" aria-hidden="true"></span>${busyText}` : html`${label}`;
}
