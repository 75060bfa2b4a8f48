import { copyField } from './copy-rows.js';

describe("copyField (COPY's text format)", () => {
  it('writes null and undefined as \\N, booleans as t and f, numbers and decimal strings as they are', () => {
    expect([null, undefined, true, false, 3, '12.500', '2027-01-31'].map(copyField)).toEqual(['\\N', '\\N', 't', 'f', '3', '12.500', '2027-01-31']);
  });

  it('escapes backslash, tab, newline and carriage return, so that an explanation is one field of one row', () => {
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField('{"bomId":"B\\\\1"}')).toBe('{"bomId":"B\\\\\\\\1"}');
  });

  it('leaves the text \\N of a product alone: only a field that is null is written as \\N', () => {
    expect(copyField('\\N')).toBe('\\\\N');
  });
});
