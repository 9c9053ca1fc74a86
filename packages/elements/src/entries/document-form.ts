// `@ledgerside/elements/document-form.js`: the <ledger-document-form> class, registered on import (only this tag and what it renders).
import '../document-form/define.js';
export { LedgerDocumentForm } from '../document-form/ledger-document-form.js';
