import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  // msw's worker, served at the root so it can intercept the stories' API calls.
  staticDirs: ['../packages/mocks/public'],
  core: { disableTelemetry: true },
};
export default config;
