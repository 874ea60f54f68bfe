import { customType } from 'drizzle-orm/sqlite-core';
import { normalizeDependencies } from '../../encoding/dependencies.js';
import { stringifyPythonStyle } from '../../encoding/json-text.js';

/**
 * `features.dependencies`: JSON text read with the Python app's exact normalisation, so a
 * drizzle row never carries anything but integer ids. SQL NULL stays null (no dependencies).
 */
export const dependencyList = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'JSON',
  toDriver: (value) => stringifyPythonStyle(value),
  fromDriver: (value) => normalizeDependencies(value),
});
