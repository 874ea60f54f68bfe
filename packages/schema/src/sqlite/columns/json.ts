import { customType } from 'drizzle-orm/sqlite-core';
import { parseJsonLenient, stringifyPythonStyle } from '../../encoding/json-text.js';

/** A JSON column in the Python app's spelling, read leniently: a malformed cell reads as null instead of failing the row. */
export const json = <TData>(name: string) =>
  customType<{ data: TData; driverData: string }>({
    dataType: () => 'JSON',
    toDriver: (value) => stringifyPythonStyle(value),
    fromDriver: (value) => parseJsonLenient(value) as TData,
  })(name);
