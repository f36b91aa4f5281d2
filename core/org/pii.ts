/** Mainland mobile numbers (11 digits starting 1[3-9]) and landlines with area code. */
export function isPhoneNumber(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value) || /^0\d{2,3}-?\d{7,8}$/.test(value);
}

/** Masks all but the first three and last four characters, as lists and exports show phone numbers. */
export function maskPhone(value: string | null): string | null {
  if (!value) return value;
  if (value.length <= 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}
