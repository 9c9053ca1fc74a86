import { LedgerDocumentForm } from './ledger-document-form.js';

LedgerDocumentForm.define('ledger-document-form');
