// `@ledgerside/elements/unread-badge.js`: the <ledger-unread-badge> class, registered on import (only this tag and what it renders).
import '../unread-badge/define.js';
export { LedgerUnreadBadge } from '../unread-badge/ledger-unread-badge.js';
