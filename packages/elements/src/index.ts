// Classes and helpers only: importing this registers no tag. Import `./define.js` (all) or a
// component's `define` entry to register.
export { LedgerElement } from './base/ledger-element.js';
export { defineElement } from './base/define.js';
export { describeError } from './base/errors.js';
export { LedgerProvider, themes, type Theme } from './provider/ledger-provider.js';
export { LedgerConfirmDialog, type ConfirmOptions } from './confirm-dialog/ledger-confirm-dialog.js';
export { LedgerRuntime, provideLedger, type LedgerConfig } from './context/runtime.js';
export * from './context/contexts.js';
export { createLocale, type LedgerLocale } from './context/locale.js';
export { LiveEventHub } from './controllers/live-hub.js';
export { LiveEventsController } from './controllers/live-events.js';
export { fire, type LedgerEventDetails, type LedgerEventName, type LedgerEvent } from './events.js';
export { statusBadge, statusInfo } from './ui/status-badge.js';
export { errorBanner, emptyState, skeleton, busyLabel } from './ui/feedback.js';
export { tokens, darkTokens, darkTheme } from './styles/tokens.js';
export { base, buttons, fields, feedback } from './styles/shared.js';
export { DocumentActionsController, type ActionResult, type DocumentActionsOptions } from './document-actions/document-actions.js';
export { LedgerEmailDialog, type EmailDraft } from './document-actions/ledger-email-dialog.js';
export { LedgerPaymentDialog, type PaymentDraft } from './document-actions/ledger-payment-dialog.js';
export { setUiLocale, uiLocaleFor, getUiLocale, uiLocales, type UiLocale } from './i18n/localization.js';
export { LedgerContactMapper, densities, type Density, type CustomerMatch } from './contact-mapper/ledger-contact-mapper.js';
export { detectDrift, driftUpdate, type Drift, type DriftField } from './contact-mapper/drift.js';
export { LedgerSidebar, sidebarTabs, type SidebarTab } from './sidebar/ledger-sidebar.js';
export { LedgerDocumentForm } from './document-form/ledger-document-form.js';
export { LedgerDocumentLine } from './document-form/ledger-document-line.js';
export { DraftController, type StoredDraft, type DraftOptions } from './document-form/draft-controller.js';
