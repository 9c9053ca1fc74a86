import { ContextConsumer } from '@lit/context';
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { isLedgerApiError, LedgerApiError, type LedgerClient } from '@ledgerside/client';
import { actionState, Document as DocumentSchema, type ActionState, type Document, type DocumentAction } from '@ledgerside/contract';
import { clientContext, sessionContext, type SessionState } from '../context/contexts.js';
import { describeError } from '../base/errors.js';
import { localizeState } from '../base/reasons.js';
import type { LedgerConfirmDialog } from '../confirm-dialog/ledger-confirm-dialog.js';
import type { LedgerEmailDialog } from './ledger-email-dialog.js';
import type { LedgerPaymentDialog } from './ledger-payment-dialog.js';
import './define.js';

export interface ActionResult {
  action: DocumentAction;
  /** The changed document, the created one (clone, convert), or on a 412 the current one. */
  document?: Document;
  /** True when `document` is a new document (clone, convert). */
  created?: boolean;
  /** The person closed a confirmation or dialog: nothing happened. */
  cancelled?: boolean;
  error?: LedgerApiError;
  /** What to tell the person, in plain words. */
  message?: string;
}

export interface DocumentActionsOptions {
  onResult?: (result: ActionResult) => void;
}

type Host = ReactiveControllerHost & HTMLElement;

const writeActions: readonly DocumentAction[] = ['edit', 'clone', 'void', 'mark_sent', 'email', 'delete', 'convert', 'record_payment'];

/**
 * The actions on an existing document — one implementation for the form's toolbar and the
 * list's row menu. Which actions are allowed comes from the contract's `actionState`; this
 * adds the integration switch, words the refusals in the active language (`base/reasons.ts`),
 * performs the call with If-Match / an idempotency key, asks for confirmation where the
 * result is final, and reports one `ActionResult`.
 */
export class DocumentActionsController implements ReactiveController {
  readonly #client: ContextConsumer<typeof clientContext, Host>;
  readonly #session: ContextConsumer<typeof sessionContext, Host>;
  readonly #busy = new Map<string, DocumentAction>();

  constructor(
    private readonly host: Host,
    private readonly options: DocumentActionsOptions = {},
  ) {
    host.addController(this);
    this.#client = new ContextConsumer(host, { context: clientContext, subscribe: true });
    this.#session = new ContextConsumer(host, { context: sessionContext, subscribe: true });
  }

  hostConnected(): void {}

  private get client(): LedgerClient | undefined {
    return this.#client.value;
  }

  private get session(): SessionState {
    return this.#session.value ?? { status: 'loading', permissions: [] };
  }

  /** Whether `action` is allowed on `doc` for the caller, and if not, why. */
  state(doc: Document, action: DocumentAction): ActionState {
    if (this.session.status !== 'ready') {
      return { allowed: false, reason: 'loading', message: msg('Checking your permissions…') };
    }
    const integration = this.session.session?.integration.state;
    if (integration !== 'enabled' && writeActions.includes(action)) {
      return { allowed: false, reason: 'integration_disabled', message: msg('The billing integration is turned off.') };
    }
    if (action === 'open_external' && !doc.externalUrl) {
      return {
        allowed: false,
        reason: 'no_billing_app',
        message: msg('No billing app is connected: an administrator can set its address in the integration settings.'),
      };
    }
    return localizeState(actionState(doc, action, this.session.permissions), action, doc.kind);
  }

  /** The action running on a document, if any (to show progress and block a second one). */
  busyAction(docId: string): DocumentAction | undefined {
    return this.#busy.get(docId);
  }

  private dialog<T extends Element>(selector: string): T {
    const el = this.host.shadowRoot?.querySelector<T>(selector) ?? this.host.querySelector<T>(selector);
    if (!el) throw new Error(`${this.host.localName} must render controller.renderDialogs()`);
    return el;
  }

