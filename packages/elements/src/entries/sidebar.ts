// `@ledgerside/elements/sidebar.js`: the <ledger-sidebar> class, registered on import (only this tag and what it renders).
import '../sidebar/define.js';
export { LedgerSidebar } from '../sidebar/ledger-sidebar.js';
