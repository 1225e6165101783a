import { TeacherRegistered, TeacherUpdated, type EventData } from '@app/contracts';
import type { PendingEvent } from '@app/messaging';
import type { Teacher } from '../domain/teacher';

function state(t: Teacher): EventData<typeof TeacherRegistered> {
  return {
    teacherId: t.id,
    countyCode: t.countyCode,
    staffNo: t.staffNo,
    name: t.name,
    gender: t.gender,
    birthDate: t.birthDate,
    firstServiceDate: t.firstServiceDate,
    subjects: t.subjects,
    title: t.title,
    backboneLevel: t.backboneLevel,
    category: t.category,
  };
}

export const teacherRegisteredEvent = (t: Teacher): PendingEvent => ({ contract: TeacherRegistered, data: state(t) });
export const teacherUpdatedEvent = (t: Teacher): PendingEvent => ({ contract: TeacherUpdated, data: state(t) });
