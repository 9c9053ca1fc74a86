// `@ledgerside/elements/document-list.js`: the <ledger-document-list> class, registered on import (only this tag and what it renders).
import '../document-list/define.js';
export { LedgerDocumentList } from '../document-list/ledger-document-list.js';