  /** Runs an action; never throws — failures come back as `error` + `message`. */
  async run(doc: Document, action: DocumentAction): Promise<ActionResult> {
    const state = this.state(doc, action);
    if (!state.allowed) return this.#finish({ action, message: state.message });
    if (this.#busy.has(doc.id)) return { action, cancelled: true };
    const client = this.client;
    if (!client) return this.#finish({ action, message: msg('Not connected to the billing service.') });
    const id = { params: { id: doc.id } };
    const versioned = { ...id, ifMatch: doc.version };
    const confirm = (heading: string, body: string, confirmLabel: string) =>
      this.dialog<LedgerConfirmDialog>('ledger-confirm-dialog').ask({ heading, body, confirmLabel, danger: true });

    let work: (() => Promise<ActionResult>) | undefined;
    switch (action) {
      case 'open':
      case 'edit':
        return { action, document: doc };
      case 'pdf':
        work = async () => {
          const blob = await client.documentPdf(id);
          download(blob, `${doc.number || doc.id}.pdf`);
          return { action };
        };
        break;
      case 'open_external':
        // The document's own page, as the server gives it (from the organization's billing app).
        window.open(doc.externalUrl!, '_blank', 'noopener');
        return { action };
      case 'clone':
        work = async () => {
          const copy = await client.cloneDocument(id);
          return { action, created: true, document: copy, message: msg(str`${copy.number} created as a draft copy of ${doc.number}.`) };
        };
        break;
      case 'convert':
        work = async () => {
          const invoice = await client.convertDocument(versioned);
          return { action, created: true, document: invoice, message: msg(str`${doc.number} was converted into invoice ${invoice.number}.`) };
        };
        break;
      case 'mark_sent':
        work = async () => ({ action, document: await client.markDocumentSent(versioned), message: msg(str`${doc.number} marked as sent.`) });
        break;
      case 'void':
        if (!(await confirm(msg(str`Void ${doc.number}?`), msg('A void invoice cannot be restored. Its time entries can be invoiced again.'), msg('Void')))) {
          return { action, cancelled: true };
        }
        work = async () => ({ action, document: await client.voidDocument(versioned), message: msg(str`${doc.number} is void.`) });
        break;
      case 'delete':
        if (!(await confirm(msg(str`Delete ${doc.number}?`), msg('The document stays in the list marked as deleted.'), msg('Delete')))) {
          return { action, cancelled: true };
        }
        work = async () => ({ action, document: await client.deleteDocument(versioned), message: msg(str`${doc.number} was deleted.`) });
        break;
      case 'email': {
        const request = await this.dialog<LedgerEmailDialog>('ledger-email-dialog').ask(doc, client);
        if (!request) return { action, cancelled: true };
        work = async () => ({
          action,
          document: await client.emailDocument({ ...id, body: request.body }, { idempotencyKey: request.idempotencyKey }),
          message: msg(str`${doc.number} was emailed to ${request.body.to.join(', ')}.`),
        });
        break;
      }
      case 'record_payment': {
        const request = await this.dialog<LedgerPaymentDialog>('ledger-payment-dialog').ask(doc);
        if (!request) return { action, cancelled: true };
        work = async () => {
          const result = await client.recordPayment({ ...id, body: request.body }, { idempotencyKey: request.idempotencyKey });
          const paid = result.document;
          return { action, document: paid, message: msg(str`Payment recorded on ${paid.number}.`) };
        };
        break;
      }
    }
    this.#busy.set(doc.id, action);
    this.host.requestUpdate();
    try {
      return this.#finish(await work());
    } catch (error) {
      return this.#finish(failure(action, error));
    } finally {
      this.#busy.delete(doc.id);
      this.host.requestUpdate();
    }
  }

  #finish(result: ActionResult): ActionResult {
    this.options.onResult?.(result);
    return result;
  }

  /** The dialogs the actions use; render this once in the host's template. */
  renderDialogs(): TemplateResult {
    return html`<ledger-confirm-dialog></ledger-confirm-dialog><ledger-email-dialog></ledger-email-dialog
      ><ledger-payment-dialog></ledger-payment-dialog>`;
  }
}

function failure(action: DocumentAction, error: unknown): ActionResult {
  const apiError = isLedgerApiError(error) ? error : new LedgerApiError({ kind: 'network', message: String(error), cause: error });
  if (apiError.status === 412) {
    const current = DocumentSchema.safeParse(apiError.current);
    return {
      action,
      error: apiError,
      ...(current.success ? { document: current.data } : {}),
      message: msg('This document was changed elsewhere. The latest version is shown; please try again.'),
    };
  }
  return { action, error: apiError, message: describeError(apiError) };
}

function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
