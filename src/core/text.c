/* text.c - bytes to clean UTF-8 (encodings, line ends, mojibake repair,
 * control characters), folding for identity and search, similarity.
 *
 * Everything here is pure and locale independent: the same bytes give the
 * same result on every machine, which the identity keys of cards rely on.
 */
#include "dkquiz/text.h"
#include "dkquiz/util.h"

#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 ------------------------------------------------------------ */

size_t utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	size_t len, i;

	if (!n) {
		*cp = 0xFFFD;
		return 0;
	}
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2)
		goto bad; /* stray continuation byte or overlong 2-byte lead */
	if (c < 0xE0) {
		len = 2;
		c &= 0x1F;
	} else if (c < 0xF0) {
		len = 3;
		c &= 0x0F;
	} else if (c < 0xF5) {
		len = 4;
		c &= 0x07;
	} else {
		goto bad;
	}
	if (n < len)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		c = c << 6 | (p[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

size_t utf8_put(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

static void buf_add_cp(struct buf *b, uint32_t cp)
{
	char tmp[4];

	buf_add(b, tmp, utf8_put(cp, tmp));
}

/* Reserve room for n more bytes; buf_grow() alone leaves a fresh buffer
 * without its terminating NUL. */
static void buf_reserve(struct buf *b, size_t n)
{
	buf_grow(b, n);
	b->s[b->len] = '\0';
}

#define HIGH_BITS UINT64_C(0x8080808080808080)

/* True if none of the 8 bytes at p has its high bit set. */
static bool ascii8(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return !(w & HIGH_BITS);
}

bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len;

		if (i + 8 <= n && ascii8(p + i)) {
			i += 8;
			continue;
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_next(s + i, n - i, &cp);
		if (len == 1)
			return false; /* a non-ASCII byte alone is always an error */
		i += len;
	}
	return true;
}

/* ---- single-byte charsets ---------------------------------------------- */

/* Bytes 0x80-0xFF. The five bytes Windows-1252 leaves undefined map to the C1
 * code point of the same value, as Windows itself does, so decoding never
 * loses a byte and mojibake made that way can still be reversed. */
static const uint16_t cp1252_high[128] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
	0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
	0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
	0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
	0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
	0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
	0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7,
	0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
	0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
	0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
	0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
	0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
};

/* Code point -> byte, sorted by code point, for re-encoding suspected
 * mojibake. MacRoman also accepts the older mappings of 0xDB (currency
 * sign) and 0xBD (ohm sign). */
struct cp_byte {
	uint16_t cp;
	uint8_t byte;
};

static const struct cp_byte cp1252_rev[] = {
	{ 0x0081, 0x81 }, { 0x008D, 0x8D }, { 0x008F, 0x8F }, { 0x0090, 0x90 },
	{ 0x009D, 0x9D }, { 0x00A0, 0xA0 }, { 0x00A1, 0xA1 }, { 0x00A2, 0xA2 },
	{ 0x00A3, 0xA3 }, { 0x00A4, 0xA4 }, { 0x00A5, 0xA5 }, { 0x00A6, 0xA6 },
	{ 0x00A7, 0xA7 }, { 0x00A8, 0xA8 }, { 0x00A9, 0xA9 }, { 0x00AA, 0xAA },
	{ 0x00AB, 0xAB }, { 0x00AC, 0xAC }, { 0x00AD, 0xAD }, { 0x00AE, 0xAE },
	{ 0x00AF, 0xAF }, { 0x00B0, 0xB0 }, { 0x00B1, 0xB1 }, { 0x00B2, 0xB2 },
	{ 0x00B3, 0xB3 }, { 0x00B4, 0xB4 }, { 0x00B5, 0xB5 }, { 0x00B6, 0xB6 },
	{ 0x00B7, 0xB7 }, { 0x00B8, 0xB8 }, { 0x00B9, 0xB9 }, { 0x00BA, 0xBA },
	{ 0x00BB, 0xBB }, { 0x00BC, 0xBC }, { 0x00BD, 0xBD }, { 0x00BE, 0xBE },
	{ 0x00BF, 0xBF }, { 0x00C0, 0xC0 }, { 0x00C1, 0xC1 }, { 0x00C2, 0xC2 },
	{ 0x00C3, 0xC3 }, { 0x00C4, 0xC4 }, { 0x00C5, 0xC5 }, { 0x00C6, 0xC6 },
	{ 0x00C7, 0xC7 }, { 0x00C8, 0xC8 }, { 0x00C9, 0xC9 }, { 0x00CA, 0xCA },
	{ 0x00CB, 0xCB }, { 0x00CC, 0xCC }, { 0x00CD, 0xCD }, { 0x00CE, 0xCE },
	{ 0x00CF, 0xCF }, { 0x00D0, 0xD0 }, { 0x00D1, 0xD1 }, { 0x00D2, 0xD2 },
	{ 0x00D3, 0xD3 }, { 0x00D4, 0xD4 }, { 0x00D5, 0xD5 }, { 0x00D6, 0xD6 },
	{ 0x00D7, 0xD7 }, { 0x00D8, 0xD8 }, { 0x00D9, 0xD9 }, { 0x00DA, 0xDA },
	{ 0x00DB, 0xDB }, { 0x00DC, 0xDC }, { 0x00DD, 0xDD }, { 0x00DE, 0xDE },
	{ 0x00DF, 0xDF }, { 0x00E0, 0xE0 }, { 0x00E1, 0xE1 }, { 0x00E2, 0xE2 },
	{ 0x00E3, 0xE3 }, { 0x00E4, 0xE4 }, { 0x00E5, 0xE5 }, { 0x00E6, 0xE6 },
	{ 0x00E7, 0xE7 }, { 0x00E8, 0xE8 }, { 0x00E9, 0xE9 }, { 0x00EA, 0xEA },
	{ 0x00EB, 0xEB }, { 0x00EC, 0xEC }, { 0x00ED, 0xED }, { 0x00EE, 0xEE },
	{ 0x00EF, 0xEF }, { 0x00F0, 0xF0 }, { 0x00F1, 0xF1 }, { 0x00F2, 0xF2 },
	{ 0x00F3, 0xF3 }, { 0x00F4, 0xF4 }, { 0x00F5, 0xF5 }, { 0x00F6, 0xF6 },
	{ 0x00F7, 0xF7 }, { 0x00F8, 0xF8 }, { 0x00F9, 0xF9 }, { 0x00FA, 0xFA },
	{ 0x00FB, 0xFB }, { 0x00FC, 0xFC }, { 0x00FD, 0xFD }, { 0x00FE, 0xFE },
	{ 0x00FF, 0xFF }, { 0x0152, 0x8C }, { 0x0153, 0x9C }, { 0x0160, 0x8A },
	{ 0x0161, 0x9A }, { 0x0178, 0x9F }, { 0x017D, 0x8E }, { 0x017E, 0x9E },
	{ 0x0192, 0x83 }, { 0x02C6, 0x88 }, { 0x02DC, 0x98 }, { 0x2013, 0x96 },
	{ 0x2014, 0x97 }, { 0x2018, 0x91 }, { 0x2019, 0x92 }, { 0x201A, 0x82 },
	{ 0x201C, 0x93 }, { 0x201D, 0x94 }, { 0x201E, 0x84 }, { 0x2020, 0x86 },
	{ 0x2021, 0x87 }, { 0x2022, 0x95 }, { 0x2026, 0x85 }, { 0x2030, 0x89 },
	{ 0x2039, 0x8B }, { 0x203A, 0x9B }, { 0x20AC, 0x80 }, { 0x2122, 0x99 },
};
static const struct cp_byte macroman_rev[] = {
	{ 0x00A0, 0xCA }, { 0x00A1, 0xC1 }, { 0x00A2, 0xA2 }, { 0x00A3, 0xA3 },
	{ 0x00A4, 0xDB }, { 0x00A5, 0xB4 }, { 0x00A7, 0xA4 }, { 0x00A8, 0xAC },
	{ 0x00A9, 0xA9 }, { 0x00AA, 0xBB }, { 0x00AB, 0xC7 }, { 0x00AC, 0xC2 },
	{ 0x00AE, 0xA8 }, { 0x00AF, 0xF8 }, { 0x00B0, 0xA1 }, { 0x00B1, 0xB1 },
	{ 0x00B4, 0xAB }, { 0x00B5, 0xB5 }, { 0x00B6, 0xA6 }, { 0x00B7, 0xE1 },
	{ 0x00B8, 0xFC }, { 0x00BA, 0xBC }, { 0x00BB, 0xC8 }, { 0x00BF, 0xC0 },
	{ 0x00C0, 0xCB }, { 0x00C1, 0xE7 }, { 0x00C2, 0xE5 }, { 0x00C3, 0xCC },
	{ 0x00C4, 0x80 }, { 0x00C5, 0x81 }, { 0x00C6, 0xAE }, { 0x00C7, 0x82 },
	{ 0x00C8, 0xE9 }, { 0x00C9, 0x83 }, { 0x00CA, 0xE6 }, { 0x00CB, 0xE8 },
	{ 0x00CC, 0xED }, { 0x00CD, 0xEA }, { 0x00CE, 0xEB }, { 0x00CF, 0xEC },
	{ 0x00D1, 0x84 }, { 0x00D2, 0xF1 }, { 0x00D3, 0xEE }, { 0x00D4, 0xEF },
	{ 0x00D5, 0xCD }, { 0x00D6, 0x85 }, { 0x00D8, 0xAF }, { 0x00D9, 0xF4 },
	{ 0x00DA, 0xF2 }, { 0x00DB, 0xF3 }, { 0x00DC, 0x86 }, { 0x00DF, 0xA7 },
	{ 0x00E0, 0x88 }, { 0x00E1, 0x87 }, { 0x00E2, 0x89 }, { 0x00E3, 0x8B },
	{ 0x00E4, 0x8A }, { 0x00E5, 0x8C }, { 0x00E6, 0xBE }, { 0x00E7, 0x8D },
	{ 0x00E8, 0x8F }, { 0x00E9, 0x8E }, { 0x00EA, 0x90 }, { 0x00EB, 0x91 },
	{ 0x00EC, 0x93 }, { 0x00ED, 0x92 }, { 0x00EE, 0x94 }, { 0x00EF, 0x95 },
	{ 0x00F1, 0x96 }, { 0x00F2, 0x98 }, { 0x00F3, 0x97 }, { 0x00F4, 0x99 },
	{ 0x00F5, 0x9B }, { 0x00F6, 0x9A }, { 0x00F7, 0xD6 }, { 0x00F8, 0xBF },
	{ 0x00F9, 0x9D }, { 0x00FA, 0x9C }, { 0x00FB, 0x9E }, { 0x00FC, 0x9F },
	{ 0x00FF, 0xD8 }, { 0x0131, 0xF5 }, { 0x0152, 0xCE }, { 0x0153, 0xCF },
	{ 0x0178, 0xD9 }, { 0x0192, 0xC4 }, { 0x02C6, 0xF6 }, { 0x02C7, 0xFF },
	{ 0x02D8, 0xF9 }, { 0x02D9, 0xFA }, { 0x02DA, 0xFB }, { 0x02DB, 0xFE },
	{ 0x02DC, 0xF7 }, { 0x02DD, 0xFD }, { 0x03A9, 0xBD }, { 0x03C0, 0xB9 },
	{ 0x2013, 0xD0 }, { 0x2014, 0xD1 }, { 0x2018, 0xD4 }, { 0x2019, 0xD5 },
	{ 0x201A, 0xE2 }, { 0x201C, 0xD2 }, { 0x201D, 0xD3 }, { 0x201E, 0xE3 },
	{ 0x2020, 0xA0 }, { 0x2021, 0xE0 }, { 0x2022, 0xA5 }, { 0x2026, 0xC9 },
	{ 0x2030, 0xE4 }, { 0x2039, 0xDC }, { 0x203A, 0xDD }, { 0x2044, 0xDA },
	{ 0x20AC, 0xDB }, { 0x2122, 0xAA }, { 0x2126, 0xBD }, { 0x2202, 0xB6 },
	{ 0x2206, 0xC6 }, { 0x220F, 0xB8 }, { 0x2211, 0xB7 }, { 0x221A, 0xC3 },
	{ 0x221E, 0xB0 }, { 0x222B, 0xBA }, { 0x2248, 0xC5 }, { 0x2260, 0xAD },
	{ 0x2264, 0xB2 }, { 0x2265, 0xB3 }, { 0x25CA, 0xD7 }, { 0xF8FF, 0xF0 },
	{ 0xFB01, 0xDE }, { 0xFB02, 0xDF },
};

enum charset { CS_CP1252, CS_MACROMAN };

/* The byte that `cs` encodes cp as, or -1 if it has none (ASCII excluded). */
static int charset_byte(enum charset cs, uint32_t cp)
{
	const struct cp_byte *t = cs == CS_CP1252 ? cp1252_rev : macroman_rev;
	size_t lo = 0, hi = cs == CS_CP1252 ? ARRAY_SIZE(cp1252_rev) : ARRAY_SIZE(macroman_rev);

	if (cs == CS_CP1252 && cp >= 0xA0 && cp <= 0xFF)
		return (int)cp; /* the Latin-1 half is the identity */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid].cp < cp)
			lo = mid + 1;
		else if (t[mid].cp > cp)
			hi = mid;
		else
			return t[mid].byte;
	}
	return -1;
}

