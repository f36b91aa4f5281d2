/**
 * The password rule, shared by the server (which enforces it) and the web forms (which check it before
 * sending): at least 10 characters with letters and digits, and not the username.
 */
export const MIN_PASSWORD_LENGTH = 10;

export function isStrongPassword(password: string, username: string): boolean {
  return (
    password.length >= MIN_PASSWORD_LENGTH &&
    /[A-Za-z]/.test(password) &&
    /\d/.test(password) &&
    password.toLowerCase() !== username.toLowerCase()
  );
}
