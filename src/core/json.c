/* json.c - JSON string escaping and object field helpers. */
#include "dkquiz/json.h"

#include <stdint.h>
#include <string.h>

#include "dkquiz/text.h"

void json_add_strn(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, plain = 0;

	buf_grow(out, n + 2);
	buf_addch(out, '"');
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char tmp[8];
		uint32_t cp;
		size_t k;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		/* flush the run of characters that need no escape */
		buf_add(out, s + plain, i - plain);
		if (c < 0x80) {
			switch (c) {
			case '"': esc = "\\\""; break;
			case '\\': esc = "\\\\"; break;
			case '\n': esc = "\\n"; break;
			case '\t': esc = "\\t"; break;
			case '\r': esc = "\\r"; break;
			case '\b': esc = "\\b"; break;
			case '\f': esc = "\\f"; break;
			default:
				tmp[0] = '\\'; tmp[1] = 'u'; tmp[2] = '0'; tmp[3] = '0';
				tmp[4] = hex[c >> 4]; tmp[5] = hex[c & 15]; tmp[6] = '\0';
				esc = tmp;
				break;
			}
			buf_adds(out, esc);
			i++;
		} else {
			k = utf8_next(s + i, n - i, &cp);
			if (cp == 0x2028)
				buf_adds(out, "\\u2028");
			else if (cp == 0x2029)
				buf_adds(out, "\\u2029");
			else if (cp == 0xFFFD && !utf8_valid(s + i, k))
				buf_adds(out, "\xEF\xBF\xBD");
			else
				buf_add(out, s + i, k);
			i += k;
		}
		plain = i;
	}
	buf_add(out, s + plain, n - plain);
	buf_addch(out, '"');
}

void json_add_string(struct buf *out, const char *s)
{
	if (!s)
		buf_adds(out, "null");
	else
		json_add_strn(out, s, strlen(s));
}

void json_add_key(struct buf *out, bool *first, const char *key)
{
	if (!*first)
		buf_addch(out, ',');
	*first = false;
	json_add_string(out, key);
	buf_addch(out, ':');
}

void json_add_field_str(struct buf *out, bool *first, const char *key, const char *val)
{
	json_add_key(out, first, key);
	json_add_string(out, val);
}

void json_add_field_int(struct buf *out, bool *first, const char *key, long long val)
{
	json_add_key(out, first, key);
	buf_addf(out, "%lld", val);
}

void json_add_field_bool(struct buf *out, bool *first, const char *key, bool val)
{
	json_add_key(out, first, key);
	buf_adds(out, val ? "true" : "false");
}
