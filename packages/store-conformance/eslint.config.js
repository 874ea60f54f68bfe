import config, { dialectBoundaries } from '@forgedb/eslint-config';

export default [...config, ...dialectBoundaries];
