import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_CHARSET,
  creditCodeCheckChar,
  orgCodeCheckChar,
  REGISTRATION_AUTHORITIES,
  validateCreditCode,
} from './credit-code.ts';

/** The example code of GB 32100-2015: an enterprise registered in 福州市 (350100). */
const STANDARD_EXAMPLE = '91350100M000100Y43';

/**
 * Codes of made-up bodies registered in 开江县 (511723), check characters computed once and written out
 * here so a regression in either check shows up as a failing literal, not a self-confirming computation.
 */
const KAIJIANG = {
  individualBusiness: '92511723MA62T4KL8X',
  socialOrganisation: '52511723MJ0N78238Q',
  villageCollective: 'N2511723MF1234ABXE',
  publicInstitution: '12511723450718626B',
  cooperative: '93511723MA6BXRW131',
  other: 'Y1511723MG3P5Q8R7W',
  enterprise: '91511723MA68A2HU95',
};

function codes(result: ReturnType<typeof validateCreditCode>): string[] {
  return result.ok ? [] : result.errors.map((e) => e.code);
}

function substitute(code: string, position: number, ch: string): string {
  return `${code.slice(0, position)}${ch}${code.slice(position + 1)}`;
}

describe('check characters', () => {
  it('uses the published weights: the standard example worked by hand', () => {
    // Values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4, weights 3^(i-1) mod 31 = 1 3 9 27 19 26 16 17 20 29 25
    // 13 8 24 10 30 28: Σ = 9+3+27+135+26+420+8+900+112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    // GB 11714: M=22 0 0 0 1 0 0 Y=34 with weights 3 7 9 10 5 8 4 2: Σ = 66+5+68 = 139; 11 − 139 mod 11 = 4.
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
  });

  it('maps the GB 11714 results 10 and 11 to X and 0', () => {
    // 00000001: Σ = 1·2 = 2 → 11 − 2 = 9. 00000000: Σ = 0 → 11 → 0. 00000006: Σ = 12 ≡ 1 → 10 → X.
    expect(orgCodeCheckChar('00000001')).toBe('9');
    expect(orgCodeCheckChar('00000000')).toBe('0');
    expect(orgCodeCheckChar('00000006')).toBe('X');
  });

  it('refuses bodies of the wrong length or alphabet', () => {
    expect(() => creditCodeCheckChar('91350100M000100Y')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100O4')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('M000100')).toThrow(RangeError);
  });
});

describe('validateCreditCode', () => {
  it('accepts the standard example and reads its parts', () => {
    expect(validateCreditCode(STANDARD_EXAMPLE)).toEqual({
      ok: true,
      value: {
        normalized: STANDARD_EXAMPLE,
        authority: '9',
        authorityName: '工商',
        orgType: '1',
        orgTypeName: '企业',
        regionCode: '350100',
        orgCode: 'M000100Y4',
      },
    });
  });

  it('accepts real-looking codes of every common kind of applicant', () => {
    for (const [kind, code] of Object.entries(KAIJIANG)) {
      const result = validateCreditCode(code);
      expect(result.ok, kind).toBe(true);
      expect(result.ok && result.value.regionCode, kind).toBe('511723');
    }
    const village = validateCreditCode(KAIJIANG.villageCollective);
    expect(village.ok && village.value).toMatchObject({
      authorityName: '农业',
      orgTypeName: '村级集体经济组织',
    });
  });

  it('normalises lower case, full-width characters and surrounding spaces', () => {
    const result = validateCreditCode(' 91350100m000100y43\u3000');
    expect(result.ok && result.value.normalized).toBe(STANDARD_EXAMPLE);
    const fullWidth = validateCreditCode('９１３５０１００Ｍ０００１００Ｙ４３');
    expect(fullWidth.ok && fullWidth.value.normalized).toBe(STANDARD_EXAMPLE);
  });

  it('refuses wrong length and characters outside the set with credit_code.format', () => {
    for (const bad of [
      '',
      '91350100M000100Y4',
      '91350100M000100Y433',
      '91350100M000100Y4-',
      'ABCDEFGHIJKLMNOPQR',
    ]) {
      expect(codes(validateCreditCode(bad)), bad).toEqual(['credit_code.format']);
    }
    expect(codes(validateCreditCode(913501))).toEqual(['credit_code.format']);
  });

  it('names the letters the code never uses', () => {
    for (const letter of 'IOZSV') {
      const result = validateCreditCode(substitute(STANDARD_EXAMPLE, 9, letter));
      expect(codes(result), letter).toEqual(['credit_code.format']);
      expect(!result.ok && result.errors[0]!.message).toContain('I、O、Z、S、V');
    }
  });

  it('allows only the authority and organisation type combinations of the standard', () => {
    const withHead = (head: string) => {
      const org = 'MA62T4KL';
      const body = `${head}511723${org}${orgCodeCheckChar(org)}`;
      return `${body}${creditCodeCheckChar(body)}`;
    };
    for (const authority of REGISTRATION_AUTHORITIES) {
      for (const type of authority.orgTypes) {
        expect(
          validateCreditCode(withHead(`${authority.code}${type.code}`)).ok,
          authority.code + type.code,
        ).toBe(true);
      }
    }
    // 工商 has no 9 (其他); 其他 (Y) uses only 1; B, 0 and letters other than A, N, Y are no authority.
    for (const head of ['99', 'Y9', '94', '18', 'B1', '01', 'N4', 'A2', '2A']) {
      expect(codes(validateCreditCode(withHead(head))), head).toEqual(['credit_code.format']);
    }
  });

  it('refuses a region code that is not a GB/T 2260 code', () => {
    const withRegion = (region: string) => {
      const body = `91${region}MA62T4KL${orgCodeCheckChar('MA62T4KL')}`;
      return `${body}${creditCodeCheckChar(body)}`;
    };
    expect(validateCreditCode(withRegion('100000')).ok).toBe(true);
    for (const region of ['000000', '991723', '5117A3']) {
      expect(codes(validateCreditCode(withRegion(region))), region).toEqual(['credit_code.format']);
    }
  });

  it('refuses a wrong organisation code check character with credit_code.org_code_check', () => {
    // Position 17 changed and position 18 recomputed, so only the inner check fails.
    const body = '91350100M000100Y5';
    const result = validateCreditCode(`${body}${creditCodeCheckChar(body)}`);
    expect(codes(result)).toEqual(['credit_code.org_code_check']);
    expect(!result.ok && result.errors[0]!.message).toContain('4');
  });

  it('refuses a wrong final check character with credit_code.check_char', () => {
    const result = validateCreditCode('91350100M000100Y44');
    expect(codes(result)).toEqual(['credit_code.check_char']);
    expect(!result.ok && result.errors[0]!.message).toContain('3');
  });

  it('reports both check failures at once, under the caller’s field', () => {
    expect(validateCreditCode('91350100M000100Y54', { field: 'applicant.creditCode' })).toMatchObject({
      ok: false,
      errors: [
        { field: 'applicant.creditCode', code: 'credit_code.org_code_check' },
        { field: 'applicant.creditCode', code: 'credit_code.check_char' },
      ],
    });
  });
});

describe('validateCreditCode properties', () => {
  const heads = REGISTRATION_AUTHORITIES.flatMap((a) => a.orgTypes.map((t) => `${a.code}${t.code}`));
  const region = fc
    .tuple(
      fc.constantFrom('11', '31', '35', '44', '51', '65'),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 4 }),
    )
    .map(([p, rest]) => `${p}${rest.join('')}`);
  const orgBody = fc
    .array(fc.constantFrom(...CREDIT_CODE_CHARSET), { minLength: 8, maxLength: 8 })
    .map((chars) => chars.join(''));
  const validCode = fc.tuple(fc.constantFrom(...heads), region, orgBody).map(([head, r, org]) => {
    const body = `${head}${r}${org}${orgCodeCheckChar(org)}`;
    return `${body}${creditCodeCheckChar(body)}`;
  });

  it('accepts every generated valid body with its computed check characters', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        const result = validateCreditCode(code);
        expect(result.ok).toBe(true);
        expect(result.ok && result.value.normalized).toBe(code);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any single-character substitution of a valid code', () => {
    // MOD 31 with weights coprime to 31 changes the sum by a non-zero multiple of a unit for any one
    // substituted character, so every substitution inside the charset is caught; outside it, the format is.
    const anyChar = fc.constantFrom(...CREDIT_CODE_CHARSET, 'I', 'O', 'Z', 'S', 'V', 'a', '-', ' ');
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 17 }), anyChar, (code, position, ch) => {
        fc.pre(code[position] !== ch.toUpperCase());
        expect(validateCreditCode(substitute(code, position, ch)).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every substitution of the standard example, exhaustively', () => {
    for (let position = 0; position < 18; position++) {
      for (const ch of CREDIT_CODE_CHARSET) {
        if (ch === STANDARD_EXAMPLE[position]) continue;
        expect(validateCreditCode(substitute(STANDARD_EXAMPLE, position, ch)).ok, `${position}:${ch}`).toBe(
          false,
        );
      }
    }
  });
});
