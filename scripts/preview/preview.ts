// Renders one story (`?module=/path/to/file.stories.ts&story=Name&theme=dark`) for screenshots.
import { render, type TemplateResult } from 'lit';
import type { RequestHandler } from 'msw';

type Story =
  | (() => TemplateResult | Promise<TemplateResult>)
  | {
      render: () => TemplateResult | Promise<TemplateResult>;
      loaders?: (() => Promise<unknown>)[];
      parameters?: { msw?: RequestHandler[] };
    };

const params = new URLSearchParams(location.search);
const theme = params.get('theme') ?? 'light';
document.body.classList.toggle('dark', theme === 'dark');
const mod = (await import(/* @vite-ignore */ params.get('module')!)) as Record<string, Story>;
const story = mod[params.get('story') ?? 'default'];
if (!story) throw new Error(`No story ${params.get('story')}`);
if (typeof story !== 'function') {
  // As Storybook's msw addon does: the story's handlers answer its API calls.
  const handlers = story.parameters?.msw;
  if (handlers?.length) {
    const { setupWorker } = await import('msw/browser');
    await setupWorker(...handlers).start({ quiet: true, onUnhandledRequest: 'bypass' });
  }
  for (const loader of story.loaders ?? []) await loader();
}
const template = typeof story === 'function' ? await story() : await story.render();
const stage = document.getElementById('stage')!;
stage.dataset.theme = theme;
render(template, stage);
// Components under a provider pick up its theme; stories without one get it here.
stage.querySelectorAll('ledger-provider').forEach((p) => p.setAttribute('theme', theme));
(window as unknown as { previewReady: boolean }).previewReady = true;
