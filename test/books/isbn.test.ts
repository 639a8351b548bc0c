// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isValidIsbn10, isValidIsbn13, isbn10To13, normalizeIsbn } from '../../src/modules/books/isbn.ts'

// Reference values: 0-306-40615-2 / 978-0-306-40615-7 (the ISBN Users' Manual example),
// 0-8044-2957-X (an ISBN-10 whose check digit is X), The Hunger Games 0439023483 / 9780439023481.

describe('isValidIsbn10', () => {
  test('accepts correct check digits, X included', () => {
    for (const isbn of ['0439023483', '0306406152', '080442957X', '0316015849']) assert.equal(isValidIsbn10(isbn), true, isbn)
  })

  test('rejects a wrong check digit, a wrong length, X elsewhere than last, separators, lowercase x', () => {
    for (const isbn of ['0439023484', '0306406153', '0804429571', '043902348', '04390234830', 'X439023483', '0-439-02348-3', '080442957x', '']) {
      assert.equal(isValidIsbn10(isbn), false, isbn)
    }
  })
})

describe('isValidIsbn13', () => {
  test('accepts correct check digits with prefix 978 or 979', () => {
    for (const isbn of ['9780439023481', '9780306406157', '9780804429573', '9791090636071']) assert.equal(isValidIsbn13(isbn), true, isbn)
  })

  test('rejects a wrong check digit, a non-book EAN prefix, a wrong length, non-digits', () => {
    for (const isbn of ['9780439023482', '9780306406150', '4006381333931', '978043902348', '97804390234810', '978043902348X', '']) {
      assert.equal(isValidIsbn13(isbn), false, isbn)
    }
  })
})

describe('isbn10To13', () => {
  test('prefixes 978 and recomputes the check digit', () => {
    assert.equal(isbn10To13('0439023483'), '9780439023481')
    assert.equal(isbn10To13('0306406152'), '9780306406157')
    assert.equal(isbn10To13('080442957X'), '9780804429573')
  })

  test('throws RangeError on anything but a valid compact ISBN-10', () => {
    for (const isbn of ['0439023484', '439023483', '0-439-02348-3', '9780439023481']) {
      assert.throws(() => isbn10To13(isbn), RangeError, isbn)
    }
  })
})

describe('normalizeIsbn', () => {
  test('returns the ISBN-13 of a valid ISBN-10 or ISBN-13, ignoring hyphens and spaces', () => {
    assert.equal(normalizeIsbn('0439023483'), '9780439023481')
    assert.equal(normalizeIsbn('0-439-02348-3'), '9780439023481')
    assert.equal(normalizeIsbn('9780439023481'), '9780439023481')
    assert.equal(normalizeIsbn('978-0-439-02348-1'), '9780439023481')
    assert.equal(normalizeIsbn(' 978 0 439 02348 1 '), '9780439023481')
    assert.equal(normalizeIsbn('0-8044-2957-x'), '9780804429573')
    assert.equal(normalizeIsbn('979-10-90636-07-1'), '9791090636071')
  })

  test('returns undefined for a wrong check digit or anything that is not an ISBN', () => {
    for (const input of ['0439023484', '9780439023482', '439023483', '4006381333931', 'ISBN 0439023483', 'abc', '']) {
      assert.equal(normalizeIsbn(input), undefined, input)
    }
  })
})
