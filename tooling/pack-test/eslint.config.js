import config from '@forgedb/eslint-config';

export default config;