static char *cp1252_to_utf8(const char *s, size_t n, size_t *len)
{
	struct buf b = BUF_INIT;
	size_t i, start = 0;

	buf_reserve(&b, n + n / 4 + 16);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80)
			continue;
		buf_add(&b, s + start, i - start);
		buf_add_cp(&b, cp1252_high[c - 0x80]);
		start = i + 1;
	}
	buf_add(&b, s + start, n - start);
	*len = b.len;
	return buf_detach(&b);
}

/* UTF-16 with a byte order mark (what some Windows editors call "Unicode").
 * Unpaired surrogates and an odd last byte become U+FFFD; a U+0000 sets
 * *nul so that the caller treats the file as binary. */
static char *utf16_to_utf8(const unsigned char *p, size_t n, bool le, size_t *len, bool *nul)
{
	struct buf b = BUF_INIT;
	size_t i;

	*nul = false;
	buf_reserve(&b, n + 16);
	for (i = 0; i + 1 < n; i += 2) {
		uint32_t u = le ? (uint32_t)(p[i] | p[i + 1] << 8) : (uint32_t)(p[i] << 8 | p[i + 1]);

		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
			uint32_t lo = le ? (uint32_t)(p[i + 2] | p[i + 3] << 8)
					 : (uint32_t)(p[i + 2] << 8 | p[i + 3]);

			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		if (!u)
			*nul = true;
		buf_add_cp(&b, u); /* a lone surrogate comes out as U+FFFD */
	}
	if (n & 1)
		buf_add_cp(&b, 0xFFFD);
	*len = b.len;
	return buf_detach(&b);
}

