import { auditView, ContactInvalid, maskEmail, maskPhone, normaliseContact } from './contact';

describe('teacher contact', () => {
  it('normalises what a person types', () => {
    expect(normaliseContact({ email: '  Li.Ming@Example.EDU.cn ', phone: '+86 138-0013-8000', language: 'en' })).toEqual({ email: 'Li.Ming@example.edu.cn', phone: '13800138000', language: 'en' });
    expect(normaliseContact({ email: '', phone: '   ', language: 'zh-CN' })).toEqual({ email: null, phone: null, language: 'zh-CN' });
  });

  it('refuses what is not an address or a mainland mobile number', () => {
    for (const email of ['no-at-sign', 'a@b', 'a b@example.cn', '<a@example.cn>', `${'x'.repeat(250)}@example.cn`]) {
      expect(() => normaliseContact({ email, phone: null, language: 'zh-CN' })).toThrow(ContactInvalid);
    }
    for (const phone of ['12345', '23800138000', '1380013800a', '010-12345678']) {
      expect(() => normaliseContact({ email: null, phone, language: 'zh-CN' })).toThrow(ContactInvalid);
    }
  });

  it('is masked for the audit trail', () => {
    expect(maskEmail('t00001@example.edu.cn')).toBe('t0***@example.edu.cn');
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(auditView({ email: 't00001@example.edu.cn', phone: '13800138000', language: 'zh-CN', version: 2 })).toEqual({ email: 't0***@example.edu.cn', phone: '138****8000', language: 'zh-CN', version: 2 });
    expect(JSON.stringify(auditView({ email: 'li.ming@example.edu.cn', phone: '13912345678', language: 'en', version: 1 }))).not.toMatch(/li\.ming|13912345678/);
  });
});
