import { html, svg, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { DisplayStatus } from '@ledgerside/contract';

type Tone = 'neutral' | 'info' | 'warning' | 'success' | 'danger' | 'struck' | 'muted';

const icons = {
  draft: svg`<path d="M3 13h10M4 10l6-6 2 2-6 6H4z" fill="none" stroke="currentColor" stroke-width="1.5"/>`,
  sent: svg`<path d="M2 8l12-5-5 12-2-5z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>`,
  partial: svg`<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M8 2a6 6 0 0 1 0 12z" fill="currentColor"/>`,
  paid: svg`<path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>`,
  overdue: svg`<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M8 4.5V8.5M8 11v.5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>`,
  void: svg`<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M4 12l8-8" stroke="currentColor" stroke-width="1.5"/>`,
  deleted: svg`<path d="M3 4h10M6 4V2.5h4V4M4.5 4l.8 9.5h5.4l.8-9.5" fill="none" stroke="currentColor" stroke-width="1.4"/>`,
  closed: svg`<path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>`,
};

/**
 * Label, tone and icon of every status a person can see: text and icon, never colour alone.
 * The labels have their own message ids (`status-*`): a status agrees with the document
 * ("Anulada", "Stornovaná"), where the same English word elsewhere is a verb or an amount
 * ("Void" the button, "Paid" the total).
 */
export function statusInfo(status: DisplayStatus): { label: string; tone: Tone; icon: TemplateResult } {
  switch (status) {
    case 'draft':
      return { label: msg('Draft', { id: 'status-draft' }), tone: 'neutral', icon: icons.draft };
    case 'sent':
      return { label: msg('Sent', { id: 'status-sent' }), tone: 'info', icon: icons.sent };
    case 'partially_paid':
      return { label: msg('Partially paid', { id: 'status-partially-paid' }), tone: 'warning', icon: icons.partial };
    case 'paid':
      return { label: msg('Paid', { id: 'status-paid' }), tone: 'success', icon: icons.paid };
    case 'overdue':
      return { label: msg('Overdue', { id: 'status-overdue' }), tone: 'danger', icon: icons.overdue };
    case 'void':
      return { label: msg('Void', { id: 'status-void' }), tone: 'struck', icon: icons.void };
    case 'deleted':
      return { label: msg('Deleted', { id: 'status-deleted' }), tone: 'muted', icon: icons.deleted };
    case 'accepted':
      return { label: msg('Accepted', { id: 'status-accepted' }), tone: 'success', icon: icons.paid };
    case 'declined':
      return { label: msg('Declined', { id: 'status-declined' }), tone: 'danger', icon: icons.closed };
    case 'expired':
      return { label: msg('Expired', { id: 'status-expired' }), tone: 'muted', icon: icons.overdue };
    case 'invoiced':
      return { label: msg('Invoiced', { id: 'status-invoiced' }), tone: 'success', icon: icons.paid };
  }
}

/** A status badge: `<span class="badge" data-tone=…>` with an icon and the localized label. */
export function statusBadge(status: DisplayStatus): TemplateResult {
  const info = statusInfo(status);
  return html`<span class="badge" part="status-badge" data-status=${status} data-tone=${info.tone}
    ><svg viewBox="0 0 16 16" aria-hidden="true">${info.icon}</svg>${info.label}</span
  >`;
}