/* ---- scanning ---------------------------------------------------------- */

struct scan {
	bool nul;       /* a NUL byte: binary */
	bool valid;     /* valid UTF-8 */
	bool cr;        /* a CR: line ends to convert */
	bool ctrl;      /* a control character (C0 but tab and LF, DEL, C1) */
	bool cand;      /* two adjacent non-ASCII characters: maybe mojibake */
	size_t nctrl;   /* control bytes that text files do not contain */
	size_t bad_at;  /* offset of the first invalid UTF-8 byte */
};

/* One pass over the input. Runs of eight printable ASCII bytes are skipped a
 * word at a time, which keeps clean files at memory speed. Mojibake needs
 * two adjacent non-ASCII characters (a lead and a continuation byte at
 * least), so an input without them skips the repair entirely. */
static void scan(const char *s, size_t n, struct scan *sc)
{
	const unsigned char *p = (const unsigned char *)s;
	bool prev_high = false;
	size_t i = 0;

	memset(sc, 0, sizeof(*sc));
	sc->valid = true;
	while (i < n) {
		unsigned char c;
		uint32_t cp;
		size_t len;

		if (i + 8 <= n) {
			uint64_t w, x;

			memcpy(&w, p + i, 8);
			x = w ^ UINT64_C(0x7F7F7F7F7F7F7F7F);
			/* high bit, a byte below 0x20, or a DEL: look closer */
			if (!((w & HIGH_BITS) |
			      ((w - UINT64_C(0x2020202020202020)) & ~w & HIGH_BITS) |
			      ((x - UINT64_C(0x0101010101010101)) & ~x & HIGH_BITS))) {
				i += 8;
				prev_high = false;
				continue;
			}
		}
		c = p[i];
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7F) {
				if (c == 0)
					sc->nul = true;
				if (c == '\r') {
					sc->cr = true;
				} else if (c != '\n' && c != '\t') {
					sc->ctrl = true;
					/* FF, VT and ESC do appear in text files */
					if (c != '\f' && c != '\v' && c != 0x1B)
						sc->nctrl++;
				}
			}
			prev_high = false;
			i++;
			continue;
		}
		len = utf8_next(s + i, n - i, &cp);
		if (len == 1 && sc->valid) {
			sc->valid = false;
			sc->bad_at = i;
		}
		if (prev_high)
			sc->cand = true;
		if (cp >= 0x80 && cp < 0xA0)
			sc->ctrl = true;
		prev_high = true;
		i += len;
	}
}

