import { describe, expect, it } from 'vitest';
import { parseFormBody } from './form-body.js';

describe('parseFormBody', () => {
  it('nests bracketed names and decodes values', () => {
    expect(parseFormBody('email=a%40b.co&utm%5Bsource%5D=google&utm[medium]=cpc&consent[marketing]=on&name=Jan+Nowak')).toEqual({
      email: 'a@b.co',
      utm: { source: 'google', medium: 'cpc' },
      consent: { marketing: 'on' },
      name: 'Jan Nowak',
    });
  });

  it('turns repeated names and [] names into arrays', () => {
    expect(parseFormBody('i=a&i=b&j[]=x&j[]=y&j[]=z')).toEqual({ i: ['a', 'b'], j: ['x', 'y', 'z'] });
  });

  it('ignores prototype-polluting names and keeps malformed brackets as plain names', () => {
    const parsed = parseFormBody('__proto__[admin]=1&constructor[prototype][x]=1&a[b=c&d]=e');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(parsed).toEqual({ 'a[b': 'c', 'd]': 'e' });
  });

  it('bounds nesting depth', () => {
    expect(parseFormBody('a[b][c][d][e]=deep')).toEqual({ 'a[b][c][d][e]': 'deep' });
  });
});
