import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
// Written by `node scripts/build.mjs` (the analyzer reads the components' JSDoc); autodocs
// take attributes, properties, events, slots, parts and CSS properties from it.
import manifest from '../packages/elements/custom-elements.json';

setCustomElementsManifest(manifest);

// Stories give their API through `parameters.msw` (handlers of a mocks scenario).
const preview: Preview = {
  loaders: [mswLoader()],
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    a11y: { test: 'error' },
  },
};
export default preview;