/* ---- mojibake repair --------------------------------------------------- */

enum plaus { P_REJECT, P_WEAK, P_STRONG };

/* How believable cp is as the original of a mojibake sequence of len bytes.
 * Two-byte results outside Latin-1/Latin Extended-A (IPA, Greek, combining
 * marks ...) are the ones genuine text produces by accident ("Ç’" would give
 * U+01D2), so alone they are not evidence enough. */
static enum plaus plausible(uint32_t cp, size_t len)
{
	if (len == 2) {
		if (cp < 0xA0)
			return P_REJECT; /* C1 controls */
		return cp <= 0x17F ? P_STRONG : P_WEAK;
	}
	if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000 ||
	    (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
		return P_REJECT; /* private use and noncharacters */
	if (cp == 0xFEFF)
		return P_REJECT; /* "ï»¿" in a text is a BOM quoted, not a letter */
	return P_STRONG;
}

/* Characters a formula puts side by side ("√π", "≈∞"). A run made of
 * these alone re-encodes to a letter now and then (√π is MacRoman for ù) but
 * is more likely mathematics, so it only counts as weak evidence. */
static bool math_symbol(uint32_t cp)
{
	static const uint16_t sym[] = {
		0x00AC, 0x00B0, 0x00B1, 0x00B5, 0x00D7, 0x00F7, 0x0192, 0x03A9,
		0x03C0, 0x2126, 0x2202, 0x2206, 0x220F, 0x2211, 0x221A, 0x221E,
		0x222B, 0x2248, 0x2260, 0x2264, 0x2265, 0x25CA,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sym); i++)
		if (sym[i] == cp)
			return true;
	return false;
}

#define MAX_RUN 256

