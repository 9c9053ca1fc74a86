/**
 * The `quickbooks` adapter. Reads come from the mirror (the same tables the builtin adapter
 * uses, kept in step with QuickBooks by the sync: sync.ts). A write is checked against what
 * QuickBooks would refuse that we can know (a tax rate without a tax code, a currency the
 * company does not keep), applied to the mirror as pending and queued for QuickBooks in the
 * same transaction — so it is never half-applied and never lost — and the API answers with the
 * pending document (`books.state: "pending"`). QuickBooks' confirmation or refusal reaches every
 * sidebar as a live `document.changed`. While QuickBooks cannot be reached, writes are refused
 * with 503 and nothing changes; the queue drains once it answers again.
 */
import { actionState, type Document } from '@ledgerside/contract';
import type { Sql } from '../../db/types.js';
import { ApiError, unprocessable } from '../../http/errors.js';
import type { Actor } from '../../services/common.js';
import * as documents from '../../services/documents.js';
import { appendEvent } from '../../services/events.js';
import { clientAudience, factsOf } from '../../services/documents-model.js';
import { pdfResponse } from '../builtin.js';
import { clientFor, type BooksRuntime } from '../connect.js';
import { loadConnection, type ConnectionRow } from '../connections.js';
import type { Books } from '../port.js';
import { enqueue } from '../queue.js';
import { newStoredBooks } from '../stored.js';
import { VendorError, type Json } from './client.js';
import { importCustomer } from './sync.js';
import { effectiveTaxMapping, taxCodeFor } from './mapping.js';

/** 503 while QuickBooks cannot be reached: nothing was changed, and the client may retry. */
function unreachable(since: Date | string): ApiError {
  const at = new Date(since).toISOString().slice(11, 16);
  return new ApiError(503, 'unavailable', `QuickBooks cannot be reached (since ${at} UTC). Nothing was changed; try again in a minute.`, {
    reason: 'books_unreachable',
    headers: { 'retry-after': '30' },
  });
}

async function connection(sql: Sql, actor: Actor): Promise<ConnectionRow> {
  const row = await loadConnection(sql, actor.organizationId);
  if (!row) throw new ApiError(409, 'conflict', 'The books were disconnected meanwhile; try again.');
  if (row.unreachable_since) throw unreachable(row.unreachable_since);
  return row;
}

/** What QuickBooks would refuse that we know already: each as a field error, before anything changes. */
function checkDocument(row: ConnectionRow, input: { currency?: string | undefined; lines?: readonly { taxRatePercent?: number | undefined }[] | undefined }): void {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (input.currency && row.currencies.length && !row.currencies.includes(input.currency)) {
    issues.push({
      path: ['currency'],
      message:
        row.currencies.length === 1
          ? `QuickBooks keeps this company's books in ${row.currencies[0]} only (multicurrency is off).`
          : `${input.currency} is not one of the company's currencies in QuickBooks (${row.currencies.join(', ')}).`,
    });
  }
  const mapping = effectiveTaxMapping(row);
  for (const [index, line] of (input.lines ?? []).entries()) {
    const rate = Number(line.taxRatePercent ?? 0);
    if (taxCodeFor(mapping, rate) === null) {
      issues.push({ path: ['lines', index, 'taxRatePercent'], message: `No QuickBooks tax code is set for ${rate} %. An admin can map one in the books settings.` });
    }
  }
  if (issues.length) {
    const currency = issues.some((i) => i.path[0] === 'currency');
    throw unprocessable(
      currency ? 'currency_not_enabled' : 'tax_code_missing',
      currency ? issues[0]!.message : 'QuickBooks needs a tax code for every tax rate on the document.',
      issues,
    );
  }
}

/** Marks a document pending (before the builtin change, so its live event says so). */
async function markPending(sql: Sql, organizationId: string, documentId: string): Promise<void> {
  await sql.query(
    `UPDATE documents SET books = coalesce(books, $3::jsonb) || '{"state": "pending", "error": null}'::jsonb
     WHERE organization_id = $1 AND id = $2`,
    [organizationId, documentId, JSON.stringify(newStoredBooks('quickbooks'))],
  );
}

