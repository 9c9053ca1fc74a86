import { LedgerDocumentList } from './ledger-document-list.js';

LedgerDocumentList.define('ledger-document-list');