/* What re-encoding a line to one charset would give. */
struct verdict {
	bool ok;	/* every run re-encodes and decodes to plausible text */
	int strong;	/* runs that are convincing on their own */
	int weak;	/* runs that decode but could be genuine */
	int big;	/* strong runs that give a character of 3 or 4 bytes */
};

/* Re-encode every run of non-ASCII characters of the line s (n bytes, valid
 * UTF-8) to charset cs and decode the bytes as UTF-8. The line can only be
 * mojibake if every run maps into the charset and decodes completely to
 * plausible characters: genuine text almost always has a lone accented
 * letter, a character outside the charset, or a symbol next to ASCII, any of
 * which disqualifies it. A run is strong evidence when it gives a three- or
 * four-byte sequence, two sequences, or a Latin letter from characters that
 * are not all mathematical symbols. With dst, appends the re-encoded line. */
static void try_charset(const char *s, size_t n, enum charset cs, struct verdict *v,
			struct buf *dst)
{
	unsigned char run[MAX_RUN];
	size_t i = 0;

	memset(v, 0, sizeof(*v));
	while (i < n) {
		size_t k = 0, j = 0, seqs = 0;
		bool strong = false, math = true, big = false;

		if ((unsigned char)s[i] < 0x80) {
			size_t start = i;

			while (i < n && (unsigned char)s[i] < 0x80)
				i++;
			if (dst)
				buf_add(dst, s + start, i - start);
			continue;
		}
		while (i < n && (unsigned char)s[i] >= 0x80) {
			uint32_t cp;
			size_t len = utf8_next(s + i, n - i, &cp);
			int b = charset_byte(cs, cp);

			if (b < 0 || k == MAX_RUN)
				return;
			math = math && math_symbol(cp);
			run[k++] = (unsigned char)b;
			i += len;
		}
		while (j < k) {
			uint32_t cp;
			size_t len = utf8_next((const char *)run + j, k - j, &cp);
			enum plaus pl;

			if (len == 1)
				return; /* not UTF-8 once re-encoded */
			pl = plausible(cp, len);
			if (pl == P_REJECT)
				return;
			if (pl == P_STRONG)
				strong = true;
			big = big || len >= 3;
			/* "ÃƒÂ©": one run that gives several characters */
			big = big || seqs >= 1;
			seqs++;
			j += len;
		}
		if ((strong || seqs >= 2) && !math) {
			v->strong++;
			v->big += big;
		} else {
			v->weak++;
		}
		if (dst)
			buf_add(dst, run, k);
	}
	v->ok = true;
}

/* Only a line with two adjacent non-ASCII characters can hold mojibake. */
static bool mojibake_candidate(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 1; i < n; i++) {
		if (i + 8 <= n && ascii8(p + i)) {
			i += 7; /* the loop's i++ makes it 8 */
			continue;
		}
		if (p[i] >= 0xC0 && p[i - 1] >= 0x80)
			return true;
	}
	return false;
}

/* Lines of the document that are convincing mojibake in each charset: a
 * line with only weak evidence is repaired when the rest of its document
 * shows the same damage. Counted on first need, which most documents never
 * have. */
struct moji_context {
	const char *doc;
	size_t len;
	bool counted;
	int strong_lines[2];
	int runs[2], strong_runs[2], big_runs[2];  /* in lines that re-encode */
};

static void moji_survey(struct moji_context *ctx);

/* Which charset the line s is mojibake of, or -1. */
static int pick_charset(const char *s, size_t n, struct moji_context *ctx)
{
	struct verdict v[2];
	int cs, best = -1;

	for (cs = 0; cs < 2; cs++) {
		try_charset(s, n, (enum charset)cs, &v[cs], NULL);
		if (!v[cs].ok || (!v[cs].strong && !v[cs].weak))
			continue;
		if (!v[cs].strong) {
			if (!ctx)
				continue;
			if (!ctx->counted)
				moji_survey(ctx);
			if (!ctx->strong_lines[cs])
				continue;
		}
		/* Windows-1252 wins ties: it is the commoner accident */
		if (best < 0 || v[cs].strong > v[best].strong)
			best = cs;
	}
	return best;
}

/* Repair the line s (n bytes) into *out if it is mojibake; returns true
 * when it did. Text mangled twice is unwound by repeating the test on the
 * result, a bounded number of times. */
static bool repair_line(const char *s, size_t n, struct moji_context *ctx,
			struct buf *out, struct buf *tmp)
{
	bool repaired = false;
	int pass;

	for (pass = 0; pass < 3 && mojibake_candidate(s, n); pass++) {
		struct verdict v;
		int cs = pick_charset(s, n, ctx);

		if (cs < 0)
			break;
		/* via tmp, since s may be out's own text from the previous pass */
		buf_reset(tmp);
		try_charset(s, n, (enum charset)cs, &v, tmp);
		buf_reset(out);
		buf_add(out, tmp->s, tmp->len);
		s = out->s;
		n = out->len;
		repaired = true;
	}
	return repaired;
}

