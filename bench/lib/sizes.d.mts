// Types of sizes.mjs, for the size check (test/node/bundle-size.test.ts).
export interface Size {
  raw: number;
  gzip: number;
  brotli: number;
  files: number;
}
export interface ScriptTagSizes {
  initial: Size;
  initialFiles: string[];
  /** The source modules in the initial files, from the repository's root (none known when a dist has no source maps). */
  initialModules: string[];
  firstTab: Size;
  wholeSidebar: Size;
  allTags: Size;
  tabs: Record<'customer' | 'documents' | 'new' | 'conversation', { all: Size; extra: Size }>;
  locales: Record<string, Size>;
}
export interface EntrySizes {
  perEntry: Record<string, { static: Size; withOnDemand: Size }>;
  all: Size;
}
export interface BudgetVerdict {
  id: 'initialGzip' | 'initialPerFloor' | 'wholeSidebarGzip';
  name: string;
  value: number;
  limit: number;
  ok: boolean;
}
export const root: string;
export const elements: string;
export const budgets: { initialGzip: number; initialPerFloor: number; wholeSidebarGzip: number };
export const sidebarTabs: Record<'customer' | 'documents' | 'new' | 'conversation', string>;
export const firstTab: 'documents';
export function gzipSize(code: string | Uint8Array): number;
export function brotliSize(code: string | Uint8Array): number;
export function buildScriptTag(): Promise<ScriptTagSizes>;
export function readScriptTag(dist?: string): ScriptTagSizes | undefined;
export function buildFloor(): Promise<Size>;
export function buildEntries(): Promise<EntrySizes>;
export function checkBudgets(scriptTag: ScriptTagSizes, floor: Size): BudgetVerdict[];
export function kb(bytes: number): string;
