#include "indicators/utf8.h"

namespace jixiao::utf8 {

char32_t Decode(std::string_view s, std::size_t i, std::size_t* len) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  *len = 1;
  if (c < 0x80) return c;
  int n = 0;
  char32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 3;
    cp = c & 0x07;
  } else {
    return 0xFFFD;
  }
  if (i + n >= s.size()) return 0xFFFD;  // truncated sequence
  for (int k = 1; k <= n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  *len = n + 1;
  return cp;
}

void Append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::size_t Length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0, len = 0; i < s.size(); i += len) {
    Decode(s, i, &len);
    ++n;
  }
  return n;
}

bool Valid(std::string_view s) {
  for (std::size_t i = 0, len = 0; i < s.size(); i += len) {
    const char32_t c = Decode(s, i, &len);
    if (c == 0xFFFD) {
      // U+FFFD itself is valid when written as its three bytes.
      if (len != 3) return false;
    }
  }
  return true;
}

std::size_t Advance(std::string_view s, std::size_t n) {
  std::size_t i = 0, len = 0;
  for (; i < s.size() && n > 0; --n, i += len) Decode(s, i, &len);
  return i;
}

}  // namespace jixiao::utf8