/* Count the lines that are mojibake on their own evidence, per charset. */
static void moji_survey(struct moji_context *ctx)
{
	const char *s = ctx->doc;
	size_t i = 0, n = ctx->len;

	ctx->counted = true;
	while (i < n) {
		size_t j = i;

		while (j < n && s[j] != '\n' && s[j] != '\r')
			j++;
		if (mojibake_candidate(s + i, j - i)) {
			int cs = pick_charset(s + i, j - i, NULL);

			if (cs >= 0)
				ctx->strong_lines[cs]++;
			for (cs = 0; cs < 2; cs++) {
				struct verdict v;

				try_charset(s + i, j - i, (enum charset)cs, &v, NULL);
				if (!v.ok)
					continue;
				ctx->runs[cs] += v.strong + v.weak;
				ctx->strong_runs[cs] += v.strong;
				ctx->big_runs[cs] += v.big;
			}
		}
		i = j + 1;
	}
}

/* Does the input show enough damage to repair any of it? A run that gives
 * a character of three bytes or several characters ("â€™", "ÃƒÂ©"), or a
 * convincing run and another one. A lone "Ã‰" is as likely a text about
 * mojibake as mojibake. */
static bool moji_evidence(struct moji_context *ctx)
{
	if (!ctx->counted)
		moji_survey(ctx);
	for (int cs = 0; cs < 2; cs++)
		if (ctx->big_runs[cs] >= 1 || (ctx->strong_runs[cs] >= 1 && ctx->runs[cs] >= 2))
			return true;
	return false;
}

/* ---- control characters ------------------------------------------------ */

/* Append s (n bytes, valid UTF-8) to out with controls made visible. */
static void sanitize_into(struct buf *out, const char *s, size_t n, int *count)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0;

	while (i < n) {
		unsigned char c = p[i];
		uint32_t ph;

		if ((c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || (c >= 0x80 && c != 0xC2)) {
			i++;
			continue;
		}
		if (c == 0xC2) {
			/* U+0080-U+009F are C2 80 .. C2 9F */
			if (i + 1 >= n || p[i + 1] >= 0xA0 || p[i + 1] < 0x80) {
				i++;
				continue;
			}
			buf_add(out, s + start, i - start);
			buf_add_cp(out, 0xFFFD);
			i += 2;
		} else {
			ph = c == 0x7F ? 0x2421 : 0x2400 + c;
			buf_add(out, s + start, i - start);
			buf_add_cp(out, ph);
			i++;
		}
		start = i;
		(*count)++;
	}
	buf_add(out, s + start, n - start);
}

char *text_sanitize(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	int count = 0;
	size_t i = 0;

	buf_reserve(&b, n + 16);
	if (utf8_valid(s, n)) {
		sanitize_into(&b, s, n, &count);
		return buf_detach(&b);
	}
	/* invalid bytes become U+FFFD so the result is always valid UTF-8 */
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_next(s + i, n - i, &cp);

		if (len == 1 && (unsigned char)s[i] >= 0x80)
			buf_add_cp(&b, 0xFFFD);
		else
			sanitize_into(&b, s + i, len, &count);
		i += len;
	}
	return buf_detach(&b);
}

/* ---- decoding ---------------------------------------------------------- */

/* The end of the line starting at i: the next LF, or CR when there are any. */
static size_t line_end(const char *s, size_t i, size_t n, bool cr)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!cr) {
		const char *nl = memchr(s + i, '\n', n - i);

		return nl ? (size_t)(nl - s) : n;
	}
	while (i < n) {
		if (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, p + i, 8);
			/* no byte below 0x0E: neither LF nor CR among these eight */
			if (!((w - UINT64_C(0x0E0E0E0E0E0E0E0E)) & ~w & HIGH_BITS)) {
				i += 8;
				continue;
			}
		}
		if (p[i] == '\n' || p[i] == '\r')
			return i;
		i++;
	}
	return n;
}

/* The line (1-based) of byte `off`: LF, CRLF and a lone CR end lines. */
static int line_of(const char *s, size_t off)
{
	int ln = 1;

	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n')))
			ln++;
	return ln;
}

/* Line by line: line ends to LF, mojibake repaired, controls replaced.
 * Lines that need none of it are copied in spans, not one by one. */
