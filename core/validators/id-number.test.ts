import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberCheckDigit, maskIdNumber, toHalfWidth, validateIdNumber } from './id-number.ts';
import { validatePhone } from './index.ts';

/** The example number of GB 11643-1999: a woman born 31 December 1949 in 北京市朝阳区. */
const STANDARD_EXAMPLE = '11010519491231002X';
/** A man born in 开江县 (511723), the demo county. */
const KAIJIANG_MAN = '51172319900307123X';

function codes(result: ReturnType<typeof validateIdNumber>): string[] {
  return result.ok ? [] : result.errors.map((e) => e.code);
}

describe('validateIdNumber', () => {
  it('accepts the standard example and reads birth date, sex and address code', () => {
    expect(validateIdNumber(STANDARD_EXAMPLE)).toEqual({
      ok: true,
      value: { normalized: STANDARD_EXAMPLE, birthDate: '1949-12-31', sex: 'female', regionCode: '110105' },
    });
    expect(validateIdNumber(KAIJIANG_MAN)).toEqual({
      ok: true,
      value: { normalized: KAIJIANG_MAN, birthDate: '1990-03-07', sex: 'male', regionCode: '511723' },
    });
  });

  it('computes the check digit with the published MOD 11-2 weights', () => {
    // Σ a_i·W_i for 11010519491231002 with W = 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 is 167; 167 mod 11 = 2 → X.
    expect(idNumberCheckDigit('11010519491231002')).toBe('X');
    expect(idNumberCheckDigit('51172320010229001')).toBe('1');
    expect(() => idNumberCheckDigit('1101051949123100')).toThrow(RangeError);
  });

  it('accepts other valid numbers, including a leap day', () => {
    for (const n of [
      '511723200002290014',
      '511723198511050027',
      '510723197808154710',
      '110105201602290062',
    ]) {
      expect(validateIdNumber(n).ok, n).toBe(true);
    }
    const leap = validateIdNumber('110105201602290062');
    expect(leap.ok && leap.value).toMatchObject({ birthDate: '2016-02-29', sex: 'female' });
    // 2000 was a leap year (divisible by 400), 2001 was not.
    expect(codes(validateIdNumber('511723200102290011'))).toEqual(['id_number.birth_date']);
  });

  it('normalises lower-case x, full-width characters and surrounding spaces', () => {
    const lower = validateIdNumber('  11010519491231002x ');
    expect(lower.ok && lower.value.normalized).toBe(STANDARD_EXAMPLE);
    const fullWidth = validateIdNumber('１１０１０５１９４９１２３１００２ｘ');
    expect(fullWidth.ok && fullWidth.value.normalized).toBe(STANDARD_EXAMPLE);
    expect(toHalfWidth('\u3000５１１７２３\u3000')).toBe('511723');
  });

  it('refuses wrong shapes with id_number.format', () => {
    for (const bad of [
      '',
      '1101051949123100',
      '11010519491231002XX',
      '1101051949123100Y',
      '11010519491231002Y',
      '1101051949X231002X',
      '110105 19491231002',
      '110105194912310',
      '991105194912310026',
      '001105194912310026',
    ]) {
      expect(codes(validateIdNumber(bad)), bad).toEqual(['id_number.format']);
    }
    expect(codes(validateIdNumber(11010519491231002))).toEqual(['id_number.format']);
    expect(codes(validateIdNumber(null))).toEqual(['id_number.format']);
  });

  it('explains that 15-digit numbers are no longer valid', () => {
    const result = validateIdNumber('110105491231002');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]!.message).toContain('15 位');
  });

  it('refuses impossible birth dates with id_number.birth_date', () => {
    const withDate = (date: string) => {
      const body = `511723${date}123`;
      return `${body}${idNumberCheckDigit(body)}`;
    };
    for (const date of ['20010229', '19901301', '19900431', '19900000', '00190307', '18491231']) {
      expect(codes(validateIdNumber(withDate(date))), date).toEqual(['id_number.birth_date']);
    }
    expect(validateIdNumber(withDate('18500101')).ok).toBe(true);
  });

  it('refuses a birth date after today only when today is given', () => {
    const body = '51172320260601123';
    const future = `${body}${idNumberCheckDigit(body)}`;
    expect(validateIdNumber(future).ok).toBe(true);
    expect(codes(validateIdNumber(future, { today: '2026-05-31' }))).toEqual(['id_number.birth_date']);
    expect(validateIdNumber(future, { today: '2026-06-01' }).ok).toBe(true);
    // 2026-05-31T16:30Z is already 1 June in Shanghai.
    expect(validateIdNumber(future, { today: new Date('2026-05-31T16:30:00Z') }).ok).toBe(true);
    expect(codes(validateIdNumber(future, { today: new Date('2026-05-31T15:30:00Z') }))).toEqual([
      'id_number.birth_date',
    ]);
  });

  it('refuses a wrong check digit with id_number.check_digit and names the expected one', () => {
    const result = validateIdNumber('110105194912310021');
    expect(codes(result)).toEqual(['id_number.check_digit']);
    expect(!result.ok && result.errors[0]!.message).toContain('X');
  });

  it('reports a bad birth date and a bad check digit together, under the caller’s field', () => {
    const result = validateIdNumber('511723199002301230', { field: 'applicant.idNumber' });
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { field: 'applicant.idNumber', code: 'id_number.birth_date' },
        { field: 'applicant.idNumber', code: 'id_number.check_digit' },
      ],
    });
  });

  it('accepts every generated valid number and reads it back (property)', () => {
    const province = fc.constantFrom('11', '31', '44', '51', '65', '81', '83');
    const birth = fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2025-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
    fc.assert(
      fc.property(province, digits(4), birth, digits(3), (p, area, date, seq) => {
        const body = `${p}${area.join('')}${date.replaceAll('-', '')}${seq.join('')}`;
        const number = `${body}${idNumberCheckDigit(body)}`;
        const result = validateIdNumber(number, { today: '2026-01-01' });
        expect(result).toEqual({
          ok: true,
          value: {
            normalized: number,
            birthDate: date,
            sex: seq[2]! % 2 === 1 ? 'male' : 'female',
            regionCode: number.slice(0, 6),
          },
        });
      }),
    );
  });

  it('catches every single-digit substitution (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...'0123456789X'),
        (position, replacement) => {
          const original = KAIJIANG_MAN;
          fc.pre(original[position] !== replacement);
          const mutated = `${original.slice(0, position)}${replacement}${original.slice(position + 1)}`;
          expect(validateIdNumber(mutated).ok).toBe(false);
        },
      ),
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the address code and the last four characters', () => {
    expect(maskIdNumber(KAIJIANG_MAN)).toBe('511723********123X');
    expect(maskIdNumber('51172319900307123x')).toBe('511723********123X');
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
  });

  it('hides short values entirely and passes null through', () => {
    expect(maskIdNumber('1234567890')).toBe('**********');
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber(null)).toBeNull();
  });
});

describe('validatePhone (index)', () => {
  it('applies the phone rule of core/org/pii.ts in the validators’ result shape', () => {
    expect(validatePhone(' １３８１２３４５６７８ ')).toEqual({ ok: true, value: '13812345678' });
    expect(validatePhone('0818-8221234').ok).toBe(true);
    expect(validatePhone('12345678901', { field: 'phone' })).toMatchObject({
      ok: false,
      errors: [{ field: 'phone', code: 'phone.format' }],
    });
    expect(validatePhone(13812345678)).toMatchObject({ ok: false });
  });
});
