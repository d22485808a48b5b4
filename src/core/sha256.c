/* sha256.c - SHA-256 (FIPS 180-4), self-contained.
 *
 * Used to notice that an imported file changed and to key the cards without
 * an id; kept here so that the hash does not pull in a crypto library for
 * one function. An import hashes every file and every question, so on x86
 * processors with the SHA extensions the blocks go through them (about six
 * times faster); the portable code is the reference the tests check them
 * against.
 */
#include "dkquiz/text.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

struct sha256 {
	uint32_t h[8];
	uint64_t total;		/* bytes hashed so far */
	unsigned char block[64];
	size_t fill;		/* bytes waiting in block */
};

static const uint32_t k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t st[8], const unsigned char *p)
{
	uint32_t w[64], a, b, cc, d, e, f, g, h;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = st[0]; b = st[1]; cc = st[2]; d = st[3];
	e = st[4]; f = st[5]; g = st[6]; h = st[7];
	for (i = 0; i < 64; i++) {
		uint32_t s1 = ror(e, 6) ^ ror(e, 11) ^ ror(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = h + s1 + ch + k[i] + w[i];
		uint32_t s0 = ror(a, 2) ^ ror(a, 13) ^ ror(a, 22);
		uint32_t maj = (a & b) ^ (a & cc) ^ (b & cc);
		uint32_t t2 = s0 + maj;

		h = g; g = f; f = e; e = d + t1;
		d = cc; cc = b; b = a; a = t1 + t2;
	}
	st[0] += a; st[1] += b; st[2] += cc; st[3] += d;
	st[4] += e; st[5] += f; st[6] += g; st[7] += h;
}

static void blocks_portable(uint32_t st[8], const unsigned char *p, size_t n)
{
	for (; n; n--, p += 64)
		sha256_block(st, p);
}

#ifdef SHA256_X86
/* The same rounds with the SHA-NI instructions: the state is kept as the
 * two vectors the instructions want (ABEF and CDGH), and each group of four
 * rounds takes four message words, scheduled with sha256msg1/msg2 from the
 * four groups before it. */
__attribute__((target("sha,sse4.1")))
static void blocks_shani(uint32_t st[8], const unsigned char *p, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i s0, s1, tmp;

	tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&st[0]), 0xB1); /* CDAB */
	s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&st[4]), 0x1B);  /* EFGH */
	s0 = _mm_alignr_epi8(tmp, s1, 8);                                        /* ABEF */
	s1 = _mm_blend_epi16(s1, tmp, 0xF0);                                     /* CDGH */
	for (; n; n--, p += 64) {
		__m128i abef = s0, cdgh = s1, m[4];

		for (int g = 0; g < 16; g++) {
			__m128i w, x;

			if (g < 4) {
				w = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), bswap);
			} else {
				x = _mm_add_epi32(_mm_sha256msg1_epu32(m[g & 3], m[(g + 1) & 3]),
						  _mm_alignr_epi8(m[(g + 3) & 3], m[(g + 2) & 3], 4));
				w = _mm_sha256msg2_epu32(x, m[(g + 3) & 3]);
			}
			m[g & 3] = w;
			x = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&k[4 * g]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, x);
			s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(x, 0x0E));
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	tmp = _mm_shuffle_epi32(s0, 0x1B);               /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);                /* DCHG */
	s0 = _mm_blend_epi16(tmp, s1, 0xF0);             /* DCBA */
	s1 = _mm_alignr_epi8(s1, tmp, 8);                /* HGFE */
	_mm_storeu_si128((__m128i *)&st[0], s0);
	_mm_storeu_si128((__m128i *)&st[4], s1);
}

static bool cpu_has_shani(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & (1u << 29)))
		return false;
	/* SSSE3 (pshufb) and SSE4.1 (blend) come with every SHA-NI part,
	 * but the instructions are asked for by name: check them too. */
	return __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 9)) && (c & (1u << 19));
}
#endif

typedef void blocks_fn(uint32_t st[8], const unsigned char *p, size_t n);

/* Chosen at the first hash: every thread that races to set it writes the
 * same value. */
static blocks_fn *_Atomic blocks;

static blocks_fn *pick_blocks(void)
{
	blocks_fn *f = blocks;

	if (!f) {
#ifdef SHA256_X86
		f = cpu_has_shani() ? blocks_shani : blocks_portable;
#else
		f = blocks_portable;
#endif
		blocks = f;
	}
	return f;
}

bool sha256_use_hardware(bool on)
{
	blocks = NULL;
	if (!on) {
		blocks = blocks_portable;
		return false;
	}
	return pick_blocks() != blocks_portable;
}

static void sha256_update(struct sha256 *c, const unsigned char *p, size_t n)
{
	if (!n)
		return; /* p may be NULL for empty input */
	c->total += n;
	if (c->fill) {
		size_t take = 64 - c->fill < n ? 64 - c->fill : n;

		memcpy(c->block + c->fill, p, take);
		c->fill += take;
		p += take;
		n -= take;
		if (c->fill < 64)
			return;
		pick_blocks()(c->h, c->block, 1);
		c->fill = 0;
	}
	if (n >= 64) {
		pick_blocks()(c->h, p, n / 64);
		p += n & ~(size_t)63;
		n &= 63;
	}
	memcpy(c->block, p, n);
	c->fill = n;
}

void sha256_hex(const void *data, size_t n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	static const uint32_t init[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	struct sha256 c;
	unsigned char pad[72] = { 0x80 };
	uint64_t bits;
	size_t padlen;
	int i;

	memcpy(c.h, init, sizeof(init));
	c.total = 0;
	c.fill = 0;
	sha256_update(&c, data, n);

	/* 0x80, zeros up to 56 mod 64, then the bit length big-endian. */
	bits = c.total * 8;
	padlen = (c.fill < 56 ? 56 : 120) - c.fill;
	for (i = 0; i < 8; i++)
		pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(&c, pad, padlen + 8);

	for (i = 0; i < 8; i++) {
		int j;

		for (j = 0; j < 4; j++) {
			unsigned char byte = (unsigned char)(c.h[i] >> (24 - 8 * j));

			out[8 * i + 2 * j] = hex[byte >> 4];
			out[8 * i + 2 * j + 1] = hex[byte & 15];
		}
	}
	out[64] = '\0';
}