static void normalise(const char *s, size_t n, const struct scan *sc, struct text_decoded *r)
{
	struct buf out = BUF_INIT, fix = BUF_INIT, tmp = BUF_INIT;
	struct moji_context ctx = { s, n, false, { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } };
	size_t i = 0, span = 0; /* s[span..i) is waiting to be copied as is */
	bool moji = sc->cand && moji_evidence(&ctx);
	int ln = 0;

	buf_reserve(&out, n + n / 16 + 16);
	while (i < n) {
		size_t j = line_end(s, i, n, sc->cr);
		const char *line = s + i;
		size_t len = j - i;
		bool fixed = false;
		int ctrl = r->control_chars;

		ln++;
		if (moji && mojibake_candidate(line, len) &&
		    repair_line(line, len, &ctx, &fix, &tmp)) {
			r->mojibake_lines++;
			if (!r->first_mojibake_line)
				r->first_mojibake_line = ln;
			line = fix.s;
			len = fix.len;
			fixed = true;
		}
		if (!fixed && !sc->ctrl && (j >= n || s[j] == '\n')) {
			i = j < n ? j + 1 : n;
			continue; /* unchanged, line end included */
		}
		buf_add(&out, s + span, i - span);
		if (sc->ctrl)
			sanitize_into(&out, line, len, &r->control_chars);
		else
			buf_add(&out, line, len);
		if (r->control_chars > ctrl && !r->first_control_line)
			r->first_control_line = ln;
		if (j < n) {
			if (s[j] == '\r') {
				r->had_crlf = true;
				if (j + 1 < n && s[j + 1] == '\n')
					j++;
			}
			buf_addch(&out, '\n');
			j++;
		}
		i = span = j;
	}
	buf_add(&out, s + span, n - span);
	buf_release(&fix);
	buf_release(&tmp);
	r->len = out.len;
	r->text = buf_detach(&out);
}

int text_decode(const char *bytes, size_t n, struct text_decoded *out)
{
	const unsigned char *p = (const unsigned char *)bytes;
	struct text_decoded r;
	struct scan sc;
	const char *src = bytes;
	char *conv = NULL;
	size_t len = n;

	memset(&r, 0, sizeof(r));
	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
		bool nul;

		conv = utf16_to_utf8(p + 2, n - 2, p[0] == 0xFF, &len, &nul);
		if (nul) {
			free(conv);
			return TEXT_DECODE_BINARY;
		}
		src = conv;
		r.had_bom = true;
	} else if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		src += 3;
		len -= 3;
		r.had_bom = true;
	}

	scan(src, len, &sc);
	/* One control byte in ten is no text file, whatever its encoding. */
	if (sc.nul || sc.nctrl * 10 > len) {
		free(conv);
		return TEXT_DECODE_BINARY;
	}
	if (!sc.valid) {
		char *c2;

		r.first_cp1252_line = line_of(src, sc.bad_at);
		c2 = cp1252_to_utf8(src, len, &len);

		free(conv);
		src = conv = c2;
		r.was_cp1252 = true;
		scan(src, len, &sc);
	}

	if (sc.cr || sc.ctrl || sc.cand) {
		normalise(src, len, &sc, &r);
	} else {
		r.text = xstrndup(src, len);
		r.len = len;
	}
	free(conv);
	*out = r;
	return TEXT_DECODE_OK;
}

/* ---- width ------------------------------------------------------------- */

size_t text_width(const char *s, size_t n)
{
	size_t i = 0, w = 0;

	while (i < n) {
		uint32_t cp;

		if ((unsigned char)s[i] < 0x80) {
			w++;
			i++;
			continue;
		}
		i += utf8_next(s + i, n - i, &cp);
		w += (size_t)cp_width(cp);
	}
	return w;
}

size_t text_fit(const char *s, size_t n, size_t cols, size_t *used)
{
	size_t i = 0, w = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_next(s + i, n - i, &cp);
		size_t cw = (size_t)cp_width(cp);

		/* combining marks after the last character that fits stay with it */
		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	if (used)
		*used = w;
	return i;
}

/* ---- folding ----------------------------------------------------------- */

/* U+00C0-U+017F folded to ASCII; NULL for the two signs (× ÷) in the range. */
static const char *const fold_latin[] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",
	"i", "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y",
	"th", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i",
	"i", "i", "i", "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u",
	"u", "y", "th", "y", "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c",
	"c", "c", "c", "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e",
	"e", "e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h", "h", "h", "i",
	"i", "i", "i", "i", "i", "i", "i", "i", "i", "ij", "ij", "j", "j", "k", "k",
	"k", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "n", "n", "n", "n",
	"n", "n", "n", "n", "n", "o", "o", "o", "o", "o", "o", "oe", "oe", "r", "r",
	"r", "r", "r", "r", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t",
	"t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u",
	"w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

enum { F_SEP = -1, F_DROP = -2 };

/* What one code point folds to: F_SEP (a word separator), F_DROP
 * (nothing), or a code point to append; *str receives a string instead for
 * letters that fold to ASCII. */
