// `@ledgerside/elements/conversation.js`: the <ledger-conversation> class, registered on import (only this tag and what it renders).
import '../conversation/define.js';
export { LedgerConversation } from '../conversation/ledger-conversation.js';
