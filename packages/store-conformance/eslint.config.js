import config from '@forgedb/eslint-config';

// The suite drives a store through its public API only, so the layering rule has nothing to hold here.
export default config;
