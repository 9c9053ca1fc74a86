// @ledgerside/hosts: Ledgerside inside helpdesk and CRM app frameworks. Each framework's adapter
// is its own entry (`@ledgerside/hosts/zendesk.js`, …); this root has what they share.
export { HostApp, apiBaseOf, type HostAppOptions, type HostRecord } from './host-app.js';
export { LedgerHostFrame, hostFrameStates, hostFrameReasons, type HostFrameState, type HostFrameReason } from './frame/ledger-host-frame.js';
export { followHeight, clampHeight, type HeightLimits } from './resize.js';
export { hostSessionTokens, sessionClient, HostSignInError } from './session.js';
export { tokenFromAnswer, backendToken, tokenUrlOf } from './token-answer.js';
export { hostContact, emailOf, idOf, type ContactParts } from './contact.js';
