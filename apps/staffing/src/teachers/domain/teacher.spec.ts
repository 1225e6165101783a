import { ageOn, checkTeacher, TeacherInvalid, type NewTeacher } from './teacher';

const t: NewTeacher = {
  countyCode: 'taishan',
  staffNo: ' TS-000123 ',
  name: ' 陈晓敏 ',
  gender: 'female',
  birthDate: '1990-05-20',
  firstServiceDate: '2013-09-01',
  subjects: ['mathematics', 'mathematics', 'science'],
  title: '一级教师',
  backboneLevel: 'county',
  category: 'teacher',
};

describe('checkTeacher', () => {
  it('trims and removes duplicate subjects', () => {
    expect(checkTeacher(t, '2026-11-29')).toMatchObject({ staffNo: 'TS-000123', name: '陈晓敏', subjects: ['mathematics', 'science'] });
  });
  it('refuses impossible dates and a teacher with no subject', () => {
    expect(() => checkTeacher({ ...t, birthDate: '2030-01-01' }, '2026-11-29')).toThrow(TeacherInvalid);
    expect(() => checkTeacher({ ...t, firstServiceDate: '2005-09-01' }, '2026-11-29')).toThrow(/18 years/);
    expect(() => checkTeacher({ ...t, subjects: [] }, '2026-11-29')).toThrow(/at least one subject/);
  });
  it('computes age in whole years', () => {
    expect(ageOn(t, '2035-05-19')).toBe(44);
    expect(ageOn(t, '2035-05-20')).toBe(45);
  });
});
