export { createSchedulesService } from './schedules-service.js';
export {
  serializeOverride,
  serializeSchedule,
  type RawOverrideRow,
  type RawScheduleRow,
} from './serialize-schedule.js';