static int32_t fold_cp(uint32_t cp, const char **str)
{
	*str = NULL;
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return (int32_t)(cp + 32);
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			return (int32_t)cp;
		return F_SEP;
	}
	if (cp >= 0xC0 && cp <= 0x17F) {
		*str = fold_latin[cp - 0xC0];
		return *str ? 0 : F_SEP;
	}
	if (cp < 0xC0) {
		switch (cp) {
		case 0xAD:
			return F_DROP; /* soft hyphen */
		case 0xB2:
			return '2';
		case 0xB3:
			return '3';
		case 0xB9:
			return '1';
		case 0xB5:
			return 0x3BC; /* micro sign as Greek mu */
		default:
			return F_SEP;
		}
	}
	if (cp >= 0x300 && cp <= 0x36F)
		return F_DROP; /* combining accents of decomposed text */
	if ((cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x410 && cp <= 0x42F))
		return (int32_t)(cp + 0x20);
	if (cp >= 0x400 && cp <= 0x40F)
		return (int32_t)(cp + 0x50);
	if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
	    (cp >= 0xFE00 && cp <= 0xFE0F))
		return F_DROP; /* invisible joiners and emoji selectors */
	if (cp >= 0xFB00 && cp <= 0xFB06) {
		static const char *const lig[] = { "ff", "fi", "fl", "ffi", "ffl", "st", "st" };

		*str = lig[cp - 0xFB00];
		return 0;
	}
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return fold_cp(cp - 0xFEE0, str); /* fullwidth ASCII */
	/* punctuation, spaces, arrows, pictographs: decoration, not words;
	 * mathematical operators (U+2200-U+22FF) are kept since they carry
	 * meaning ("≤" against "≥"). */
	if ((cp >= 0x2000 && cp <= 0x21FF) || (cp >= 0x2300 && cp <= 0x2BFF) ||
	    (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
	    cp == 0xFFFD || cp == 0x2E3A || cp == 0x2E3B)
		return F_SEP;
	return (int32_t)cp;
}

char *text_fold(const char *s)
{
	struct buf b = BUF_INIT;
	size_t i = 0, n = strlen(s);
	bool space = false;

	buf_reserve(&b, n + 1);
	while (i < n) {
		uint32_t cp;
		const char *str;
		int32_t f;

		i += utf8_next(s + i, n - i, &cp);
		f = fold_cp(cp, &str);
		if (f == F_DROP)
			continue;
		if (f == F_SEP) {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addch(&b, ' ');
		space = false;
		if (str)
			buf_adds(&b, str);
		else
			buf_add_cp(&b, (uint32_t)f);
	}
	return buf_detach(&b);
}

/* ---- similarity -------------------------------------------------------- */

/* Strings longer than this (in characters, both of them) are compared word
 * by word: cheaper, and one reworded word then weighs as one edit. */
#define SIM_CHAR_LIMIT 200

static size_t to_chars(const char *s, uint64_t **out)
{
	size_t n = strlen(s), i = 0, k = 0;
	uint64_t *v = xmalloc((n + 1) * sizeof(*v));

	while (i < n) {
		uint32_t cp;

		i += utf8_next(s + i, n - i, &cp);
		v[k++] = cp;
	}
	*out = v;
	return k;
}

/* Words as 64-bit FNV-1a hashes; a collision would need 2^32 words. */
static size_t to_words(const char *s, uint64_t **out)
{
	size_t n = strlen(s), k = 0, i = 0;
	uint64_t *v = xmalloc((n / 2 + 2) * sizeof(*v));

	while (i < n) {
		uint64_t h = UINT64_C(1469598103934665603);

		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		while (i < n && s[i] != ' ') {
			h ^= (unsigned char)s[i++];
			h *= UINT64_C(1099511628211);
		}
		v[k++] = h;
	}
	*out = v;
	return k;
}

static size_t levenshtein(const uint64_t *a, size_t n, const uint64_t *b, size_t m)
{
	size_t *row = xmalloc((m + 1) * sizeof(*row));
	size_t i, j, d;

	for (j = 0; j <= m; j++)
		row[j] = j;
	for (i = 1; i <= n; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[m];
	free(row);
	return d;
}

double text_similarity(const char *a, const char *b)
{
	char *fa = text_fold(a), *fb = text_fold(b);
	uint64_t *va, *vb;
	size_t na, nb, longer;
	double sim;

	na = to_chars(fa, &va);
	nb = to_chars(fb, &vb);
	if (na > SIM_CHAR_LIMIT && nb > SIM_CHAR_LIMIT) {
		free(va);
		free(vb);
		na = to_words(fa, &va);
		nb = to_words(fb, &vb);
	}
	longer = na > nb ? na : nb;
	sim = longer ? 1.0 - (double)levenshtein(va, na, vb, nb) / (double)longer : 1.0;
	free(va);
	free(vb);
	free(fa);
	free(fb);
	return sim;
}

/* ---- misc -------------------------------------------------------------- */

char *text_trim(char *s)
{
	size_t start = 0, end = strlen(s);

	while (start < end && strchr(" \t\n\r\f\v", s[start]))
		start++;
	while (end > start && strchr(" \t\n\r\f\v", s[end - 1]))
		end--;
	memmove(s, s + start, end - start);
	s[end - start] = '\0';
	return s;
}
