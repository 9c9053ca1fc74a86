import { LedgerConversation } from './ledger-conversation.js';

LedgerConversation.define('ledger-conversation');
