import { LedgerUnreadBadge } from './ledger-unread-badge.js';

LedgerUnreadBadge.define('ledger-unread-badge');
