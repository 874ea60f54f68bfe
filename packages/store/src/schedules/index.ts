export { toSqlaExpiry } from './expires-at.js';
export { createSchedulesStore } from './schedules-store.js';
export {
  serializeOverride,
  serializeSchedule,
  type RawOverrideRow,
  type RawScheduleRow,
} from './serialize-schedule.js';
