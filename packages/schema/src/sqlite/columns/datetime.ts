import { customType } from 'drizzle-orm/sqlite-core';
import { isSqlaDateTime, type SqlaDateTime } from '../../encoding/datetime.js';
import { textCell } from '../../encoding/text-cell.js';

/** SQLAlchemy's DATETIME column on SQLite: the stored text itself, refused on write unless it has the exact format. */
export const sqlaDateTime = customType<{ data: SqlaDateTime; driverData: string }>({
  dataType: () => 'DATETIME',
  toDriver: (value) => {
    if (!isSqlaDateTime(value)) {
      throw new TypeError(
        `DATETIME values must look like "YYYY-MM-DD HH:MM:SS.ffffff" (UTC); got ${JSON.stringify(value)}`,
      );
    }
    return value;
  },
  fromDriver: textCell,
});
