import { customType } from 'drizzle-orm/pg-core';

/**
 * A 64-bit transaction id (`xid8`, what `pg_current_xact_id()` returns), as its decimal text:
 * drizzle has no xid8 column, and a JavaScript number would not hold every value. It never wraps
 * around, unlike the 32-bit `xid`.
 */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => 'xid8',
});