/** A new document: pending, and a second live event that says so (the create's own did not know yet). */
async function announcePending(sql: Sql, actor: Actor, doc: Document): Promise<Document> {
  await markPending(sql, actor.organizationId, doc.id);
  const pending = await documents.getDocument(sql, actor, doc.id);
  await appendEvent(sql, actor.organizationId, 'document.changed', pending, clientAudience(pending));
  return pending;
}

export function quickbooksBooks(builtin: Books, rt: BooksRuntime): Books {
  const push = (sql: Sql, actor: Actor, doc: Document, args: Record<string, unknown> = {}) =>
    enqueue(sql, { organizationId: actor.organizationId, entity: 'document', localId: doc.id, op: 'push', args });

  /** The usual shape of a change to an existing document. */
  const change = async (
    sql: Sql,
    actor: Actor,
    id: string,
    run: () => Promise<Document>,
    op: 'push' | 'void' | 'delete',
  ): Promise<Document> => {
    await connection(sql, actor);
    await markPending(sql, actor.organizationId, id);
    const doc = await run();
    await enqueue(sql, { organizationId: actor.organizationId, entity: 'document', localId: doc.id, op });
    return doc;
  };

  return {
    ...builtin,
    provider: 'quickbooks',

    /**
     * The mirror first; an email it does not know is asked of QuickBooks (a customer made
     * there), and what QuickBooks knows joins the mirror. QuickBooks away: the mirror's answer.
     */
    searchCustomers: async (sql, actor, query) => {
      const found = await builtin.searchCustomers(sql, actor, query);
      if (!query.email || query.cursor || found.items.length) return found;
      const row = await loadConnection(sql, actor.organizationId);
      if (!row || row.unreachable_since) return found;
      let matches: Json[];
      try {
        matches = await clientFor(rt, row).query('Customer', `SELECT * FROM Customer WHERE PrimaryEmailAddr = '${query.email.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
      } catch (error) {
        if (error instanceof VendorError) return found;
        throw error;
      }
      if (!matches.length) return found;
      await rt.db.transaction(async (tx) => {
        for (const match of matches) await importCustomer(tx, rt, actor.organizationId, match);
      });
      return builtin.searchCustomers(sql, actor, query);
    },

    createCustomer: async (sql, actor, input) => {
      const row = await connection(sql, actor);
      const currency = input.currency;
      if (row.currencies.length && !row.currencies.includes(currency) && !input.copyPreferencesFrom) {
        throw unprocessable('currency_not_enabled', `${currency} is not one of the company's currencies in QuickBooks (${row.currencies.join(', ')}).`, [
          { path: ['currency'], message: `QuickBooks keeps this company's books in ${row.currencies.join(', ')}.` },
        ]);
      }
      const customer = await builtin.createCustomer(sql, actor, input);
      await sql.query(`UPDATE customers SET books = $2::jsonb WHERE id = $1`, [customer.id, JSON.stringify(newStoredBooks('quickbooks'))]);
      await enqueue(sql, { organizationId: actor.organizationId, entity: 'customer', localId: customer.id, op: 'push' });
      return customer;
    },
    updateCustomer: async (sql, actor, id, ifMatch, input) => {
      await connection(sql, actor);
      const customer = await builtin.updateCustomer(sql, actor, id, ifMatch, input);
      await enqueue(sql, { organizationId: actor.organizationId, entity: 'customer', localId: customer.id, op: 'push' });
      return customer;
    },

    createDocument: async (sql, actor, input) => {
      checkDocument(await connection(sql, actor), input);
      // Not the builtin's one-statement create: the queue and the pending mark follow in this transaction.
      const doc = await documents.createDocument(sql, actor, input);
      await push(sql, actor, doc);
      return announcePending(sql, actor, doc);
    },
    cloneDocument: async (sql, actor, id) => {
      await connection(sql, actor);
      const doc = await builtin.cloneDocument(sql, actor, id);
      await push(sql, actor, doc);
      return announcePending(sql, actor, doc);
    },
    convertDocument: async (sql, actor, id, ifMatch) => {
      await connection(sql, actor);
      const invoice = await builtin.convertDocument(sql, actor, id, ifMatch);
      // QuickBooks closes the estimate itself when the invoice names it.
      await push(sql, actor, invoice, { fromQuote: id });
      return announcePending(sql, actor, invoice);
    },
    updateDocument: async (sql, actor, id, ifMatch, input) => {
      checkDocument(await connection(sql, actor), input);
      return change(sql, actor, id, () => builtin.updateDocument(sql, actor, id, ifMatch, input), 'push');
    },
    markDocumentSent: (sql, actor, id, ifMatch) => change(sql, actor, id, () => builtin.markDocumentSent(sql, actor, id, ifMatch), 'push'),
    voidDocument: (sql, actor, id, ifMatch) => change(sql, actor, id, () => builtin.voidDocument(sql, actor, id, ifMatch), 'void'),
    deleteDocument: (sql, actor, id, ifMatch) => change(sql, actor, id, () => builtin.deleteDocument(sql, actor, id, ifMatch), 'delete'),

    /** "Invoices emailed are sent from QuickBooks": no email of ours; QuickBooks sends it. */
    emailDocument: async (sql, actor, id, input) => {
      await connection(sql, actor);
      const row = await documents.loadDocument(sql, actor, id, true);
      const state = actionState(factsOf(row), 'email', actor.permissions);
      if (!state.allowed) throw unprocessable(state.reason, state.message);
      await markPending(sql, actor.organizationId, id);
      const doc = row.status === 'draft' ? await documents.markDocumentSent(sql, actor, id, null) : await documents.getDocument(sql, actor, id);
      await enqueue(sql, { organizationId: actor.organizationId, entity: 'document', localId: id, op: 'send', args: { to: input.to?.[0] ?? null } });
      return doc;
    },

    recordPayment: async (sql, actor, id, input) => {
      await connection(sql, actor);
      await markPending(sql, actor.organizationId, id);
      const result = await builtin.recordPayment(sql, actor, id, input);
      await enqueue(sql, { organizationId: actor.organizationId, entity: 'document', localId: id, op: 'payment', args: { paymentId: result.payment.id } });
      return result;
    },

    /** The PDF is QuickBooks' own, once QuickBooks has the document. */
    documentPdf: async (sql, actor, id) => {
      const doc = await builtin.getDocument(sql, actor, id);
      const state = actionState({ kind: doc.kind, status: doc.status, dueDate: doc.dueDate, balance: doc.balance }, 'pdf', actor.permissions);
      if (!state.allowed) throw unprocessable(state.reason, state.message);
      const row = await loadConnection(sql, actor.organizationId);
      if (!row || !doc.books?.vendorId) {
        throw unprocessable('books_pending', 'QuickBooks does not have this document yet; its PDF comes from QuickBooks once it is saved there.');
      }
      if (row.unreachable_since) throw unreachable(row.unreachable_since);
      try {
        const bytes = await clientFor(rt, row).request('GET', `/${doc.kind === 'quote' ? 'estimate' : 'invoice'}/${encodeURIComponent(doc.books.vendorId)}/pdf`, {
          binary: true,
          maxBudgetWaitMs: 5000,
        });
        return pdfResponse(bytes as Uint8Array, doc.number);
      } catch (error) {
        if (error instanceof VendorError && error.transient) {
          if (error.kind === 'throttled') {
            throw new ApiError(429, 'rate_limited', 'QuickBooks asks us to slow down; try the PDF again in a moment.', {
              headers: { 'retry-after': String(Math.max(1, Math.ceil((error.extra.retryAfterMs ?? 1000) / 1000))) },
            });
          }
          throw unreachable(new Date());
        }
        if (error instanceof VendorError) throw unprocessable('books_refused', `QuickBooks did not give the PDF: ${error.message}`);
        throw error;
      }
    },
  };
}
