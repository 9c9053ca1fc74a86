/**
 * The `builtin` adapter: Ledgerside is the books. A thin layer over the services (their SQL
 * stays where it is), so this adapter behaves exactly as the server did before the port.
 */
import type { FontSource } from '../pdf/fonts.js';
import { renderDocumentPdf } from '../pdf/lazy.js';
import * as customers from '../services/customers.js';
import * as documents from '../services/documents.js';
import type { Books } from './port.js';

/** A PDF answer as the API gives it, whoever rendered the bytes. */
export function pdfResponse(bytes: Uint8Array, number: string): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${number.replace(/["\\\r\n]/g, '_')}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

export function builtinBooks(fonts: FontSource): Books {
  return {
    provider: 'builtin',
    searchCustomers: customers.searchCustomers,
    getCustomer: (sql, actor, id) => customers.getCustomer(sql, actor, id),
    createCustomer: customers.createCustomer,
    updateCustomer: customers.updateCustomer,

    listDocuments: documents.listDocuments,
    documentSummary: documents.documentSummary,
    getDocument: documents.getDocument,
    // The create is the whole write: its statement may commit it (documents.insertDocument).
    createDocument: (sql, actor, input) => documents.createDocument(sql, actor, input, undefined, { last: true }),
    updateDocument: documents.updateDocument,
    deleteDocument: documents.deleteDocument,
    cloneDocument: documents.cloneDocument,
    voidDocument: documents.voidDocument,
    markDocumentSent: documents.markDocumentSent,
    emailDocument: documents.emailDocument,
    convertDocument: (sql, actor, id, ifMatch) => documents.convertDocument(sql, actor, id, ifMatch),
    recordPayment: documents.recordPayment,
    documentPdf: async (sql, actor, id) => {
      const data = await documents.documentForPdf(sql, actor, id);
      return pdfResponse(await renderDocumentPdf(data, fonts), data.document.number);
    },
  };
}
