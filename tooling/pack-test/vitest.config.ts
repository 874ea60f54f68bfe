import { preset } from '@forgedb/vitest-config';

export default preset;
