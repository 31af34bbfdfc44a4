// indicators/utf8.h — small UTF-8 helpers shared by the value grammar and the loaders (internal to
// jixiao; not a general Unicode library). Invalid bytes decode as U+FFFD and advance one byte.
#ifndef JIXIAO_INDICATORS_UTF8_H_
#define JIXIAO_INDICATORS_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace jixiao::utf8 {

// Decodes the code point at s[i]; sets `len` to its byte length (1 for an invalid byte).
char32_t Decode(std::string_view s, std::size_t i, std::size_t* len);

void Append(std::string& out, char32_t cp);

// Number of code points.
std::size_t Length(std::string_view s);

// True when s is well-formed UTF-8.
bool Valid(std::string_view s);

// Byte offset of the code point `n` positions into s (or s.size()).
std::size_t Advance(std::string_view s, std::size_t n);

inline bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

}  // namespace jixiao::utf8

#endif  // JIXIAO_INDICATORS_UTF8_H_
