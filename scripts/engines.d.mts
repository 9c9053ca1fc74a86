// Types for scripts/engines.mjs, which the Node end-to-end tests import.
export type EngineId = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: EngineId[];
export const ENGINE_NAMES: Record<EngineId, string>;
export function chromiumPath(): string | undefined;
export function firefoxPath(): string | undefined;
export function webkitDriverPath(): string | undefined;
export function miniBrowserPath(): string | undefined;
export function xvfbPath(): string | undefined;
export function missing(engine: EngineId): string | null;
export function startWebKitDriver(): Promise<{ port: number; stop(): void }>;
export function launcherFor(engine: EngineId): Promise<{ concurrency: number; launcher: unknown }>;
