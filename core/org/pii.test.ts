import { describe, expect, it } from 'vitest';
import { isStrongPassword } from './passwords.ts';
import { isPhoneNumber, maskPhone } from './pii.ts';

describe('personal data', () => {
  it('validates mainland mobile and landline numbers', () => {
    expect(['13812345678', '19912345678', '0818-8221234', '02887654321'].every(isPhoneNumber)).toBe(true);
    expect(['12345678901', '1381234567', '138123456789', 'abc', '+8613812345678'].some(isPhoneNumber)).toBe(
      false,
    );
  });

  it('masks all but the first three and last four characters', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0818-8221234')).toBe('081*****1234');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('12345')).toBe('*****');
  });

  it('requires strong passwords', () => {
    expect(isStrongPassword('Bianmin2026', 'admin')).toBe(true);
    expect(isStrongPassword('short1', 'admin')).toBe(false);
    expect(isStrongPassword('onlyletterslong', 'admin')).toBe(false);
    expect(isStrongPassword('Xinning2026', 'xinning2026')).toBe(false);
  });
});
